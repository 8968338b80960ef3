/** @file Retrieval metrics and the antwort-eval driver. */
#include "antwort/searchd/evaluation.h"

#include "antwort/percentile.h"
#include "antwort/searchd/search_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>

namespace antwort::searchd {

namespace {

/** Calls @p fn(line, line_number) for each line without its newline (and '\r'). */
void for_each_line(std::string_view text, const std::function<bool(std::string_view, size_t)>& fn) {
    size_t number = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!fn(line, number)) {
            return;
        }
    }
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
        }
        size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
            ++i;
        }
        if (i > start) {
            out.push_back(line.substr(start, i - start));
        }
    }
    return out;
}

int grade_of(const std::map<std::string, int>& judged, const std::string& id) {
    auto it = judged.find(id);
    return it == judged.end() ? 0 : std::max(0, it->second);
}

} // namespace

Result<std::vector<EvalQuery>> parse_queries(std::string_view tsv) {
    std::vector<EvalQuery> queries;
    std::optional<Error> error;
    for_each_line(tsv, [&](std::string_view line, size_t number) {
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            return true;
        }
        size_t tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0) {
            error =
                make_error(ErrorCode::InvalidArgument,
                           "queries line " + std::to_string(number) + ": expected qid<TAB>text");
            return false;
        }
        queries.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
        return true;
    });
    if (error) {
        return *error;
    }
    return queries;
}

Result<Qrels> parse_qrels(std::string_view text) {
    Qrels qrels;
    std::optional<Error> error;
    for_each_line(text, [&](std::string_view line, size_t number) {
        auto fields = split_whitespace(line);
        if (fields.empty()) {
            return true;
        }
        int grade = 0;
        bool ok = fields.size() == 4;
        if (ok) {
            const std::string rel(fields[3]);
            char* end = nullptr;
            long v = std::strtol(rel.c_str(), &end, 10);
            ok = end != rel.c_str() && *end == '\0';
            grade = static_cast<int>(v);
        }
        if (!ok) {
            error = make_error(ErrorCode::InvalidArgument, "qrels line " + std::to_string(number) +
                                                               ": expected 'qid 0 docid rel'");
            return false;
        }
        qrels[std::string(fields[0])][std::string(fields[2])] = grade;
        return true;
    });
    if (error) {
        return *error;
    }
    return qrels;
}

double ndcg_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged,
               size_t k) {
    std::vector<int> ideal;
    for (const auto& [id, grade] : judged) {
        if (grade > 0) {
            ideal.push_back(grade);
        }
    }
    if (ideal.empty()) {
        return 0;
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double idcg = 0;
    for (size_t i = 0; i < ideal.size() && i < k; ++i) {
        idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
    }
    double dcg = 0;
    for (size_t i = 0; i < ranking.size() && i < k; ++i) {
        dcg += grade_of(judged, ranking[i]) / std::log2(static_cast<double>(i) + 2);
    }
    return dcg / idcg;
}

double reciprocal_rank_at(const std::vector<std::string>& ranking,
                          const std::map<std::string, int>& judged, size_t k) {
    for (size_t i = 0; i < ranking.size() && i < k; ++i) {
        if (grade_of(judged, ranking[i]) > 0) {
            return 1.0 / static_cast<double>(i + 1);
        }
    }
    return 0;
}

double recall_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged,
                 size_t k) {
    size_t relevant = 0;
    for (const auto& entry : judged) {
        relevant += entry.second > 0 ? 1 : 0;
    }
    if (relevant == 0) {
        return 0;
    }
    size_t found = 0;
    for (size_t i = 0; i < ranking.size() && i < k; ++i) {
        found += grade_of(judged, ranking[i]) > 0 ? 1 : 0;
    }
    return static_cast<double>(found) / static_cast<double>(relevant);
}

void MetricsAccumulator::add(const std::vector<std::string>& ranking,
                             const std::map<std::string, int>& judged) {
    ++queries_;
    ndcg_ += ndcg_at(ranking, judged, 10);
    mrr_ += reciprocal_rank_at(ranking, judged, 10);
    recall_ += recall_at(ranking, judged, 100);
}

void MetricsAccumulator::add_failed() {
    ++queries_;
    ++failed_;
}

EvalSummary MetricsAccumulator::summary() const {
    EvalSummary s;
    s.queries = queries_;
    s.failed = failed_;
    if (queries_ > 0) {
        const auto n = static_cast<double>(queries_);
        s.ndcg_10 = ndcg_ / n;
        s.mrr_10 = mrr_ / n;
        s.recall_100 = recall_ / n;
    }
    return s;
}

EvalSummary run_evaluation(const SearchService& service, const std::vector<EvalQuery>& queries,
                           const Qrels& qrels, std::ostream* run, const EvalPage& page) {
    const auto started = std::chrono::steady_clock::now();
    const std::map<std::string, int> no_judgments;
    MetricsAccumulator metrics;
    SearchPhases phases;
    std::vector<double> took;
    took.reserve(queries.size());
    for (const auto& query : queries) {
        auto judged_it = qrels.find(query.qid);
        const auto& judged = judged_it == qrels.end() ? no_judgments : judged_it->second;
        auto response = service.search(evaluation_request(query.text, page));
        if (!response) {
            metrics.add_failed();
            continue;
        }
        phases.match_ms += response->phases.match_ms;
        phases.rerank_ms += response->phases.rerank_ms;
        phases.hits_ms += response->phases.hits_ms;
        phases.candidates += response->phases.candidates;
        took.push_back(response->took_ms);
        std::vector<std::string> ranking;
        ranking.reserve(response->hits.size());
        for (const auto& hit : response->hits) {
            ranking.push_back(hit.id);
        }
        metrics.add(ranking, judged);
        if (run != nullptr) {
            for (size_t i = 0; i < response->hits.size(); ++i) {
                *run << query.qid << " Q0 " << response->hits[i].id << ' ' << (i + 1) << ' '
                     << response->hits[i].score << " antwort\n";
            }
        }
    }
    EvalSummary summary = metrics.summary();
    if (!took.empty()) {
        const auto n = static_cast<double>(took.size());
        summary.mean_phases = {phases.match_ms / n, phases.rerank_ms / n, phases.hits_ms / n,
                               phases.candidates / took.size()};
        summary.p50_ms = percentile(took, 0.50);
        summary.p99_ms = percentile(took, 0.99);
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

SearchRequest evaluation_request(std::string_view text, const EvalPage& page) {
    SearchRequest request;
    request.q = std::string(text.substr(0, MAX_QUERY_BYTES));
    request.per_page = page.per_page;
    request.snippets = page.snippets;
    request.ids_only = !page.snippets;
    return request;
}

void serve_lines(const SearchService& service, std::istream& in, std::ostream& out) {
    out << "READY\n" << std::flush;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        std::string answer;
        if (auto response = service.search(evaluation_request(line))) {
            for (const auto& hit : response->hits) {
                if (!answer.empty()) {
                    answer += ' ';
                }
                for (char c : hit.id) {
                    if (c == ' ') {
                        answer += "%20";
                    } else {
                        answer += c;
                    }
                }
            }
        }
        out << answer << '\n' << std::flush;
    }
}

} // namespace antwort::searchd
