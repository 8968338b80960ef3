/** @file A small RAII layer over SQLite for Antwort's durable side stores. */
#pragma once

#include "antwort/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace antwort::sqlite {

class Statement;

/**
 * One SQLite connection. open() turns on WAL mode (readers never block the
 * writer and a crash loses at most the transaction in flight), synchronous =
 * NORMAL (durable across process crashes; WAL's documented trade-off for
 * power loss) and a busy timeout, so several processes (searchd, the
 * indexer) can share one file.
 *
 * A connection is used by one thread at a time; callers serialise access.
 */
class Database {
  public:
    /** Opens (creating if needed) the database file @p path. */
    static Result<Database> open(const std::filesystem::path& path, bool read_only = false);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /** Runs one or more statements without results (schema, BEGIN/COMMIT). */
    Result<void> exec(std::string_view sql);
    /** Compiles @p sql into a statement bound to this connection. */
    Result<Statement> prepare(std::string_view sql);

    sqlite3* handle() const { return db_; }
    const std::filesystem::path& path() const { return path_; }

  private:
    Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

/** A prepared statement: bind() parameters (1-based), step() rows, read columns (0-based). */
class Statement {
  public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);

    /** True while a row is available; false when done. Errors become an Error. */
    Result<bool> step();
    /** step() for statements without rows; an error if one comes back. */
    Result<void> run();
    /** Makes the statement ready to run again (bindings are kept). */
    void reset();

    int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

  private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

/** Runs @p fn inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it fails). */
template <typename Fn> Result<void> transaction(Database& db, Fn&& fn) {
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) {
        return begun;
    }
    Result<void> result = fn();
    if (!result) {
        (void)db.exec("ROLLBACK");
        return result;
    }
    if (auto committed = db.exec("COMMIT"); !committed) {
        (void)db.exec("ROLLBACK");
        return committed;
    }
    return {};
}

} // namespace antwort::sqlite
