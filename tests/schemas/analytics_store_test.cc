/** @file Tests for AnalyticsStore (per-day counts, durability) and the analytics report. */
#include "antwort/analytics_store.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "testing/temp_dir.h"

namespace antwort {
namespace {

using testing::TempDir;

/** 2026-11-25 12:00:00 UTC: a fixed "now" so the day window is predictable. */
constexpr std::time_t NOW = 1795608000;

AnalyticsDelta delta(std::string day, std::string key, int64_t searches, int64_t zero,
                     int64_t not_helpful, std::string form = "", int64_t form_count = 0) {
    AnalyticsDelta d;
    d.day = std::move(day);
    d.key = std::move(key);
    d.counts = {searches, zero, not_helpful};
    d.form = std::move(form);
    d.form_count = form_count;
    return d;
}

std::map<std::string, QueryTotals> by_key(const std::vector<QueryTotals>& rows) {
    std::map<std::string, QueryTotals> out;
    for (const auto& r : rows) {
        out[r.key] = r;
    }
    return out;
}

TEST(AnalyticsStoreTest, UtcDayIsTheDateInUtc) {
    EXPECT_EQ(utc_day(NOW), "2026-11-25");
    EXPECT_EQ(utc_day(NOW, -1), "2026-11-24");
    EXPECT_EQ(utc_day(NOW, -25), "2026-10-31");
}

TEST(AnalyticsStoreTest, SumsCountsPerDayAndKeyAcrossAdds) {
    TempDir tmp;
    auto store = AnalyticsStore::open(AnalyticsStore::path_in(tmp.path()));
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE(store
                    ->add({delta("2026-11-24", "and pass wort", 3, 1, 0, "passwort ändern", 3),
                           delta("2026-11-25", "and pass wort", 2, 0, 1, "passwort ändern", 2),
                           delta("2026-11-25", "druck", 5, 5, 0, "drucker", 5)})
                    .ok());
    ASSERT_TRUE(
        store->add({delta("2026-11-25", "and pass wort", 4, 2, 0, "passwort ändern", 4)}).ok());

    auto one_day = store->totals("2026-11-25", "2026-11-25");
    ASSERT_TRUE(one_day.ok()) << one_day.error().message;
    auto rows = by_key(*one_day);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows["and pass wort"].counts.searches, 6);
    EXPECT_EQ(rows["and pass wort"].counts.zero_results, 2);
    EXPECT_EQ(rows["and pass wort"].counts.not_helpful, 1);
    EXPECT_EQ(rows["druck"].counts.zero_results, 5);

    auto two_days = store->totals("2026-11-24", "2026-11-25");
    ASSERT_TRUE(two_days.ok());
    rows = by_key(*two_days);
    EXPECT_EQ(rows["and pass wort"].counts.searches, 9);
    EXPECT_EQ(rows["and pass wort"].counts.zero_results, 3);
    EXPECT_EQ(rows["and pass wort"].display, "passwort ändern");
}

TEST(AnalyticsStoreTest, DisplayFormFollowsTheMoreFrequentSpelling) {
    TempDir tmp;
    auto store = AnalyticsStore::open(AnalyticsStore::path_in(tmp.path()));
    ASSERT_TRUE(store.ok());
    const std::string day = "2026-11-25";
    ASSERT_TRUE(store->add({delta(day, "k", 2, 0, 0, "passwortänderung", 2)}).ok());
    // Same spelling adds up (2 + 2 = 4), a rarer one does not replace it.
    ASSERT_TRUE(store->add({delta(day, "k", 2, 0, 0, "passwortänderung", 2)}).ok());
    ASSERT_TRUE(store->add({delta(day, "k", 3, 0, 0, "passwort ändern", 3)}).ok());
    EXPECT_EQ((*store->totals(day, day))[0].display, "passwortänderung");
    // A batch where the other spelling dominates more than the stored count wins.
    ASSERT_TRUE(store->add({delta(day, "k", 9, 0, 0, "passwort ändern", 9)}).ok());
    EXPECT_EQ((*store->totals(day, day))[0].display, "passwort ändern");
    // A not-helpful vote (count 0) never replaces a spelling.
    ASSERT_TRUE(store->add({delta(day, "k", 0, 0, 1, "passwort aendern", 0)}).ok());
    EXPECT_EQ((*store->totals(day, day))[0].display, "passwort ändern");
    EXPECT_EQ((*store->totals(day, day))[0].counts.searches, 16);
}

TEST(AnalyticsStoreTest, CountsSurviveClosingAndReopening) {
    TempDir tmp;
    const auto file = AnalyticsStore::path_in(tmp.path());
    {
        auto store = AnalyticsStore::open(file);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->add({delta("2026-11-25", "druck", 7, 1, 2, "drucker", 7)}).ok());
    }
    {
        auto store = AnalyticsStore::open(file, /*read_only=*/true);
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto rows = store->totals("2026-11-25", "2026-11-25");
        ASSERT_TRUE(rows.ok());
        ASSERT_EQ(rows->size(), 1u);
        EXPECT_EQ((*rows)[0].counts.searches, 7);
        EXPECT_EQ((*rows)[0].counts.zero_results, 1);
        EXPECT_EQ((*rows)[0].counts.not_helpful, 2);
        EXPECT_EQ((*rows)[0].display, "drucker");
    }
    auto again = AnalyticsStore::open(file);
    ASSERT_TRUE(again.ok());
    ASSERT_TRUE(again->add({delta("2026-11-25", "druck", 1, 0, 0, "drucker", 1)}).ok());
    EXPECT_EQ((*again->totals("2026-11-25", "2026-11-25"))[0].counts.searches, 8);
}

TEST(AnalyticsStoreTest, TableHoldsOnlyAggregateColumns) {
    TempDir tmp;
    auto store = AnalyticsStore::open(AnalyticsStore::path_in(tmp.path()));
    ASSERT_TRUE(store.ok());
    auto columns = store->columns();
    ASSERT_TRUE(columns.ok());
    EXPECT_EQ(*columns, (std::vector<std::string>{"day", "query_key", "searches", "zero_results",
                                                  "not_helpful", "display", "display_count"}));
}

TEST(AnalyticsStoreTest, ReadOnlyOpenOfMissingStoreIsNotFound) {
    TempDir tmp;
    auto store = AnalyticsStore::open(tmp.path() / "nothing.sqlite", true);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::NotFound);
}

/** A store with rows on today, yesterday and 40 days ago (relative to NOW). */
void fill_report_store(const std::filesystem::path& dir) {
    auto store = AnalyticsStore::open(AnalyticsStore::path_in(dir));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store
                    ->add({delta(utc_day(NOW), "and pass wort", 10, 0, 3, "passwort ändern", 10),
                           delta(utc_day(NOW, -1), "and pass wort", 5, 0, 0, "passwort ändern", 5),
                           delta(utc_day(NOW), "druck", 4, 4, 0, "drucker", 4),
                           delta(utc_day(NOW, -1), "seit", 12, 0, 0, "seite", 12),
                           delta(utc_day(NOW, -40), "alt", 100, 100, 100, "alt", 100)})
                    .ok());
}

TEST(AnalyticsReportTest, DaysWindowAndTopLists) {
    TempDir tmp;
    fill_report_store(tmp.path());
    auto report = build_analytics_report(tmp.path(), 30, 20, NOW);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->from, "2026-10-27");
    EXPECT_EQ(report->to, "2026-11-25");
    EXPECT_EQ(report->searches, 31); // 15 + 4 + 12; the row 40 days back is outside
    EXPECT_EQ(report->zero_results, 4);
    EXPECT_EQ(report->not_helpful, 3);
    EXPECT_EQ(report->distinct_queries, 3);
    ASSERT_EQ(report->top_queries.size(), 3u);
    EXPECT_EQ(report->top_queries[0].key, "and pass wort");
    EXPECT_EQ(report->top_queries[0].counts.searches, 15);
    EXPECT_EQ(report->top_queries[1].key, "seit");
    ASSERT_EQ(report->top_zero_results.size(), 1u);
    EXPECT_EQ(report->top_zero_results[0].display, "drucker");
    ASSERT_EQ(report->top_not_helpful.size(), 1u);
    EXPECT_EQ(report->top_not_helpful[0].key, "and pass wort");

    auto today = build_analytics_report(tmp.path(), 1, 20, NOW);
    ASSERT_TRUE(today.ok());
    EXPECT_EQ(today->searches, 14);
    EXPECT_EQ(today->top_queries[0].counts.searches, 10);

    auto all = build_analytics_report(tmp.path(), 41, 1, NOW);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->searches, 131);
    ASSERT_EQ(all->top_queries.size(), 1u); // limit 1
    EXPECT_EQ(all->top_queries[0].key, "alt");
}

TEST(AnalyticsReportTest, RejectsBadDaysAndLimit) {
    TempDir tmp;
    EXPECT_EQ(build_analytics_report(tmp.path(), 0, 20, NOW).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_FALSE(build_analytics_report(tmp.path(), MAX_REPORT_DAYS + 1, 20, NOW).ok());
    EXPECT_FALSE(build_analytics_report(tmp.path(), 30, 0, NOW).ok());
    EXPECT_FALSE(build_analytics_report(tmp.path(), 30, MAX_REPORT_LIMIT + 1, NOW).ok());
}

TEST(AnalyticsReportTest, MissingStoreIsAnEmptyReport) {
    TempDir tmp;
    auto report = build_analytics_report(tmp.path(), 30, 20, NOW);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->searches, 0);
    EXPECT_TRUE(report->top_queries.empty());
}

TEST(AnalyticsReportTest, JsonShape) {
    TempDir tmp;
    fill_report_store(tmp.path());
    auto report = build_analytics_report(tmp.path(), 30, 20, NOW);
    ASSERT_TRUE(report.ok());
    const std::string json = analytics_report_json(*report);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
    EXPECT_EQ(std::string_view(doc["from"]), "2026-10-27");
    EXPECT_EQ(int64_t(doc["days"]), 30);
    EXPECT_EQ(int64_t(doc["totals"]["searches"]), 31);
    EXPECT_EQ(int64_t(doc["totals"]["zero_results"]), 4);
    EXPECT_EQ(int64_t(doc["totals"]["not_helpful"]), 3);
    EXPECT_EQ(int64_t(doc["totals"]["distinct_queries"]), 3);
    simdjson::dom::array top = doc["top_queries"];
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(std::string_view(top.at(0)["query"]), "passwort ändern");
    EXPECT_EQ(std::string_view(top.at(0)["key"]), "and pass wort");
    EXPECT_EQ(int64_t(top.at(0)["searches"]), 15);
    EXPECT_EQ(int64_t(top.at(0)["not_helpful"]), 3);
    EXPECT_EQ(simdjson::dom::array(doc["top_zero_results"]).size(), 1u);
    EXPECT_EQ(simdjson::dom::array(doc["top_not_helpful"]).size(), 1u);
}

TEST(AnalyticsReportTest, TextTables) {
    TempDir tmp;
    fill_report_store(tmp.path());
    auto report = build_analytics_report(tmp.path(), 30, 20, NOW);
    ASSERT_TRUE(report.ok());
    const std::string text = analytics_report_text(*report);
    EXPECT_NE(text.find("2026-10-27 .. 2026-11-25 (30 days, UTC)"), std::string::npos) << text;
    EXPECT_NE(text.find("31 searches, 4 without results, 3 marked not helpful, 3 distinct"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\nTop queries\n  searches  no results  not helpful  query\n"
                        "        15           0            3  passwort ändern   [and pass wort]\n"
                        "        12           0            0  seite   [seit]\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Top queries without results\n  searches  no results  not helpful  query\n"
                        "         4           4            0  drucker   [druck]\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("alt"), std::string::npos) << "row outside the window shown";
}

} // namespace
} // namespace antwort
