/** @file load_index_schema(): one format check for every reader of an index. */
#include "antwort/stored_schema.h"

#include <string>

namespace antwort {

Result<Schema> load_index_schema(const Xapian::Database& db, std::string_view reader) {
    const std::string format = db.get_metadata(META_SCHEMA_FORMAT);
    const std::string expected = std::to_string(SCHEMA_FORMAT);
    if (format != expected) {
        return make_error(ErrorCode::Unavailable,
                          "the index was built with schema format " +
                              (format.empty() ? std::string("(none)") : format) + ", this " +
                              std::string(reader) + " reads " + expected +
                              "; rebuild it with antwort-indexer build");
    }
    auto schema = Schema::parse(db.get_metadata(META_SCHEMA));
    if (!schema) {
        return make_error(ErrorCode::Corrupt,
                          "the schema stored in the index is invalid: " + schema.error().message);
    }
    return schema;
}

} // namespace antwort
