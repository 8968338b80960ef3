/** @file AnalyticsRecorder: searchd's editor analytics, counted in memory and flushed to the store. */
#pragma once

#include "antwort/analytics_store.h"
#include "antwort/result.h"
#include "antwort/searchd/logger.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace antwort::searchd {

/**
 * Counts searches, zero-result searches and "not helpful" votes per query
 * without slowing searches down and without personal data.
 *
 * record_search() and record_not_helpful() only add to an in-memory map
 * under a mutex (a hash lookup); they take the query text and nothing about
 * the person asking, so nothing else can reach the store. A background
 * thread every flush_interval (and stop(), at shutdown) turns the buffered
 * queries into analytics keys (analyzers/query_key.h), adds them up per (UTC
 * day, key) with their most frequent lower-cased spelling, and writes them
 * to the AnalyticsStore in one transaction. If a write fails the counts stay
 * buffered for the next attempt (one log line per failure).
 *
 * Thread-safe. The disabled() recorder accepts and drops everything, so
 * callers need no null checks.
 */
class AnalyticsRecorder {
  public:
    struct Options {
        std::filesystem::path file; ///< the store, normally AnalyticsStore::path_in(index dir)
        /** How often buffered counts are written: a few seconds keeps SQLite
         *  out of the request path and loses at most this much on SIGKILL
         *  (SIGTERM flushes everything). */
        std::chrono::milliseconds flush_interval{5000};
        /** Distinct buffered queries that trigger an early flush (bounds memory). */
        size_t max_pending = 50000;
        /** Where failed writes are reported (not owned; nullptr: nowhere). */
        Logger* log = nullptr;
    };

    /** Opens the store and starts the flush thread. */
    static Result<std::unique_ptr<AnalyticsRecorder>> open(Options options);
    /** A recorder that records nothing (analytics off or the store unavailable). */
    static AnalyticsRecorder& disabled();

    ~AnalyticsRecorder();
    AnalyticsRecorder(const AnalyticsRecorder&) = delete;
    AnalyticsRecorder& operator=(const AnalyticsRecorder&) = delete;

    /**
     * Counts one `/search` for @p query (the raw `q` as typed);
     * @p zero_results when it found nothing. Blank queries are not counted.
     */
    void record_search(std::string_view query, bool zero_results);

    /**
     * Counts one "not helpful" vote for the results of @p query (the optional
     * `"query"` of `POST /feedback`). Only this aggregate count is kept; the
     * vote and its document are not linked to it. The vote counts only for a
     * query key the store already holds from searches (AnalyticsStore::add):
     * @p query itself is never written, and a query nobody searched for is
     * dropped at the next flush. Blank queries are ignored.
     */
    void record_not_helpful(std::string_view query);

    /** Writes the buffered counts now (also what the flush thread calls). */
    Result<void> flush();

    /** Stops the flush thread and writes what is buffered; idempotent. */
    Result<void> stop();

  private:
    struct Pending {
        int64_t searches = 0;
        int64_t zero_results = 0;
        int64_t not_helpful = 0;
    };
    /** Buffer key: UTC day number (days since 1970-01-01) + '\t' + query. */
    using Buffer = std::unordered_map<std::string, Pending>;

    AnalyticsRecorder() = default;
    void add(std::string_view query, const Pending& counts);
    void run();

    Options options_;
    bool enabled_ = false;
    std::unique_ptr<AnalyticsStore> store_; ///< used under store_mutex_ only
    std::mutex store_mutex_;

    std::mutex mutex_; ///< guards buffer_, stopping_
    Buffer buffer_;
    bool stopping_ = false;
    std::condition_variable wake_;
    std::thread thread_;
};

} // namespace antwort::searchd
