/** @file HyphenatedCompoundFilter: joins word-hyphen-word chains. */
#include "antwort/analyzers/hyphenated_compound_filter.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace antwort::analyzers {
namespace {

/** True if the text between @p left and @p right is exactly one hyphen. */
bool joined_by_hyphen(std::string_view source, const Token& left, const Token& right) {
    if (right.byte_begin < left.byte_end || right.byte_begin > source.size()) {
        return false;
    }
    std::string_view gap = source.substr(left.byte_end, right.byte_begin - left.byte_end);
    // U+002D HYPHEN-MINUS, U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN.
    return gap == "-" || gap == "\u2010" || gap == "\u2011";
}

/** True if @p text is a number as ICU cuts it (digits and separators only). */
bool is_number(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '\'';
    });
}

} // namespace

void HyphenatedCompoundFilter::apply(std::string_view source, std::vector<Token>& tokens) const {
    const std::size_t n = tokens.size();
    std::size_t first_join = n;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (joined_by_hyphen(source, tokens[i], tokens[i + 1])) {
            first_join = i;
            break;
        }
    }
    if (first_join == n) {
        return; // the common case: nothing to add, no copying
    }
    std::vector<Token> out;
    out.reserve(n + 8);
    std::move(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(first_join),
              std::back_inserter(out));
    for (std::size_t i = first_join; i < n;) {
        std::size_t last = i;
        bool has_letters = !is_number(tokens[i].text);
        while (last + 1 < n && joined_by_hyphen(source, tokens[last], tokens[last + 1])) {
            ++last;
            has_letters = has_letters || !is_number(tokens[last].text);
        }
        if (last > i && has_letters) {
            Token whole;
            for (std::size_t k = i; k <= last; ++k) {
                whole.text += tokens[k].text;
            }
            whole.byte_begin = tokens[i].byte_begin;
            whole.byte_end = tokens[last].byte_end;
            whole.position = tokens[i].position;
            out.push_back(std::move(whole));
        }
        for (; i <= last; ++i) {
            out.push_back(std::move(tokens[i]));
        }
    }
    tokens.swap(out);
}

} // namespace antwort::analyzers
