/** @file Command-line configuration of antwort-searchd and antwort-eval. */
#pragma once

#include "antwort/result.h"

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
     *  --synonym-weight, --exact-weight, --phrase-weight (>= 0; 0 disables). */
    std::optional<double> synonym_weight;
    std::optional<double> exact_weight;
    std::optional<double> phrase_weight;
    /** Editor synonym file (--synonyms); unset: the schemas/synonyms.txt
     *  of the source tree (ANTWORT_SYNONYMS_FILE), "" none. */
    std::optional<std::string> synonyms_file;
    /** OpenThesaurus text file (--thesaurus); unset: DEFAULT_THESAURUS_FILE, "" none. */
    std::optional<std::string> thesaurus_file;
    /** How often a worker checks the `current` symlink and the database
     *  revision. 200 ms keeps the cost (one readlink) invisible while making
     *  a published build visible almost at once. Tests set it to 0. */
    std::chrono::milliseconds reload_interval{200};
};

/** Configuration of the antwort-searchd daemon. */
struct Config {
    ServiceOptions service;
    std::string host = "127.0.0.1";
    int port = 8080;      ///< 0 picks a free port (printed on startup)
    unsigned threads = 0; ///< worker threads; 0 means max(4, hardware threads)

    /** Checks ranges (threads, port, ranking parameters). */
    Result<void> validate() const;
};

/** Configuration of antwort-eval. */
struct EvalConfig {
    ServiceOptions service;
    std::string queries; ///< queries.tsv
    std::string qrels;   ///< qrels.tsv
    std::string run;     ///< optional TREC run output file ("" = none)
};

/** The usage text of antwort-searchd. */
const char* searchd_usage();
/** The usage text of antwort-eval. */
const char* eval_usage();

/**
 * Parses antwort-searchd's arguments (without the program name):
 * `--index DIR [--listen HOST:PORT] [--threads N] [--rating-weight W] [--k1 X] [--b Y]`.
 * Both `--opt value` and `--opt=value` are accepted. Fails with
 * InvalidArgument naming the bad option; "--help" yields NotFound so the
 * caller can print usage and exit 0.
 */
Result<Config> parse_searchd_args(const std::vector<std::string>& args);

/**
 * Parses antwort-eval's arguments: `--index DIR --queries FILE --qrels FILE
 * [--run FILE] [--rating-weight W] [--k1 X] [--b Y]`.
 */
Result<EvalConfig> parse_eval_args(const std::vector<std::string>& args);

} // namespace antwort::searchd
