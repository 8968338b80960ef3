/** @file Helpers for analyzer tests: fetch an analyzer, list its terms. */
#pragma once

#include "antwort/analyzers/analyzer.h"

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::analyzers::testing {

/** The registered analyzer @p name; fails the test if it is missing. */
inline std::shared_ptr<const Analyzer> analyzer(std::string_view name) {
    auto result = get_analyzer(name);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result.value() : nullptr;
}

/** The term texts of @p tokens, in order. */
inline std::vector<std::string> texts(const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    out.reserve(tokens.size());
    for (const Token& token : tokens) {
        out.push_back(token.text);
    }
    return out;
}

/** The term texts @p name produces for @p input. */
inline std::vector<std::string> terms(std::string_view name, std::string_view input) {
    auto a = analyzer(name);
    return a ? texts(a->analyze(input)) : std::vector<std::string>{};
}

/** A table row: input text and the terms expected from it. */
struct TermCase {
    std::string input;
    std::vector<std::string> expected;
};

inline std::ostream& operator<<(std::ostream& os, const TermCase& c) {
    return os << '"' << c.input << '"';
}

/** True if every token's offsets lie inside @p input and positions never go down. */
inline ::testing::AssertionResult well_formed(std::string_view input,
                                              const std::vector<Token>& tokens) {
    uint32_t last_position = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.byte_begin >= t.byte_end || t.byte_end > input.size()) {
            return ::testing::AssertionFailure()
                   << "token " << i << " has offsets [" << t.byte_begin << ", " << t.byte_end
                   << ") outside input of " << input.size() << " bytes";
        }
        if (t.position < last_position) {
            return ::testing::AssertionFailure()
                   << "token " << i << " position " << t.position << " < " << last_position;
        }
        if (t.text.empty()) {
            return ::testing::AssertionFailure() << "token " << i << " is empty";
        }
        last_position = t.position;
    }
    return ::testing::AssertionSuccess();
}

} // namespace antwort::analyzers::testing
