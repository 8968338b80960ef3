/** @file Turns a Document into a Xapian document, following the schema. */
#pragma once

#include "antwort/document.h"
#include "antwort/result.h"
#include "antwort/schema.h"

#include <xapian.h>

namespace antwort::indexer {

/**
 * Term and value layout (searchd's query builder relies on it):
 *  - id field: boolean term prefix+id ("Qdebian-faq-de:whatisfaq"), the upsert key.
 *  - text fields: every token of the field's analyzer goes into the shared,
 *    unprefixed text space with wdf increment = field weight and positions
 *    offset so fields never touch (a gap of 100 between fields); when the
 *    field has a non-empty prefix its tokens are also indexed as prefix+term
 *    (wdf 1, the field's own positions), for field-specific search.
 *  - keyword fields: boolean term prefix+fold_case(value) per value (bytes
 *    beyond Xapian's term length limit are cut at a UTF-8 boundary); with a
 *    value slot, the slot holds the original value (the first one if multi).
 *  - bool fields: boolean term prefix+"1" or prefix+"0", slot "1"/"0".
 *  - date fields: slot sortable_serialise(Unix seconds).
 *  - rating field: slot sortable_serialise(wilson_lower_bound(up, down)),
 *    only when the document has a rating.
 *  - document data: document_to_json(doc).
 */
class DocumentBuilder {
  public:
    /** Looks up the analyzers the schema names; fails on an unknown one. */
    static Result<DocumentBuilder> create(const Schema& schema);

    /** Builds the Xapian document and returns the unique id term. */
    Xapian::Document build(const Document& doc) const;
    /** The unique id term for @p id ("Q" + id with the schema's id prefix). */
    std::string id_term(std::string_view id) const;

  private:
    struct Impl;
    explicit DocumentBuilder(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

} // namespace antwort::indexer
