/** @file LengthFilter: drops tokens that are empty or too long to be words. */
#pragma once

#include "antwort/analyzers/token_filter.h"

#include <cstddef>

namespace antwort::analyzers {

/**
 * Drops tokens whose text is shorter than min_bytes or longer than max_bytes
 * (UTF-8 bytes). Positions of the kept tokens are unchanged, so a dropped
 * token leaves a gap and phrases do not match across it. Example with the
 * defaults: "Schlüssel aGVsbG8gd29ybGQ...(80 Zeichen)" -> `schlüssel`.
 * The 64-byte default keeps real German words (the 63-letter
 * "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" is 63
 * bytes once GermanNormalizationFilter has folded its umlauts, so the chains
 * run this filter after that one) while dropping base64, hashes and the like,
 * and stays far below Xapian's 245-byte term limit, prefixes included.
 */
class LengthFilter final : public TokenFilter {
  public:
    /** Default upper bound, in bytes after case folding. */
    static constexpr std::size_t DEFAULT_MAX_BYTES = 64;

    /** Keeps tokens of @p min_bytes to @p max_bytes bytes (inclusive). */
    explicit LengthFilter(std::size_t min_bytes = 1, std::size_t max_bytes = DEFAULT_MAX_BYTES)
        : min_bytes_(min_bytes), max_bytes_(max_bytes) {}

    void apply(std::string_view source, std::vector<Token>& tokens) const override;

  private:
    std::size_t min_bytes_;
    std::size_t max_bytes_;
};

} // namespace antwort::analyzers
