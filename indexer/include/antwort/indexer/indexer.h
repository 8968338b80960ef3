/** @file Index operations behind `antwort-indexer`: build, update, delete, stats. */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace antwort::indexer {

/** Options shared by build and update. */
struct IngestOptions {
    std::filesystem::path index;     ///< the index directory (--index)
    std::vector<std::string> inputs; ///< NDJSON files; "-" is standard input
    /** Abort after this many bad lines (0 = never); an aborted build or update
     *  leaves the live index untouched. */
    uint64_t max_errors = 0;
    /** Documents per Xapian commit during update. */
    uint64_t batch_size = 10000;
    /** Print progress (documents, docs/s) to @p diagnostics while running. */
    bool progress = false;
    /** Where "FILE:LINE: error: REASON" lines and progress go (std::cerr in the CLI). */
    std::ostream* diagnostics = nullptr;
    /** Parse and analyse on a second thread while this one writes to Xapian. */
    bool parallel = true;
    /** build: refuse to publish a generation with more than this share
     *  (percent, 0-100) fewer documents than the live one. The default 50
     *  stops a truncated or wrong input file from emptying the site search
     *  and still lets an index lose a good part of its documents; 0 refuses
     *  any shrink. */
    uint64_t max_shrink_percent = 50;
    /** build: publish even a generation with 0 documents or one that shrinks
     *  the live index by more than max_shrink_percent. */
    bool allow_shrink = false;
};

/** What an ingest run did. */
struct IngestStats {
    uint64_t lines = 0;      ///< non-empty input lines read
    uint64_t indexed = 0;    ///< documents written (added or replaced)
    uint64_t bad = 0;        ///< lines reported and skipped
    uint64_t generation = 0; ///< generation written to
    double seconds = 0;
    bool aborted = false; ///< --max-errors was reached; nothing was published
};

/**
 * Full rebuild: writes a new generation beside the live one and publishes it
 * atomically. With @p schema (from --schema) or else the embedded default.
 * Bad lines are reported and skipped; the run still publishes unless
 * max_errors was reached. Fails with Conflict if another writer holds the lock.
 * Unless allow_shrink is set, fails with InvalidArgument, publishing nothing,
 * when the new generation would hold 0 documents (also as the first one: an
 * empty index serves no search) or shrink the live index by more than
 * max_shrink_percent (also InvalidArgument if that is above 100).
 */
Result<IngestStats> build_index(const IngestOptions& options, const Schema& schema);

/**
 * Upserts documents by id into the live generation, using the schema stored
 * in it (Unavailable if that schema's format is not SCHEMA_FORMAT); commits
 * every batch_size documents. With max_errors set, the whole update is one
 * transaction instead, so an aborted update changes nothing. When no
 * generation is live yet this is a build with the default schema, without
 * build_index's check of the document count (max_shrink_percent, allow_shrink).
 */
Result<IngestStats> update_index(const IngestOptions& options);

/** As above; @p schema_if_new is used when the index has to be created. */
Result<IngestStats> update_index(const IngestOptions& options, const Schema& schema_if_new);

/** Deletes documents by id from the live generation; returns how many existed.
 *  Fails with NotFound if no generation is live. */
Result<uint64_t> delete_documents(const std::filesystem::path& index,
                                  const std::vector<std::string>& ids);

/** Figures printed by `antwort-indexer stats`. */
struct IndexStats {
    uint64_t generation = 0;
    uint64_t documents = 0;
    std::map<std::string, uint64_t> by_type;
    std::string schema_name;
    int schema_version = 0;
    uint64_t bytes_on_disk = 0;
};

/** Reads the live generation's figures (read-only, no lock); NotFound if none is live. */
Result<IndexStats> index_stats(const std::filesystem::path& index);

} // namespace antwort::indexer
