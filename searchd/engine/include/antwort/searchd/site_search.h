/** @file Site search beside /search: facets, autocomplete (/suggest) and related posts (/similar). */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"
#include "antwort/searchd/evaluation.h"
#include "antwort/searchd/query_builder.h"
#include "antwort/searchd/search_request.h"

#include <xapian.h>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace antwort::searchd {

class SearchService;

/** Suggestions per `GET /suggest` unless `limit` says otherwise, and at most. */
constexpr unsigned DEFAULT_SUGGEST_LIMIT = 8;
constexpr unsigned MAX_SUGGEST_LIMIT = 20;
/** Longest `q` of `/suggest` in bytes (a search box, not a post). */
constexpr size_t MAX_SUGGEST_QUERY_BYTES = 256;
/** Related documents per `GET /similar` unless `limit` says otherwise, and at most. */
constexpr unsigned DEFAULT_SIMILAR_LIMIT = 5;
constexpr unsigned MAX_SIMILAR_LIMIT = 50;
/** Longest `text` of `/similar` in bytes (the question of a new post being written;
 *  it travels in the URL, and cpp-httplib refuses URIs over 8 KiB with 414). */
constexpr size_t MAX_SIMILAR_TEXT_BYTES = 4096;

/** `GET /suggest?q=&limit=` */
struct SuggestRequest {
    std::string q;
    unsigned limit = DEFAULT_SUGGEST_LIMIT;
};

/** One completion: a word ("term") or a document title ("title", with its id). */
struct Suggestion {
    std::string text;
    std::string kind; ///< "term" or "title"
    std::optional<std::string> id;
};

struct SuggestResponse {
    std::string query;
    std::vector<Suggestion> suggestions;
};

/** `GET /similar?id=` or `GET /similar?text=` (exactly one), `&limit=`. */
struct SimilarRequest {
    std::optional<std::string> id;
    std::string text;
    unsigned limit = DEFAULT_SIMILAR_LIMIT;
    bool snippets = true;
};

struct SimilarResponse {
    std::vector<SearchHit> hits;
};

/** Validates `/suggest` parameters: `q` required, at most MAX_SUGGEST_QUERY_BYTES; `limit`. */
Result<SuggestRequest> parse_suggest_params(const ParamMap& params);
/** Validates `/similar` parameters: exactly one of `id`, `text` (non-empty); `limit`. */
Result<SimilarRequest> parse_similar_params(const ParamMap& params);

/**
 * What the site-search functions need of an open index; SearchService lends
 * one per call (its searcher stays private to the service).
 */
struct IndexView {
    const Xapian::Database& db;
    const Schema& schema;
    const QueryBuilder& builder;
    const std::string& id_prefix;
    const Xapian::Weight& weight; ///< the service's BM25 settings
};

/**
 * Counts facet values over the whole result set with Xapian match spies:
 * `type` and `category` with ValueCountMatchSpy on their value slots; `tags`
 * (several per document) with ValueListCountMatchSpy on the slot holding the
 * serialised tag list (site_terms.h), or, for an index built before tags had
 * a slot, by reading the tag terms of each matching document.
 */
class FacetCounter {
  public:
    /** Fails (InvalidArgument) when the index's schema cannot facet by a name. */
    static Result<FacetCounter> create(const Schema& schema, const std::vector<std::string>& names);
    FacetCounter(FacetCounter&&) noexcept;
    FacetCounter& operator=(FacetCounter&&) noexcept;
    ~FacetCounter();

    bool empty() const;
    /** Adds the spies; the caller must let the match see every document
     *  (check_at_least = document count) for exact counts. */
    void attach(Xapian::Enquire& enquire) const;
    /** The counts, each facet's values by count (descending), then value; at most @p top each. */
    std::vector<Facet> results(size_t top = 20) const;

  private:
    FacetCounter();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/** Autocomplete (suggest.cc); see searchd/README.md "Autocomplete". */
Result<SuggestResponse> run_suggest(const IndexView& index, const SuggestRequest& request);

/** Related documents (similar.cc); see searchd/README.md "Similar questions". */
Result<SimilarResponse> run_similar(const IndexView& index, const SimilarRequest& request);

/** The snippet fields of @p hit for @p body (shared by /search and /similar). */
void set_snippet(SearchHit& hit, std::string_view body, const analyzers::Analyzer& analyzer,
                 const std::vector<std::string>& terms, const std::vector<std::string>& prefixes);

/** antwort-eval --similar: every query as `/similar?text=`; Hit@5 beside the usual metrics. */
struct SimilarEvalSummary {
    size_t queries = 0;
    size_t failed = 0;
    double hit_at_5 = 0; ///< share of queries with a relevant document in the top 5
    double mrr_10 = 0;
    double seconds = 0;
};

/** Runs run_similar(text = query) for every query and scores the top 10. */
SimilarEvalSummary run_similar_evaluation(const SearchService& service,
                                          const std::vector<EvalQuery>& queries,
                                          const Qrels& qrels,
                                          std::ostream* run = nullptr);

} // namespace antwort::searchd
