/** @file Internal: NFKC_Casefold with an ASCII fast path. */
#include "fold.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace antwort::analyzers::detail {
namespace {

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/** Slow path through UTF-16; also repairs invalid UTF-8 (as U+FFFD). */
void fold_via_utf16(const icu::Normalizer2& nfkc_cf, std::string_view text, std::string& out) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString folded = nfkc_cf.normalize(source, status);
    out.clear();
    if (U_SUCCESS(status)) {
        folded.toUTF8String(out);
    }
}

/** True if @p text is well-formed UTF-8 (ICU's UTF-8 normaliser copies bad bytes). */
bool is_valid_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t len = 0;
        uint32_t min = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            min = 0x10000;
        } else {
            return false;
        }
        if (static_cast<std::size_t>(end - p) < len) {
            return false;
        }
        uint32_t cp = c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        p += len;
    }
    return true;
}

} // namespace

void fold_case_into(std::string_view text, std::string& out) {
    if (is_ascii(text)) {
        out.assign(text);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || nfkc_cf == nullptr) {
        out.assign(text); // no ICU data: leave the text as it is rather than lose it
        return;
    }
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()) ||
        !is_valid_utf8(text)) {
        fold_via_utf16(*nfkc_cf, text.substr(0, std::numeric_limits<int32_t>::max()), out);
        return;
    }
    out.clear();
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())),
                           sink, nullptr, status);
    if (U_FAILURE(status)) {
        fold_via_utf16(*nfkc_cf, text, out);
    }
}

} // namespace antwort::analyzers::detail
