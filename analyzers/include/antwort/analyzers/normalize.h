/** @file Normalisation helpers shared by analyzers and keyword fields. */
#pragma once

#include <string>
#include <string_view>

namespace antwort::analyzers {

/** NFKC case folding of UTF-8 text ("Straße" -> "strasse", "ＡＢＣ" -> "abc").
 *  Invalid UTF-8 sequences become U+FFFD. Used for keyword values (tags,
 *  categories) so filters do not depend on case. */
std::string fold_case(std::string_view text);

/**
 * NFC lower-casing of UTF-8 text that keeps the letters as written: unlike
 * fold_case(), "Straße" stays "straße" and "Müller" stays "müller" (not
 * "muller"). Used for the exact-surface terms ("XE" prefix) that let the form
 * a user typed rank first. ASCII takes a fast path; invalid UTF-8 becomes U+FFFD.
 */
std::string lower_case(std::string_view text);

/** lower_case() writing into @p out (replacing its content), to reuse its buffer. */
void lower_case_into(std::string_view text, std::string& out);

/** Prefix of the exact-surface terms: EXACT_TERM_PREFIX + lower_case(word). */
inline constexpr std::string_view EXACT_TERM_PREFIX = "XE";

/**
 * True if @p word (as written) could be spelled another way that folds to the
 * same term: it holds a non-ASCII letter (ä, ö, ü, ß, é) or one of "ae", "oe",
 * "ue", "ss" (any case). Only such words get an exact-surface term.
 */
bool has_variant_spelling(std::string_view word);

} // namespace antwort::analyzers
