/** @file Tests for QueryBuilder: terms, synonyms for compounds, filters, rating boost. */
#include "antwort/searchd/query_builder.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

QueryBuilder make_builder() {
    auto builder = QueryBuilder::create(Schema::default_schema());
    EXPECT_TRUE(builder.ok());
    return std::move(builder).value();
}

TEST(QueryBuilderTest, StemsCapitalisedNouns) {
    // The reason QueryParser is not used: "Häuser" must meet "Haus".
    auto b = make_builder();
    EXPECT_EQ(b.term_groups("Häuser"), b.term_groups("haus"));
    EXPECT_EQ(b.term_groups("Häuser").size(), 1u);
}

TEST(QueryBuilderTest, DropsRepeatedWords) {
    auto b = make_builder();
    EXPECT_EQ(b.term_groups("Haus Häuser HAUS").size(), 1u);
    EXPECT_EQ(b.term_groups("Haus Garten").size(), 2u);
}

TEST(QueryBuilderTest, HyphenatedCompoundWholeFormComesFirst) {
    auto b = make_builder();
    auto groups = b.term_groups("E-Mail-Adresse");
    ASSERT_EQ(groups.size(), 3u); // {emailadress, e}, {mail}, {adress}
    ASSERT_EQ(groups[0].size(), 2u);
    EXPECT_EQ(groups[0][0], "emailadress");
    const std::string desc = QueryBuilder::text_query(groups).get_description();
    EXPECT_NE(desc.find("emailadress OR 0.5 * e"), std::string::npos) << desc;
}

TEST(QueryBuilderTest, CompoundPartsWeighLessThanTheWholeWord) {
    auto b = make_builder();
    auto groups = b.term_groups("Benutzerkonto");
    ASSERT_EQ(groups.size(), 1u);
    ASSERT_EQ(groups[0].size(), 3u);
    EXPECT_EQ(groups[0][0], "benutzerkonto");
    const std::string desc = QueryBuilder::text_query(groups).get_description();
    EXPECT_NE(desc.find("benutzerkonto OR 0.5 * (benutz OR konto)"), std::string::npos) << desc;
}

TEST(QueryBuilderTest, StopWordsJoinWithLowWeight) {
    auto b = make_builder();
    auto groups = b.term_groups("Wie lösche ich mein Konto");
    ASSERT_EQ(groups.size(), 2u) << "only 'lösche' and 'Konto' are content words";
    EXPECT_EQ(b.stop_terms("Wie lösche ich mein Konto"),
              (std::vector<std::string>{"wie", "ich", "mein"}));
    SearchRequest request;
    request.q = "Wie lösche ich mein Konto";
    auto built = b.build(request, 0);
    ASSERT_TRUE(built.ok());
    const std::string desc = built->query.get_description();
    EXPECT_NE(desc.find("(losch OR konto) OR 0.2"), std::string::npos) << desc;
    EXPECT_NE(desc.find(" * (wie OR ich OR mein)"), std::string::npos) << desc;
}

TEST(QueryBuilderTest, PunctuationOnlyQueryIsRefused) {
    auto b = make_builder();
    SearchRequest request;
    request.q = "?! -- ...";
    auto built = b.build(request, 1.0);
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(built.error().message, "query has no searchable words");
}

TEST(QueryBuilderTest, FiltersUseFoldedBooleanTerms) {
    auto b = make_builder();
    SearchRequest request;
    request.q = "Drucker";
    request.types = {"FAQ", "forum"};
    request.categories = {"Straße"};
    auto built = b.build(request, 0.0);
    ASSERT_TRUE(built.ok());
    const std::string desc = built->query.get_description();
    EXPECT_NE(desc.find("FILTER"), std::string::npos) << desc;
    EXPECT_NE(desc.find("XTYPEfaq"), std::string::npos) << desc;
    EXPECT_NE(desc.find("XTYPEforum"), std::string::npos) << desc;
    EXPECT_NE(desc.find("XCATstrasse"), std::string::npos) << desc;
    EXPECT_EQ(desc.find("PostingSource"), std::string::npos) << "rating weight 0: " << desc;
}

TEST(QueryBuilderTest, EmptyTextWithFilterListsAllFiltered) {
    auto b = make_builder();
    SearchRequest request;
    request.tags = {"debian"};
    auto built = b.build(request, 1.0);
    ASSERT_TRUE(built.ok());
    EXPECT_TRUE(built->terms.empty());
    const std::string desc = built->query.get_description();
    EXPECT_NE(desc.find("Kdebian"), std::string::npos) << desc;
}

TEST(QueryBuilderTest, RatingBoostIsAndMaybe) {
    auto b = make_builder();
    SearchRequest request;
    request.q = "Passwort vergessen";
    auto built = b.build(request, 2.5);
    ASSERT_TRUE(built.ok());
    const std::string desc = built->query.get_description();
    EXPECT_NE(desc.find("AND_MAYBE"), std::string::npos) << desc;
    EXPECT_NE(desc.find("2.5 * "), std::string::npos) << desc;
    // passwort, its parts pass + wort, and vergess
    EXPECT_EQ(built->terms.size(), 4u);
}

/** The description of the part named @p name of the query for @p q, or "" without it. */
std::string part_description(const QueryBuilder& b, const std::string& q, const std::string& name) {
    SearchRequest request;
    request.q = q;
    auto built = b.build(request, 0);
    EXPECT_TRUE(built.ok());
    if (built.ok()) {
        for (const auto& part : built->parts) {
            if (part.name == name) {
                return part.query.get_description();
            }
        }
    }
    return "";
}

TEST(QueryBuilderTest, ContentWordsAgainInTheTitle) {
    auto b = make_builder();
    // Content words only, with the title field's prefix, at the title weight.
    const std::string desc = part_description(b, "Wie ändere ich die Seitenränder", "title");
    EXPECT_NE(desc.find("0.29999"), std::string::npos) << desc; // 0.3 as printed
    EXPECT_NE(desc.find(" * (Sand OR Sseitenrand)"), std::string::npos) << desc;
    EXPECT_EQ(desc.find("Swie"), std::string::npos) << desc;
}

TEST(QueryBuilderTest, DerivedFormsJoinAtLowWeight) {
    auto b = make_builder();
    // "Kontolöschung" -> "kontolöschen": its new part "losch" (stem of
    // "löschen"); "konto" is already a part of the word itself.
    std::string desc = part_description(b, "Kontolöschung", "derived_forms");
    EXPECT_NE(desc.find("0.2000"), std::string::npos) << desc;
    EXPECT_NE(desc.find(" * losch"), std::string::npos) << desc;
    EXPECT_EQ(desc.find("konto"), std::string::npos) << desc;
    desc = part_description(b, "Änderung Speicherung", "derived_forms");
    EXPECT_NE(desc.find("and"), std::string::npos) << desc;    // ändern
    EXPECT_NE(desc.find("speich"), std::string::npos) << desc; // speichern
    // Nothing to derive: no part.
    EXPECT_EQ(part_description(b, "Drucker Konto", "derived_forms"), "");
}

} // namespace
} // namespace antwort::searchd
