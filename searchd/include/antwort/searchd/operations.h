/** @file The operational layer of antwort-searchd: access control, limits, metrics, request log. */
#pragma once

#include "antwort/searchd/config.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/metrics.h"

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace antwort::searchd {

/** Connection counts shared by the task queue and `GET /metrics`. */
struct ConnectionStats {
    std::atomic<uint64_t> active{0};   ///< queued or being served
    std::atomic<uint64_t> rejected{0}; ///< answered 503 because of --max-connections
};

/**
 * httplib's task queue with a connection limit. Each accepted connection is
 * one task that lasts as long as the connection (keep-alive included). Up to
 * @p max_connections tasks wait for or run on the @p threads workers; a
 * connection beyond that goes to one extra "overflow" thread, where the
 * pre-routing check (rejecting_connection()) answers every request with a
 * JSON 503 and `Connection: close`, so an overloaded server answers at once
 * instead of leaving clients hanging in the queue. When even the overflow
 * queue holds @p max_connections connections, accepting pauses until it
 * drains (new clients then wait in the kernel's listen backlog).
 */
class LimitedTaskQueue : public httplib::TaskQueue {
  public:
    LimitedTaskQueue(size_t threads, size_t max_connections,
                     std::shared_ptr<ConnectionStats> stats);
    ~LimitedTaskQueue() override;

    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

    /** True while the calling thread serves a connection over the limit. */
    static bool rejecting_connection();

  private:
    size_t max_connections_;
    std::shared_ptr<ConnectionStats> stats_;
    httplib::ThreadPool workers_;
    httplib::ThreadPool overflow_;
    std::mutex overflow_mutex_;
    std::condition_variable overflow_drained_;
    size_t overflow_pending_ = 0;
};

/**
 * The endpoint label of @p path for metrics: the route pattern
 * ("/documents/{id}"), never the raw path, so a scan of random URLs cannot
 * create unbounded series; unknown paths are "other".
 */
std::string route_label(std::string_view path);

/**
 * Adds the operational layer to a server prepared by configure_server():
 * - a LimitedTaskQueue of config.threads workers and config.max_connections;
 * - request bodies over config.max_body_bytes → 413;
 * - a pre-routing check: overflow connections → 503, `/admin/...` without a
 *   valid API key → 401/403 (AccessGuard);
 * - one log line per request on @p log and the request metrics;
 * - `GET /metrics`, `GET /readyz` and `GET /admin/status`.
 * The query limits and time budget live in the SearchService's options.
 * Returns the routes it adds (/metrics, /readyz, /admin/status; see RouteTable).
 * @p handlers (its metrics()) and @p log must outlive the server.
 */
std::vector<Route> configure_operations(httplib::Server& server, const Handlers& handlers,
                                        const Config& config, Logger& log);

} // namespace antwort::searchd
