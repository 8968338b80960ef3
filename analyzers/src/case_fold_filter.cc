/** @file CaseFoldFilter: NFKC_Casefold per token. */
#include "antwort/analyzers/case_fold_filter.h"

#include <algorithm>

#include "fold.h"

namespace antwort::analyzers {

void CaseFoldFilter::apply(std::string_view /*source*/, std::vector<Token>& tokens) const {
    thread_local std::string folded; // reused buffer: no allocation per token
    for (Token& token : tokens) {
        const bool ascii = std::all_of(token.text.begin(), token.text.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii) { // in place, the common case in German text
            for (char& c : token.text) {
                if (c >= 'A' && c <= 'Z') {
                    c = static_cast<char>(c - 'A' + 'a');
                }
            }
            continue;
        }
        detail::fold_case_into(token.text, folded);
        token.text.assign(folded);
    }
}

} // namespace antwort::analyzers
