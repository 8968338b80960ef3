/** @file LengthFilter: drops empty and over-long tokens. */
#include "antwort/analyzers/length_filter.h"

#include <algorithm>

namespace antwort::analyzers {

void LengthFilter::apply(std::string_view /*source*/, std::vector<Token>& tokens) const {
    std::erase_if(tokens, [this](const Token& token) {
        return token.text.size() < min_bytes_ || token.text.size() > max_bytes_;
    });
}

} // namespace antwort::analyzers
