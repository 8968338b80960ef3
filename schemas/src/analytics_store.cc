/** @file AnalyticsStore and the analytics report (shared by antwort-indexer and searchd). */
#include "antwort/analytics_store.h"

#include "antwort/json_writer.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

namespace antwort {

namespace {

constexpr std::string_view SCHEMA = R"(
CREATE TABLE IF NOT EXISTS query_day (
    day           TEXT    NOT NULL,            -- UTC date YYYY-MM-DD
    query_key     TEXT    NOT NULL,            -- analytics_key() of the query
    searches      INTEGER NOT NULL DEFAULT 0,
    zero_results  INTEGER NOT NULL DEFAULT 0,
    not_helpful   INTEGER NOT NULL DEFAULT 0,
    display       TEXT    NOT NULL DEFAULT '', -- most frequent spelling, lower-cased
    display_count INTEGER NOT NULL DEFAULT 0,  -- how often that spelling was counted
    PRIMARY KEY (day, query_key)
) WITHOUT ROWID;
)";

// UPDATE expressions see the row's old values, so every CASE compares
// against the stored display form, not the one being written.
constexpr std::string_view UPSERT = R"(
INSERT INTO query_day (day, query_key, searches, zero_results, not_helpful, display, display_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (day, query_key) DO UPDATE SET
    searches = searches + excluded.searches,
    zero_results = zero_results + excluded.zero_results,
    not_helpful = not_helpful + excluded.not_helpful,
    display = CASE
        WHEN excluded.display = '' THEN display
        WHEN display = '' OR excluded.display_count > display_count THEN excluded.display
        ELSE display END,
    display_count = CASE
        WHEN excluded.display = '' THEN display_count
        WHEN excluded.display = display THEN display_count + excluded.display_count
        WHEN display = '' OR excluded.display_count > display_count THEN excluded.display_count
        ELSE display_count END
)";

// Votes without searches: only onto the key's latest searched day up to theirs.
constexpr std::string_view ADD_NOT_HELPFUL = R"(
UPDATE query_day SET not_helpful = not_helpful + ?3
WHERE query_key = ?2 AND day = (SELECT MAX(day) FROM query_day
                                WHERE query_key = ?2 AND day <= ?1 AND searches > 0)
)";

// SQLite fills the bare column `display` from the row holding MAX(display_count).
constexpr std::string_view TOTALS = R"(
SELECT query_key, SUM(searches), SUM(zero_results), SUM(not_helpful), display, MAX(display_count)
FROM query_day WHERE day BETWEEN ?1 AND ?2 GROUP BY query_key ORDER BY query_key
)";

} // namespace

std::filesystem::path AnalyticsStore::path_in(const std::filesystem::path& index_dir) {
    return index_dir / FILE_NAME;
}

Result<AnalyticsStore> AnalyticsStore::open(const std::filesystem::path& file, bool read_only) {
    std::error_code ec;
    if (read_only && !std::filesystem::exists(file, ec)) {
        return make_error(ErrorCode::NotFound, "no analytics store at " + file.string());
    }
    auto db = sqlite::Database::open(file, read_only);
    if (!db) {
        return db.error();
    }
    if (!read_only) {
        if (auto created = db->exec(SCHEMA); !created) {
            return created.error();
        }
    }
    return AnalyticsStore(std::move(*db));
}

Result<void> AnalyticsStore::add(const std::vector<AnalyticsDelta>& deltas) {
    if (deltas.empty()) {
        return {};
    }
    auto stmt = db_.prepare(UPSERT);
    if (!stmt) {
        return stmt.error();
    }
    auto votes = db_.prepare(ADD_NOT_HELPFUL);
    if (!votes) {
        return votes.error();
    }
    return sqlite::transaction(db_, [&]() -> Result<void> {
        for (const auto& d : deltas) {
            if (d.counts.searches == 0) {
                // A vote's query never creates a row (nor stores its text).
                if (d.counts.not_helpful == 0) {
                    continue;
                }
                votes->reset();
                votes->bind(1, d.day).bind(2, d.key).bind(3, d.counts.not_helpful);
                if (auto done = votes->run(); !done) {
                    return done;
                }
                continue;
            }
            stmt->reset();
            stmt->bind(1, d.day)
                .bind(2, d.key)
                .bind(3, d.counts.searches)
                .bind(4, d.counts.zero_results)
                .bind(5, d.counts.not_helpful)
                .bind(6, d.form)
                .bind(7, d.form_count);
            if (auto done = stmt->run(); !done) {
                return done;
            }
        }
        return {};
    });
}

Result<std::vector<QueryTotals>> AnalyticsStore::totals(std::string_view first_day,
                                                        std::string_view last_day) {
    auto stmt = db_.prepare(TOTALS);
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, first_day).bind(2, last_day);
    std::vector<QueryTotals> out;
    while (true) {
        auto row = stmt->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        QueryTotals t;
        t.key = stmt->column_text(0);
        t.counts.searches = stmt->column_int(1);
        t.counts.zero_results = stmt->column_int(2);
        t.counts.not_helpful = stmt->column_int(3);
        t.display = stmt->column_text(4);
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<std::string>> AnalyticsStore::columns() {
    auto stmt = db_.prepare("SELECT name FROM pragma_table_info('query_day') ORDER BY cid");
    if (!stmt) {
        return stmt.error();
    }
    std::vector<std::string> names;
    while (true) {
        auto row = stmt->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        names.push_back(stmt->column_text(0));
    }
    return names;
}

std::string utc_day(std::time_t when, int offset_days) {
    const std::time_t t = when + static_cast<std::time_t>(offset_days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

Result<AnalyticsReport> build_analytics_report(const std::filesystem::path& index_dir, int days,
                                               size_t limit, std::time_t now) {
    if (days < 1 || days > MAX_REPORT_DAYS) {
        return make_error(ErrorCode::InvalidArgument,
                          "days must be between 1 and " + std::to_string(MAX_REPORT_DAYS));
    }
    if (limit < 1 || limit > MAX_REPORT_LIMIT) {
        return make_error(ErrorCode::InvalidArgument,
                          "limit must be between 1 and " + std::to_string(MAX_REPORT_LIMIT));
    }
    AnalyticsReport report;
    report.days = days;
    report.from = utc_day(now, -(days - 1));
    report.to = utc_day(now);

    std::vector<QueryTotals> all;
    auto store = AnalyticsStore::open(AnalyticsStore::path_in(index_dir), true);
    if (!store && store.error().code != ErrorCode::NotFound) {
        return store.error();
    }
    if (store) {
        auto totals = store->totals(report.from, report.to);
        if (!totals) {
            return totals.error();
        }
        all = std::move(*totals);
    }
    for (const auto& t : all) {
        report.searches += t.counts.searches;
        report.zero_results += t.counts.zero_results;
        report.not_helpful += t.counts.not_helpful;
    }
    report.distinct_queries = static_cast<int64_t>(all.size());

    // Highest count first; ties in key order (stable sort over key-ordered rows).
    auto top = [&all, limit](int64_t QueryCounts::*field) {
        std::vector<QueryTotals> out;
        for (const auto& t : all) {
            if (t.counts.*field > 0) {
                out.push_back(t);
            }
        }
        std::stable_sort(out.begin(), out.end(), [field](const auto& a, const auto& b) {
            return a.counts.*field > b.counts.*field;
        });
        if (out.size() > limit) {
            out.resize(limit);
        }
        return out;
    };
    report.top_queries = top(&QueryCounts::searches);
    report.top_zero_results = top(&QueryCounts::zero_results);
    report.top_not_helpful = top(&QueryCounts::not_helpful);
    return report;
}

namespace {

void write_entries(JsonWriter& w, std::string_view name, const std::vector<QueryTotals>& list) {
    w.key(name).begin_array();
    for (const auto& t : list) {
        w.begin_object();
        w.key("query").value(t.display.empty() ? t.key : t.display);
        w.key("key").value(t.key);
        w.key("searches").value(t.counts.searches);
        w.key("zero_results").value(t.counts.zero_results);
        w.key("not_helpful").value(t.counts.not_helpful);
        w.end_object();
    }
    w.end_array();
}

/** @p n right-aligned in @p width columns. */
std::string right(int64_t n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%*lld", width, static_cast<long long>(n));
    return buf;
}

void text_table(std::string& out, std::string_view title, const std::vector<QueryTotals>& list) {
    out += '\n';
    out += title;
    out += '\n';
    if (list.empty()) {
        out += "  (none)\n";
        return;
    }
    out += "  searches  no results  not helpful  query\n";
    for (const auto& t : list) {
        out += "  " + right(t.counts.searches, 8) + "  " + right(t.counts.zero_results, 10) + "  " +
               right(t.counts.not_helpful, 11) + "  " + (t.display.empty() ? t.key : t.display) +
               "   [" + t.key + "]\n";
    }
}

} // namespace

std::string analytics_report_json(const AnalyticsReport& report) {
    JsonWriter w;
    w.begin_object();
    w.key("from").value(report.from);
    w.key("to").value(report.to);
    w.key("days").value(report.days);
    w.key("totals").begin_object();
    w.key("searches").value(report.searches);
    w.key("zero_results").value(report.zero_results);
    w.key("not_helpful").value(report.not_helpful);
    w.key("distinct_queries").value(report.distinct_queries);
    w.end_object();
    write_entries(w, "top_queries", report.top_queries);
    write_entries(w, "top_zero_results", report.top_zero_results);
    write_entries(w, "top_not_helpful", report.top_not_helpful);
    w.end_object();
    return w.take();
}

std::string analytics_report_text(const AnalyticsReport& report) {
    std::string out = "Search analytics " + report.from + " .. " + report.to + " (" +
                      std::to_string(report.days) + (report.days == 1 ? " day" : " days") +
                      ", UTC)\n";
    out += "  " + std::to_string(report.searches) + " searches, " +
           std::to_string(report.zero_results) + " without results, " +
           std::to_string(report.not_helpful) + " marked not helpful, " +
           std::to_string(report.distinct_queries) + " distinct queries\n";
    text_table(out, "Top queries", report.top_queries);
    text_table(out, "Top queries without results", report.top_zero_results);
    text_table(out, "Top queries marked not helpful", report.top_not_helpful);
    return out;
}

} // namespace antwort
