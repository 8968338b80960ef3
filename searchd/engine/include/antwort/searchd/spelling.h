/** @file Spelling correction against the index vocabulary ("did you mean"). */
#pragma once

#include "antwort/analyzers/analyzer.h"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/**
 * Levenshtein distance of the bytes of @p a and @p b (folded index terms are
 * ASCII but for rare letters), or @p max + 1 as soon as it must exceed @p max.
 */
size_t edit_distance(std::string_view a, std::string_view b, size_t max);

/** Edits allowed to correct a term of @p bytes bytes: 0 below 4, 1 up to 5, else 2. */
size_t max_edits(size_t bytes);

/**
 * Up to @p limit index terms near @p term that occur in the database: the
 * fewest edits (at most max_edits()) first, then the most documents. Scans the
 * unprefixed (text) terms that share @p term's first byte (typos rarely hit
 * the first letter), so it costs a pass over a small part of the term list;
 * searchd calls it only for queries with few hits or an unknown word.
 */
std::vector<std::string> closest_terms(const Xapian::Database& db, std::string_view term,
                                       size_t limit);

/**
 * The first word of @p text whose analysed form (first token at its position)
 * is @p term, lower-cased as written ("Passwort" for "passwort"); nullopt
 * when no word of @p text has that term. Turns a corrected index term back
 * into a word a user would type.
 */
std::optional<std::string> surface_of(const analyzers::Analyzer& analyzer, std::string_view text,
                                      std::string_view term);

} // namespace antwort::searchd
