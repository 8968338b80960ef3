/** @file FeedbackApplier: votes -> rating slots of the live generation, then the thread pass. */
#include "antwort/searchd/feedback_applier.h"

#include "antwort/document.h"
#include "antwort/index_layout.h"
#include "antwort/ranking_values.h"
#include "antwort/schema.h"
#include "antwort/stored_schema.h"
#include "antwort/thread_values.h"

#include <xapian.h>

#include <charconv>
#include <iostream>
#include <optional>
#include <set>
#include <string>

namespace antwort::searchd {

namespace {

/** The sequence recorded in a generation (0 when none: apply everything). */
uint64_t recorded_sequence(const Xapian::Database& db) {
    const std::string text = db.get_metadata(META_FEEDBACK_SEQUENCE);
    uint64_t seq = 0;
    std::from_chars(text.data(), text.data() + text.size(), seq);
    return seq;
}

/** Where ids and ratings live in a generation, from its stored schema. */
struct Layout {
    std::string id_prefix;
    std::optional<Xapian::valueno> rating_slot;
    std::optional<Xapian::valueno> ranked_rating_slot; ///< own rating; the pass adds the thread's
    std::optional<ThreadPass> thread_pass;             ///< values that depend on the thread
};

Result<Layout> layout_of(const Xapian::Database& db) {
    auto schema = load_index_schema(db, "searchd");
    if (!schema) {
        return schema.error();
    }
    Layout layout;
    layout.id_prefix = schema->id_prefix();
    layout.rating_slot = schema->rating_slot();
    layout.ranked_rating_slot = schema->derived_slot("ranked_rating");
    layout.thread_pass = ThreadPass::create(*schema);
    return layout;
}

} // namespace

FeedbackApplier::FeedbackApplier(std::filesystem::path index, const FeedbackStore& store,
                                 std::chrono::milliseconds interval, Logger* log)
    : index_(std::move(index)), store_(store), interval_(interval), log_(log) {}

FeedbackApplier::~FeedbackApplier() { stop(); }

void FeedbackApplier::start() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable() && !stopping_) {
        thread_ = std::thread([this] { run(); });
    }
}

void FeedbackApplier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void FeedbackApplier::run() {
    std::string last_error;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        auto applied = apply_once();
        // Conflict: a build or update holds the lock; the next pass retries.
        if (!applied && applied.error().code != ErrorCode::Conflict) {
            if (applied.error().message != last_error) {
                Logger fallback(LogLevel::Warn, &std::cerr);
                (log_ != nullptr ? *log_ : fallback)
                    .error("feedback not applied", {{"reason", applied.error().message}});
                last_error = applied.error().message;
            }
        } else {
            last_error.clear();
        }
        lock.lock();
    }
}

Result<uint64_t> FeedbackApplier::apply_once() {
    IndexDir dir(index_);
    try {
        // Without the lock first: most passes find nothing new, and a pass
        // that does not lock can never get in an indexer run's way.
        auto gen = dir.current_generation();
        if (!gen) {
            return uint64_t{0};
        }
        {
            Xapian::Database db(dir.generation_path(*gen).string());
            auto pending = store_.changes_since(recorded_sequence(db));
            if (!pending) {
                return pending.error();
            }
            if (pending->changes.empty()) {
                return uint64_t{0};
            }
        }
        auto lock = WriterLock::acquire(index_);
        if (!lock) {
            return lock.error();
        }
        gen = dir.current_generation(); // a build may have published meanwhile
        if (!gen) {
            return uint64_t{0};
        }
        Xapian::WritableDatabase db(dir.generation_path(*gen).string(), Xapian::DB_OPEN);
        auto layout = layout_of(db);
        if (!layout) {
            return layout.error();
        }
        auto changes = store_.changes_since(recorded_sequence(db));
        if (!changes) {
            return changes.error();
        }
        uint64_t applied = 0;
        std::set<std::string> threads; // of the rewritten posts
        if (layout->rating_slot) {
            for (const auto& change : changes->changes) {
                const std::string term = layout->id_prefix + change.id;
                Xapian::PostingIterator it = db.postlist_begin(term);
                if (it == db.postlist_end(term)) {
                    continue; // voted on, then deleted
                }
                const Xapian::docid docid = *it;
                Xapian::Document doc = db.get_document(docid);
                auto stored = parse_document(doc.get_data());
                if (!stored) {
                    continue;
                }
                auto score = rating_slot_score(stored->rating, change.counts);
                if (score) {
                    doc.add_value(*layout->rating_slot, Xapian::sortable_serialise(*score));
                } else {
                    doc.remove_value(*layout->rating_slot);
                }
                if (layout->ranked_rating_slot) {
                    doc.add_value(*layout->ranked_rating_slot, ranked_rating_value(score));
                }
                if (layout->thread_pass) {
                    if (std::string thread = layout->thread_pass->thread_term(doc);
                        !thread.empty()) {
                        threads.insert(std::move(thread));
                    }
                }
                db.replace_document(docid, doc);
                ++applied;
            }
        }
        if (layout->thread_pass && !threads.empty()) {
            // A vote on an answer changes its thread's best rating, which its
            // question draws on (thread_values.h).
            layout->thread_pass->refresh(db, threads);
        }
        db.set_metadata(META_FEEDBACK_SEQUENCE, std::to_string(changes->sequence));
        db.commit();
        return applied;
    } catch (const Xapian::DatabaseLockError& e) {
        return make_error(ErrorCode::Conflict, "index is being written: " + e.get_msg());
    } catch (const Xapian::Error& e) {
        return make_error(ErrorCode::Internal,
                          "applying feedback to " + index_.string() + ": " + e.get_description());
    }
}

} // namespace antwort::searchd
