/** @file fold_case(): NFKC_Casefold of UTF-8 text. */
#include "antwort/analyzers/normalize.h"

#include "fold.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

namespace antwort::analyzers {

std::string fold_case(std::string_view text) {
    std::string out;
    detail::fold_case_into(text, out);
    return out;
}

void lower_case_into(std::string_view text, std::string& out) {
    out.clear();
    bool ascii = true;
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        out.reserve(text.size());
        for (char c : text) {
            out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        }
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (U_SUCCESS(status)) {
        icu::UnicodeString composed = nfc->normalize(source, status);
        if (U_SUCCESS(status)) {
            source = std::move(composed);
        }
    }
    source.toLower(icu::Locale::getGerman());
    source.toUTF8String(out);
}

std::string lower_case(std::string_view text) {
    std::string out;
    lower_case_into(text, out);
    return out;
}

bool has_variant_spelling(std::string_view word) {
    const auto lower = [](char x) {
        const auto c = static_cast<unsigned char>(x);
        return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
    };
    for (size_t i = 0; i < word.size(); ++i) {
        const unsigned char a = lower(word[i]);
        if (a >= 0x80) {
            return true; // ä, ö, ü, ß, é, ... (and anything else non-ASCII)
        }
        if (i + 1 < word.size()) {
            const unsigned char b = lower(word[i + 1]);
            if ((b == 'e' && (a == 'a' || a == 'o' || a == 'u')) || (a == 's' && b == 's')) {
                return true; // ae, oe, ue, ss: transliterated umlauts and ß
            }
        }
    }
    return false;
}

} // namespace antwort::analyzers
