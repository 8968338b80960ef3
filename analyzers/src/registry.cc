/** @file get_analyzer(): the named analyzers, built once (tantivy's TokenizerManager). */
#include "antwort/analyzers/analyzer.h"
#include "antwort/analyzers/case_fold_filter.h"
#include "antwort/analyzers/chain_analyzer.h"
#include "antwort/analyzers/decompound_filter.h"
#include "antwort/analyzers/german_normalization_filter.h"
#include "antwort/analyzers/hyphenated_compound_filter.h"
#include "antwort/analyzers/icu_tokenizer.h"
#include "antwort/analyzers/length_filter.h"
#include "antwort/analyzers/stem_filter.h"
#include "antwort/analyzers/stop_filter.h"

#include <map>
#include <string>

namespace antwort::analyzers {
namespace {

using AnalyzerResult = Result<std::shared_ptr<const Analyzer>>;

/** Which optional stages a German text chain gets. */
enum class Compounds { Keep, Split };
enum class StopWords { Keep, Drop };

/**
 * The German text chain: words, hyphenated compounds whole and split, folded,
 * [query stop words dropped,] [compounds split,] normalised, stemmed.
 */
AnalyzerResult make_german_text(std::string name, Compounds compounds, StopWords stop_words) {
    auto tokenizer = IcuTokenizer::create("de");
    if (!tokenizer) {
        return tokenizer.error();
    }
    auto stemmer = StemFilter::create("german");
    if (!stemmer) {
        return stemmer.error();
    }
    std::vector<std::unique_ptr<TokenFilter>> filters;
    filters.push_back(std::make_unique<HyphenatedCompoundFilter>());
    filters.push_back(std::make_unique<CaseFoldFilter>());
    if (stop_words == StopWords::Drop) {
        filters.push_back(std::make_unique<StopFilter>(StopFilter::german_query_words()));
    }
    if (compounds == Compounds::Split) {
        // Dictionary path from ANTWORT_DICTIONARY or the default; read on first use.
        filters.push_back(std::make_unique<DecompoundFilter>());
    }
    filters.push_back(std::make_unique<GermanNormalizationFilter>());
    filters.push_back(std::make_unique<LengthFilter>());
    filters.push_back(std::move(stemmer).value());
    return std::shared_ptr<const Analyzer>(std::make_shared<ChainAnalyzer>(
        std::move(name), std::move(tokenizer).value(), std::move(filters)));
}

/** "de_keyword": words, folded and normalised; no compounds, no stemming. */
AnalyzerResult make_de_keyword() {
    auto tokenizer = IcuTokenizer::create("de");
    if (!tokenizer) {
        return tokenizer.error();
    }
    std::vector<std::unique_ptr<TokenFilter>> filters;
    filters.push_back(std::make_unique<CaseFoldFilter>());
    filters.push_back(std::make_unique<GermanNormalizationFilter>());
    filters.push_back(std::make_unique<LengthFilter>());
    return std::shared_ptr<const Analyzer>(std::make_shared<ChainAnalyzer>(
        "de_keyword", std::move(tokenizer).value(), std::move(filters)));
}

} // namespace

Result<std::shared_ptr<const Analyzer>> get_analyzer(std::string_view name) {
    // Built on first use; C++ guarantees thread-safe initialisation.
    static const std::map<std::string, AnalyzerResult, std::less<>> registry = [] {
        std::map<std::string, AnalyzerResult, std::less<>> analyzers;
        analyzers.emplace("de_text", make_german_text("de_text", Compounds::Keep, StopWords::Keep));
        analyzers.emplace("de_compound",
                          make_german_text("de_compound", Compounds::Split, StopWords::Keep));
        analyzers.emplace("de_query",
                          make_german_text("de_query", Compounds::Split, StopWords::Drop));
        analyzers.emplace("de_keyword", make_de_keyword());
        return analyzers;
    }();
    auto it = registry.find(name);
    if (it == registry.end()) {
        return make_error(ErrorCode::NotFound,
                          "unknown analyzer '" + std::string(name) +
                              "' (known: de_compound, de_keyword, de_query, de_text)");
    }
    return it->second;
}

} // namespace antwort::analyzers
