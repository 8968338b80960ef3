/** @file Tests for antwort-searchd / antwort-eval argument parsing. */
#include "antwort/searchd/config.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

TEST(ConfigTest, ParsesAllSearchdOptions) {
    auto config =
        parse_searchd_args({"--index", "/tmp/idx", "--listen", "0.0.0.0:9090", "--threads=3",
                            "--rating-weight", "0.5", "--k1", "1.2", "--b=0.75"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->service.index, "/tmp/idx");
    EXPECT_EQ(config->host, "0.0.0.0");
    EXPECT_EQ(config->port, 9090);
    EXPECT_EQ(config->threads, 3u);
    EXPECT_DOUBLE_EQ(*config->service.rating_weight, 0.5);
    EXPECT_DOUBLE_EQ(*config->service.bm25_k1, 1.2);
    EXPECT_DOUBLE_EQ(*config->service.bm25_b, 0.75);
}

TEST(ConfigTest, DefaultsLeaveRankingToTheSchema) {
    auto config = parse_searchd_args({"--index", "x"});
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->host, "127.0.0.1");
    EXPECT_EQ(config->port, 8080);
    EXPECT_GE(config->threads, 4u);
    EXPECT_FALSE(config->service.rating_weight);
    EXPECT_FALSE(config->service.bm25_k1);
}

TEST(ConfigTest, ParsesFeedbackOptions) {
    auto defaults = parse_searchd_args({"--index", "x"});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->feedback.apply_interval, std::chrono::milliseconds(1000));
    EXPECT_DOUBLE_EQ(defaults->feedback.rate_per_second, 1.0);
    EXPECT_EQ(defaults->feedback.burst, 10);
    EXPECT_EQ(defaults->feedback.per_document_per_minute, 60);

    auto config = parse_searchd_args({"--index", "x", "--feedback-apply-ms", "50",
                                      "--feedback-rate=0.5", "--feedback-burst", "3",
                                      "--feedback-doc-limit", "7"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->feedback.apply_interval, std::chrono::milliseconds(50));
    EXPECT_DOUBLE_EQ(config->feedback.rate_per_second, 0.5);
    EXPECT_EQ(config->feedback.burst, 3);
    EXPECT_EQ(config->feedback.per_document_per_minute, 7);

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"--feedback-apply-ms", "0"},
             {"--feedback-rate", "-1"},
             {"--feedback-burst", "many"},
             {"--feedback-doc-limit", "0"}}) {
        std::vector<std::string> args = {"--index", "x"};
        args.insert(args.end(), bad.begin(), bad.end());
        auto rejected = parse_searchd_args(args);
        ASSERT_FALSE(rejected.ok()) << bad[0] << ' ' << bad[1];
        EXPECT_EQ(rejected.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(rejected.error().message.find(bad[0]), std::string::npos);
    }
}

TEST(ConfigTest, ParsesBracketedIpv6Listen) {
    auto config = parse_searchd_args({"--index", "x", "--listen", "[::1]:0"});
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->host, "::1");
    EXPECT_EQ(config->port, 0);
}

TEST(ConfigTest, RejectsBadInput) {
    const std::vector<std::vector<std::string>> bad = {
        {},
        {"--index"},
        {"--index", "x", "--threads", "0"},
        {"--index", "x", "--threads", "many"},
        {"--index", "x", "--listen", "localhost"},
        {"--index", "x", "--listen", "h:70000"},
        {"--index", "x", "--rating-weight", "-1"},
        {"--index", "x", "--b", "1.5"},
        {"--index", "x", "--k1", "abc"},
        {"--index", "x", "--frobnicate", "1"},
        {"stray"},
    };
    for (const auto& args : bad) {
        auto config = parse_searchd_args(args);
        ASSERT_FALSE(config.ok()) << "accepted: " << ::testing::PrintToString(args);
        EXPECT_EQ(config.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(ConfigTest, HelpIsNotAnError) {
    auto config = parse_searchd_args({"--help"});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().code, ErrorCode::NotFound);
}

TEST(ConfigTest, EvalNeedsQueriesAndQrels) {
    EXPECT_FALSE(parse_eval_args({"--index", "x", "--queries", "q.tsv"}).ok());
    auto config = parse_eval_args(
        {"--index", "x", "--queries", "q.tsv", "--qrels", "r.tsv", "--run", "out", "--k1", "1"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->queries, "q.tsv");
    EXPECT_EQ(config->qrels, "r.tsv");
    EXPECT_EQ(config->run, "out");
    EXPECT_DOUBLE_EQ(*config->service.bm25_k1, 1.0);
}

} // namespace
} // namespace antwort::searchd
