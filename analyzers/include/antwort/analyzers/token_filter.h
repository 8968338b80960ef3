/** @file TokenFilter: one transformation step of an analysis chain. */
#pragma once

#include "antwort/analyzers/token.h"

#include <string_view>
#include <vector>

namespace antwort::analyzers {

/**
 * Rewrites, drops or adds tokens. A filter never changes the offsets of a
 * token it keeps (snippets highlight the original text through them).
 * Implementations are immutable after construction and safe to call from many
 * threads at once.
 */
class TokenFilter {
  public:
    virtual ~TokenFilter() = default;
    /**
     * Transforms @p tokens in place.
     * @param source the text the tokens were cut from (their offsets point
     *        into it); most filters only look at the token text
     * @param tokens all tokens of @p source, in text order
     */
    virtual void apply(std::string_view source, std::vector<Token>& tokens) const = 0;
};

} // namespace antwort::analyzers
