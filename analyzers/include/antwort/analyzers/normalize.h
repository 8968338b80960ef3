/** @file Normalisation helpers shared by analyzers and keyword fields. */
#pragma once

#include <string>
#include <string_view>

namespace antwort::analyzers {

/** NFKC case folding of UTF-8 text ("Straße" -> "strasse", "ＡＢＣ" -> "abc").
 *  Invalid UTF-8 sequences become U+FFFD. Used for keyword values (tags,
 *  categories) so filters do not depend on case. */
std::string fold_case(std::string_view text);

} // namespace antwort::analyzers
