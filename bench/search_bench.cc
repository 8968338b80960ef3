/** @file Search latency on the LibreOffice help corpus: p50/p99 over all eval queries.
 *  ANTWORT_BENCH_DOCS=FILE indexes that NDJSON instead of lo-help-index-de's documents (e.g. a
 *  scale/make_scale.py corpus made with --include ../lo-help-index-de, which has forum threads
 *  and votes); the queries stay lo-help-index-de's. */
#include "antwort/indexer/indexer.h"
#include "antwort/percentile.h"
#include "antwort/schema.h"
#include "antwort/searchd/service_options.h"
#include "antwort/searchd/evaluation.h"
#include "antwort/searchd/search_service.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <time.h>
#include <unistd.h>
#include <utility>

namespace {

namespace fs = std::filesystem;
using antwort::searchd::EvalQuery;
using antwort::searchd::SearchRequest;
using antwort::searchd::SearchService;

const std::string CORPUS = (fs::path(ANTWORT_SHARED_CORPORA) / "lo-help-index-de").string() + "/";

/** The index (built once per process in a temp dir) and the queries. */
struct Fixture {
    fs::path dir;
    std::unique_ptr<SearchService> service;
    /** Text + rating only (no type/recency/thread boosts); the requests also turn
     *  collapsing off. */
    std::unique_ptr<SearchService> text_and_rating;
    /** The full ranking with searchd's default time budget (DeadlineSource filter). */
    std::unique_ptr<SearchService> with_budget;
    /** Text alone: no rating, no boosts (the requests also turn collapsing off). */
    std::unique_ptr<SearchService> text_only;
    /** Text + rating (with the thread share the index holds): the ranked_rating slot. */
    std::unique_ptr<SearchService> ranked_rating;
    /** Text + rating + type boosts, no recency. */
    std::unique_ptr<SearchService> rating_and_types;
    std::vector<EvalQuery> queries;
    std::string error;

    Fixture() {
        dir = fs::temp_directory_path() / ("antwort-search-bench-" + std::to_string(::getpid()));
        antwort::indexer::IngestOptions options;
        options.index = dir / "index";
        const char* docs = std::getenv("ANTWORT_BENCH_DOCS");
        options.inputs = {docs != nullptr && *docs != 0 ? std::string(docs)
                                                        : CORPUS + "docs.ndjson"};
        auto stats = antwort::indexer::build_index(options, antwort::Schema::default_schema());
        if (!stats) {
            error = "build_index: " + stats.error().message;
            return;
        }
        std::ifstream in(CORPUS + "queries.tsv");
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = antwort::searchd::parse_queries(text.str());
        if (!parsed || parsed->empty()) {
            error = "cannot read " + CORPUS + "queries.tsv";
            return;
        }
        queries = std::move(*parsed);
        antwort::searchd::ServiceOptions service_options;
        service_options.index = options.index;
        service = std::make_unique<SearchService>(service_options);
        service_options.time_budget = antwort::searchd::DEFAULT_TIME_BUDGET;
        with_budget = std::make_unique<SearchService>(service_options);
        service_options.time_budget = std::chrono::milliseconds(0);
        service_options.recency_weight = 0;
        rating_and_types = std::make_unique<SearchService>(service_options);
        for (const char* kind : {"faq", "article", "accepted", "answered", "unanswered"}) {
            service_options.type_boost[kind] = 0;
        }
        ranked_rating = std::make_unique<SearchService>(service_options);
        service_options.thread_rating_share = 0;
        text_and_rating = std::make_unique<SearchService>(service_options);
        service_options.rating_weight = 0;
        text_only = std::make_unique<SearchService>(service_options);
    }
    ~Fixture() {
        service.reset();
        text_and_rating.reset();
        with_budget.reset();
        text_only.reset();
        ranked_rating.reset();
        rating_and_types.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

/** The fixture, or nullptr after marking @p state skipped when it could not be built. */
Fixture* ready_fixture(benchmark::State& state) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return nullptr;
    }
    return &f;
}

using antwort::percentile;

/**
 * One iteration = one query of queries.tsv (in file order, cycling), timed
 * individually; p50/p99 in milliseconds are reported as counters. With
 * --benchmark_min_time unset, Iterations() makes each query run once.
 * Invariant: almost every query has hits (a broken pipeline cannot look fast).
 */
void run_queries(benchmark::State& state, bool snippets) {
    Fixture* ready = ready_fixture(state);
    if (ready == nullptr) {
        return;
    }
    Fixture& f = *ready;
    SearchService& service = *f.service;
    SearchRequest request;
    request.snippets = snippets;
    // Warm up: every query once, untimed (page cache, Xapian block cache).
    for (const auto& q : f.queries) {
        request.q = q.text;
        benchmark::DoNotOptimize(service.search(request));
    }
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(state.max_iterations));
    size_t i = 0;
    size_t with_hits = 0;
    for (auto _ : state) {
        request.q = f.queries[i++ % f.queries.size()].text;
        const auto start = std::chrono::steady_clock::now();
        auto response = service.search(request);
        const auto end = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
        with_hits += response.ok() && !response->hits.empty() ? 1 : 0;
        benchmark::DoNotOptimize(response);
    }
    if (with_hits * 10 < ms.size() * 9) {
        state.SkipWithError("fewer than 90% of the queries found anything");
        return;
    }
    state.SetItemsProcessed(static_cast<int64_t>(ms.size()));
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["max_ms"] = percentile(ms, 1.0);
    state.counters["queries"] = static_cast<double>(ms.size());
}

/** As antwort-searchd answers: top 10 with snippets. */
void BM_Search_LoHelpQueries(benchmark::State& state) {
    run_queries(state, true);
}
/** As antwort-eval ranks: top 10 without snippets. */
void BM_Search_LoHelpQueriesNoSnippets(benchmark::State& state) {
    run_queries(state, false);
}

/** CPU time of the calling thread, in milliseconds (less disturbed by other processes). */
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

/**
 * Compares two ways of running each query: one iteration runs one query both ways back to
 * back (alternating which goes first), top 10 without snippets, so load from other processes
 * hits both alike. Counters give p50/p99 wall and thread-CPU milliseconds of each ("before_"
 * = @p before on the fixture's @p before_of, "after_" = @p after on @p after_of) and how often
 * both have the same top hit.
 */
using ServiceOf = std::unique_ptr<SearchService> Fixture::*;

void compare(benchmark::State& state, ServiceOf before_of, SearchRequest before, ServiceOf after_of,
             SearchRequest after) {
    Fixture* ready = ready_fixture(state);
    if (ready == nullptr) {
        return;
    }
    Fixture& f = *ready;
    SearchService& before_service = *(f.*before_of);
    SearchService& after_service = *(f.*after_of);
    for (const auto& q : f.queries) {
        after.q = before.q = q.text;
        benchmark::DoNotOptimize(after_service.search(after));
        benchmark::DoNotOptimize(before_service.search(before));
    }
    std::vector<double> wall[2], cpu[2];
    size_t i = 0;
    size_t with_hits = 0;
    size_t same_top = 0;
    for (auto _ : state) {
        after.q = before.q = f.queries[i % f.queries.size()].text;
        std::string top[2];
        for (int k = 0; k < 2; ++k) {
            const int which = (static_cast<int>(i) + k) % 2; // 0 = before, 1 = after
            const double cpu_start = thread_cpu_ms();
            const auto start = std::chrono::steady_clock::now();
            auto answer =
                which == 0 ? before_service.search(before) : after_service.search(after);
            const auto end = std::chrono::steady_clock::now();
            cpu[which].push_back(thread_cpu_ms() - cpu_start);
            wall[which].push_back(std::chrono::duration<double, std::milli>(end - start).count());
            if (answer.ok() && !answer->hits.empty()) {
                top[which] = answer->hits.front().id;
            }
        }
        ++i;
        with_hits += !top[0].empty() && !top[1].empty() ? 1 : 0;
        same_top += !top[0].empty() && top[0] == top[1] ? 1 : 0;
    }
    if (with_hits * 10 < i * 9) {
        state.SkipWithError("fewer than 90% of the queries found anything both ways");
        return;
    }
    state.SetItemsProcessed(static_cast<int64_t>(i));
    state.counters["before_p50_ms"] = percentile(wall[0], 0.50);
    state.counters["before_p99_ms"] = percentile(wall[0], 0.99);
    state.counters["after_p50_ms"] = percentile(wall[1], 0.50);
    state.counters["after_p99_ms"] = percentile(wall[1], 0.99);
    state.counters["before_cpu_p50_ms"] = percentile(cpu[0], 0.50);
    state.counters["before_cpu_p99_ms"] = percentile(cpu[0], 0.99);
    state.counters["after_cpu_p50_ms"] = percentile(cpu[1], 0.50);
    state.counters["after_cpu_p99_ms"] = percentile(cpu[1], 0.99);
    state.counters["same_top_hit"] = static_cast<double>(same_top) / static_cast<double>(i);
}

/** The full ranking (collapsed, top 10, no snippets) against @p before_of's, uncollapsed. */
void ranking_cost(benchmark::State& state, ServiceOf before_of) {
    SearchRequest full;
    full.snippets = false;
    SearchRequest before = full;
    before.collapse = false;
    compare(state, before_of, before, &Fixture::service, full);
}

/** The cost of the community boosts (type/recency/thread boosts, collapse) over text +
 *  rating alone (without collapsing). */
void BM_Search_LoHelpRankingCost(benchmark::State& state) {
    ranking_cost(state, &Fixture::text_and_rating);
}

/** The cost of the whole ranking (rating, boosts, collapse) over the text score alone. */
void BM_Search_LoHelpRankingCostOverText(benchmark::State& state) {
    ranking_cost(state, &Fixture::text_only);
}

/** The cost of searchd's default time budget (the DeadlineSource filter on every query). */
void BM_Search_LoHelpTimeBudgetCost(benchmark::State& state) {
    SearchRequest request;
    request.snippets = false;
    compare(state, &Fixture::service, request, &Fixture::with_budget, request);
}

/**
 * Where the ranking's cost goes: every query runs in seven ways, in a rotating order: text
 * alone, uncollapsed and collapsed; + rating, uncollapsed and collapsed; + type boosts; +
 * recency (the full ranking), uncollapsed and collapsed (as searchd answers by default).
 * Counters give each way's p50/p99 thread-CPU milliseconds. ANTWORT_BENCH_ROUNDS=N runs each
 * query N times each way and takes the median (steadier p99); ANTWORT_BENCH_DUMP=FILE writes
 * every query's times (query, then one column per way in the order above).
 */
void BM_Search_RankingCostParts(benchmark::State& state) {
    Fixture* ready = ready_fixture(state);
    if (ready == nullptr) {
        return;
    }
    Fixture& f = *ready;
    SearchRequest flat;
    flat.snippets = false;
    flat.collapse = false;
    SearchRequest collapsed = flat;
    collapsed.collapse = true;
    struct Way {
        const char* name;
        SearchService* service;
        SearchRequest* request;
        std::vector<double> cpu;
    };
    std::vector<Way> ways = {{"text", f.text_only.get(), &flat, {}},
                             {"text_collapsed", f.text_only.get(), &collapsed, {}},
                             {"rating", f.ranked_rating.get(), &flat, {}},
                             {"rating_collapsed", f.ranked_rating.get(), &collapsed, {}},
                             {"rating_types", f.rating_and_types.get(), &flat, {}},
                             {"full_flat", f.service.get(), &flat, {}},
                             {"full", f.service.get(), &collapsed, {}}};
    for (const auto& q : f.queries) {
        for (Way& way : ways) {
            way.request->q = q.text;
            benchmark::DoNotOptimize(way.service->search(*way.request));
        }
    }
    const char* rounds_env = std::getenv("ANTWORT_BENCH_ROUNDS");
    const size_t rounds = rounds_env != nullptr ? std::max(1, std::atoi(rounds_env)) : 1;
    size_t i = 0;
    size_t with_hits = 0;
    std::vector<std::vector<double>> times(ways.size());
    for (auto _ : state) {
        flat.q = collapsed.q = f.queries[i % f.queries.size()].text;
        bool all_hits = true;
        for (auto& t : times) {
            t.clear();
        }
        for (size_t r = 0; r < rounds; ++r) {
            for (size_t k = 0; k < ways.size(); ++k) {
                const size_t w = (i + r + k) % ways.size();
                const double start = thread_cpu_ms();
                auto answer = ways[w].service->search(*ways[w].request);
                times[w].push_back(thread_cpu_ms() - start);
                all_hits = all_hits && answer.ok() && !answer->hits.empty();
            }
        }
        for (size_t w = 0; w < ways.size(); ++w) {
            ways[w].cpu.push_back(percentile(times[w], 0.5));
        }
        ++i;
        with_hits += all_hits ? 1 : 0;
    }
    if (with_hits * 10 < i * 9) {
        state.SkipWithError("fewer than 90% of the queries found anything every way");
        return;
    }
    if (const char* dump = std::getenv("ANTWORT_BENCH_DUMP")) {
        std::ofstream out(dump);
        for (size_t j = 0; j < i; ++j) {
            out << f.queries[j % f.queries.size()].text;
            for (const Way& way : ways) {
                out << '\t' << way.cpu[j];
            }
            out << '\n';
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(i));
    for (const Way& way : ways) {
        state.counters[std::string(way.name) + "_p50_ms"] = percentile(way.cpu, 0.50);
        state.counters[std::string(way.name) + "_p99_ms"] = percentile(way.cpu, 0.99);
    }
}

int64_t query_count() {
    Fixture& f = fixture();
    return f.queries.empty() ? 1 : static_cast<int64_t>(f.queries.size());
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const int64_t n = query_count();
    // Each benchmark runs every query of queries.tsv once (run_queries, compare).
    const std::pair<const char*, void (*)(benchmark::State&)> benchmarks[] = {
        {"BM_Search_LoHelpQueries", BM_Search_LoHelpQueries},
        {"BM_Search_LoHelpQueriesNoSnippets", BM_Search_LoHelpQueriesNoSnippets},
        {"BM_Search_LoHelpRankingCost", BM_Search_LoHelpRankingCost},
        {"BM_Search_LoHelpRankingCostOverText", BM_Search_LoHelpRankingCostOverText},
        {"BM_Search_RankingCostParts", BM_Search_RankingCostParts},
        {"BM_Search_LoHelpTimeBudgetCost", BM_Search_LoHelpTimeBudgetCost},
    };
    for (const auto& [name, fn] : benchmarks) {
        benchmark::RegisterBenchmark(name, fn)->Iterations(n)->Unit(benchmark::kMicrosecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
