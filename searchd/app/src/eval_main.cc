/** @file antwort-eval: nDCG@10, MRR@10 and Recall@100 of the searchd ranking. */
#include "antwort/searchd/config.h"
#include "antwort/searchd/evaluation.h"
#include "antwort/searchd/search_service.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

antwort::Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return antwort::make_error(antwort::ErrorCode::NotFound, "cannot read " + path);
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/** antwort-eval --serve-lines: the peers harness's line protocol over stdin and stdout. */
int serve(const antwort::searchd::ServiceOptions& options) {
    using namespace antwort::searchd;
    try {
        SearchService service(options);
        if (auto health = service.health(); !health) {
            std::cerr << "antwort-eval: " << health.error().message << '\n';
            return 1;
        }
        // Load the analyzers' word lists before READY, not on the first query.
        (void)service.search(evaluation_request("Benutzerkonto"));
        std::ios::sync_with_stdio(false);
        serve_lines(service, std::cin, std::cout);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "antwort-eval: " << e.what() << '\n';
        return 1;
    }
}

} // namespace

int main(int argc, char** argv) {
    using namespace antwort::searchd;
    auto config = parse_eval_args(std::vector<std::string>(argv + 1, argv + argc));
    if (!config) {
        if (config.error().code == antwort::ErrorCode::NotFound) {
            std::cout << eval_usage();
            return 0;
        }
        std::cerr << "antwort-eval: " << config.error().message << '\n' << eval_usage();
        return 2;
    }
    if (config->serve_lines) {
        return serve(config->service);
    }
    auto queries_text = read_file(config->queries);
    auto qrels_text = read_file(config->qrels);
    for (const auto* r : {&queries_text, &qrels_text}) {
        if (!*r) {
            std::cerr << "antwort-eval: " << r->error().message << '\n';
            return 1;
        }
    }
    auto queries = parse_queries(*queries_text);
    auto qrels = parse_qrels(*qrels_text);
    if (!queries || !qrels) {
        std::cerr << "antwort-eval: "
                  << (!queries ? queries.error().message : qrels.error().message) << '\n';
        return 1;
    }
    try {
        SearchService service(config->service);
        if (auto health = service.health(); !health) {
            std::cerr << "antwort-eval: " << health.error().message << '\n';
            return 1;
        }
        std::ofstream run_file;
        if (!config->run.empty()) {
            run_file.open(config->run);
            if (!run_file) {
                std::cerr << "antwort-eval: cannot write " << config->run << '\n';
                return 1;
            }
        }
        if (config->similar) {
            SimilarEvalSummary s = run_similar_evaluation(
                service, *queries, *qrels, config->run.empty() ? nullptr : &run_file);
            std::printf("mode        similar (text=query)\n");
            std::printf("queries     %zu\n", s.queries);
            std::printf("failed      %zu\n", s.failed);
            std::printf("Hit@5       %.4f\n", s.hit_at_5);
            std::printf("MRR@10      %.4f\n", s.mrr_10);
            std::printf("seconds     %.2f\n", s.seconds);
            return 0;
        }
        EvalSummary s =
            run_evaluation(service, *queries, *qrels, config->run.empty() ? nullptr : &run_file,
                           config->page);
        std::printf("queries     %zu\n", s.queries);
        std::printf("failed      %zu\n", s.failed);
        std::printf("nDCG@10     %.4f\n", s.ndcg_10);
        std::printf("MRR@10      %.4f\n", s.mrr_10);
        std::printf("Recall@100  %.4f\n", s.recall_100);
        std::printf("seconds     %.2f\n", s.seconds);
        std::printf("p50 ms      %.2f\n", s.p50_ms);
        std::printf("p99 ms      %.2f\n", s.p99_ms);
        std::printf("match ms    %.2f (mean, first phase)\n", s.mean_phases.match_ms);
        std::printf("rerank ms   %.2f (mean, second phase, %llu candidates)\n",
                    s.mean_phases.rerank_ms,
                    static_cast<unsigned long long>(s.mean_phases.candidates));
        std::printf("hits ms     %.2f (mean, stored documents)\n", s.mean_phases.hits_ms);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "antwort-eval: " << e.what() << '\n';
        return 1;
    }
}
