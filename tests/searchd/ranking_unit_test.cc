/** @file Unit tests of ranking.h: recency buckets, type boost parsing, overrides, the query. */
#include "antwort/searchd/ranking.h"

#include "antwort/ranking_values.h"
#include "antwort/searchd/config.h"
#include "antwort/searchd/search_request.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

RankingSpec spec(double weight, double half_life_days) {
    RankingSpec s;
    s.recency_weight = weight;
    s.recency_half_life_days = half_life_days;
    return s;
}

TEST(RankingTestUnit, RecencyHalvesPerHalfLife) {
    const int64_t now = *month_index("2026-11");
    const RankingSpec s = spec(0.5, 365.2425); // one year
    EXPECT_DOUBLE_EQ(Ranking::recency_weight("2026-11", s, now), 0.5);
    EXPECT_NEAR(Ranking::recency_weight("2025-11", s, now), 0.25, 1e-12);
    EXPECT_NEAR(Ranking::recency_weight("2024-11", s, now), 0.125, 1e-12);
    EXPECT_DOUBLE_EQ(Ranking::recency_weight("2027-01", s, now), 0.5) << "clock skew: new";
    EXPECT_EQ(Ranking::recency_weight("2012-11", s, now), 0.0) << "beyond 7 half-lives";
    EXPECT_DOUBLE_EQ(Ranking::recency_weight(EVERGREEN_MONTH, s, now), 0.5) << "FAQs, articles";
    EXPECT_EQ(Ranking::recency_weight("kaputt", s, now), 0.0);
    const RankingSpec month = spec(1.0, 365.2425 / 12);
    EXPECT_NEAR(Ranking::recency_weight("2026-10", month, now), 0.5, 1e-12);
}

TEST(RankingTestUnit, RecencyIsMonotonic) {
    const int64_t now = *month_index("2026-11");
    const RankingSpec s = spec(1.0, 90);
    double previous = 2.0;
    for (int64_t age = 0; age < 40; ++age) {
        const double w = Ranking::recency_weight(month_from_index(now - age), s, now);
        EXPECT_LE(w, previous) << age;
        previous = w;
    }
}

TEST(RankingTestUnit, ParsesTypeBoosts) {
    std::map<std::string, double> boosts;
    ASSERT_TRUE(parse_type_boosts("faq=0.8,unanswered=0", boosts).ok());
    EXPECT_EQ(boosts, (std::map<std::string, double>{{"faq", 0.8}, {"unanswered", 0.0}}));
    for (const char* bad : {"faq", "faq=", "wiki=1", "faq=-1", "faq=1x", "=1"}) {
        std::map<std::string, double> out;
        auto r = parse_type_boosts(bad, out);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_NE(r.error().message.find("--type-boost"), std::string::npos);
    }
}

TEST(RankingTestUnit, FlagsOverrideTheSchema) {
    auto config = parse_searchd_args({"--index", "x", "--type-boost", "faq=2", "--type-boost",
                                      "accepted=1.5", "--recency-weight", "0.3",
                                      "--recency-half-life=90", "--thread-rating-share", "0.75"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    const RankingSpec r = resolve_ranking(RankingSpec{}, config->service);
    EXPECT_DOUBLE_EQ(r.type_boost.faq, 2.0);
    EXPECT_DOUBLE_EQ(r.type_boost.accepted, 1.5);
    EXPECT_DOUBLE_EQ(r.type_boost.article, TypeBoosts{}.article);
    EXPECT_DOUBLE_EQ(r.recency_weight, 0.3);
    EXPECT_DOUBLE_EQ(r.recency_half_life_days, 90.0);
    EXPECT_DOUBLE_EQ(r.thread_rating_share, 0.75);
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"--index", "x", "--thread-rating-share", "2"},
          {"--index", "x", "--recency-half-life", "0"},
          {"--index", "x", "--recency-weight", "-1"},
          {"--index", "x", "--type-boost", "faq"}}) {
        EXPECT_FALSE(parse_searchd_args(bad).ok()) << bad[2];
    }
}

TEST(RankingTestUnit, BoostsUseOnlyBuiltInPostingSources) {
    const Ranking ranking = Ranking::create(Schema::default_schema());
    const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Xapian::Query q = ranking.apply(Xapian::Query("haus"), RankingSpec{}, db, 0);
    const std::string desc = q.get_description();
    EXPECT_NE(desc.find("AND_MAYBE"), std::string::npos) << desc;
    EXPECT_NE(desc.find("ValueWeightPostingSource"), std::string::npos) << desc;
    EXPECT_NE(desc.find("ValueMapPostingSource"), std::string::npos) << desc;
    // Built-in sources serialise, so the query can go to xapian-tcpsrv shards.
    EXPECT_NO_THROW(q.serialise());
    RankingSpec off;
    off.rating_weight = 0;
    off.recency_weight = 0;
    off.type_boost = TypeBoosts{0, 0, 0, 0, 0};
    EXPECT_EQ(ranking.apply(Xapian::Query("haus"), off, db, 0).get_description(),
              Xapian::Query("haus").get_description());
}

TEST(RankingTestUnit, CollapseAndSortParameters) {
    auto parse = [](std::initializer_list<std::pair<const std::string, std::string>> p) {
        return parse_search_params(ParamMap(p));
    };
    auto defaults = parse({{"q", "x"}});
    ASSERT_TRUE(defaults.ok());
    EXPECT_TRUE(defaults->collapse);
    EXPECT_EQ(defaults->sort, SortOrder::Relevance);
    auto set = parse({{"q", "x"}, {"collapse", "false"}, {"sort", "newest"}});
    ASSERT_TRUE(set.ok());
    EXPECT_FALSE(set->collapse);
    EXPECT_EQ(set->sort, SortOrder::Newest);
    EXPECT_EQ(parse({{"q", "x"}, {"sort", "rating"}})->sort, SortOrder::Rating);
    EXPECT_TRUE(parse({{"q", "x"}, {"collapse", "1"}})->collapse);
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"collapse", "ja"}, {"sort", "oldest"}, {"sort", ""}}) {
        auto r = parse_search_params(ParamMap{{"q", "x"}, {name, value}});
        ASSERT_FALSE(r.ok()) << name << "=" << value;
        EXPECT_NE(r.error().message.find("'" + name + "'"), std::string::npos)
            << r.error().message;
    }
}

} // namespace
} // namespace antwort::searchd
