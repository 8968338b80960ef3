/** @file make_highlighted_snippet(): the best passage of a body, highlights in code points. */
#include "antwort/searchd/snippet.h"

#include <algorithm>

namespace antwort::searchd {

namespace {

/** Bytes analysed first; each further chunk is four times larger (analysis
 *  costs ~25 ns/byte, and most matches are early). */
constexpr size_t FIRST_CHUNK_BYTES = 384;
constexpr size_t MAX_CHUNK_BYTES = 16384;
/** After the first match, this much more text is scanned for a better window
 *  (five windows' worth: analysis with decompounding costs ~50 ns/byte, and
 *  a /search page builds ten snippets). */
constexpr size_t BEST_WINDOW_SCAN_BYTES = 1024;
/** Scanning stops here (then the snippet is the body start when nothing
 *  matched: a match may lie only in the title). */
constexpr size_t MAX_SCAN_BYTES = 24576;
/** Characters of context shown before the window's first match at most. */
constexpr size_t LEAD_CHARS = 60;

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

/** Moves @p pos back to the start of a UTF-8 sequence. */
size_t utf8_floor(std::string_view s, size_t pos) {
    while (pos > 0 && pos < s.size() && is_continuation(s[pos])) {
        --pos;
    }
    return pos;
}

/** A body word that matched: its bytes and which query term or prefix it matched. */
struct Match {
    size_t begin = 0;
    size_t end = 0;
    size_t key = 0; ///< index into terms, or terms.size() + index into prefixes
};

std::vector<Match> find_matches(std::string_view body, const analyzers::Analyzer& analyzer,
                                const std::vector<std::string>& terms,
                                const std::vector<std::string>& prefixes) {
    std::vector<Match> matches;
    std::vector<analyzers::Token> tokens;
    size_t start = 0;
    size_t chunk = FIRST_CHUNK_BYTES;
    size_t stop_at = MAX_SCAN_BYTES;
    while (start < body.size() && start < stop_at) {
        size_t end = std::min({body.size(), start + chunk, std::max(stop_at, start + 1)});
        chunk = std::min(MAX_CHUNK_BYTES, chunk * 4);
        if (end < body.size()) {
            // End the chunk at whitespace so no word is split (hyphenated
            // compounds contain none); give up after 256 bytes of one "word".
            const size_t limit = std::min(body.size(), end + 256);
            while (end < limit && !is_space(body[end])) {
                ++end;
            }
            end = utf8_floor(body, end);
            if (end <= start) {
                end = body.size();
            }
        }
        tokens.clear();
        analyzer.analyze(body.substr(start, end - start), tokens);
        for (const auto& token : tokens) {
            size_t key = terms.size() + prefixes.size();
            auto term = std::find(terms.begin(), terms.end(), token.text);
            if (term != terms.end()) {
                key = static_cast<size_t>(term - terms.begin());
            } else {
                for (size_t p = 0; p < prefixes.size(); ++p) {
                    if (token.text.compare(0, prefixes[p].size(), prefixes[p]) == 0) {
                        key = terms.size() + p;
                        break;
                    }
                }
            }
            if (key < terms.size() + prefixes.size() && token.byte_end > token.byte_begin) {
                matches.push_back(Match{start + token.byte_begin, start + token.byte_end, key});
            }
        }
        if (!matches.empty() && stop_at == MAX_SCAN_BYTES) {
            stop_at = std::min(MAX_SCAN_BYTES, matches.front().begin + BEST_WINDOW_SCAN_BYTES);
        }
        start = end;
    }
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    return matches;
}

/** Index of the first match of the best window (most distinct keys, then most matches). */
size_t best_window(const std::vector<Match>& matches, size_t window_bytes, size_t keys,
                   size_t& last) {
    size_t best = 0;
    size_t best_distinct = 0;
    size_t best_count = 0;
    last = 0;
    std::vector<bool> seen(keys);
    for (size_t i = 0; i < matches.size(); ++i) {
        std::fill(seen.begin(), seen.end(), false);
        size_t distinct = 0;
        size_t j = i;
        for (; j < matches.size() && matches[j].end - matches[i].begin <= window_bytes; ++j) {
            if (!seen[matches[j].key]) {
                seen[matches[j].key] = true;
                ++distinct;
            }
        }
        const size_t count = j - i;
        if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
            best = i;
            best_distinct = distinct;
            best_count = count;
            last = j == i ? i : j - 1;
        }
    }
    return best;
}

} // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string Snippet::html() const {
    std::string out;
    size_t pos = 0;   // byte offset in text
    size_t chars = 0; // code points before pos
    auto copy_until = [&](size_t target_chars) {
        size_t from = pos;
        while (pos < text.size() && chars < target_chars) {
            ++pos;
            while (pos < text.size() && is_continuation(text[pos])) {
                ++pos;
            }
            ++chars;
        }
        out += escape_html(std::string_view(text).substr(from, pos - from));
    };
    for (const auto& h : highlights) {
        copy_until(h.start);
        out += "<mark>";
        copy_until(h.end);
        out += "</mark>";
    }
    copy_until(static_cast<size_t>(-1));
    return out;
}

Snippet make_highlighted_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                                 const std::vector<std::string>& terms,
                                 const std::vector<std::string>& prefixes, size_t max_chars) {
    std::vector<Match> matches;
    if (!terms.empty() || !prefixes.empty()) {
        matches = find_matches(body, analyzer, terms, prefixes);
    }
    size_t begin = 0;
    if (!matches.empty()) {
        // Windows are measured in bytes (German text is ~1.02 bytes per
        // character); leave room for some context before the first match.
        const size_t window_bytes = max_chars * 4 / 5;
        size_t last = 0;
        const size_t first = best_window(matches, window_bytes, terms.size() + prefixes.size(),
                                         last);
        const size_t match = matches[first].begin;
        const size_t span = matches[last].end - match;
        const size_t lead = std::min(LEAD_CHARS, span < max_chars ? (max_chars - span) / 3 : 0);
        begin = match;
        for (size_t chars = 0; begin > 0 && chars < lead; ++chars) {
            begin = utf8_floor(body, begin - 1);
        }
        if (begin > 0) {
            // Forward to the next word start.
            size_t word = begin;
            while (word < match && !is_space(body[word - 1])) {
                ++word;
            }
            begin = word;
        }
    }
    while (begin < body.size() && is_space(body[begin])) {
        ++begin;
    }

    // Matched byte ranges, merged (compound parts share their word's range,
    // hyphen parts lie inside it).
    std::vector<std::pair<size_t, size_t>> ranges;
    for (const auto& m : matches) {
        if (m.begin < begin) {
            continue;
        }
        if (!ranges.empty() && m.begin < ranges.back().second) {
            ranges.back().second = std::max(ranges.back().second, m.end);
        } else {
            ranges.emplace_back(m.begin, m.end);
        }
    }

    Snippet snippet;
    std::string& out = snippet.text;
    size_t chars = 0;
    if (begin > 0) {
        out = "… ";
        chars = 2;
    }
    size_t pos = begin;
    size_t last_break = std::string::npos; // out.size() at the last space written
    size_t last_break_chars = 0;
    bool pending_space = false;
    size_t r = 0;
    size_t open = static_cast<size_t>(-1); // code point where the current highlight began
    while (pos < body.size() && chars < max_chars + (begin > 0 ? 2 : 0)) {
        const char c = body[pos];
        if (is_space(c)) {
            pending_space = true;
            ++pos;
            continue;
        }
        if (pending_space) {
            last_break = out.size();
            last_break_chars = chars;
            out.push_back(' ');
            ++chars;
            pending_space = false;
        }
        if (r < ranges.size() && pos == ranges[r].first) {
            open = chars;
        }
        size_t next = pos + 1;
        while (next < body.size() && is_continuation(body[next])) {
            ++next;
        }
        out.append(body.substr(pos, next - pos));
        ++chars;
        pos = next;
        if (r < ranges.size() && pos >= ranges[r].second) {
            if (open != static_cast<size_t>(-1)) {
                snippet.highlights.push_back(Highlight{open, chars});
            }
            open = static_cast<size_t>(-1);
            ++r;
        }
    }
    while (pos < body.size() && is_space(body[pos])) {
        ++pos;
    }
    if (pos < body.size()) {
        // Cut back to the last word boundary unless that loses most of the text.
        size_t end_chars = chars;
        if (last_break != std::string::npos && last_break > out.size() / 2) {
            out.resize(last_break);
            end_chars = last_break_chars;
        }
        while (!snippet.highlights.empty() && snippet.highlights.back().end > end_chars) {
            snippet.highlights.pop_back();
        }
        out += " …";
    }
    return snippet;
}

std::string make_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                         const std::vector<std::string>& terms, size_t max_chars) {
    return make_highlighted_snippet(body, analyzer, terms, {}, max_chars).text;
}

void set_snippet(SearchHit& hit, std::string_view body, const analyzers::Analyzer& analyzer,
                 const std::vector<std::string>& terms, const std::vector<std::string>& prefixes) {
    Snippet snippet = make_highlighted_snippet(body, analyzer, terms, prefixes);
    hit.snippet = snippet.html();
    hit.highlights.clear();
    for (const auto& h : snippet.highlights) {
        hit.highlights.emplace_back(h.start, h.end);
    }
    hit.snippet_text = std::move(snippet.text);
}

} // namespace antwort::searchd
