/** @file The SQLite RAII layer. */
#include "antwort/sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace antwort::sqlite {

namespace {

/** How long a writer waits for another process's write transaction. */
constexpr int BUSY_TIMEOUT_MS = 5000;

Error sqlite_error(sqlite3* db, const std::string& what) {
    const char* message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    const int code = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    ErrorCode kind = ErrorCode::Internal;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
        kind = ErrorCode::Corrupt;
    } else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
        kind = ErrorCode::Conflict;
    } else if ((code & 0xff) == SQLITE_CANTOPEN || (code & 0xff) == SQLITE_READONLY) {
        kind = ErrorCode::Unavailable;
    }
    return make_error(kind, what + ": " + message);
}

} // namespace

Result<Database> Database::open(const std::filesystem::path& path, bool read_only) {
    sqlite3* db = nullptr;
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(db, "cannot open " + path.string());
        sqlite3_close(db);
        return error;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    Database out(db, path);
    if (!read_only) {
        if (auto wal = out.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !wal) {
            return wal.error();
        }
    }
    return out;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Database::~Database() { sqlite3_close(db_); }

Result<void> Database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error error = sqlite_error(db_, path_.string());
        sqlite3_free(message);
        return error;
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        return sqlite_error(db_, path_.string() + ": cannot prepare '" + std::string(sql) + "'");
    }
    return Statement(stmt, db_);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return sqlite_error(db_, "statement failed");
}

Result<void> Statement::run() {
    auto row = step();
    if (!row) {
        return row.error();
    }
    return {};
}

void Statement::reset() { sqlite3_reset(stmt_); }

int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    const int size = sqlite3_column_bytes(stmt_, index);
    return text != nullptr ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size))
                           : std::string();
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

} // namespace antwort::sqlite
