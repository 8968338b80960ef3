/** @file Tests for the retrieval metrics, against hand-computed figures. */
#include "antwort/searchd/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace antwort::searchd {
namespace {

TEST(EvaluationTest, NdcgOfThePerfectRankingIsOne) {
    const std::map<std::string, int> judged = {{"a", 2}, {"b", 1}};
    EXPECT_DOUBLE_EQ(ndcg_at({"a", "b", "x"}, judged, 10), 1.0);
}

TEST(EvaluationTest, NdcgUsesLinearGainAndLog2Discount) {
    // Ranking x, b, a with grades a=2, b=1:
    //   DCG  = 0/log2(2) + 1/log2(3) + 2/log2(4) = 0.63093 + 1.0 = 1.63093
    //   nDCG = 1.63093 / 2.63093 = 0.619906
    //   IDCG = 2/log2(2) + 1/log2(3)            = 2 + 0.63093   = 2.63093
    const std::map<std::string, int> judged = {{"a", 2}, {"b", 1}};
    const double dcg = 1 / std::log2(3.0) + 2 / std::log2(4.0);
    const double idcg = 2 + 1 / std::log2(3.0);
    EXPECT_NEAR(ndcg_at({"x", "b", "a"}, judged, 10), dcg / idcg, 1e-12);
    EXPECT_NEAR(ndcg_at({"x", "b", "a"}, judged, 10), 0.619906, 1e-6);
}

TEST(EvaluationTest, NdcgCutsAtK) {
    // The only relevant document at rank 3 does not count for k = 2.
    const std::map<std::string, int> judged = {{"a", 1}};
    EXPECT_DOUBLE_EQ(ndcg_at({"x", "y", "a"}, judged, 2), 0.0);
    EXPECT_NEAR(ndcg_at({"x", "y", "a"}, judged, 3), 0.5, 1e-12); // 1/log2(4)
}

TEST(EvaluationTest, IdealDcgIsCutAtKToo) {
    // 3 relevant docs, k = 2: IDCG = 1 + 1/log2(3); ranking finds 2 of them in the top 2.
    const std::map<std::string, int> judged = {{"a", 1}, {"b", 1}, {"c", 1}};
    EXPECT_DOUBLE_EQ(ndcg_at({"a", "b"}, judged, 2), 1.0);
}

TEST(EvaluationTest, ZeroGradeJudgmentsAreNotRelevant) {
    const std::map<std::string, int> judged = {{"a", 0}, {"b", 1}};
    EXPECT_DOUBLE_EQ(reciprocal_rank_at({"a", "b"}, judged, 10), 0.5);
    EXPECT_DOUBLE_EQ(recall_at({"a"}, judged, 100), 0.0);
    EXPECT_DOUBLE_EQ(ndcg_at({}, {{"a", 0}}, 10), 0.0);
}

TEST(EvaluationTest, ReciprocalRank) {
    const std::map<std::string, int> judged = {{"c", 1}, {"d", 2}};
    EXPECT_DOUBLE_EQ(reciprocal_rank_at({"a", "b", "c", "d"}, judged, 10), 1.0 / 3);
    EXPECT_DOUBLE_EQ(reciprocal_rank_at({"a", "b", "c"}, judged, 2), 0.0);
    EXPECT_DOUBLE_EQ(reciprocal_rank_at({}, judged, 10), 0.0);
}

TEST(EvaluationTest, Recall) {
    const std::map<std::string, int> judged = {{"a", 1}, {"b", 1}, {"c", 2}, {"d", 1}};
    EXPECT_DOUBLE_EQ(recall_at({"x", "a", "c"}, judged, 100), 0.5);
    EXPECT_DOUBLE_EQ(recall_at({"x", "a", "c"}, judged, 2), 0.25);
}

TEST(EvaluationTest, AveragesOverAllQueriesIncludingFailures) {
    MetricsAccumulator m;
    m.add({"a"}, {{"a", 1}});      // nDCG 1, RR 1, recall 1
    m.add({"x", "a"}, {{"a", 1}}); // nDCG 1/log2(3), RR 0.5, recall 1
    m.add({"x"}, {});              // no judgments: 0
    m.add_failed();                // refused query: 0
    EvalSummary s = m.summary();
    EXPECT_EQ(s.queries, 4u);
    EXPECT_EQ(s.failed, 1u);
    EXPECT_NEAR(s.ndcg_10, (1 + 1 / std::log2(3.0)) / 4, 1e-12);
    EXPECT_DOUBLE_EQ(s.mrr_10, 1.5 / 4);
    EXPECT_DOUBLE_EQ(s.recall_100, 0.5);
}

TEST(EvaluationTest, ParsesQueriesAndQrels) {
    auto queries = parse_queries("q1\tAbsätze rechts ausrichten\r\n\nq2\t\"*\" (Operator)\n");
    ASSERT_TRUE(queries.ok());
    ASSERT_EQ(queries->size(), 2u);
    EXPECT_EQ((*queries)[0].qid, "q1");
    EXPECT_EQ((*queries)[0].text, "Absätze rechts ausrichten");
    EXPECT_EQ((*queries)[1].text, "\"*\" (Operator)");

    auto qrels = parse_qrels("q1 0 lo:text/a 1\nq1 0 lo:text/b 2\n\nq2\t0\tx 0\n");
    ASSERT_TRUE(qrels.ok());
    EXPECT_EQ(qrels->at("q1").at("lo:text/b"), 2);
    EXPECT_EQ(qrels->at("q2").at("x"), 0);

    EXPECT_FALSE(parse_queries("no tab here\n").ok());
    EXPECT_FALSE(parse_qrels("q1 0 doc\n").ok());
    EXPECT_FALSE(parse_qrels("q1 0 doc high\n").ok());
}

} // namespace
} // namespace antwort::searchd
