/** @file fold_case(): NFKC_Casefold of UTF-8 text. */
#include "antwort/analyzers/normalize.h"

#include "fold.h"

namespace antwort::analyzers {

std::string fold_case(std::string_view text) {
    std::string out;
    detail::fold_case_into(text, out);
    return out;
}

} // namespace antwort::analyzers
