/** @file StopFilter: drops function words from query text, keeping positions. */
#pragma once

#include "antwort/analyzers/token_filter.h"

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace antwort::analyzers {

/**
 * Drops tokens whose text is a stop word. Positions of the kept tokens are
 * unchanged, so a dropped word leaves a gap and phrases still line up:
 * "Wie kann ich die Seitenränder ändern" -> `seitenränder`@4 `ändern`@5.
 * If every token is a stop word nothing is dropped, so a query made only of
 * stop words ("Wer ist das?") still finds something.
 * Meant for query text (the "de_query" analyzer); documents keep their stop
 * words so phrase queries and BM25 still see them. Runs after CaseFoldFilter:
 * the words are matched case-folded (they are folded when the filter is built).
 */
class StopFilter final : public TokenFilter {
  public:
    /** Drops the words of @p words (any case; folded here). */
    explicit StopFilter(std::span<const std::string_view> words);

    void apply(std::string_view source, std::vector<Token>& tokens) const override;

    /** True if @p folded_word is one of this filter's stop words. */
    bool is_stop_word(std::string_view folded_word) const;

    /**
     * A short, conservative list of German question and function words
     * (articles, pronouns, auxiliaries, common prepositions and conjunctions),
     * as written in analyzers/src/german_stop_words.cc. Negations ("nicht",
     * "kein") and content-bearing words are deliberately not on it.
     */
    static std::span<const std::string_view> german_query_words();

  private:
    std::unordered_set<std::string> words_;
};

} // namespace antwort::analyzers
