/** @file Turns a Document into a Xapian document, following the schema. */
#pragma once

#include "antwort/document.h"
#include "antwort/feedback_store.h"
#include "antwort/result.h"
#include "antwort/schema.h"

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace antwort::indexer {

/**
 * Term and value layout (searchd's query builder relies on it):
 *  - id field: boolean term prefix+id ("Qdebian-faq-de:whatisfaq"), the upsert key.
 *  - text fields: every token of the field's analyzer goes into the shared,
 *    unprefixed text space with wdf increment = field weight and positions
 *    offset so fields never touch (a gap of 100 between fields); when the
 *    field has a non-empty prefix its tokens are also indexed as prefix+term
 *    (wdf 1, at the same positions), for field-specific search.
 *    Positions start at 1 (token position + 1); each further text field
 *    starts 100 after the last position of the previous one. Terms longer
 *    than MAX_TERM_BYTES are skipped.
 *  - exact surface terms: for every word of a text field (the first token at
 *    each position) that has_variant_spelling(), EXACT_TERM_PREFIX +
 *    lower_case(word as written) ("XEmüller", "XEmueller", "XEstraße"), wdf
 *    increment = field weight, no positions. Not folded, not stemmed: the
 *    query adds the typed form with a small weight so the spelling the user
 *    typed ranks first. Only words with another spelling get one (a term for
 *    every word cost ~35% of the indexing speed).
 *  - keyword fields: boolean term prefix+fold_case(value) per value (bytes
 *    beyond Xapian's term length limit are cut at a UTF-8 boundary); with a
 *    value slot, the slot holds the original value (the first one if multi).
 *  - bool fields: boolean term prefix+"1" or prefix+"0", slot "1"/"0".
 *  - date fields: slot sortable_serialise(Unix seconds).
 *  - rating field: slot sortable_serialise(rating_slot_score(rating, helpful))
 *    (feedback_store.h: votes and "Was this helpful?" answers in one Wilson
 *    lower bound), only when the document has a rating or helpful answers.
 *  - derived fields (ranking_values.h), by field name: "kind" = own_kind(doc);
 *    "month" = month_value(doc) ("YYYY-MM" or "-"); "kind_month" =
 *    kind_month_value(kind, month); "ranked_rating" = the rating slot's
 *    value, 0 without one, on every document (the thread pass adds the
 *    thread's share on questions); "activity" =
 *    sortable_serialise(max(created, updated)). "thread_rating" and the
 *    "answered" kind depend on the other posts of a thread: the thread pass
 *    (antwort/thread_values.h) writes them after the documents are in the database.
 *  - document data: document_to_json(doc).
 */
class DocumentBuilder {
  public:
    /** Looks up the analyzers the schema names; fails on an unknown one. */
    static Result<DocumentBuilder> create(const Schema& schema);

    /** Builds the Xapian document (its boolean terms include id_term(doc.id)).
     *  Thread-safe: one builder may be used by several threads at once. */
    Xapian::Document build(const Document& doc) const;
    /** As above, with the document's "Was this helpful?" counts in its rating slot. */
    Xapian::Document build(const Document& doc, const HelpfulCounts& helpful) const;
    /** The unique id term for @p id ("Q" + id with the schema's id prefix). */
    std::string id_term(std::string_view id) const;
    /** The schema the builder follows. */
    const Schema& schema() const;

    /** Xapian's limit on the length of a term, in bytes (glass backend). */
    static constexpr size_t MAX_TERM_BYTES = 245;

  private:
    struct Impl;
    explicit DocumentBuilder(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

} // namespace antwort::indexer
