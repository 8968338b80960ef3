/** @file FeedbackApplier: brings new "Was this helpful?" votes into the rating slot. */
#pragma once

#include "antwort/feedback_store.h"
#include "antwort/result.h"
#include "antwort/searchd/logger.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

namespace antwort::searchd {

/**
 * A background thread of searchd that, every interval, rewrites the rating
 * slot of the documents whose feedback changed since the sequence recorded
 * in the live generation (META_FEEDBACK_SEQUENCE), then records the store's
 * new sequence and commits. It writes through the index's single-writer
 * lock, taken without waiting: while `antwort-indexer build` or `update`
 * holds it, the pass is skipped and retried at the next interval (a build
 * records the sequence it read, so later votes are applied to the new
 * generation afterwards). The lock is only taken when there is something to
 * apply. searchd's searchers see the commit within their reload interval.
 */
class FeedbackApplier {
  public:
    /** A failed pass is logged on @p log (nullptr: as a warning on stderr). */
    FeedbackApplier(std::filesystem::path index, const FeedbackStore& store,
                    std::chrono::milliseconds interval, Logger* log = nullptr);
    ~FeedbackApplier();
    FeedbackApplier(const FeedbackApplier&) = delete;
    FeedbackApplier& operator=(const FeedbackApplier&) = delete;

    /** Starts the background thread (once). */
    void start();
    /** Stops and joins the thread; safe to call twice. */
    void stop();

    /**
     * One pass: the number of documents rewritten (0 when nothing was new or
     * no index is live); Conflict when another writer holds the lock.
     */
    Result<uint64_t> apply_once();

  private:
    void run();

    std::filesystem::path index_;
    const FeedbackStore& store_;
    std::chrono::milliseconds interval_;
    Logger* log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace antwort::searchd
