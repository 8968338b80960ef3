/** @file FeedbackStore over SQLite. */
#include "antwort/feedback_store.h"

#include "antwort/rating.h"

#include <mutex>
#include <system_error>

namespace antwort {

namespace {

/**
 * Exactly these columns, nothing about the voter. WITHOUT ROWID: the id is
 * the key. The seq index serves changes_since and MAX(seq).
 */
constexpr std::string_view SCHEMA_SQL = R"sql(
CREATE TABLE IF NOT EXISTS feedback (
    doc_id      TEXT    NOT NULL PRIMARY KEY,
    helpful_yes INTEGER NOT NULL DEFAULT 0,
    helpful_no  INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feedback_by_seq ON feedback (seq);
)sql";

constexpr std::string_view VOTE_SQL = R"sql(
INSERT INTO feedback (doc_id, helpful_yes, helpful_no, seq)
VALUES (?1, ?2, ?3, (SELECT IFNULL(MAX(seq), 0) + 1 FROM feedback))
ON CONFLICT (doc_id) DO UPDATE SET
    helpful_yes = helpful_yes + excluded.helpful_yes,
    helpful_no  = helpful_no + excluded.helpful_no,
    seq         = excluded.seq
RETURNING helpful_yes, helpful_no
)sql";

/** Runs @p fn inside a read transaction (BEGIN … COMMIT), so it sees one snapshot. */
template <typename T, typename Fn> Result<T> read_transaction(sqlite::Database& db, Fn&& fn) {
    if (auto begun = db.exec("BEGIN"); !begun) {
        return begun.error();
    }
    Result<T> result = fn();
    (void)db.exec(result ? "COMMIT" : "ROLLBACK");
    return result;
}

} // namespace

std::optional<double> rating_slot_score(const std::optional<Rating>& rating,
                                        const HelpfulCounts& helpful) {
    if (!rating && helpful.yes == 0 && helpful.no == 0) {
        return std::nullopt;
    }
    const Rating votes = rating.value_or(Rating{});
    return rating_with_feedback(votes.up, votes.down, helpful.yes, helpful.no);
}

struct FeedbackStore::Impl {
    Impl(sqlite::Database w, sqlite::Database r)
        : writer(std::move(w)), reader(std::move(r)) {}
    sqlite::Database writer;
    sqlite::Database reader;
    mutable std::mutex write_mutex;
    mutable std::mutex read_mutex;
};

FeedbackStore::FeedbackStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedbackStore::FeedbackStore(FeedbackStore&&) noexcept = default;
FeedbackStore& FeedbackStore::operator=(FeedbackStore&&) noexcept = default;
FeedbackStore::~FeedbackStore() = default;

std::filesystem::path FeedbackStore::path_for_index(const std::filesystem::path& index) {
    return index / FEEDBACK_FILE;
}

Result<FeedbackStore> FeedbackStore::open(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            return make_error(ErrorCode::Unavailable, "cannot create directory " +
                                                          path.parent_path().string() + ": " +
                                                          ec.message());
        }
    }
    auto writer = sqlite::Database::open(path);
    if (!writer) {
        return writer.error();
    }
    if (auto created = writer->exec(SCHEMA_SQL); !created) {
        return created.error();
    }
    auto reader = sqlite::Database::open(path);
    if (!reader) {
        return reader.error();
    }
    return FeedbackStore(std::make_unique<Impl>(std::move(*writer), std::move(*reader)));
}

Result<FeedbackStore> FeedbackStore::open_existing(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return make_error(ErrorCode::NotFound, "no feedback store at " + path.string());
    }
    return open(path);
}

const std::filesystem::path& FeedbackStore::path() const { return impl_->writer.path(); }

Result<HelpfulCounts> FeedbackStore::vote(std::string_view id, bool helpful) {
    std::lock_guard lock(impl_->write_mutex);
    HelpfulCounts out;
    auto done = sqlite::transaction(impl_->writer, [&]() -> Result<void> {
        auto stmt = impl_->writer.prepare(VOTE_SQL);
        if (!stmt) {
            return stmt.error();
        }
        stmt->bind(1, id).bind(2, int64_t{helpful ? 1 : 0}).bind(3, int64_t{helpful ? 0 : 1});
        auto row = stmt->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return make_error(ErrorCode::Internal, "feedback vote returned no row");
        }
        out.yes = stmt->column_int(0);
        out.no = stmt->column_int(1);
        // Finish the statement before COMMIT, or SQLite refuses to commit.
        auto rest = stmt->step();
        if (!rest) {
            return rest.error();
        }
        return {};
    });
    if (!done) {
        return done.error();
    }
    return out;
}

Result<HelpfulCounts> FeedbackStore::counts(std::string_view id) const {
    std::lock_guard lock(impl_->read_mutex);
    auto stmt =
        impl_->reader.prepare("SELECT helpful_yes, helpful_no FROM feedback WHERE doc_id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    HelpfulCounts out;
    if (*row) {
        out.yes = stmt->column_int(0);
        out.no = stmt->column_int(1);
    }
    return out;
}

Result<std::unordered_map<std::string, HelpfulCounts>>
FeedbackStore::counts(const std::vector<std::string>& ids) const {
    std::unordered_map<std::string, HelpfulCounts> out;
    if (ids.empty()) {
        return out;
    }
    std::lock_guard lock(impl_->read_mutex);
    auto stmt =
        impl_->reader.prepare("SELECT helpful_yes, helpful_no FROM feedback WHERE doc_id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    auto read = read_transaction<bool>(impl_->reader, [&]() -> Result<bool> {
        for (const auto& id : ids) {
            stmt->reset();
            stmt->bind(1, id);
            auto row = stmt->step();
            if (!row) {
                return row.error();
            }
            if (*row) {
                out[id] = HelpfulCounts{stmt->column_int(0), stmt->column_int(1)};
            }
        }
        stmt->reset();
        return true;
    });
    if (!read) {
        return read.error();
    }
    return out;
}

Result<FeedbackChanges> FeedbackStore::changes_since(uint64_t after) const {
    std::lock_guard lock(impl_->read_mutex);
    return read_transaction<FeedbackChanges>(impl_->reader, [&]() -> Result<FeedbackChanges> {
        FeedbackChanges out;
        auto max = impl_->reader.prepare("SELECT IFNULL(MAX(seq), 0) FROM feedback");
        if (!max) {
            return max.error();
        }
        auto row = max->step();
        if (!row) {
            return row.error();
        }
        out.sequence = *row ? static_cast<uint64_t>(max->column_int(0)) : 0;
        max->reset();
        auto stmt = impl_->reader.prepare(
            "SELECT doc_id, helpful_yes, helpful_no FROM feedback WHERE seq > ?1 ORDER BY seq");
        if (!stmt) {
            return stmt.error();
        }
        stmt->bind(1, static_cast<int64_t>(after));
        for (;;) {
            auto next = stmt->step();
            if (!next) {
                return next.error();
            }
            if (!*next) {
                break;
            }
            out.changes.push_back(FeedbackChange{
                stmt->column_text(0), HelpfulCounts{stmt->column_int(1), stmt->column_int(2)}});
        }
        return out;
    });
}

} // namespace antwort
