/** @file The document model: one FAQ entry, forum post or article. */
#pragma once

#include "antwort/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort {

/** Community votes on a document. */
struct Rating {
    int64_t up = 0;
    int64_t down = 0;
};

/** A document as read from NDJSON (format: shared corpora FORMAT.md). */
struct Document {
    std::string id;
    std::string type; ///< "faq", "forum" or "article"
    std::string title;
    std::string body;
    std::string lang;
    std::optional<std::string> url;
    std::vector<std::string> tags;
    std::optional<std::string> category;
    std::optional<std::string> created; ///< ISO 8601 as given
    std::optional<std::string> updated;
    std::optional<Rating> rating;
    std::optional<std::string> thread;
    std::optional<std::string> parent;
    std::optional<bool> accepted;
};

/** True for "faq", "forum", "article". */
bool is_known_type(std::string_view type);

/**
 * Parses one NDJSON line into a Document and validates it: valid UTF-8, a JSON
 * object, non-empty string "id" and "title", a known "type", and the right
 * JSON type for every optional field. Unknown fields are ignored. The error
 * message is the reason only (the caller adds file and line).
 */
Result<Document> parse_document(std::string_view json);

/** Serialises a Document as one line of JSON (the stored document data). */
std::string document_to_json(const Document& doc);

/**
 * Parses an ISO 8601 timestamp ("2015-09-29T10:15:00Z", with optional
 * fraction and offset, or a plain date "2015-09-29") to Unix seconds (UTC).
 */
std::optional<int64_t> parse_iso8601(std::string_view text);

} // namespace antwort
