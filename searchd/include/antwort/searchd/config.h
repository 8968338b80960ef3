/** @file Configuration of antwort-searchd (command line and config file) and antwort-eval. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/search_request.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace antwort::searchd {

/**
 * How SearchService opens and ranks an index. Ranking overrides are optional:
 * when unset, the values stored with the index's schema (RankingSpec) apply,
 * so the indexer and searchd agree unless an operator says otherwise.
 */
struct ServiceOptions {
    std::filesystem::path index;         ///< the index directory (--index)
    std::optional<double> rating_weight; ///< --rating-weight, >= 0
    std::optional<double> bm25_k1;       ///< --k1, >= 0
    std::optional<double> bm25_b;        ///< --b, in [0, 1]
    /** Boost overrides (ranking.h): --thread-rating-share S (0..1),
     *  --type-boost KIND=W[,KIND=W...] (repeatable), --recency-weight W,
     *  --recency-half-life DAYS (> 0). */
    std::optional<double> thread_rating_share;
    std::map<std::string, double> type_boost;
    std::optional<double> recency_weight;
    std::optional<double> recency_half_life_days;
    /** Query term weights (query_builder.h QueryWeights), for tuning:
     *  --synonym-weight, --exact-weight, --phrase-weight, --title-weight,
     *  --derivation-weight (>= 0; 0 disables). */
    std::optional<double> synonym_weight;
    std::optional<double> exact_weight;
    std::optional<double> phrase_weight;
    std::optional<double> title_weight;
    std::optional<double> derivation_weight;
    /** Editor synonym file (--synonyms); unset: the schemas/synonyms.txt
     *  of the source tree (ANTWORT_SYNONYMS_FILE), "" none. */
    std::optional<std::string> synonyms_file;
    /** OpenThesaurus text file (--thesaurus); unset: DEFAULT_THESAURUS_FILE, "" none. */
    std::optional<std::string> thesaurus_file;
    /** How often a worker checks the `current` symlink and the database
     *  revision. 200 ms keeps the cost (one readlink) invisible while making
     *  a published build visible almost at once. Tests set it to 0. */
    std::chrono::milliseconds reload_interval{200};
    /** Request limits (--max-query-bytes, --max-per-page). */
    RequestLimits limits;
    /** Time budget of one search (--time-budget-ms, 0 = none). Past it the
     *  match stops counting beyond the page (total becomes an estimate), the
     *  "did you mean" step is skipped and the response says "timed_out": true. */
    std::chrono::milliseconds time_budget{0};
};

/**
 * `POST /feedback` ("Was this helpful?"): abuse limits and how often votes
 * reach the rating slot. The limits keep no personal data: the per-connection
 * bucket is keyed by the connection's address and port in memory only.
 */
struct FeedbackOptions {
    /** How often the applier writes new votes into the live generation
     *  (--feedback-apply-ms). */
    std::chrono::milliseconds apply_interval{1000};
    /** Token bucket per connection: votes per second refilled
     *  (--feedback-rate) and bucket size (--feedback-burst). */
    double rate_per_second = 1.0;
    long burst = 10;
    /** Votes accepted per document per minute, all clients together
     *  (--feedback-doc-limit). */
    long per_document_per_minute = 60;
};

/** How much antwort-searchd writes to stderr (--log-level). */
enum class LogLevel { Error, Warn, Info, Debug };

/** "error", "warn", "info", "debug". */
const char* log_level_name(LogLevel level);

/** searchd's default per-search time budget. */
inline constexpr std::chrono::milliseconds DEFAULT_TIME_BUDGET{2000};

/** Configuration of the antwort-searchd daemon. */
struct Config {
    ServiceOptions service;
    FeedbackOptions feedback;
    std::string host = "127.0.0.1";
    int port = 8080;      ///< 0 picks a free port (printed on startup)
    unsigned threads = 0; ///< worker threads; 0 means max(4, hardware threads)
    /** Origins allowed to call the API from browsers (--cors-origin, repeatable;
     *  see cors.h). Empty: no CORS headers at all. */
    std::vector<std::string> cors_origins;

    /** The --config file the settings came from ("" = none); for /admin/status. */
    std::string config_file;
    /** Keys accepted in `Authorization: Bearer KEY` for /admin/... (--api-key,
     *  repeatable). None: the admin endpoints are disabled (403). */
    std::vector<std::string> api_keys;
    LogLevel log_level = LogLevel::Info; ///< --log-level
    /** Largest request body (--max-body-bytes); larger ones get 413. */
    size_t max_body_bytes = 64 * 1024;
    /** Open connections, idle keep-alive ones included (--max-connections);
     *  more get 503 at once. Waiting connections hold no worker. */
    unsigned max_connections = 256;
    /** From a request's first byte to its last (--request-timeout-ms); a
     *  slower request gets 408 and its connection is closed. */
    std::chrono::milliseconds request_timeout{10'000};
    /** How long a keep-alive connection may wait for its next request
     *  (--idle-timeout-ms). */
    std::chrono::milliseconds idle_timeout{5'000};

    /** Checks ranges (threads, port, ranking parameters, limits, keys). */
    Result<void> validate() const;
};

/** Configuration of antwort-eval. */
struct EvalConfig {
    ServiceOptions service;
    std::string queries; ///< queries.tsv
    std::string qrels;   ///< qrels.tsv
    std::string run;     ///< optional TREC run output file ("" = none)
    /** --similar: run each query as `GET /similar?text=` and report Hit@5 and MRR@10. */
    bool similar = false;
};

/** The usage text of antwort-searchd. */
const char* searchd_usage();
/** The usage text of antwort-eval. */
const char* eval_usage();

/**
 * Parses antwort-searchd's arguments (without the program name):
 * `--index DIR [--listen HOST:PORT] [--threads N] [--rating-weight W] [--k1 X] [--b Y] ...`
 * (see searchd_usage()). Both `--opt value` and `--opt=value` are accepted.
 *
 * `--config FILE` reads options from FILE first: one `name = value` per
 * line, where name is a long option without the dashes (`-` or `_` alike:
 * `api_key = ...` is `--api-key ...`), `#` starts a comment line, a value may
 * be put in double quotes. Every option of the command line works there, so
 * one option table serves both. Options on the command line come after the
 * file's, so they override its values; repeatable options (`--api-key`)
 * add to the file's list.
 *
 * Fails with InvalidArgument naming the bad option (and `FILE:LINE:` for
 * an option from the config file); "--help" yields NotFound so the caller
 * can print usage and exit 0.
 */
Result<Config> parse_searchd_args(const std::vector<std::string>& args);

/**
 * Parses antwort-eval's arguments: `--index DIR --queries FILE --qrels FILE
 * [--run FILE] [--rating-weight W] [--k1 X] [--b Y]`.
 */
Result<EvalConfig> parse_eval_args(const std::vector<std::string>& args);

} // namespace antwort::searchd
