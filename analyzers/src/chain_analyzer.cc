/** @file ChainAnalyzer: tokenizer then filters. */
#include "antwort/analyzers/chain_analyzer.h"

#include <cassert>
#include <iterator>

namespace antwort::analyzers {

ChainAnalyzer::ChainAnalyzer(std::string name, std::unique_ptr<Tokenizer> tokenizer,
                             std::vector<std::unique_ptr<TokenFilter>> filters)
    : name_(std::move(name)), tokenizer_(std::move(tokenizer)), filters_(std::move(filters)) {
    assert(tokenizer_ != nullptr);
}

void ChainAnalyzer::analyze(std::string_view text, std::vector<Token>& out) const {
    if (!out.empty()) { // filters see only this text's tokens
        std::vector<Token> tokens;
        analyze(text, tokens);
        out.insert(out.end(), std::make_move_iterator(tokens.begin()),
                   std::make_move_iterator(tokens.end()));
        return;
    }
    tokenizer_->tokenize(text, out);
    for (const auto& filter : filters_) {
        filter->apply(text, out);
    }
}

} // namespace antwort::analyzers
