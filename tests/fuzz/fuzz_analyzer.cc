/** @file libFuzzer target: the de_compound and de_query analyzers on arbitrary bytes. */
#include "antwort/analyzers/analyzer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

namespace {

using antwort::analyzers::Analyzer;
using antwort::analyzers::Token;

std::shared_ptr<const Analyzer> load(std::string_view name) {
    auto analyzer = antwort::analyzers::get_analyzer(name);
    if (!analyzer) {
        std::abort();
    }
    return *analyzer;
}

/** Token invariants: non-empty text, offsets inside the input, positions in input order. */
void check_tokens(std::string_view input, const std::vector<Token>& tokens) {
    uint32_t last_position = 0;
    for (const Token& token : tokens) {
        if (token.text.empty() || token.byte_begin > token.byte_end ||
            token.byte_end > input.size() || token.position < last_position) {
            __builtin_trap();
        }
        last_position = token.position;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const auto de_compound = load("de_compound");
    static const auto de_query = load("de_query");
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_tokens(input, de_compound->analyze(input));
    check_tokens(input, de_query->analyze(input));
    return 0;
}
