/** @file Tokenizer: the first stage of an analysis chain. */
#pragma once

#include "antwort/analyzers/token.h"

#include <string_view>
#include <vector>

namespace antwort::analyzers {

/**
 * Splits text into word tokens with byte offsets into the text and word
 * positions counted from 0. Implementations are immutable after construction
 * and safe to call from many threads at once.
 */
class Tokenizer {
  public:
    virtual ~Tokenizer() = default;
    /**
     * Appends the tokens of @p text to @p out, in text order.
     * @param text UTF-8 text; invalid sequences must not crash the tokenizer
     * @param out receives tokens whose offsets lie within @p text
     */
    virtual void tokenize(std::string_view text, std::vector<Token>& out) const = 0;
};

} // namespace antwort::analyzers
