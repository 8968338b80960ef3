/** @file GermanNormalizationFilter: Lucene's German umlaut/ß folding on UTF-8. */
#include "antwort/analyzers/german_normalization_filter.h"

#include <cstddef>

namespace antwort::analyzers {
namespace {

/** Lucene's states: N neutral, V after a vowel (keep a following "ue"),
 *  U after a, o or a "u" that may start an umlaut spelling. */
enum class State { N, V, U };

} // namespace

void GermanNormalizationFilter::normalize(std::string& word) {
    State state = State::N;
    std::size_t out = 0; // write index; never passes the read index
    const std::size_t n = word.size();
    for (std::size_t i = 0; i < n; ++i) {
        const char c = word[i];
        // ä ö ü ß are C3 A4, C3 B6, C3 BC, C3 9F in UTF-8.
        if (c == '\xC3' && i + 1 < n) {
            const char next = word[i + 1];
            if (next == '\xA4' || next == '\xB6' || next == '\xBC') {
                word[out++] = next == '\xA4' ? 'a' : next == '\xB6' ? 'o' : 'u';
                ++i;
                state = State::V;
                continue;
            }
            if (next == '\x9F') { // same length: two bytes become "ss"
                word[out++] = 's';
                word[out++] = 's';
                ++i;
                state = State::N;
                continue;
            }
        }
        switch (c) {
        case 'a':
        case 'o':
            state = State::U;
            break;
        case 'u':
            state = state == State::N ? State::U : State::V;
            break;
        case 'e':
            if (state == State::U) {
                state = State::V;
                continue; // drop the "e" of ae / oe / ue
            }
            state = State::V;
            break;
        case 'i':
        case 'q':
        case 'y':
            state = State::V;
            break;
        default: // consonants, digits and every byte of other characters
            state = State::N;
            break;
        }
        word[out++] = c;
    }
    word.resize(out);
}

void GermanNormalizationFilter::apply(std::string_view /*source*/,
                                      std::vector<Token>& tokens) const {
    for (Token& token : tokens) {
        normalize(token.text);
    }
}

} // namespace antwort::analyzers
