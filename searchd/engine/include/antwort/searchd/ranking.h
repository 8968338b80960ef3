/** @file Ranking beyond text: rating, content-type and recency boosts, thread collapse, sort. */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"
#include "antwort/searchd/service_options.h"
#include "antwort/searchd/search_request.h"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace antwort::searchd {

/** The ranking parameters of one search: the index schema's RankingSpec with
 *  searchd's command-line overrides (ServiceOptions) applied. */
RankingSpec resolve_ranking(const RankingSpec& schema, const ServiceOptions& options);

/**
 * Parses `--type-boost` text: comma-separated `kind=weight` pairs
 * ("faq=0.8,accepted=0.6"), kinds as in antwort/ranking_values.h, weights >= 0.
 * Adds them to @p out; InvalidArgument naming the bad pair otherwise.
 */
Result<void> parse_type_boosts(std::string_view text, std::map<std::string, double>& out);

/** What the boosts add to a hit's score (explain=1). */
struct BoostParts {
    double rating = 0;     ///< own Wilson bound and the thread's best, scaled
    double type_boost = 0; ///< the content kind's boost
    double recency = 0;    ///< the month bucket's recency weight
};

/**
 * Adds the non-text signals to a text query, each as a precomputed value in a
 * slot read by one of Xapian's built-in posting sources, joined with
 * OP_AND_MAYBE (they add weight, never make a document match). Built-in
 * sources serialise, so the same query runs on shards behind xapian-tcpsrv:
 *
 *   score = text
 *         + rating_weight * own                    SCALE_WEIGHT(ValueWeightPostingSource(rating))
 *         + rating_weight * share * (best - own)   SCALE_WEIGHT(ValueWeightPostingSource(thread_rating))
 *         + type_boost[kind]                       ValueMapPostingSource(kind)
 *         + recency_weight * 0.5^(age / half-life) ValueMapPostingSource(month)
 *
 * (the two rating parts as one ValueWeightPostingSource over the
 * "ranked_rating" slot, which holds own + share * (best - own) with the
 * schema's share on every document, while the configured share is the
 * schema's; the last two as one ValueMapPostingSource over the "kind_month"
 * slot when the schema has it and both are on: one value read per match
 * instead of two, each)
 *
 * where own is the post's Wilson bound and best - own is set on thread
 * questions only (antwort/thread_values.h), which puts a question's rating
 * part at rating_weight * ((1 - share) * own + share * best) ≤ rating_weight. Recency weights are computed per query for each
 * "YYYY-MM" bucket from the current month back until the weight falls below
 * 1/128 of recency_weight (older: 0); the evergreen bucket "-" (FAQs,
 * articles, undated posts) gets the full weight, so those are never
 * penalised. A part whose slot the schema lacks, or whose weights are all 0,
 * is left out.
 *
 * Immutable once built; safe to share between threads.
 */
class Ranking {
  public:
    /** Resolves the slots (rating, derived kind/thread_rating/month/activity,
     *  thread, created/updated) the schema declares. */
    static Ranking create(const Schema& schema);

    /**
     * @p spec without the parts that are the same for every document of @p db
     * (every document has the same kind, or the same month bucket, e.g. an
     * index of articles only): they would add one constant to every score and
     * cost a value read per match; likewise the rating part when every
     * document's ranked_rating is the same (no votes anywhere). Pass the result
     * to apply() and explain().
     */
    RankingSpec effective(const RankingSpec& spec, const Xapian::Database& db) const;

    /** @p text with the boosts above added; @p now_unix is "now" for recency,
     *  @p db the index searched (its oldest month bounds the kind_month map). */
    Xapian::Query apply(const Xapian::Query& text, const RankingSpec& spec,
                        const Xapian::Database& db, int64_t now_unix) const;

    /**
     * The boosts apply() adds, as one query (empty when there are none). They
     * depend only on @p spec, @p db's value statistics and the month of
     * @p now_unix, so a caller may keep them for the next queries on the same
     * database revision in the same month (searchd does, per searcher: a
     * Xapian::Query must not be shared between threads).
     */
    Xapian::Query boosts(const RankingSpec& spec, const Xapian::Database& db,
                         int64_t now_unix) const;

    /** @p text with @p boosts (from boosts()) added. */
    static Xapian::Query apply(const Xapian::Query& text, const Xapian::Query& boosts);

    /** The month of @p now_unix as boosts() counts it (month_index). */
    static int64_t month_of(int64_t now_unix);

    /**
     * Collapse on the thread slot (at most @p per_thread hits per thread;
     * documents without a thread have an empty value and are never
     * collapsed) and the sort order. InvalidArgument when the index lacks
     * the slot a sort needs.
     * @return whether collapsing is on: @p collapse and @p db has threads.
     */
    Result<bool> configure(Xapian::Enquire& enquire, const Xapian::Database& db, bool collapse,
                           SortOrder sort, Xapian::doccount per_thread = 1) const;

    /** The boost parts of @p doc, computed from its values the way the
     *  posting sources do, so text + the parts = the hit's score. */
    BoostParts explain(const Xapian::Document& doc, const RankingSpec& spec,
                       int64_t now_unix) const;

    /** Recency weight of month bucket @p bucket when the current month is
     *  @p now_month (month_index); 0 beyond the horizon or for a bad value. */
    static double recency_weight(std::string_view bucket, const RankingSpec& spec,
                                 int64_t now_month);

  private:
    Ranking() = default;
    /** Whether apply() reads the rating part from the one ranked_rating slot. */
    bool reads_ranked_rating(const RankingSpec& spec) const;
    std::optional<Xapian::valueno> rating_slot_;
    std::optional<Xapian::valueno> thread_rating_slot_;
    std::optional<Xapian::valueno> ranked_rating_slot_;
    double indexed_share_ = 0; ///< the thread_rating_share ranked_rating was written with
    std::optional<Xapian::valueno> kind_slot_;
    std::optional<Xapian::valueno> month_slot_;
    std::optional<Xapian::valueno> kind_month_slot_;
    std::optional<Xapian::valueno> newest_slot_;
    std::optional<Xapian::valueno> thread_slot_;
};

} // namespace antwort::searchd
