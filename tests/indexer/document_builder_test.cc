/** @file DocumentBuilder: the term, position, value and data layout searchd relies on. */
#include "antwort/indexer/document_builder.h"

#include "antwort/analyzers/analyzer.h"
#include "antwort/rating.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace antwort::indexer {
namespace {

constexpr const char* SAMPLE = R"({"id":"t:1","type":"faq","title":"Drucker einrichten",)"
                               R"("body":"Die Tinte ist leer.","lang":"de",)"
                               R"("url":"https://example.org/1","tags":["Netzwerk","WLAN"],)"
                               R"("category":"Hardware","created":"2015-09-29T10:15:00Z",)"
                               R"("updated":null,"rating":{"up":10,"down":2},"thread":"th1",)"
                               R"("parent":null,"accepted":true})";

struct TermInfo {
    Xapian::termcount wdf = 0;
    std::vector<Xapian::termpos> positions;
};

std::map<std::string, TermInfo> terms_of(const Xapian::Document& doc) {
    std::map<std::string, TermInfo> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        TermInfo info;
        info.wdf = it.get_wdf();
        for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
            info.positions.push_back(*pos);
        }
        terms[*it] = info;
    }
    return terms;
}

class DocumentBuilderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto builder = DocumentBuilder::create(Schema::default_schema());
        ASSERT_TRUE(builder.ok()) << builder.error().message;
        builder_.emplace(std::move(*builder));
        auto doc = parse_document(SAMPLE);
        ASSERT_TRUE(doc.ok()) << doc.error().message;
        doc_ = *doc;
        auto analyzer = analyzers::get_analyzer("de_text");
        ASSERT_TRUE(analyzer.ok());
        analyzer_ = *analyzer;
    }

    std::optional<DocumentBuilder> builder_;
    Document doc_;
    std::shared_ptr<const analyzers::Analyzer> analyzer_;
};

TEST_F(DocumentBuilderTest, IdTermIsTheUniqueKey) {
    EXPECT_EQ(builder_->id_term("t:1"), "Qt:1");
    auto terms = terms_of(builder_->build(doc_));
    ASSERT_TRUE(terms.count("Qt:1"));
    EXPECT_EQ(terms["Qt:1"].wdf, 0u);
    EXPECT_TRUE(terms["Qt:1"].positions.empty());
}

TEST_F(DocumentBuilderTest, TitleTermsInSharedSpaceWithWeightThreeAndPrefixed) {
    auto terms = terms_of(builder_->build(doc_));
    const auto title_tokens = analyzer_->analyze(doc_.title);
    ASSERT_FALSE(title_tokens.empty());
    for (const auto& token : title_tokens) {
        SCOPED_TRACE(token.text);
        ASSERT_TRUE(terms.count(token.text));
        // The title words do not occur in the body: one occurrence, wdf = weight 3.
        EXPECT_EQ(terms[token.text].wdf, 3u);
        EXPECT_EQ(terms[token.text].positions, std::vector<Xapian::termpos>{token.position + 1});
        const std::string prefixed = "S" + token.text;
        ASSERT_TRUE(terms.count(prefixed));
        EXPECT_EQ(terms[prefixed].wdf, 1u);
        EXPECT_EQ(terms[prefixed].positions, std::vector<Xapian::termpos>{token.position + 1});
    }
    // A German title word really is stemmed and folded: "Drucker" is not kept as typed.
    EXPECT_FALSE(terms.count("Drucker"));
}

TEST_F(DocumentBuilderTest, BodyTermsFollowTheTitleAfterAGapOfHundred) {
    auto terms = terms_of(builder_->build(doc_));
    const auto title_tokens = analyzer_->analyze(doc_.title);
    Xapian::termpos title_last = 0;
    for (const auto& token : title_tokens) {
        title_last = std::max(title_last, token.position + 1);
    }
    const auto body_tokens = analyzer_->analyze(doc_.body);
    ASSERT_FALSE(body_tokens.empty());
    for (const auto& token : body_tokens) {
        SCOPED_TRACE(token.text);
        ASSERT_TRUE(terms.count(token.text));
        EXPECT_EQ(terms[token.text].wdf, 1u);
        const Xapian::termpos expected = title_last + 100 + token.position + 1;
        EXPECT_NE(std::find(terms[token.text].positions.begin(), terms[token.text].positions.end(),
                            expected),
                  terms[token.text].positions.end());
        // The body has no prefix: no prefixed copy.
        EXPECT_FALSE(terms.count("S" + token.text));
    }
}

TEST_F(DocumentBuilderTest, KeywordAndBoolTermsAreFoldedAndPrefixed) {
    auto terms = terms_of(builder_->build(doc_));
    for (const char* term :
         {"XTYPEfaq", "XLANGde", "Knetzwerk", "Kwlan", "XCAThardware", "XTHREADth1", "XACC1"}) {
        SCOPED_TRACE(term);
        ASSERT_TRUE(terms.count(term));
        EXPECT_EQ(terms[term].wdf, 0u);
    }
    EXPECT_FALSE(terms.count("XACC0"));
    EXPECT_FALSE(terms.count("KNetzwerk"));
    // null fields and stored-only fields add no terms.
    for (const auto& [term, info] : terms) {
        EXPECT_NE(term.rfind("XPARENT", 0), 0u) << term;
        EXPECT_EQ(term.find("example.org"), std::string::npos) << term;
    }
}

TEST_F(DocumentBuilderTest, ValueSlots) {
    const Xapian::Document xdoc = builder_->build(doc_);
    EXPECT_EQ(xdoc.get_value(0), "faq");
    EXPECT_EQ(xdoc.get_value(1), "Hardware"); // original value, not folded
    EXPECT_EQ(xdoc.get_value(2), "th1");
    EXPECT_EQ(xdoc.get_value(3), "1");
    EXPECT_EQ(Xapian::sortable_unserialise(xdoc.get_value(4)), 1443521700.0);
    EXPECT_EQ(xdoc.get_value(5), ""); // updated is null
    EXPECT_DOUBLE_EQ(Xapian::sortable_unserialise(xdoc.get_value(6)), wilson_lower_bound(10, 2));
}

TEST_F(DocumentBuilderTest, NoRatingNoRatingSlot) {
    doc_.rating.reset();
    doc_.accepted = false;
    const Xapian::Document xdoc = builder_->build(doc_);
    EXPECT_EQ(xdoc.get_value(6), "");
    EXPECT_EQ(xdoc.get_value(3), "0");
    auto terms = terms_of(xdoc);
    EXPECT_TRUE(terms.count("XACC0"));
}

TEST_F(DocumentBuilderTest, HelpfulAnswersJoinTheRatingSlot) {
    const Xapian::Document rated = builder_->build(doc_, HelpfulCounts{5, 1});
    EXPECT_DOUBLE_EQ(Xapian::sortable_unserialise(rated.get_value(6)), wilson_lower_bound(15, 3));
    doc_.rating.reset();
    const Xapian::Document unrated = builder_->build(doc_, HelpfulCounts{2, 0});
    EXPECT_DOUBLE_EQ(Xapian::sortable_unserialise(unrated.get_value(6)), wilson_lower_bound(2, 0));
    // The answers go to the slot only; the stored document keeps its own rating.
    auto back = parse_document(unrated.get_data());
    ASSERT_TRUE(back.ok());
    EXPECT_FALSE(back->rating);
}

TEST_F(DocumentBuilderTest, DataIsTheDocumentAsJson) {
    const Xapian::Document xdoc = builder_->build(doc_);
    EXPECT_EQ(xdoc.get_data(), document_to_json(doc_));
    auto back = parse_document(xdoc.get_data());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->id, "t:1");
    EXPECT_EQ(back->tags, (std::vector<std::string>{"Netzwerk", "WLAN"}));
    ASSERT_TRUE(back->rating);
    EXPECT_EQ(back->rating->up, 10);
}

TEST_F(DocumentBuilderTest, OverlongKeywordIsCutAtUtf8Boundary) {
    std::string tag;
    for (int i = 0; i < 200; ++i) {
        tag += "\xC3\xA9"; // "é", two bytes each
    }
    doc_.tags = {tag};
    auto terms = terms_of(builder_->build(doc_));
    bool found = false;
    for (const auto& [term, info] : terms) {
        if (term.rfind("K", 0) == 0 && term.size() > 100) {
            found = true;
            EXPECT_LE(term.size(), DocumentBuilder::MAX_TERM_BYTES);
            // K + whole two-byte characters only.
            EXPECT_EQ((term.size() - 1) % 2, 0u);
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(DocumentBuilderTest, DerivedRankingValues) {
    const Schema& schema = Schema::default_schema();
    auto slot = [&schema](const char* name) { return *schema.field(name)->value_slot; };
    // SAMPLE is an FAQ from 2015: it does not age and is never "accepted".
    Xapian::Document faq = builder_->build(doc_);
    EXPECT_EQ(faq.get_value(slot("kind")), "faq");
    EXPECT_EQ(faq.get_value(slot("month")), "-");
    EXPECT_EQ(faq.get_value(slot("kind_month")), "|fa");
    EXPECT_EQ(Xapian::sortable_unserialise(faq.get_value(slot("activity"))), 1443521700.0);
    EXPECT_EQ(faq.get_value(slot("thread_rating")), "") << "written by the thread pass only";

    Document post = doc_;
    post.type = "forum";
    post.updated = "2016-02-01T00:00:00Z";
    Xapian::Document accepted = builder_->build(post);
    EXPECT_EQ(accepted.get_value(slot("kind")), "accepted");
    EXPECT_EQ(accepted.get_value(slot("month")), "2016-02") << "updated is the later date";
    EXPECT_EQ(accepted.get_value(slot("kind_month")), "2016-02|ac");
    EXPECT_EQ(Xapian::sortable_unserialise(accepted.get_value(slot("activity"))), 1454284800.0);
    post.accepted = false;
    post.created.reset();
    post.updated.reset();
    Xapian::Document open = builder_->build(post);
    EXPECT_EQ(open.get_value(slot("kind")), "unanswered");
    EXPECT_EQ(open.get_value(slot("month")), "-") << "undated posts are not penalised";
    EXPECT_EQ(open.get_value(slot("kind_month")), "|un");
    EXPECT_EQ(open.get_value(slot("activity")), "");
    post.type = "article";
    EXPECT_EQ(builder_->build(post).get_value(slot("kind")), "article");
    // ranked_rating: the rating slot's value, and 0 on unrated documents too.
    post.rating = Rating{7, 1};
    Xapian::Document rated = builder_->build(post);
    EXPECT_FALSE(rated.get_value(slot("rating")).empty());
    EXPECT_EQ(rated.get_value(slot("ranked_rating")), rated.get_value(slot("rating")));
    post.rating.reset();
    Xapian::Document unrated = builder_->build(post);
    EXPECT_EQ(unrated.get_value(slot("rating")), "");
    EXPECT_EQ(unrated.get_value(slot("ranked_rating")), Xapian::sortable_serialise(0.0));
}

TEST(DocumentBuilderCreate, UnknownAnalyzerFails) {
    auto schema = Schema::parse(R"({"schema_format":1,"name":"t","version":1,"fields":[
        {"name":"id","type":"id","prefix":"Q"},
        {"name":"title","type":"text","prefix":"S","analyzer":"no_such_analyzer"}]})");
    ASSERT_TRUE(schema.ok()) << schema.error().message;
    auto builder = DocumentBuilder::create(*schema);
    ASSERT_FALSE(builder.ok());
    EXPECT_NE(builder.error().message.find("no_such_analyzer"), std::string::npos);
}

TEST(DocumentBuilderCreate, CustomPrefixesAndWeights) {
    auto schema = Schema::parse(R"({"schema_format":1,"name":"t","version":1,"fields":[
        {"name":"id","type":"id","prefix":"XID"},
        {"name":"title","type":"text","prefix":"XT","analyzer":"de_text","weight":5},
        {"name":"tags","type":"keyword","prefix":"XTAG","multi":true}]})");
    ASSERT_TRUE(schema.ok()) << schema.error().message;
    auto builder = DocumentBuilder::create(*schema);
    ASSERT_TRUE(builder.ok()) << builder.error().message;
    Document doc;
    doc.id = "a";
    doc.type = "faq";
    doc.title = "Haus";
    doc.tags = {"Garten"};
    auto terms = terms_of(builder->build(doc));
    EXPECT_TRUE(terms.count("XIDa"));
    EXPECT_TRUE(terms.count("XTAGgarten"));
    auto tokens = analyzers::get_analyzer("de_text").value()->analyze("Haus");
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(terms[tokens[0].text].wdf, 5u);
    EXPECT_EQ(terms["XT" + tokens[0].text].wdf, 1u);
    // The type field is not in this schema: no type term.
    for (const auto& [term, info] : terms) {
        EXPECT_NE(term.rfind("XTYPE", 0), 0u);
    }
}

} // namespace
} // namespace antwort::indexer
