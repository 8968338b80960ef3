/** @file ServiceOptions: how the search engine opens and ranks an index. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/search_request.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace antwort::searchd {

/**
 * How SearchService opens and ranks an index. Ranking overrides are optional:
 * when unset, the values stored with the index's schema (RankingSpec) apply,
 * so the indexer and searchd agree unless an operator says otherwise.
 */
/** searchd's default rerank depth (ServiceOptions::rerank_depth). */
inline constexpr unsigned DEFAULT_RERANK_DEPTH = 50;

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
    /** Candidates beyond the page that the first phase of a relevance search
     *  passes to the second (--rerank-depth; search_service.cc). 0: match
     *  the whole query, proximity and boosts included, in one phase. */
    unsigned rerank_depth = DEFAULT_RERANK_DEPTH;
};

/** searchd's default per-search time budget. */
inline constexpr std::chrono::milliseconds DEFAULT_TIME_BUDGET{2000};

/**
 * Checks the ranges of @p options (weights >= 0, shares in 0..1, an index
 * given); InvalidArgument naming the option otherwise.
 */
Result<void> validate_service_options(const ServiceOptions& options);

} // namespace antwort::searchd
