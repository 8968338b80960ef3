/** @file FeedbackStore: durable "Was this helpful?" counts beside an index. */
#pragma once

#include "antwort/document.h"
#include "antwort/result.h"
#include "antwort/sqlite.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace antwort {

/** The file name of the store inside an index directory (`DIR/feedback.sqlite`). */
inline constexpr const char* FEEDBACK_FILE = "feedback.sqlite";

/**
 * Metadata key of a generation: the store's change sequence whose counts are
 * already in that generation's rating slot. Writers of a generation (the
 * indexer's build, searchd's feedback applier) set it; changes with a higher
 * sequence still have to be applied.
 */
inline constexpr const char* META_FEEDBACK_SEQUENCE = "antwort.feedback_sequence";

/** "Was this helpful?" answers for one document. */
struct HelpfulCounts {
    int64_t yes = 0;
    int64_t no = 0;

    bool operator==(const HelpfulCounts&) const = default;
};

/**
 * What the rating slot of a document holds: rating_with_feedback() of its
 * votes and helpful answers, or nothing when it has neither (unrated
 * documents get no rating boost).
 */
std::optional<double> rating_slot_score(const std::optional<Rating>& rating,
                                        const HelpfulCounts& helpful);

/** The counts of one document whose feedback changed. */
struct FeedbackChange {
    std::string id;
    HelpfulCounts counts;
};

/** The documents changed after a sequence number, and the newest sequence seen. */
struct FeedbackChanges {
    std::vector<FeedbackChange> changes;
    /** The store's newest change sequence when the changes were read (0 = none ever). */
    uint64_t sequence = 0;
};

/**
 * The durable feedback store, one SQLite file (WAL mode) per index directory.
 *
 * One row per document id: the helpful yes/no counts and the change sequence
 * of its last vote. The sequence grows by one with every vote across the
 * whole store, so an applier that remembers the last sequence it applied
 * asks only for what is new (changes_since). Nothing about the voter is
 * stored: no address, user, cookie, user agent or query text — the table
 * has exactly the columns doc_id, yes, no, seq.
 *
 * Thread-safe: writes and reads use separate connections, each behind a
 * mutex; WAL lets reads run while a vote is written. Several processes may
 * open the same file (SQLite's locks and busy timeout serialise writers).
 */
class FeedbackStore {
  public:
    /** Opens (creating if needed, with its directory) the store file @p path. */
    static Result<FeedbackStore> open(const std::filesystem::path& path);
    /** Opens the store only if the file exists (the indexer); NotFound if not. */
    static Result<FeedbackStore> open_existing(const std::filesystem::path& path);
    /** `DIR/feedback.sqlite` for index directory @p index. */
    static std::filesystem::path path_for_index(const std::filesystem::path& index);

    FeedbackStore(FeedbackStore&&) noexcept;
    FeedbackStore& operator=(FeedbackStore&&) noexcept;
    ~FeedbackStore();

    /** Records one answer for document @p id; returns its counts afterwards. */
    Result<HelpfulCounts> vote(std::string_view id, bool helpful);
    /** The counts of @p id (0/0 when it has none). */
    Result<HelpfulCounts> counts(std::string_view id) const;
    /** The counts of several ids at once (ids without votes are left out). */
    Result<std::unordered_map<std::string, HelpfulCounts>>
    counts(const std::vector<std::string>& ids) const;
    /** Documents voted on after sequence @p after (all with 0), read consistently
     *  with the returned sequence. */
    Result<FeedbackChanges> changes_since(uint64_t after) const;

    const std::filesystem::path& path() const;

  private:
    struct Impl;
    explicit FeedbackStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace antwort
