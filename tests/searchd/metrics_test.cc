/** @file Metrics: the Prometheus text rendering of counters, gauges and histograms. */
#include "antwort/searchd/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace antwort::searchd {
namespace {

TEST(MetricsTest, RendersCountersAndGaugesWithHelpAndType) {
    Metrics m;
    m.describe("antwort_things_total", Metrics::Type::Counter, "Things seen.");
    m.count("antwort_things_total", {{"kind", "a"}});
    m.count("antwort_things_total", {{"kind", "a"}}, 2);
    m.count("antwort_things_total", {{"kind", "b"}});
    m.set("antwort_level", {}, 0.5);
    EXPECT_EQ(m.render(), "# TYPE antwort_level gauge\n"
                          "antwort_level 0.5\n"
                          "# HELP antwort_things_total Things seen.\n"
                          "# TYPE antwort_things_total counter\n"
                          "antwort_things_total{kind=\"a\"} 3\n"
                          "antwort_things_total{kind=\"b\"} 1\n");
    EXPECT_EQ(m.value("antwort_things_total", {{"kind", "a"}}), 3);
    EXPECT_EQ(m.value("antwort_things_total", {{"kind", "c"}}), 0);
    EXPECT_EQ(m.value("missing"), 0);
}

TEST(MetricsTest, CountersNeverGoDown) {
    Metrics m;
    m.count("c_total", {}, 5);
    m.count("c_total", {}, -3);
    EXPECT_EQ(m.value("c_total"), 5);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
    Metrics m;
    m.describe("lat_seconds", Metrics::Type::Histogram, "Latency.", {0.1, 1});
    m.observe("lat_seconds", {{"endpoint", "/x"}}, 0.05);
    m.observe("lat_seconds", {{"endpoint", "/x"}}, 0.1); // le is inclusive
    m.observe("lat_seconds", {{"endpoint", "/x"}}, 0.5);
    m.observe("lat_seconds", {{"endpoint", "/x"}}, 7);
    EXPECT_EQ(m.render(), "# HELP lat_seconds Latency.\n"
                          "# TYPE lat_seconds histogram\n"
                          "lat_seconds_bucket{endpoint=\"/x\",le=\"0.1\"} 2\n"
                          "lat_seconds_bucket{endpoint=\"/x\",le=\"1\"} 3\n"
                          "lat_seconds_bucket{endpoint=\"/x\",le=\"+Inf\"} 4\n"
                          "lat_seconds_sum{endpoint=\"/x\"} 7.65\n"
                          "lat_seconds_count{endpoint=\"/x\"} 4\n");
}

TEST(MetricsTest, EscapesLabelValues) {
    EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    Metrics m;
    m.count("x_total", {{"path", "say \"hi\""}});
    EXPECT_NE(m.render().find("x_total{path=\"say \\\"hi\\\"\"} 1\n"), std::string::npos)
        << m.render();
}

TEST(MetricsTest, CountsFromManyThreads) {
    Metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&m] {
            for (int i = 0; i < 1000; ++i) {
                m.count("n_total");
                m.observe("h_seconds", {}, 0.001 * i);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(m.value("n_total"), 4000);
    EXPECT_NE(m.render().find("h_seconds_count 4000\n"), std::string::npos);
}

} // namespace
} // namespace antwort::searchd
