/** @file AnalyticsStore: per-day search counts by normalised query, and the report on them. */
#pragma once

#include "antwort/result.h"
#include "antwort/sqlite.h"

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace antwort {

/** Counters kept per (day, query key). */
struct QueryCounts {
    int64_t searches = 0;     ///< `/search` requests
    int64_t zero_results = 0; ///< of those, how many found nothing
    int64_t not_helpful = 0;  ///< "not helpful" votes sent with this query (searched for)
};

/** Counts to add to one (day, key) row, as searchd's buffer collected them. */
struct AnalyticsDelta {
    std::string day; ///< UTC date, YYYY-MM-DD
    std::string key; ///< analytics_key() of the query (analyzers/query_key.h)
    QueryCounts counts;
    /** The spelling seen most often for this key in this batch (lower-cased), and how often. */
    std::string form;
    int64_t form_count = 0;
};

/** One query key's counts summed over a range of days. */
struct QueryTotals {
    std::string key;
    std::string display; ///< the spelling with the highest count on any day of the range
    QueryCounts counts;
};

/**
 * The durable store of editor analytics: `<index dir>/analytics.sqlite`
 * (SQLite, WAL), one table
 *
 *     query_day(day, query_key, searches, zero_results, not_helpful,
 *               display, display_count)   PRIMARY KEY (day, query_key)
 *
 * It holds aggregate counts per UTC day and normalised query key and one
 * display spelling per row, nothing else: no IP address, user agent, cookie,
 * user id or time of day is ever written (searchd does not pass them in).
 *
 * The display form: each add() brings the most frequent spelling of its
 * batch; a row keeps its spelling and adds to its count while the batch
 * brings the same one, and switches when another spelling's batch count is
 * higher than the stored count. With one dominant spelling this is the most
 * frequent one; otherwise it is a good approximation without keeping every
 * spelling.
 *
 * searchd writes (one connection, one transaction per flush); the indexer
 * and `GET /admin/analytics` read through their own connections. A store
 * object is used by one thread at a time.
 */
class AnalyticsStore {
  public:
    /** File name inside the index directory. */
    static constexpr std::string_view FILE_NAME = "analytics.sqlite";
    /** `index_dir / FILE_NAME`. */
    static std::filesystem::path path_in(const std::filesystem::path& index_dir);

    /**
     * Opens (creating it and its table unless @p read_only) the store at
     * @p file. Read-only opening of a missing file fails with NotFound.
     */
    static Result<AnalyticsStore> open(const std::filesystem::path& file, bool read_only = false);

    /**
     * Adds all @p deltas in one transaction (all or nothing). A delta without
     * searches (only "not helpful" votes) never creates a row: its votes are
     * added to the row of its key on the latest day up to its own on which
     * that key was searched, and dropped when there is none. So a query sent
     * with a vote is never written, and counts only for a query the store
     * already holds from real searches.
     */
    Result<void> add(const std::vector<AnalyticsDelta>& deltas);

    /**
     * Per query key, the counts summed over the days @p first_day ..
     * @p last_day (inclusive, YYYY-MM-DD), in key order.
     */
    Result<std::vector<QueryTotals>> totals(std::string_view first_day, std::string_view last_day);

    /** The column names of the store's table, in order (for the privacy test). */
    Result<std::vector<std::string>> columns();

  private:
    explicit AnalyticsStore(sqlite::Database db) : db_(std::move(db)) {}
    sqlite::Database db_;
};

/** The UTC date of @p when plus @p offset_days, as YYYY-MM-DD. */
std::string utc_day(std::time_t when, int offset_days = 0);

/** The analytics report: `antwort-indexer report` and `GET /admin/analytics`. */
struct AnalyticsReport {
    std::string from; ///< first day (UTC, YYYY-MM-DD)
    std::string to;   ///< last day, today
    int days = 0;
    int64_t searches = 0;     ///< all searches in the window
    int64_t zero_results = 0; ///< searches that found nothing
    int64_t not_helpful = 0;  ///< "not helpful" votes with a query
    int64_t distinct_queries = 0;
    std::vector<QueryTotals> top_queries;      ///< by searches
    std::vector<QueryTotals> top_zero_results; ///< by zero_results (> 0)
    std::vector<QueryTotals> top_not_helpful;  ///< by not_helpful (> 0)
};

/** Largest `--days` / `days=` accepted (ten years). */
inline constexpr int MAX_REPORT_DAYS = 3660;
/** Default and largest `--limit` / `limit=`. */
inline constexpr size_t DEFAULT_REPORT_LIMIT = 20;
inline constexpr size_t MAX_REPORT_LIMIT = 1000;

/**
 * Builds the report of the last @p days days up to and including the UTC day
 * of @p now from the store in @p index_dir, with at most @p limit entries
 * per list (ties: key order). A missing store is an empty report.
 * @p days must be in 1..MAX_REPORT_DAYS and @p limit in 1..MAX_REPORT_LIMIT
 * (else InvalidArgument).
 */
Result<AnalyticsReport> build_analytics_report(const std::filesystem::path& index_dir, int days,
                                               size_t limit, std::time_t now);

/**
 * The report as JSON:
 * `{"from","to","days","totals":{"searches","zero_results","not_helpful","distinct_queries"},
 *   "top_queries":[{"query","key","searches","zero_results","not_helpful"}],
 *   "top_zero_results":[...],"top_not_helpful":[...]}`.
 */
std::string analytics_report_json(const AnalyticsReport& report);

/** The report as readable text tables (what `antwort-indexer report` prints). */
std::string analytics_report_text(const AnalyticsReport& report);

} // namespace antwort
