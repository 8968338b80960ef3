/** @file load_index_schema(): the schema an index was written with, checked and read back. */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"

#include <xapian.h>

#include <string_view>

namespace antwort {

/**
 * The schema stored in @p db's metadata (META_SCHEMA), after checking its
 * format (META_SCHEMA_FORMAT) against SCHEMA_FORMAT. The one check every
 * reader of an index makes (indexer updates, searchd, the feedback applier):
 * - a missing or other format: Unavailable, "the index was built with schema
 *   format F, this @p reader reads SCHEMA_FORMAT; rebuild it with
 *   antwort-indexer build" (F is "(none)" when the metadata is missing);
 * - a stored schema that does not parse: Corrupt.
 * Xapian errors (an unreadable database) are thrown, as by Xapian itself.
 */
Result<Schema> load_index_schema(const Xapian::Database& db, std::string_view reader);

} // namespace antwort
