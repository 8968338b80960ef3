/** @file HyphenatedCompoundFilter: adds the joined form of hyphenated compounds. */
#pragma once

#include "antwort/analyzers/token_filter.h"

namespace antwort::analyzers {

/**
 * For words joined by a hyphen (U+002D, U+2010 or U+2011) with no space on
 * either side, keeps the parts and adds the whole compound written without
 * hyphens, at the position of the first part and with offsets covering the
 * whole compound. Example: "E-Mail-Adresse" -> `EMailAdresse`@0 `E`@0
 * `Mail`@1 `Adresse`@2, so "E-Mail-Adresse", "EMail-Adresse" and
 * "Mail Adresse" all match.
 *
 * Chains made of numbers only ("2023-01-15", "10-20") get no joined form: it
 * would be a meaningless number. "und -dialoge" is not a compound (space).
 * Must run directly after the tokenizer, while the tokens still hold the
 * original text and no token has been dropped.
 */
class HyphenatedCompoundFilter final : public TokenFilter {
  public:
    void apply(std::string_view source, std::vector<Token>& tokens) const override;
};

} // namespace antwort::analyzers
