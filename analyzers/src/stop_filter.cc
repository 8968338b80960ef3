/** @file StopFilter: drops stop words unless that would drop everything. */
#include "antwort/analyzers/stop_filter.h"

#include "antwort/analyzers/normalize.h"

#include <algorithm>

namespace antwort::analyzers {

StopFilter::StopFilter(std::span<const std::string_view> words) {
    words_.reserve(words.size() * 2);
    for (std::string_view word : words) {
        words_.insert(fold_case(word));
    }
}

bool StopFilter::is_stop_word(std::string_view folded_word) const {
    // Stop words are short: skip the hashing and allocation for long words.
    if (folded_word.size() > 16) {
        return false;
    }
    return words_.find(std::string(folded_word)) != words_.end();
}

void StopFilter::apply(std::string_view /*source*/, std::vector<Token>& tokens) const {
    const bool all_stop = std::all_of(tokens.begin(), tokens.end(),
                                      [this](const Token& t) { return is_stop_word(t.text); });
    if (all_stop) {
        return; // an empty query would find nothing; keep the words
    }
    std::erase_if(tokens, [this](const Token& t) { return is_stop_word(t.text); });
}

} // namespace antwort::analyzers
