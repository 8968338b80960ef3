/** @file Small text helpers every part shares: trimming blanks and percent-encoding. */
#pragma once

#include <string>
#include <string_view>

namespace antwort {

/** @p s without leading and trailing characters of @p blanks (by default spaces and tabs). */
std::string_view trim(std::string_view s, std::string_view blanks = " \t");

/** @p s percent-encoded for a URL's query string: RFC 3986 unreserved characters stay. */
std::string percent_encode(std::string_view s);

} // namespace antwort
