/** @file SearchService: the one query path shared by the HTTP daemon and antwort-eval. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/service_options.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/similar.h"
#include "antwort/searchd/suggest.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace antwort::searchd {

/** What `GET /healthz` reports. */
struct HealthInfo {
    uint64_t documents = 0;
    uint64_t generation = 0;
    /** When a worker last opened a new generation or revision (Unix ms, 0 = never). */
    int64_t last_reload_ms = 0;
    /** How often a new generation or revision went live since start (the first open not counted). */
    uint64_t reloads = 0;
};

/**
 * Searches one index directory. Knows nothing about HTTP.
 *
 * Each concurrent caller borrows a Searcher (an open Xapian::Database plus
 * the QueryBuilder for the schema stored in that database) from a pool, so
 * Xapian objects are never shared between threads. Before use, a searcher
 * checks at most every ServiceOptions::reload_interval whether `current`
 * names a new generation (then it opens that one) or the live generation has
 * a new revision (then Database::reopen()). DatabaseModifiedError during a
 * search reopens and retries once.
 *
 * An index is refused (Unavailable) when it has no `current` generation or
 * when its schema format is not SCHEMA_FORMAT. When Xapian cannot open or
 * read the live generation (a DatabaseError: corrupt or truncated tables,
 * missing files) a call fails with Corrupt and its searcher drops the
 * database, so a later call opens the index again.
 *
 * Thread-safe; holds no global state, so several services (and servers) can
 * run in one process.
 */
class SearchService {
  public:
    explicit SearchService(ServiceOptions options);
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /** Runs @p request; the request is assumed validated (parse_search_params). */
    Result<SearchResponse> search(const SearchRequest& request) const;

    /** The stored JSON (document_to_json) of document @p id, or NotFound. */
    Result<std::string> get_document(std::string_view id) const;

    /** Autocomplete for `GET /suggest` (run_suggest, suggest.h). */
    Result<SuggestResponse> suggest(const SuggestRequest& request) const;

    /** Related documents for `GET /similar` (run_similar, similar.h). */
    Result<SimilarResponse> similar(const SimilarRequest& request) const;

    /** Document count and generation of the live index, or Unavailable. */
    Result<HealthInfo> health() const;

    const ServiceOptions& options() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace antwort::searchd
