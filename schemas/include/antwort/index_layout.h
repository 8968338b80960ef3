/** @file On-disk layout of an Antwort index directory and its generations. */
#pragma once

#include "antwort/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace antwort {

/**
 * An index directory (`--index DIR`) holds numbered Xapian databases, one per
 * full build, and a symlink naming the live one:
 *
 *     DIR/current -> gen-000007     the generation searchd serves
 *     DIR/gen-000006/               previous generation (kept for readers)
 *     DIR/gen-000007/               live generation; `update`/`delete` write here
 *     DIR/gen-000008.tmp/           a build in progress (never served)
 *     DIR/.lock                     flock()ed by every writer
 *     DIR/analytics.sqlite[-wal]    editor analytics written by searchd
 *                                   (analytics_store.h); builds leave it alone
 *
 * A build writes a new generation beside the live one and publishes it by
 * renaming a fresh symlink over `current` (atomic on POSIX), so the old index
 * keeps serving until the swap and a failed or killed build leaves it untouched.
 */
class IndexDir {
  public:
    explicit IndexDir(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    /** Path of the `current` symlink. */
    std::filesystem::path current_link() const;
    /** The live generation number, or nullopt when nothing was published. */
    std::optional<uint64_t> current_generation() const;
    /** Directory of generation @p gen. */
    std::filesystem::path generation_path(uint64_t gen) const;
    /** Directory where generation @p gen is built before it is published. */
    std::filesystem::path staging_path(uint64_t gen) const;
    /** The next unused generation number (one above any found on disk). */
    uint64_t next_generation() const;
    /** Atomically points `current` at generation @p gen (which must exist). */
    Result<void> publish(uint64_t gen);
    /** Removes stale staging directories and generations older than the
     *  previous one. Safe only while holding the writer lock. */
    void remove_stale();

  private:
    std::filesystem::path root_;
};

/**
 * An exclusive writer lock on an index directory (flock on DIR/.lock), so a
 * build and an update never interleave. The lock is released by the
 * destructor, or by the kernel if the process dies.
 */
class WriterLock {
  public:
    /** Creates DIR if needed and takes the lock; fails with Conflict if
     *  another writer holds it. */
    static Result<WriterLock> acquire(const std::filesystem::path& root);
    /** As above, but retries for up to @p wait while another writer holds
     *  it (searchd's feedback applier holds it for milliseconds at a time). */
    static Result<WriterLock> acquire(const std::filesystem::path& root,
                                      std::chrono::milliseconds wait);
    WriterLock(WriterLock&& other) noexcept;
    WriterLock& operator=(WriterLock&& other) noexcept;
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;
    ~WriterLock();

  private:
    explicit WriterLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

} // namespace antwort
