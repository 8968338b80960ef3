/** @file build, update, delete and stats over an index directory of generations. */
#include "antwort/indexer/indexer.h"

#include "antwort/stored_schema.h"

#include "antwort/feedback_store.h"
#include "antwort/index_layout.h"
#include "antwort/indexer/document_builder.h"
#include "antwort/indexer/ndjson_reader.h"
#include "antwort/thread_values.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace antwort::indexer {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

/** The types `stats` counts. */
constexpr std::array<const char*, 3> KNOWN_TYPES = {"faq", "forum", "article"};

/** How long a run waits for the writer lock: searchd's feedback applier
 *  holds it for milliseconds; another indexer run holds it much longer. */
constexpr std::chrono::milliseconds LOCK_WAIT{2000};

/** Lines handed from the reading thread to the writing thread at once. */
constexpr size_t ITEMS_PER_BATCH = 32;
/** Batches that may wait in the queue (bounds memory when Xapian is slower). */
constexpr size_t QUEUE_CAPACITY = 16;

/**
 * Crash-test hooks (tests/indexer/crash_safety_test.cc), inert unless set:
 * ANTWORT_TEST_KILL_AFTER_DOCS=N makes the process SIGKILL itself right after
 * the N-th document was written (and, in an update, after that batch's commit
 * if N ends one); ANTWORT_TEST_KILL_AT=committed|renamed|published does so at
 * that step of a build (after the final commit; after gen-N.tmp became gen-N;
 * after `current` was switched, before the cleanup).
 */
uint64_t test_kill_after_docs() {
    const char* value = std::getenv("ANTWORT_TEST_KILL_AFTER_DOCS");
    return value == nullptr ? 0 : std::strtoull(value, nullptr, 10);
}

/** Kills the process when ANTWORT_TEST_KILL_AT names @p point (see above). */
void test_kill_point(std::string_view point) {
    const char* value = std::getenv("ANTWORT_TEST_KILL_AT");
    if (value != nullptr && point == value) {
        std::raise(SIGKILL);
    }
}

/**
 * The "Was this helpful?" counts of DIR/feedback.sqlite as a run starts.
 * A build puts them into the rating slot and records `sequence` in the new
 * generation (META_FEEDBACK_SEQUENCE), so searchd's feedback applier adds
 * only votes that came later: none is lost, none counted twice.
 */
struct FeedbackSnapshot {
    std::unordered_map<std::string, HelpfulCounts> counts;
    uint64_t sequence = 0;

    HelpfulCounts of(const std::string& id) const {
        auto it = counts.find(id);
        return it == counts.end() ? HelpfulCounts{} : it->second;
    }
};

/** Reads the store of @p index; without one (or when it is unreadable,
 *  reported to @p diagnostics) the snapshot is empty with sequence 0, so
 *  the applier later applies every vote. */
FeedbackSnapshot read_feedback(const fs::path& index, std::ostream* diagnostics) {
    FeedbackSnapshot snapshot;
    auto store = FeedbackStore::open_existing(FeedbackStore::path_for_index(index));
    if (!store) {
        if (store.error().code != ErrorCode::NotFound && diagnostics != nullptr) {
            *diagnostics << "antwort-indexer: warning: " << store.error().message << '\n';
        }
        return snapshot;
    }
    auto all = store->changes_since(0);
    if (!all) {
        if (diagnostics != nullptr) {
            *diagnostics << "antwort-indexer: warning: feedback not read: " << all.error().message
                         << '\n';
        }
        return snapshot;
    }
    for (auto& change : all->changes) {
        snapshot.counts.emplace(std::move(change.id), change.counts);
    }
    snapshot.sequence = all->sequence;
    return snapshot;
}

/** One non-empty input line: a built document or the reason it was rejected. */
struct Item {
    std::optional<Xapian::Document> doc;
    std::string id_term;
    std::string error; ///< "FILE:LINE: error: REASON" when the line is bad
};

/** A group of items, or the end of input, or a failure to read it. */
struct Batch {
    std::vector<Item> items;
    std::optional<Error> fatal;
    bool last = false;
};

/** Bounded single-producer, single-consumer queue of batches. */
class BatchQueue {
  public:
    /** Blocks while full; false if the consumer stopped (the batch is dropped). */
    bool push(Batch batch) {
        release_spent();
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [this] { return stopped_ || queue_.size() < QUEUE_CAPACITY; });
        if (stopped_) {
            return false;
        }
        queue_.push_back(std::move(batch));
        not_empty_.notify_one();
        return true;
    }
    Batch pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [this] { return !queue_.empty(); });
        Batch batch = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
        return batch;
    }
    /** Hands written items back, so that the producer, whose allocator arena
     *  holds them, frees them: freeing across threads contends for its lock. */
    void recycle(std::vector<Item>&& items) {
        std::lock_guard lock(mutex_);
        spent_.push_back(std::move(items));
    }
    /** Makes every later push() fail and wakes a blocked producer. */
    void stop() {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        queue_.clear();
        spent_.clear();
        not_full_.notify_all();
    }

  private:
    void release_spent() {
        std::vector<std::vector<Item>> spent;
        {
            std::lock_guard lock(mutex_);
            spent.swap(spent_);
        }
        // Destroyed here, outside the lock.
    }

    std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<Batch> queue_;
    std::vector<std::vector<Item>> spent_;
    bool stopped_ = false;
};

/**
 * Reads every input, parses and builds each line, and hands the results on in
 * batches through @p emit (which returns false to stop early). Always ends
 * with a batch marked last, unless stopped.
 */
void produce(const std::vector<std::string>& inputs, const DocumentBuilder& builder,
             const FeedbackSnapshot& feedback, const std::function<bool(Batch&&)>& emit) {
    Batch batch;
    auto flush = [&]() {
        bool go_on = emit(std::move(batch));
        batch = Batch{};
        batch.items.reserve(ITEMS_PER_BATCH);
        return go_on;
    };
    try {
        for (const auto& input : inputs) {
            auto reader = NdjsonReader::open(input);
            if (!reader) {
                batch.fatal = reader.error();
                break;
            }
            std::string_view line;
            while (reader->next(line)) {
                if (is_blank_line(line)) {
                    continue;
                }
                Item item;
                auto doc = parse_document(line);
                if (doc) {
                    item.id_term = builder.id_term(doc->id);
                    if (item.id_term.size() > DocumentBuilder::MAX_TERM_BYTES) {
                        item.error =
                            "\"id\" is too long (" + std::to_string(doc->id.size()) + " bytes)";
                    } else {
                        item.doc = builder.build(*doc, feedback.of(doc->id));
                    }
                } else {
                    item.error = doc.error().message;
                }
                if (!item.error.empty()) {
                    item.error = reader->display_name() + ":" +
                                 std::to_string(reader->line_number()) + ": error: " + item.error;
                }
                batch.items.push_back(std::move(item));
                if (batch.items.size() >= ITEMS_PER_BATCH && !flush()) {
                    return;
                }
            }
            if (!reader->error().empty()) {
                batch.fatal = make_error(ErrorCode::Internal, reader->error());
                break;
            }
        }
    } catch (const Xapian::Error& e) {
        batch.fatal = make_error(ErrorCode::Internal, e.get_description());
    } catch (const std::exception& e) {
        batch.fatal = make_error(ErrorCode::Internal, e.what());
    }
    batch.last = true;
    emit(std::move(batch));
}

/** Writes produced documents into one database, counting and reporting. */
class Ingest {
  public:
    /** @p fresh: @p db was created empty for this run (ids are tracked in memory then). */
    Ingest(Xapian::WritableDatabase& db, const IngestOptions& options, uint64_t commit_every,
           bool fresh)
        : db_(db), options_(options), commit_every_(commit_every), fresh_(fresh),
          kill_after_(test_kill_after_docs()) {}

    /** Remembers the threads written to (and, when replacing, the thread a
     *  post was in before), for the thread pass after the run. */
    void track_threads(const ThreadPass* pass) { thread_pass_ = pass; }
    const std::set<std::string>& touched_threads() const { return touched_threads_; }

    /** Runs the whole input; an Error only for failures (bad lines are counted). */
    Result<IngestStats> run(const DocumentBuilder& builder, const FeedbackSnapshot& feedback) {
        start_ = last_progress_ = Clock::now();
        if (options_.parallel) {
            BatchQueue queue;
            std::thread producer([&] {
                produce(options_.inputs, builder, feedback,
                        [&](Batch&& b) { return queue.push(std::move(b)); });
            });
            for (;;) {
                Batch batch = queue.pop();
                bool go_on = false;
                try {
                    go_on = consume(batch);
                } catch (...) {
                    queue.stop();
                    producer.join();
                    throw;
                }
                queue.recycle(std::move(batch.items));
                if (!go_on) {
                    queue.stop();
                    break;
                }
            }
            producer.join();
        } else {
            produce(options_.inputs, builder, feedback,
                    [this](Batch&& b) { return consume(b); });
        }
        end_progress();
        stats_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        if (fatal_) {
            return *fatal_;
        }
        return stats_;
    }

  private:
    /** Handles one batch; false when the run ends (input done, failure, or abort). */
    bool consume(Batch& batch) {
        for (Item& item : batch.items) {
            ++stats_.lines;
            if (!item.error.empty()) {
                ++stats_.bad;
                if (options_.diagnostics != nullptr) {
                    clear_progress();
                    *options_.diagnostics << item.error << '\n';
                }
                if (options_.max_errors > 0 && stats_.bad >= options_.max_errors) {
                    stats_.aborted = true;
                    return false;
                }
                continue;
            }
            if (thread_pass_ != nullptr) {
                note_threads(item);
            }
            if (fresh_ && seen_.insert(item.id_term).second) {
                db_.add_document(*item.doc); // a new database: no older version to replace
            } else {
                db_.replace_document(item.id_term, *item.doc);
            }
            ++stats_.indexed;
            if (commit_every_ > 0 && ++since_commit_ >= commit_every_) {
                db_.commit();
                since_commit_ = 0;
            }
            if (stats_.indexed == kill_after_) {
                std::raise(SIGKILL); // crash-test hook, see test_kill_after_docs()
            }
            if ((stats_.indexed & 63) == 0) {
                maybe_progress();
            }
        }
        if (batch.fatal) {
            fatal_ = std::move(batch.fatal);
            return false;
        }
        return !batch.last;
    }

    void note_threads(const Item& item) {
        if (auto term = thread_pass_->thread_term(*item.doc); !term.empty()) {
            touched_threads_.insert(std::move(term));
        }
        if (fresh_) {
            return; // a new database holds no older version of the post
        }
        auto it = db_.postlist_begin(item.id_term);
        if (it != db_.postlist_end(item.id_term)) {
            if (auto old = thread_pass_->thread_term(db_.get_document(*it)); !old.empty()) {
                touched_threads_.insert(std::move(old));
            }
        }
    }

    void maybe_progress() {
        if (!options_.progress || options_.diagnostics == nullptr) {
            return;
        }
        const auto now = Clock::now();
        if (now - last_progress_ < std::chrono::milliseconds(250)) {
            return;
        }
        last_progress_ = now;
        const double secs = std::chrono::duration<double>(now - start_).count();
        char line[128];
        std::snprintf(line, sizeof line, "\rantwort-indexer: %llu documents, %.0f docs/s ",
                      static_cast<unsigned long long>(stats_.indexed),
                      secs > 0 ? static_cast<double>(stats_.indexed) / secs : 0.0);
        *options_.diagnostics << line << std::flush;
        progress_shown_ = true;
    }

    /** Erases the progress line so a diagnostic starts at column 0. */
    void clear_progress() {
        if (progress_shown_) {
            *options_.diagnostics << '\r' << std::string(60, ' ') << '\r';
            progress_shown_ = false;
        }
    }

    void end_progress() {
        if (options_.diagnostics != nullptr) {
            clear_progress();
            options_.diagnostics->flush();
        }
    }

    Xapian::WritableDatabase& db_;
    const IngestOptions& options_;
    const ThreadPass* thread_pass_ = nullptr;
    std::set<std::string> touched_threads_;
    uint64_t commit_every_;
    bool fresh_;
    uint64_t kill_after_; ///< crash-test hook; 0 = off
    std::unordered_set<std::string> seen_; ///< id terms written, when fresh_
    uint64_t since_commit_ = 0;
    IngestStats stats_;
    std::optional<Error> fatal_;
    Clock::time_point start_;
    Clock::time_point last_progress_;
    bool progress_shown_ = false;
};

/** Removes a directory when it goes out of scope, unless released. */
class DirGuard {
  public:
    explicit DirGuard(fs::path path) : path_(std::move(path)) {}
    DirGuard(const DirGuard&) = delete;
    DirGuard& operator=(const DirGuard&) = delete;
    ~DirGuard() {
        if (!path_.empty()) {
            std::error_code ec;
            fs::remove_all(path_, ec);
        }
    }
    void release() { path_.clear(); }

  private:
    fs::path path_;
};

Error xapian_error(const std::string& what, const Xapian::Error& e) {
    return make_error(ErrorCode::Internal, what + ": " + e.get_description());
}

/** The number of a generation directory name ("gen-000007" -> 7), if it is one. */
std::optional<uint64_t> generation_of(const IndexDir& dir, const std::string& name) {
    constexpr std::string_view prefix = "gen-";
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.size() > prefix.size() + 18) {
        return std::nullopt;
    }
    uint64_t gen = 0;
    for (size_t i = prefix.size(); i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') {
            return std::nullopt;
        }
        gen = gen * 10 + static_cast<uint64_t>(name[i] - '0');
    }
    // Only the canonical spelling, so nothing else that happens to match is touched.
    if (dir.generation_path(gen).filename() != name) {
        return std::nullopt;
    }
    return gen;
}

/**
 * Removes what a killed writer left behind; the caller holds the writer lock.
 * Besides IndexDir::remove_stale() (staging directories, temporary links, old
 * generations) this removes generations above the live one: a build killed
 * between renaming gen-N.tmp to gen-N and publishing it leaves gen-N, which was
 * never served. Left in place, the next build would keep it as "the previous
 * generation" and delete the one searchd was really reading instead.
 */
void remove_leftovers(IndexDir& dir) {
    std::error_code ec;
    const bool has_link = fs::is_symlink(fs::symlink_status(dir.current_link(), ec));
    const auto current = dir.current_generation();
    if (!has_link || current) {
        const uint64_t live = current.value_or(0);
        for (const auto& entry : fs::directory_iterator(dir.root(), ec)) {
            const auto gen = generation_of(dir, entry.path().filename().string());
            if (gen && *gen > live) {
                std::error_code rm_ec;
                fs::remove_all(entry.path(), rm_ec);
            }
        }
    } // else `current` is unreadable: touch no generation
    dir.remove_stale();
}

/**
 * The document count of the live generation; nullopt when none is live or it
 * cannot be read (reported to @p diagnostics: the build may be its repair).
 */
std::optional<uint64_t> live_document_count(const IndexDir& dir, std::ostream* diagnostics) {
    const auto gen = dir.current_generation();
    if (!gen) {
        return std::nullopt;
    }
    try {
        return Xapian::Database(dir.generation_path(*gen).string()).get_doccount();
    } catch (const Xapian::Error& e) {
        if (diagnostics != nullptr) {
            *diagnostics << "antwort-indexer: warning: cannot count the documents of generation "
                         << *gen << " (" << e.get_description()
                         << "); only a build of 0 documents is refused\n";
        }
        return std::nullopt;
    }
}

/** @p part of @p whole (> 0) in percent, rounded up to one decimal ("60.8", "100"). */
std::string percent_text(uint64_t part, uint64_t whole) {
    const uint64_t tenths = (part * 1000 + whole - 1) / whole;
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0) {
        text += "." + std::to_string(tenths % 10);
    }
    return text;
}

/**
 * Whether a build of @p stats (documents: @p count) may replace the live
 * generation of @p live documents (nullopt: none, or unreadable). A wrong
 * path or a truncated file in an editor's cron job must not empty the site
 * search, so unless allow_shrink it refuses 0 documents and a shrink by more
 * than max_shrink_percent.
 */
Result<void> check_shrink(const IngestOptions& options, std::optional<uint64_t> live,
                          uint64_t count, const IngestStats& stats) {
    if (options.allow_shrink || (count > 0 && !live)) {
        return {};
    }
    const uint64_t lost = live && *live > count ? *live - count : 0;
    if (count > 0 && lost * 100 <= options.max_shrink_percent * *live) {
        return {};
    }
    std::string message =
        "refusing to publish " + std::to_string(count) + (count == 1 ? " document" : " documents");
    if (stats.bad > 0) {
        message += " (" + std::to_string(stats.bad) + " bad line" + (stats.bad == 1 ? ")" : "s)");
    }
    if (!live || *live == 0) {
        message += " into " + options.index.string() + " (an empty index serves no search";
    } else {
        message += " over the live generation of " + std::to_string(*live) + " (a " +
                   percent_text(lost, *live) + " % shrink";
        if (count > 0) {
            message += ", more than --max-shrink " + std::to_string(options.max_shrink_percent);
        }
    }
    message += "; --allow-shrink publishes anyway)";
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/**
 * Full build into a new generation; the caller holds the writer lock.
 * @p guard_shrink: apply check_shrink() before publishing (build, not an
 * update that creates the index).
 */
Result<IngestStats> build_locked(const IngestOptions& options, const DocumentBuilder& builder,
                                 bool guard_shrink) {
    const auto start = Clock::now();
    IndexDir dir(options.index);
    remove_leftovers(dir);
    const std::optional<uint64_t> live_documents =
        guard_shrink ? live_document_count(dir, options.diagnostics) : std::nullopt;
    const uint64_t gen = dir.next_generation();
    const fs::path staging = dir.staging_path(gen);
    const fs::path final_path = dir.generation_path(gen);
    DirGuard staging_guard(staging);
    std::error_code ec;
    fs::remove_all(staging, ec);

    IngestStats stats;
    try {
        Xapian::WritableDatabase db(staging.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.set_metadata(META_SCHEMA, builder.schema().json());
        db.set_metadata(META_SCHEMA_FORMAT, std::to_string(SCHEMA_FORMAT));
        db.set_metadata(META_GENERATION, std::to_string(gen));
        const FeedbackSnapshot feedback = read_feedback(options.index, options.diagnostics);
        db.set_metadata(META_FEEDBACK_SEQUENCE, std::to_string(feedback.sequence));
        Ingest ingest(db, options, 0, true);
        const auto thread_pass = ThreadPass::create(builder.schema());
        ingest.track_threads(thread_pass ? &*thread_pass : nullptr);
        auto result = ingest.run(builder, feedback);
        if (!result) {
            return result.error();
        }
        stats = *result;
        if (stats.aborted) {
            return stats; // the guard deletes the staging directory
        }
        if (guard_shrink) {
            if (auto allowed = check_shrink(options, live_documents, db.get_doccount(), stats);
                !allowed) {
                return allowed.error(); // the guard deletes the staging directory
            }
        }
        if (thread_pass) {
            thread_pass->refresh(db, ingest.touched_threads());
        }
        db.commit();
        db.close();
    } catch (const Xapian::Error& e) {
        return xapian_error("building " + staging.string(), e);
    }
    test_kill_point("committed");

    fs::remove_all(final_path, ec); // only a leftover of a crashed run can be there
    fs::rename(staging, final_path, ec);
    if (ec) {
        return make_error(ErrorCode::Internal, "cannot rename " + staging.string() + " to " +
                                                   final_path.string() + ": " + ec.message());
    }
    test_kill_point("renamed");
    DirGuard final_guard(final_path);
    if (auto published = dir.publish(gen); !published) {
        return published.error();
    }
    final_guard.release();
    test_kill_point("published");
    dir.remove_stale();
    stats.generation = gen;
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

/** The live generation's directory, or NotFound. */
Result<fs::path> live_generation(const IndexDir& dir, uint64_t& gen) {
    auto current = dir.current_generation();
    if (!current) {
        return make_error(ErrorCode::NotFound, "no index in " + dir.root().string() +
                                                   " (nothing published yet; run build first)");
    }
    gen = *current;
    return dir.generation_path(gen);
}

uint64_t directory_bytes(const fs::path& path) {
    uint64_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec)) {
            const auto size = it->file_size(size_ec);
            if (!size_ec) {
                total += size;
            }
        }
    }
    return total;
}

} // namespace

Result<IngestStats> build_index(const IngestOptions& options, const Schema& schema) {
    auto builder = DocumentBuilder::create(schema);
    if (!builder) {
        return builder.error();
    }
    if (options.max_shrink_percent > 100) {
        return make_error(ErrorCode::InvalidArgument,
                          "max_shrink_percent must be from 0 to 100, not " +
                              std::to_string(options.max_shrink_percent));
    }
    auto lock = WriterLock::acquire(options.index, LOCK_WAIT);
    if (!lock) {
        return lock.error();
    }
    return build_locked(options, *builder, true);
}

Result<IngestStats> update_index(const IngestOptions& options) {
    return update_index(options, Schema::default_schema());
}

Result<IngestStats> update_index(const IngestOptions& options, const Schema& schema_if_new) {
    auto lock = WriterLock::acquire(options.index, LOCK_WAIT);
    if (!lock) {
        return lock.error();
    }
    IndexDir dir(options.index);
    if (!dir.current_generation()) {
        auto builder = DocumentBuilder::create(schema_if_new);
        if (!builder) {
            return builder.error();
        }
        return build_locked(options, *builder, false);
    }
    remove_leftovers(dir); // a killed build's gen-N.tmp, gen-N
    uint64_t gen = 0;
    auto path = live_generation(dir, gen);
    if (!path) {
        return path.error();
    }
    const auto start = Clock::now();
    try {
        Xapian::WritableDatabase db(path->string(), Xapian::DB_OPEN);
        auto schema = load_index_schema(db, "antwort-indexer");
        if (!schema) {
            return make_error(schema.error().code, path->string() + ": " + schema.error().message);
        }
        auto builder = DocumentBuilder::create(*schema);
        if (!builder) {
            return builder.error();
        }
        // With --max-errors an abort must leave the index as it was: one
        // transaction (held in memory) instead of a commit per batch.
        const bool atomic = options.max_errors > 0;
        if (atomic) {
            db.begin_transaction();
        }
        // Updated documents get the counts of now; the generation's feedback
        // sequence stays, so the applier still visits every document changed
        // since (rewriting these with the same or newer counts).
        const FeedbackSnapshot feedback = read_feedback(options.index, options.diagnostics);
        Ingest ingest(db, options, atomic ? 0 : std::max<uint64_t>(options.batch_size, 1), false);
        const auto thread_pass = ThreadPass::create(*schema);
        ingest.track_threads(thread_pass ? &*thread_pass : nullptr);
        auto result = ingest.run(*builder, feedback);
        if (!result || result->aborted) {
            if (atomic) {
                db.cancel_transaction();
            }
            if (!result) {
                return result.error();
            }
            return *result;
        }
        if (thread_pass) {
            thread_pass->refresh(db, ingest.touched_threads());
        }
        if (atomic) {
            db.commit_transaction();
        } else {
            db.commit();
        }
        db.close();
        IngestStats stats = *result;
        stats.generation = gen;
        stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return stats;
    } catch (const Xapian::Error& e) {
        return xapian_error("updating " + path->string(), e);
    }
}

Result<uint64_t> delete_documents(const fs::path& index, const std::vector<std::string>& ids) {
    IndexDir dir(index);
    uint64_t gen = 0;
    if (auto path = live_generation(dir, gen); !path) {
        return path.error(); // checked before locking, which would create the directory
    }
    auto lock = WriterLock::acquire(index, LOCK_WAIT);
    if (!lock) {
        return lock.error();
    }
    auto path = live_generation(dir, gen);
    if (!path) {
        return path.error();
    }
    try {
        Xapian::WritableDatabase db(path->string(), Xapian::DB_OPEN);
        auto schema = load_index_schema(db, "antwort-indexer");
        if (!schema) {
            return make_error(schema.error().code, path->string() + ": " + schema.error().message);
        }
        const std::string prefix = schema->id_prefix();
        const auto thread_pass = ThreadPass::create(*schema);
        std::set<std::string> threads;
        uint64_t existed = 0;
        for (const auto& id : ids) {
            const std::string term = prefix + id;
            if (term.size() > DocumentBuilder::MAX_TERM_BYTES || !db.term_exists(term)) {
                continue;
            }
            if (thread_pass) {
                auto it = db.postlist_begin(term);
                if (auto thread = thread_pass->thread_term(db.get_document(*it)); !thread.empty()) {
                    threads.insert(std::move(thread));
                }
            }
            db.delete_document(term);
            ++existed;
        }
        if (thread_pass) {
            thread_pass->refresh(db, threads);
        }
        db.commit();
        db.close();
        return existed;
    } catch (const Xapian::Error& e) {
        return xapian_error("deleting from " + path->string(), e);
    }
}

Result<IndexStats> index_stats(const fs::path& index) {
    IndexDir dir(index);
    IndexStats stats;
    auto path = live_generation(dir, stats.generation);
    if (!path) {
        return path.error();
    }
    try {
        Xapian::Database db(path->string());
        auto schema = load_index_schema(db, "antwort-indexer");
        if (!schema) {
            return make_error(schema.error().code, path->string() + ": " + schema.error().message);
        }
        stats.documents = db.get_doccount();
        stats.schema_name = schema->name();
        stats.schema_version = schema->version();
        const FieldSpec* type = schema->field("type");
        if (type != nullptr && type->type == FieldType::Keyword && !type->prefix.empty()) {
            for (const char* name : KNOWN_TYPES) {
                stats.by_type[name] = db.get_termfreq(type->prefix + name);
            }
        }
    } catch (const Xapian::Error& e) {
        return xapian_error("reading " + path->string(), e);
    }
    stats.bytes_on_disk = directory_bytes(*path);
    return stats;
}

} // namespace antwort::indexer
