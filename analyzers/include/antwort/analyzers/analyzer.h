/** @file Analyzer: tokenizer followed by token filters, looked up by name. */
#pragma once

#include "antwort/analyzers/token.h"
#include "antwort/result.h"

#include <memory>
#include <string_view>
#include <vector>

namespace antwort::analyzers {

/**
 * Turns text into terms. The same analyzer runs at index time and on query
 * text, so a query term matches the indexed term whatever form was typed.
 * Implementations are immutable after construction and safe to call from
 * many threads at once.
 */
class Analyzer {
  public:
    virtual ~Analyzer() = default;
    /** Appends the tokens of @p text to @p out (positions start at 0). */
    virtual void analyze(std::string_view text, std::vector<Token>& out) const = 0;
    /** Convenience: the tokens of @p text. */
    std::vector<Token> analyze(std::string_view text) const {
        std::vector<Token> out;
        analyze(text, out);
        return out;
    }
};

/**
 * Returns the analyzer registered under @p name. Known names:
 *  - "de_text": German text (ICU word segmentation, NFKC case folding,
 *    hyphenated compounds whole and as parts, umlaut/ß folding, Snowball
 *    German stemming);
 *  - "de_compound": "de_text" plus dictionary decompounding (DecompoundFilter):
 *    compounds are kept and their parts added at the same position;
 *  - "de_query": "de_compound" plus StopFilter with German question and
 *    function words, for query text;
 *  - "de_keyword": the same normalisation without stemming or splitting, for
 *    keyword values and prefix (autocomplete) input.
 * Analyzers are created once and shared; the returned pointer stays valid for
 * the life of the program.
 */
Result<std::shared_ptr<const Analyzer>> get_analyzer(std::string_view name);

} // namespace antwort::analyzers
