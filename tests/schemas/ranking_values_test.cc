/** @file Derived ranking values: kinds, month buckets, last activity; the ranking schema section. */
#include "antwort/ranking_values.h"
#include "antwort/schema.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace antwort {
namespace {

Document make(const std::string& type, std::optional<bool> accepted = std::nullopt) {
    Document d;
    d.id = "x";
    d.type = type;
    d.accepted = accepted;
    return d;
}

TEST(RankingValuesTest, OwnKind) {
    EXPECT_EQ(own_kind(make("faq")), KIND_FAQ);
    EXPECT_EQ(own_kind(make("article")), KIND_ARTICLE);
    EXPECT_EQ(own_kind(make("forum", true)), KIND_ACCEPTED);
    EXPECT_EQ(own_kind(make("forum", false)), KIND_UNANSWERED);
    EXPECT_EQ(own_kind(make("forum")), KIND_UNANSWERED);
    EXPECT_EQ(own_kind(make("video")), "");
}

TEST(RankingValuesTest, MonthBuckets) {
    EXPECT_EQ(month_bucket(0), "1970-01");
    EXPECT_EQ(month_bucket(1443521700), "2015-09"); // 2015-09-29T10:15:00Z
    EXPECT_EQ(month_index("2015-09"), 2015 * 12 + 8);
    EXPECT_EQ(month_from_index(2015 * 12 + 8), "2015-09");
    EXPECT_EQ(month_from_index(2015 * 12 + 11), "2015-12");
    for (const char* bad : {"", "-", "2015-13", "2015-00", "2015/09", "15-09", "2015-9x"}) {
        EXPECT_FALSE(month_index(bad)) << bad;
    }
}

TEST(RankingValuesTest, KindMonthPutsTheMonthFirst) {
    EXPECT_EQ(kind_month_value(KIND_ANSWERED, "2024-05"), "2024-05|an");
    EXPECT_EQ(kind_month_value(KIND_FAQ, EVERGREEN_MONTH), "|fa");
    EXPECT_EQ(month_of_kind_month("2024-05|an"), "2024-05");
    EXPECT_EQ(month_of_kind_month("|fa"), EVERGREEN_MONTH);
    EXPECT_EQ(month_of_kind_month("faq"), "");
    EXPECT_LT(kind_month_value(KIND_UNANSWERED, "1999-01"), kind_month_value(KIND_FAQ, "-"))
        << "dated values sort first: the slot's lower bound is the oldest month";
    std::set<std::string> codes;
    for (std::string_view kind :
         {KIND_FAQ, KIND_ARTICLE, KIND_ACCEPTED, KIND_ANSWERED, KIND_UNANSWERED}) {
        const std::string value = kind_month_value(kind, "2024-05");
        EXPECT_LE(value.size(), 15u) << "fits std::string's inline buffer";
        codes.insert(value);
    }
    EXPECT_EQ(codes.size(), 5u) << "every kind has its own code";
}

TEST(RankingValuesTest, ForumPostsAgeByTheirLastActivity) {
    Document post = make("forum");
    EXPECT_EQ(month_value(post), EVERGREEN_MONTH) << "undated";
    post.created = "2019-12-31T23:00:00Z";
    EXPECT_EQ(month_value(post), "2019-12");
    post.updated = "2021-03-02";
    EXPECT_EQ(month_value(post), "2021-03");
    EXPECT_EQ(activity_time(post), parse_iso8601("2021-03-02"));
    Document faq = post;
    faq.type = "faq";
    EXPECT_EQ(month_value(faq), EVERGREEN_MONTH) << "FAQs never age";
    EXPECT_EQ(activity_time(faq), parse_iso8601("2021-03-02")) << "but sort by date";
}

std::string schema_with_ranking(const std::string& ranking) {
    return R"({"schema_format":2,"version":1,"ranking":)" + ranking +
           R"(,"fields":[{"name":"id","type":"id","prefix":"Q"}]})";
}

TEST(RankingSchemaTest, ReadsTheRankingSection) {
    auto s = Schema::parse(schema_with_ranking(
        R"({"thread_rating_share":0.25,"recency_weight":2,"recency_half_life_days":30,)"
        R"("type_boost":{"faq":1.5,"unanswered":0.1}})"));
    ASSERT_TRUE(s.ok()) << s.error().message;
    const RankingSpec& r = s->ranking();
    EXPECT_DOUBLE_EQ(r.thread_rating_share, 0.25);
    EXPECT_DOUBLE_EQ(r.recency_weight, 2.0);
    EXPECT_DOUBLE_EQ(r.recency_half_life_days, 30.0);
    EXPECT_DOUBLE_EQ(r.type_boost.faq, 1.5);
    EXPECT_DOUBLE_EQ(r.type_boost.unanswered, 0.1);
    EXPECT_DOUBLE_EQ(r.type_boost.accepted, TypeBoosts{}.accepted) << "unset keeps the default";
}

TEST(RankingSchemaTest, RejectsBadRankingValues) {
    for (const char* bad : {R"({"thread_rating_share":1.5})", R"({"recency_half_life_days":0})",
                            R"({"recency_weight":-1})", R"({"type_boost":{"wiki":1}})",
                            R"({"type_boost":{"faq":-0.5}})", R"({"rating_weight":"hoch"})"}) {
        EXPECT_FALSE(Schema::parse(schema_with_ranking(bad)).ok()) << bad;
    }
}

TEST(RankingSchemaTest, DefaultSchemaDeclaresTheDerivedSlots) {
    const Schema& s = Schema::default_schema();
    for (const char* name : {"kind", "thread_rating", "month", "activity", "kind_month"}) {
        const FieldSpec* f = s.field(name);
        ASSERT_NE(f, nullptr) << name;
        EXPECT_EQ(f->type, FieldType::Derived) << name;
        EXPECT_TRUE(f->value_slot) << name;
    }
    EXPECT_TRUE(Schema::parse(R"({"schema_format":1,"version":1,"fields":[)"
                              R"({"name":"id","type":"id","prefix":"Q"}]})")
                    .ok())
        << "format-1 schema files still parse";
}

} // namespace
} // namespace antwort
