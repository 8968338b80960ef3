/** @file GermanNormalizationFilter: folds umlauts, ß and their ASCII spellings. */
#pragma once

#include "antwort/analyzers/token_filter.h"

#include <string>

namespace antwort::analyzers {

/**
 * Folds the German spelling variants of a word together, with the rules of
 * Lucene's GermanNormalizationFilter: ä/ö/ü -> a/o/u, ß -> ss, and "ae"/"oe"
 * -> a/o, "ue" -> u unless the "u" follows a vowel or "q". Example:
 * `müller`, `mueller` and `muller` -> `muller`; `straße` -> `strasse`;
 * `mauer` and `quelle` stay as they are.
 * Expects case-folded input (run after CaseFoldFilter) and runs before
 * StemFilter, so the stemmer sees one spelling of each word.
 */
class GermanNormalizationFilter final : public TokenFilter {
  public:
    void apply(std::string_view source, std::vector<Token>& tokens) const override;

    /** Normalises one lower-case UTF-8 word in place (never makes it longer). */
    static void normalize(std::string& word);
};

} // namespace antwort::analyzers
