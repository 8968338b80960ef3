/** @file CaseFoldFilter: NFKC case folding of each token. */
#pragma once

#include "antwort/analyzers/token_filter.h"

namespace antwort::analyzers {

/**
 * Replaces each token by its NFKC_Casefold form (see fold_case()):
 * "Straße" -> `strasse`, "ÄRGER" -> `ärger`, "ﬁle" -> `file`, "Ｗｏｒｄ" -> `word`.
 * A token that folds to nothing (only default-ignorable characters) becomes
 * empty; a following LengthFilter drops it.
 */
class CaseFoldFilter final : public TokenFilter {
  public:
    void apply(std::string_view source, std::vector<Token>& tokens) const override;
};

} // namespace antwort::analyzers
