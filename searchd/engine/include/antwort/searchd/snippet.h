/** @file Snippets: the best passage of the body, with the matched words marked. */
#pragma once

#include "antwort/analyzers/analyzer.h"
#include "antwort/searchd/search_request.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/** Default snippet length in characters (code points). */
constexpr size_t SNIPPET_CHARS = 200;

/** A marked range of Snippet::text, in Unicode code points (end exclusive). */
struct Highlight {
    size_t start = 0;
    size_t end = 0;
    bool operator==(const Highlight&) const = default;
};

/** A plain-text passage and the ranges of it that matched the query. */
struct Snippet {
    std::string text;                  ///< plain text (whitespace collapsed, "…" where cut)
    std::vector<Highlight> highlights; ///< sorted, non-overlapping
    /** text, HTML-escaped, with each highlight wrapped in `<mark>…</mark>`. */
    std::string html() const;
};

/** Escapes `& < > " '` for HTML text and attribute values. */
std::string escape_html(std::string_view text);

/**
 * The passage of @p body (about @p max_chars characters) holding the most
 * distinct query terms, with every matching word highlighted.
 *
 * A body word matches when one of its analysed tokens (found with the
 * analyzer's byte offsets, so stems, umlaut forms and compound parts count:
 * "Häuser" for "haus", "Benutzerkonto" for "konto") is in @p terms, or
 * starts with one of @p prefixes (folded `prefix*` words). The whole word as
 * written is marked. Among all windows of the scanned text, the one with the
 * most distinct matched terms wins, then the one with more matches, then the
 * earliest; the window gets a little context before its first match. It is
 * cut on word and UTF-8 boundaries, whitespace runs are collapsed and "…"
 * marks cut text. The start of the body is returned when nothing matches.
 *
 * The body is analysed in growing chunks (384 bytes, then 4x larger) until
 * 1 KiB more is scanned after the first match, or 24 KiB in all, so long
 * documents cost little.
 */
Snippet make_highlighted_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                                 const std::vector<std::string>& terms,
                                 const std::vector<std::string>& prefixes = {},
                                 size_t max_chars = SNIPPET_CHARS);

/** make_highlighted_snippet(...).text: the plain passage only. */
std::string make_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                         const std::vector<std::string>& terms, size_t max_chars = SNIPPET_CHARS);

/** The snippet fields of @p hit for @p body (shared by search and similar). */
void set_snippet(SearchHit& hit, std::string_view body, const analyzers::Analyzer& analyzer,
                 const std::vector<std::string>& terms, const std::vector<std::string>& prefixes);


} // namespace antwort::searchd
