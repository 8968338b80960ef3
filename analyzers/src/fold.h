/** @file Internal: the case folding shared by fold_case() and CaseFoldFilter. */
#pragma once

#include <string>
#include <string_view>

namespace antwort::analyzers::detail {

/**
 * Writes the NFKC_Casefold form of @p text to @p out (replacing its content).
 * ASCII text takes a fast path (lower-casing is all NFKC_Casefold does to it);
 * otherwise ICU normalises the UTF-8 directly. Invalid UTF-8 becomes U+FFFD.
 */
void fold_case_into(std::string_view text, std::string& out);

} // namespace antwort::analyzers::detail
