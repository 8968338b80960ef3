/** @file Plain-text snippets: a window of the body around the first query term. */
#pragma once

#include "antwort/analyzers/analyzer.h"

#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/** Default snippet length in characters (code points). */
constexpr size_t SNIPPET_CHARS = 200;

/**
 * Returns about @p max_chars characters of @p body around the first word
 * whose analysed form is one of @p terms (found with the analyzer's byte
 * offsets, so "Häuser" in the body matches the query term "haus"), or the
 * start of the body when no term occurs. The window starts a little before
 * the match, is cut on word and UTF-8 boundaries, has runs of whitespace
 * collapsed to one space and "…" where text was cut off. Plain text: no
 * markup is added and none is escaped (the JSON writer does that).
 *
 * The body is analysed in growing chunks (384 bytes, then 4x larger); scanning stops at the first
 * match or after 24 KiB, so long documents cost little when the match is early.
 */
std::string make_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                         const std::vector<std::string>& terms, size_t max_chars = SNIPPET_CHARS);

} // namespace antwort::searchd
