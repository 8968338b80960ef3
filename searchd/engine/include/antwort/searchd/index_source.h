/** @file IndexSource: where the engine's Xapian database comes from, and how it is checked. */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace antwort::searchd {

/** A database the engine can search, with the schema it was written with. */
struct OpenedIndex {
    Xapian::Database db;
    Schema schema;
};

/**
 * One source of searchable documents, as SearchService sees it: which
 * generation is live, how to open it (the database and its checked schema),
 * and how to name it in messages. Each searcher (one per thread, since a
 * Xapian::Database is not thread-safe) opens its own database through the
 * source and keeps it until the live generation changes; within a
 * generation, Xapian::Database::reopen() brings it up to date.
 *
 * Today there is one kind: LocalIndexSource, an index directory written by
 * antwort-indexer (`current -> gen-NNNNNN`). A shard on another machine
 * (xapian-tcpsrv, opened with Xapian::Remote::open) or several communities
 * searched as one (Xapian::Database::add_database over several sources)
 * are further kinds of IndexSource: they implement the same three calls,
 * and the engine above them does not change.
 *
 * Implementations are used from many threads at once and must be
 * thread-safe; open() returns a new database each time.
 */
class IndexSource {
  public:
    virtual ~IndexSource() = default;

    /**
     * The generation that is live now. Unavailable (with a message that says
     * how to make one) when nothing is.
     */
    virtual Result<uint64_t> live_generation() const = 0;

    /**
     * Opens generation @p generation and checks its stored schema
     * (load_index_schema()): Unavailable for an index of another format,
     * Corrupt when it cannot be opened or read. Xapian's
     * DatabaseModifiedError is thrown (the caller reopens and retries).
     */
    virtual Result<OpenedIndex> open(uint64_t generation) const = 0;

    /** How messages name generation @p generation ("/srv/index/gen-000007"). */
    virtual std::string describe(uint64_t generation) const = 0;

    /** How messages name the source as a whole ("index at /srv/index"). */
    virtual std::string describe() const = 0;
};

/** The index directory @p dir of antwort-indexer, on this machine. */
std::unique_ptr<IndexSource> local_index_source(const std::filesystem::path& dir);

} // namespace antwort::searchd
