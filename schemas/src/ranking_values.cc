/** @file Derived ranking values: content kind, month buckets, last activity. */
#include "antwort/ranking_values.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace antwort {

std::string_view own_kind(const Document& doc) {
    if (doc.type == "faq") {
        return KIND_FAQ;
    }
    if (doc.type == "article") {
        return KIND_ARTICLE;
    }
    if (doc.type == "forum") {
        return doc.accepted.value_or(false) ? KIND_ACCEPTED : KIND_UNANSWERED;
    }
    return {};
}

std::string month_bucket(int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return month_from_index(static_cast<int64_t>(tm.tm_year + 1900) * 12 + tm.tm_mon);
}

std::optional<int64_t> activity_time(const Document& doc) {
    std::optional<int64_t> best;
    for (const auto* date : {&doc.created, &doc.updated}) {
        if (!*date) {
            continue;
        }
        if (auto seconds = parse_iso8601(**date)) {
            best = best ? std::max(*best, *seconds) : *seconds;
        }
    }
    return best;
}

std::string month_value(const Document& doc) {
    if (doc.type != "forum") {
        return std::string(EVERGREEN_MONTH);
    }
    auto when = activity_time(doc);
    return when ? month_bucket(*when) : std::string(EVERGREEN_MONTH);
}

std::optional<int64_t> month_index(std::string_view bucket) {
    if (bucket.size() != 7 || bucket[4] != '-') {
        return std::nullopt;
    }
    int64_t year = 0;
    for (size_t i = 0; i < 4; ++i) {
        if (bucket[i] < '0' || bucket[i] > '9') {
            return std::nullopt;
        }
        year = year * 10 + (bucket[i] - '0');
    }
    if (bucket[5] < '0' || bucket[5] > '9' || bucket[6] < '0' || bucket[6] > '9') {
        return std::nullopt;
    }
    const int month = (bucket[5] - '0') * 10 + (bucket[6] - '0');
    if (month < 1 || month > 12) {
        return std::nullopt;
    }
    return year * 12 + month - 1;
}

std::string month_from_index(int64_t index) {
    index = std::clamp<int64_t>(index, 0, 9999 * 12 + 11);
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d", static_cast<int>(index / 12),
                  static_cast<int>(index % 12) + 1);
    return out;
}

std::string kind_month_value(std::string_view kind, std::string_view month) {
    if (month == EVERGREEN_MONTH) {
        month = {};
    }
    kind = kind.substr(0, 2); // unique among the kinds above
    std::string value;
    value.reserve(month.size() + 1 + kind.size());
    value.append(month).append(1, '|').append(kind);
    return value;
}

std::string ranked_rating_value(std::optional<double> own) {
    return Xapian::sortable_serialise(own.value_or(0.0));
}

std::string_view month_of_kind_month(std::string_view value) {
    const size_t bar = value.find('|');
    if (bar == std::string_view::npos) {
        return {};
    }
    return bar == 0 ? EVERGREEN_MONTH : value.substr(0, bar);
}

} // namespace antwort
