/** @file Values the indexer derives for ranking, shared by indexer and searchd. */
#pragma once

#include "antwort/document.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace antwort {

/**
 * Values of the "kind" slot. Every boost is a precomputed value that one of
 * Xapian's built-in posting sources turns into weight, so shards served by
 * xapian-tcpsrv (which runs only built-in sources) rank the same.
 * A forum post starts as KIND_ACCEPTED (accepted: true) or KIND_UNANSWERED;
 * the thread pass (antwort/thread_values.h) turns the other posts of a thread
 * with an accepted answer into KIND_ANSWERED.
 */
inline constexpr std::string_view KIND_FAQ = "faq";
inline constexpr std::string_view KIND_ARTICLE = "article";
inline constexpr std::string_view KIND_ACCEPTED = "accepted";
inline constexpr std::string_view KIND_ANSWERED = "answered";
inline constexpr std::string_view KIND_UNANSWERED = "unanswered";

/** The kind a document has on its own (before the thread pass); "" for an unknown type. */
std::string_view own_kind(const Document& doc);

/** "month" slot value of documents that do not age: FAQs, articles and undated posts. */
inline constexpr std::string_view EVERGREEN_MONTH = "-";

/** "YYYY-MM" (UTC) of a Unix time. */
std::string month_bucket(int64_t unix_seconds);

/** The "month" slot value of @p doc: the month of `updated` (else `created`)
 *  for forum posts, EVERGREEN_MONTH otherwise or without a parsable date. */
std::string month_value(const Document& doc);

/**
 * The "kind_month" slot value: month + '|' + the kind's first two letters
 * ("2024-05|an" for answered, "2024-05|un", "|fa" for an evergreen FAQ, the
 * month empty for EVERGREEN_MONTH). One ValueMapPostingSource over it applies
 * the type boost and the recency weight together: one value read per match
 * instead of two. At most 10 bytes, so the string Xapian returns for each
 * match stays in std::string's inline buffer (no allocation per match). '|'
 * sorts after the digits, so the slot's lower bound starts with the oldest
 * month in the index.
 */
std::string kind_month_value(std::string_view kind, std::string_view month);

/** The month slot value a "kind_month" value holds (EVERGREEN_MONTH for "|kind"),
 *  or "" when @p value has no '|'. */
std::string_view month_of_kind_month(std::string_view value);

/**
 * The "ranked_rating" slot value of a post that does not draw on its thread:
 * its own rating slot score, 0 without one. Written on every document: Xapian
 * checks a slot every document has several times faster than a sparse one.
 */
std::string ranked_rating_value(std::optional<double> own);

/** Months since year 0 of a "YYYY-MM" value (year * 12 + month - 1), or nullopt. */
std::optional<int64_t> month_index(std::string_view bucket);

/** The inverse of month_index: "YYYY-MM" (years 0..9999). */
std::string month_from_index(int64_t index);

/** Unix seconds of the document's last activity: max(created, updated), or nullopt. */
std::optional<int64_t> activity_time(const Document& doc);

} // namespace antwort
