/** @file The thread pass: thread-level ranking values written onto every post of a thread. */
#pragma once

#include "antwort/schema.h"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace antwort {

/**
 * Some ranking values of a forum post depend on the other posts of its
 * thread, so DocumentBuilder (one document at a time) cannot write them:
 *  - "kind": posts of a thread that has an accepted answer become "answered"
 *    (the accepted post stays "accepted"); the rest stay "unanswered"; the
 *    "kind_month" slot follows the kind;
 *  - "thread_rating", on the thread's question only (the post without a
 *    parent): sortable_serialise(best - own) where best is the highest
 *    Wilson bound (rating slot) of the thread's posts and own the question's
 *    (0 when unrated); absent when that is 0. searchd adds it scaled by
 *    rating_weight * thread_rating_share, so the question's rating boost is
 *    rating_weight * ((1 - share) * own + share * best), never above
 *    rating_weight: the thread, shown through its question, profits from its
 *    best answer, while answers keep their own votes (a down-voted answer
 *    still sinks);
 *  - "ranked_rating": the rating part per unit of rating_weight with the
 *    schema's thread_rating_share applied, own + share * (best - own) on the
 *    question, own (0 when unrated) on the other posts; DocumentBuilder
 *    writes own on every document. searchd reads this one slot instead of
 *    two while its thread_rating_share is the schema's.
 *
 * build, update and delete run the pass over every thread they touched, after
 * writing the documents and before the commit; it reads the rating slot from
 * the database, so whoever rewrites that slot (e.g. merged feedback votes)
 * must call refresh() for the threads concerned.
 */
class ThreadPass {
  public:
    /** nullopt when the schema lacks a thread keyword field with a slot, or
     *  the derived "kind"/"thread_rating"/"ranked_rating" fields (nothing to
     *  do then). */
    static std::optional<ThreadPass> create(const Schema& schema);

    /** The thread's boolean term of a built document ("" when it has none). */
    std::string thread_term(const Xapian::Document& doc) const;

    /**
     * Recomputes the values above for every post holding one of
     * @p thread_terms; rewrites only documents whose values change.
     * @return the number of documents rewritten.
     */
    uint64_t refresh(Xapian::WritableDatabase& db, const std::set<std::string>& thread_terms) const;

  private:
    ThreadPass() = default;
    std::string thread_prefix_;
    std::string parent_prefix_; ///< "" when the schema has no parent field
    std::optional<Xapian::valueno> kind_slot_;
    std::optional<Xapian::valueno> kind_month_slot_; ///< only with kind_slot_
    std::optional<Xapian::valueno> thread_rating_slot_;
    std::optional<Xapian::valueno> rating_slot_;
    std::optional<Xapian::valueno> ranked_rating_slot_; ///< only with rating_slot_
    double share_ = 0; ///< the schema's thread_rating_share (0 without thread_rating)
};

} // namespace antwort
