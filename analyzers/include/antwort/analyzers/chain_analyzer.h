/** @file ChainAnalyzer: an Analyzer made of a tokenizer and token filters. */
#pragma once

#include "antwort/analyzers/analyzer.h"
#include "antwort/analyzers/token_filter.h"
#include "antwort/analyzers/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace antwort::analyzers {

/**
 * Runs a Tokenizer, then each TokenFilter in order (Lucene's
 * Tokenizer -> TokenFilter... -> Analyzer). The named analyzers of
 * get_analyzer() are ChainAnalyzers; see analyzers/README.md for their chains.
 */
class ChainAnalyzer final : public Analyzer {
  public:
    /**
     * @param name the registry name, for diagnostics
     * @param tokenizer the first stage (required)
     * @param filters applied in order to the tokenizer's output
     */
    ChainAnalyzer(std::string name, std::unique_ptr<Tokenizer> tokenizer,
                  std::vector<std::unique_ptr<TokenFilter>> filters);

    using Analyzer::analyze;
    void analyze(std::string_view text, std::vector<Token>& out) const override;

    /** The name this analyzer was registered under. */
    const std::string& name() const { return name_; }

  private:
    std::string name_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::vector<std::unique_ptr<TokenFilter>> filters_;
};

} // namespace antwort::analyzers
