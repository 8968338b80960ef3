/** @file Metrics: counters, gauges and histograms rendered in the Prometheus text format. */
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antwort::searchd {

/** Label pairs of one series, e.g. {{"endpoint", "/search"}, {"status", "200"}}.
 *  Give the labels of a metric in the same order every time. */
using Labels = std::vector<std::pair<std::string, std::string>>;

/**
 * A small registry of metrics for `GET /metrics` (Prometheus text exposition
 * format 0.0.4). Series are created on first use; every method is
 * thread-safe, so handlers may count from any worker:
 *
 *     metrics.count("antwort_feedback_total", {{"helpful", "true"}});
 *
 * describe() adds the `# HELP` text; a name used without it is a counter
 * (count), gauge (set) or histogram (observe) with an empty help line.
 * Names follow Prometheus conventions: `antwort_` prefix, `_total` for
 * counters, base units (seconds, bytes).
 */
class Metrics {
  public:
    enum class Type { Counter, Gauge, Histogram };

    /** Latency buckets in seconds, 1 ms .. 10 s (upper bounds; +Inf is implied). */
    static const std::vector<double>& latency_buckets();

    /** Sets the type and `# HELP` text of @p name (histograms: @p buckets, default latency_buckets()). */
    void describe(const std::string& name, Type type, const std::string& help,
                  std::vector<double> buckets = {});

    /** Adds @p by (>= 0) to the counter @p name{labels}. */
    void count(std::string_view name, const Labels& labels = {}, double by = 1);

    /** Sets the gauge @p name{labels} to @p value (also used to mirror a counter kept elsewhere). */
    void set(std::string_view name, const Labels& labels, double value);

    /** Records @p value in the histogram @p name{labels}. */
    void observe(std::string_view name, const Labels& labels, double value);

    /** The current value of counter or gauge @p name{labels}; 0 when it does not exist. */
    double value(std::string_view name, const Labels& labels = {}) const;

    /** All metrics in the text exposition format, families sorted by name. */
    std::string render() const;

  private:
    struct Series {
        double value = 0;                   // counter or gauge
        std::vector<uint64_t> bucket_count; // histogram, per bucket (not cumulative)
        double sum = 0;
        uint64_t count = 0;
    };
    struct Family {
        Type type = Type::Counter;
        std::string help;
        std::vector<double> buckets;
        std::map<std::string, Series> series; // key: rendered labels without braces
    };

    Family& family(std::string_view name, Type type);

    mutable std::mutex mutex_;
    std::map<std::string, Family, std::less<>> families_;
};

/** Escapes a label value for the text format (backslash, double quote, newline). */
std::string escape_label_value(std::string_view value);

} // namespace antwort::searchd
