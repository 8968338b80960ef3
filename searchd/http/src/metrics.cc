/** @file Metrics registry and its Prometheus text rendering. */
#include "antwort/searchd/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace antwort::searchd {

namespace {

/** Shortest text that reads back as @p d; "+Inf"/"-Inf"/"NaN" as the format spells them. */
std::string number(double d) {
    if (std::isnan(d)) {
        return "NaN";
    }
    if (std::isinf(d)) {
        return d > 0 ? "+Inf" : "-Inf";
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

std::string label_key(const Labels& labels) {
    std::string key;
    for (const auto& [name, value] : labels) {
        if (!key.empty()) {
            key += ',';
        }
        key += name;
        key += "=\"";
        key += escape_label_value(value);
        key += '"';
    }
    return key;
}

const char* type_name(Metrics::Type type) {
    switch (type) {
    case Metrics::Type::Counter:
        return "counter";
    case Metrics::Type::Gauge:
        return "gauge";
    case Metrics::Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

/** `name{key}` or `name` when there are no labels. */
std::string series_name(std::string_view name, const std::string& key) {
    std::string out(name);
    if (!key.empty()) {
        out += '{';
        out += key;
        out += '}';
    }
    return out;
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

const std::vector<double>& Metrics::latency_buckets() {
    static const std::vector<double> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,   0.25,   0.5,   1,    2.5,   5, 10};
    return buckets;
}

Metrics::Family& Metrics::family(std::string_view name, Type type) {
    auto it = families_.find(name);
    if (it == families_.end()) {
        it = families_.emplace(std::string(name), Family{}).first;
        it->second.type = type;
        if (type == Type::Histogram) {
            it->second.buckets = latency_buckets();
        }
    }
    return it->second;
}

void Metrics::describe(const std::string& name, Type type, const std::string& help,
                       std::vector<double> buckets) {
    std::lock_guard lock(mutex_);
    Family& f = family(name, type);
    f.type = type;
    f.help = help;
    if (type == Type::Histogram) {
        f.buckets = buckets.empty() ? latency_buckets() : std::move(buckets);
        std::sort(f.buckets.begin(), f.buckets.end());
    }
}

void Metrics::count(std::string_view name, const Labels& labels, double by) {
    const std::string key = label_key(labels);
    std::lock_guard lock(mutex_);
    family(name, Type::Counter).series[key].value += std::max(by, 0.0);
}

void Metrics::set(std::string_view name, const Labels& labels, double value) {
    const std::string key = label_key(labels);
    std::lock_guard lock(mutex_);
    family(name, Type::Gauge).series[key].value = value;
}

void Metrics::observe(std::string_view name, const Labels& labels, double value) {
    const std::string key = label_key(labels);
    std::lock_guard lock(mutex_);
    Family& f = family(name, Type::Histogram);
    Series& s = f.series[key];
    s.bucket_count.resize(f.buckets.size());
    // The first bucket whose upper bound holds the value; past the last: +Inf only.
    auto at = std::lower_bound(f.buckets.begin(), f.buckets.end(), value);
    if (at != f.buckets.end()) {
        ++s.bucket_count[static_cast<size_t>(at - f.buckets.begin())];
    }
    s.sum += value;
    ++s.count;
}

double Metrics::value(std::string_view name, const Labels& labels) const {
    const std::string key = label_key(labels);
    std::lock_guard lock(mutex_);
    auto f = families_.find(name);
    if (f == families_.end()) {
        return 0;
    }
    auto s = f->second.series.find(key);
    return s == f->second.series.end() ? 0 : s->second.value;
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, f] : families_) {
        if (!f.help.empty()) {
            out += "# HELP " + name + ' ' + f.help + '\n';
        }
        out += "# TYPE " + name + ' ' + type_name(f.type) + '\n';
        for (const auto& [key, s] : f.series) {
            if (f.type != Type::Histogram) {
                out += series_name(name, key) + ' ' + number(s.value) + '\n';
                continue;
            }
            const std::string prefix = key.empty() ? std::string() : key + ',';
            uint64_t cumulative = 0;
            for (size_t i = 0; i < f.buckets.size(); ++i) {
                cumulative += i < s.bucket_count.size() ? s.bucket_count[i] : 0;
                out += name + "_bucket{" + prefix + "le=\"" + number(f.buckets[i]) + "\"} " +
                       std::to_string(cumulative) + '\n';
            }
            out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(s.count) + '\n';
            out += series_name(name + "_sum", key) + ' ' + number(s.sum) + '\n';
            out += series_name(name + "_count", key) + ' ' + std::to_string(s.count) + '\n';
        }
    }
    return out;
}

} // namespace antwort::searchd
