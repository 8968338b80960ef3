/** @file `POST /feedback`: "Was this helpful?" votes, with abuse limits. */
#pragma once

#include "antwort/feedback_store.h"
#include "antwort/searchd/server_config.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/metrics.h"
#include "antwort/searchd/routes.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/search_service.h"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace antwort::searchd {

/** Largest accepted `POST /feedback` body in bytes; larger ones get 400. */
constexpr size_t MAX_FEEDBACK_BODY_BYTES = 4096;
/** Largest accepted document id in a vote (the index's id term limit). */
constexpr size_t MAX_FEEDBACK_ID_BYTES = 240;

/**
 * In-memory abuse limits for votes, holding no personal data:
 *  - a token bucket per connection, keyed by the connection's remote address
 *    and port; the key lives only in this map (never stored or logged) and
 *    is dropped once its bucket would be full again (idle for burst/rate s);
 *  - a cap of votes per document per minute (fixed one-minute windows).
 * Thread-safe.
 */
class FeedbackLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    explicit FeedbackLimiter(const FeedbackOptions& options) : options_(options) {}

    /** Takes one token from the bucket of connection @p key; false if empty. */
    bool allow_connection(const std::string& key, Clock::time_point now = Clock::now());
    /** Counts one vote on @p id; false if its cap for this minute is reached. */
    bool allow_document(const std::string& id, Clock::time_point now = Clock::now());
    /** Entries held (buckets + document windows), for tests of the expiry. */
    size_t size() const;

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    struct Window {
        Clock::time_point start;
        long count = 0;
    };
    void sweep(Clock::time_point now);

    FeedbackOptions options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::unordered_map<std::string, Window> windows_;
    Clock::time_point last_sweep_{};
};

/**
 * The `POST /feedback` handler and the "helpful" counts of hits.
 *
 * Body `{"id":"...","helpful":true|false,"query":"..."?}` (nothing else):
 * 200 `{"id","helpful":{"yes","no"}}`, 400 malformed, 404 unknown id, 429 over
 * a limit, 503 without an index or store, and 503 `feedback_unavailable` with
 * `Retry-After` when the store cannot record the vote (disk full, I/O error,
 * locked too long): the reason, which names the file, goes only to the log.
 * The optional "query" is validated and handed only to the not-helpful hook
 * (the analytics recorder, which counts it only for a query already searched
 * for); it is never stored here.
 */
class FeedbackHandler {
  public:
    /** Called after a recorded "not helpful" vote that carried a non-empty query,
     *  on the request's thread (keep it quick; it must be thread-safe). */
    using NotHelpfulHook = std::function<void(std::string_view query)>;

    /** @p store may be null (the store could not be opened): votes get 503. */
    FeedbackHandler(const SearchService& service, FeedbackStore* store,
                    const FeedbackOptions& options, NotHelpfulHook on_not_helpful = {});

    /** `POST /feedback` */
    void post_feedback(const httplib::Request& req, httplib::Response& res);
    /** Registers `POST /feedback` and 405 for its other methods. */
    void register_routes(RouteTable& routes);

    /** Fills in the helpful counts of @p response's hits from the store. */
    void add_helpful(SearchResponse& response) const;
    /** Adds `"helpful":{"yes","no"}` to the stored document JSON @p json of @p id. */
    std::string with_helpful(std::string_view id, std::string json) const;

    /** Counts each recorded vote in @p metrics as antwort_feedback_total{helpful}. */
    void set_metrics(Metrics* metrics) { metrics_ = metrics; }

    /** Logs votes the store could not record (and an unreadable index) to @p log,
     *  which must outlive the server; without this call they are not logged. */
    void set_logger(Logger& log) { log_ = &log; }

  private:
    const SearchService& service_;
    FeedbackStore* store_;
    FeedbackLimiter limiter_;
    NotHelpfulHook on_not_helpful_;
    Metrics* metrics_ = nullptr;
    Logger* log_ = nullptr;
};

} // namespace antwort::searchd
