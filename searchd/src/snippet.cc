/** @file make_snippet(): a plain-text window around the first query term. */
#include "antwort/searchd/snippet.h"

#include <algorithm>

namespace antwort::searchd {

namespace {

/** Bytes analysed first while looking for the first match; each further chunk
 *  is four times larger (most matches are early, analysis costs ~25 ns/byte). */
constexpr size_t FIRST_CHUNK_BYTES = 384;
constexpr size_t MAX_CHUNK_BYTES = 16384;
/** Scanning stops here (then the snippet is the body start): a match may lie
 *  only in the title, and analysing a whole long body would cost ~0.5 ms. */
constexpr size_t MAX_SCAN_BYTES = 24576;
/** Characters of context shown before the first match. */
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

/** Byte offset of the first match of a query term in @p body, or npos. */
size_t find_first_match(std::string_view body, const analyzers::Analyzer& analyzer,
                        const std::vector<std::string>& terms) {
    std::vector<analyzers::Token> tokens;
    size_t start = 0;
    size_t chunk = FIRST_CHUNK_BYTES;
    while (start < body.size() && start < MAX_SCAN_BYTES) {
        size_t end = std::min(body.size(), start + chunk);
        chunk = std::min(MAX_CHUNK_BYTES, chunk * 4);
        if (end < body.size()) {
            // End the chunk at whitespace so no word is split (hyphenated
            // compounds contain none); give up after 256 bytes of one "word".
            size_t limit = std::min(body.size(), end + 256);
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
            if (std::find(terms.begin(), terms.end(), token.text) != terms.end()) {
                return start + token.byte_begin;
            }
        }
        start = end;
    }
    return std::string_view::npos;
}

} // namespace

std::string make_snippet(std::string_view body, const analyzers::Analyzer& analyzer,
                         const std::vector<std::string>& terms, size_t max_chars) {
    size_t begin = 0;
    size_t match = terms.empty() ? std::string_view::npos : find_first_match(body, analyzer, terms);
    if (match != std::string_view::npos) {
        // Step back LEAD_CHARS characters, then forward to the next word start.
        begin = match;
        for (size_t chars = 0; begin > 0 && chars < LEAD_CHARS; ++chars) {
            begin = utf8_floor(body, begin - 1);
        }
        if (begin > 0) {
            size_t word = begin;
            while (word < match && !is_space(body[word - 1])) {
                ++word;
            }
            begin = word;
        }
    }
    // Skip leading whitespace.
    while (begin < body.size() && is_space(body[begin])) {
        ++begin;
    }

    std::string out;
    if (begin > 0) {
        out = "… ";
    }
    size_t pos = begin;
    size_t chars = 0;
    size_t last_break = std::string::npos; // out.size() at the last space written
    bool pending_space = false;
    while (pos < body.size() && chars < max_chars) {
        char c = body[pos];
        if (is_space(c)) {
            pending_space = true;
            ++pos;
            continue;
        }
        if (pending_space) {
            last_break = out.size();
            out.push_back(' ');
            ++chars;
            pending_space = false;
        }
        size_t next = pos + 1;
        while (next < body.size() && is_continuation(body[next])) {
            ++next;
        }
        out.append(body.substr(pos, next - pos));
        ++chars;
        pos = next;
    }
    while (pos < body.size() && is_space(body[pos])) {
        ++pos;
    }
    if (pos < body.size()) {
        // Cut back to the last word boundary unless that loses most of the text.
        if (last_break != std::string::npos && last_break > out.size() / 2) {
            out.resize(last_break);
        }
        out += " …";
    }
    return out;
}

} // namespace antwort::searchd
