/** @file SearchRequest/SearchResponse and validation of request parameters. */
#pragma once

#include "antwort/document.h"
#include "antwort/feedback_store.h"
#include "antwort/result.h"
#include "antwort/searchd/param_map.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace antwort::searchd {

/** Largest accepted query text in bytes; longer queries are refused (400). */
constexpr size_t MAX_QUERY_BYTES = 1024;
/** Results per page when the request does not say. */
constexpr unsigned DEFAULT_PER_PAGE = 10;
/** Largest page size; antwort-eval asks for exactly this (Recall@100). */
constexpr unsigned MAX_PER_PAGE = 100;
/** Deepest page (keeps the offset and the work per request bounded). */
constexpr unsigned MAX_PAGE = 1000;

/**
 * Request limits an operator may tighten or loosen (--max-query-bytes,
 * --max-per-page); the defaults are MAX_QUERY_BYTES and MAX_PER_PAGE.
 */
struct RequestLimits {
    size_t max_query_bytes = MAX_QUERY_BYTES; ///< longer `q` values are refused (400)
    unsigned max_per_page = MAX_PER_PAGE;     ///< larger `per_page` values are refused (400)
};

/** `sort=`: by score, by last activity (newest first), by rating (best first). */
enum class SortOrder { Relevance, Newest, Rating };

/** One search, as the HTTP layer and antwort-eval hand it to SearchService. */
struct SearchRequest {
    std::string q;                       ///< the user's query text (may be empty with filters)
    std::vector<std::string> types;      ///< type filter values, OR'ed
    std::vector<std::string> categories; ///< category filter values, OR'ed
    std::vector<std::string> tags;       ///< tag filter values, OR'ed
    unsigned page = 1;                   ///< 1-based
    unsigned per_page = DEFAULT_PER_PAGE;
    /** Build snippets (antwort-eval turns this off: it does not change ranking). */
    bool snippets = true;
    /** explain=1: each hit carries how its score came about (costs extra queries). */
    bool explain = false;
    /** Hits carry their id, score and thread_hits only, read without the
     *  stored document when the index keeps ids in a value slot
     *  (Schema::id_slot): antwort-eval and its line protocol. */
    bool ids_only = false;
    /** collapse=true (default): one hit per forum thread (ranking.h). */
    bool collapse = true;
    SortOrder sort = SortOrder::Relevance;

    /** updated_after: only documents updated at or after this time (Unix seconds). */
    std::optional<int64_t> updated_after;
    /** facets=type,category,tags: count these over the whole result set. */
    std::vector<std::string> facets;

    bool has_filters() const {
        return !types.empty() || !categories.empty() || !tags.empty() || updated_after;
    }
};

/** How one query word was analysed, for explain=1. */
struct WordAnalysis {
    std::string word;                  ///< as typed
    std::string folded;                ///< case-folded (fold_case)
    std::string term;                  ///< index term of the whole word (folded, stemmed)
    std::vector<std::string> parts;    ///< compound / hyphen parts, as index terms
    std::string exact;                 ///< exact-surface term, or "" when the word has none
    std::vector<std::string> synonyms; ///< synonym index terms added to the query
    bool stop_word = false;            ///< joined with the stop-word weight only
};

/** The score of one hit split into its parts, for explain=1. */
struct HitExplain {
    /** Weight of each text part (QueryPart::name -> weight); they sum to text. */
    std::vector<std::pair<std::string, double>> parts;
    double text = 0;   ///< BM25 part: the text query alone
    double rating = 0;     ///< rating boost: own and thread's best Wilson bound (ranking.h)
    double type_boost = 0; ///< content-kind boost
    double recency = 0;    ///< recency boost of the post's month
};

/** One result. */
struct SearchHit {
    std::string id;
    std::string type;
    std::string title;
    std::optional<std::string> url;
    std::string snippet;      ///< HTML: escaped text with <mark>…</mark> around matches
    std::string snippet_text; ///< the same passage as plain text
    /** Matched ranges of snippet_text in code points, [start, end). */
    std::vector<std::pair<size_t, size_t>> highlights;
    double score = 0;
    std::optional<Rating> rating;
    std::optional<std::string> category;
    std::vector<std::string> tags;
    std::optional<std::string> thread;
    /** Matching posts of the hit's thread (1 without a thread); set when collapsed. */
    std::optional<uint64_t> thread_hits;
    std::optional<HitExplain> explain; ///< with explain=1 only
    HelpfulCounts helpful; ///< "Was this helpful?" counts (feedback store; 0/0 without)
};

/** Counts of one facet's values over the whole result set, most frequent first. */
struct Facet {
    std::string name; ///< "type", "category" or "tags"
    std::vector<std::pair<std::string, uint64_t>> values;
};

/** The facet names `facets=` accepts. */
inline constexpr const char* FACET_NAMES[] = {"type", "category", "tags"};

/** One page of results. */
/** Where a search spent its time (explain=1): the first phase matches with the
 *  cheap signals, the second reranks its candidates with all of them. */
struct SearchPhases {
    double match_ms = 0;     ///< first phase: words, parts, title, synonyms (Xapian's match)
    double rerank_ms = 0;    ///< second phase: proximity and boosts on the candidates
    double hits_ms = 0;      ///< stored documents, snippets and explanations of the page
    uint64_t candidates = 0; ///< documents the first phase passed to the second
};

struct SearchResponse {
    std::string query;
    /** Matching documents, counting a collapsed thread once (exact for small
     *  result sets). */
    uint64_t total = 0;
    unsigned page = 1;
    unsigned per_page = DEFAULT_PER_PAGE;
    double took_ms = 0;
    std::vector<SearchHit> hits;
    /** "Did you mean": a corrected query with more hits, when this one had few. */
    std::optional<std::string> suggestion;
    /** The analysed query words, with explain=1 only. */
    std::vector<WordAnalysis> words;
    /** The search ran past ServiceOptions::time_budget: total may be an
     *  estimate and no suggestion was looked for. */
    bool timed_out = false;
    /** The requested facets (facets=), in the order asked for. */
    std::vector<Facet> facets;
    /** Time per phase (in the JSON with explain=1). */
    SearchPhases phases;
    /** explain=1 was asked for. */
    bool explained = false;
};

/**
 * Validates the parameters of `GET /search`: `q` is required (it may be
 * empty only when a filter is given) and at most @p limits.max_query_bytes
 * long; `page` is an integer in 1..MAX_PAGE, `per_page` in 1..@p limits.max_per_page;
 * `type`, `category` and `tag` may repeat and hold comma-separated values.
 * Unknown parameters are ignored. Errors are InvalidArgument with a message
 * naming the parameter.
 */
Result<SearchRequest> parse_search_params(const ParamMap& params,
                                          const RequestLimits& limits = {});


} // namespace antwort::searchd
