/** @file A token produced by an analyzer. */
#pragma once

#include <cstdint>
#include <string>

namespace antwort::analyzers {

/**
 * One term produced from text. Offsets are byte offsets into the analysed
 * input and are never changed by filters (so snippets can highlight the
 * original text). Tokens that share a position are alternatives for the same
 * word (a hyphenated compound's whole form beside its first part, or, later,
 * compound parts), so phrase queries still work.
 */
struct Token {
    std::string text;        ///< the term, after all filters (UTF-8)
    uint32_t byte_begin = 0; ///< start of the source word in the input
    uint32_t byte_end = 0;   ///< end (exclusive) of the source word in the input
    uint32_t position = 0;   ///< word position, 0-based, in input order
};

} // namespace antwort::analyzers
