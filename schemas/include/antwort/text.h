/** @file Small text helpers every part shares: UTF-8 decoding, trimming blanks, percent-encoding. */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace antwort {

/**
 * The code point of the UTF-8 sequence starting at @p text[@p i] and its
 * length in bytes; length 0 when it is not well-formed UTF-8 (a stray or
 * cut-short byte, an overlong form, a surrogate, beyond U+10FFFF).
 */
std::pair<char32_t, size_t> decode_utf8(std::string_view text, size_t i);

/** @p s without leading and trailing characters of @p blanks (by default spaces and tabs). */
std::string_view trim(std::string_view s, std::string_view blanks = " \t");

/** @p s percent-encoded for a URL's query string: RFC 3986 unreserved characters stay. */
std::string percent_encode(std::string_view s);

} // namespace antwort
