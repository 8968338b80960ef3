/** @file Throughput of the German analyzers over the LibreOffice help corpus. */
#include "antwort/analyzers/analyzer.h"

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using antwort::analyzers::Token;

const char* const CORPUS = ANTWORT_SHARED_CORPORA "libreoffice-help-de/docs.ndjson";

/** The "body" strings of the corpus, read once; empty if the file is missing. */
const std::vector<std::string>& bodies() {
    static const std::vector<std::string> texts = [] {
        std::vector<std::string> out;
        simdjson::padded_string json;
        if (simdjson::padded_string::load(CORPUS).get(json) != simdjson::SUCCESS) {
            return out;
        }
        simdjson::ondemand::parser parser;
        simdjson::ondemand::document_stream docs;
        if (parser.iterate_many(json).get(docs) != simdjson::SUCCESS) {
            return out;
        }
        for (auto doc : docs) {
            std::string_view body;
            if (doc["body"].get_string().get(body) == simdjson::SUCCESS) {
                out.emplace_back(body);
            }
        }
        return out;
    }();
    return texts;
}

/** Analyses every body per iteration; checks the token count stays the same. */
void run_corpus(benchmark::State& state, std::string_view analyzer_name) {
    const auto& texts = bodies();
    if (texts.empty()) {
        state.SkipWithError("corpus missing or unreadable: libreoffice-help-de/docs.ndjson");
        return;
    }
    auto analyzer = antwort::analyzers::get_analyzer(analyzer_name);
    if (!analyzer) {
        state.SkipWithError(analyzer.error().message.c_str());
        return;
    }
    std::size_t bytes = 0;
    for (const auto& text : texts) {
        bytes += text.size();
    }
    std::vector<Token> tokens;
    (*analyzer)->analyze(texts.front(), tokens); // one-time setup (dictionary) is not timed
    uint64_t expected_tokens = 0;
    for (auto _ : state) {
        uint64_t count = 0;
        for (const auto& text : texts) {
            tokens.clear();
            (*analyzer)->analyze(text, tokens);
            count += tokens.size();
        }
        benchmark::DoNotOptimize(count);
        if (expected_tokens == 0) {
            expected_tokens = count;
        }
        if (count == 0 || count != expected_tokens) { // a broken pipeline must not look fast
            state.SkipWithError("token count is zero or changed between iterations");
            break;
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
    state.counters["tokens_per_pass"] = static_cast<double>(expected_tokens);
    state.counters["docs_per_pass"] = static_cast<double>(texts.size());
}

void BM_DeText(benchmark::State& state) {
    run_corpus(state, "de_text");
}
void BM_DeKeyword(benchmark::State& state) {
    run_corpus(state, "de_keyword");
}
/** de_text plus DecompoundFilter (the dictionary is loaded before timing). */
void BM_DeCompound(benchmark::State& state) {
    run_corpus(state, "de_compound");
}

BENCHMARK(BM_DeText)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DeText)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(2);
BENCHMARK(BM_DeKeyword)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DeCompound)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DeCompound)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(2);

} // namespace

BENCHMARK_MAIN();
