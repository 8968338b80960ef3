/** @file Indexing throughput: full builds of the LibreOffice help corpus (2,545 documents). */
#include "antwort/indexer/document_builder.h"
#include "antwort/indexer/indexer.h"
#include "antwort/schema.h"

#include <benchmark/benchmark.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string CORPUS =
    (fs::path(ANTWORT_SHARED_CORPORA) / "libreoffice-help-de" / "docs.ndjson").string();
constexpr uint64_t EXPECTED_DOCS = 2545;

/** Builds the corpus into a fresh temporary index per iteration. */
void run_build(benchmark::State& state, bool parallel) {
    if (!fs::exists(CORPUS)) {
        state.SkipWithError(("corpus not found: " + CORPUS).c_str());
        return;
    }
    const fs::path dir =
        fs::temp_directory_path() / ("antwort-indexer-bench-" + std::to_string(::getpid()));
    uint64_t docs = 0;
    for (auto _ : state) {
        state.PauseTiming();
        fs::remove_all(dir);
        state.ResumeTiming();
        antwort::indexer::IngestOptions options;
        options.index = dir;
        options.inputs = {CORPUS};
        options.parallel = parallel;
        auto stats = antwort::indexer::build_index(options, antwort::Schema::default_schema());
        if (!stats) {
            state.SkipWithError(("build_index: " + stats.error().message).c_str());
            break;
        }
        state.PauseTiming();
        const uint64_t count = Xapian::Database((dir / "current").string()).get_doccount();
        if (count != EXPECTED_DOCS || stats->bad != 0) {
            state.SkipWithError(("expected 2545 documents, got " + std::to_string(count) + " and " +
                                 std::to_string(stats->bad) + " bad lines")
                                    .c_str());
            state.ResumeTiming();
            break;
        }
        docs += count;
        state.ResumeTiming();
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    state.SetItemsProcessed(static_cast<int64_t>(docs));
}

void BM_BuildLibreOfficeHelp(benchmark::State& state) { run_build(state, true); }
BENCHMARK(BM_BuildLibreOfficeHelp)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

/** The same on one thread (parsing, analysis and Xapian writes in sequence). */
void BM_BuildLibreOfficeHelpSequential(benchmark::State& state) { run_build(state, false); }
BENCHMARK(BM_BuildLibreOfficeHelpSequential)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/** Parsing, analysis and document building alone (no Xapian writes): the CPU side. */
void BM_BuildDocumentsOnly(benchmark::State& state) {
    std::ifstream in(CORPUS);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(std::move(line));
    }
    if (lines.size() != EXPECTED_DOCS) {
        state.SkipWithError(("corpus not found or not 2545 lines: " + CORPUS).c_str());
        return;
    }
    auto builder = antwort::indexer::DocumentBuilder::create(antwort::Schema::default_schema());
    if (!builder) {
        state.SkipWithError(builder.error().message.c_str());
        return;
    }
    for (auto _ : state) {
        for (const auto& line : lines) {
            auto doc = antwort::parse_document(line);
            if (doc) {
                benchmark::DoNotOptimize(builder->build(*doc));
            }
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
}
BENCHMARK(BM_BuildDocumentsOnly)->Iterations(3)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
