/** @file Retrieval metrics (nDCG@10, MRR@10, Recall@100) and the antwort-eval driver. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/search_request.h"

#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace antwort::searchd {

class SearchService;
struct ServiceOptions;

/** One line of queries.tsv. */
struct EvalQuery {
    std::string qid;
    std::string text;
};

/** Relevance judgments: qid -> (docid -> grade, 1 or 2; 0 = judged not relevant). */
using Qrels = std::unordered_map<std::string, std::map<std::string, int>>;

/** Parses queries.tsv (`qid<TAB>text` per line; blank lines skipped). */
Result<std::vector<EvalQuery>> parse_queries(std::string_view tsv);
/** Parses TREC qrels (`qid 0 docid rel`, whitespace separated). */
Result<Qrels> parse_qrels(std::string_view text);

/**
 * nDCG@k as trec_eval's ndcg_cut: DCG = sum over ranks i = 1..k of
 * grade(doc_i) / log2(i + 1) (linear gain), divided by the DCG of the ideal
 * ordering of all judged grades. 0 when nothing relevant is judged.
 */
double ndcg_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged,
               size_t k);
/** Reciprocal rank of the first relevant (grade > 0) document within the top @p k, else 0. */
double reciprocal_rank_at(const std::vector<std::string>& ranking,
                          const std::map<std::string, int>& judged, size_t k);
/** Share of the relevant documents found in the top @p k (0 when none is relevant). */
double recall_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged,
                 size_t k);

/** Averages over all queries. */
struct EvalSummary {
    size_t queries = 0;
    size_t failed = 0; ///< queries the service refused (e.g. no searchable words); scored 0
    double ndcg_10 = 0;
    double mrr_10 = 0;
    double recall_100 = 0;
    double seconds = 0;
    /** Mean time per search in each phase (SearchResponse::phases), in ms. */
    SearchPhases mean_phases;
    /** Percentiles of the searches' own time (SearchResponse::took_ms), in ms. */
    double p50_ms = 0;
    double p99_ms = 0;
};

/** Accumulates per-query figures; unknown queries (no judgments) score 0. */
class MetricsAccumulator {
  public:
    /** Adds one query's ranking (best first). */
    void add(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged);
    /** Adds a query that produced no ranking (scores 0). */
    void add_failed();
    EvalSummary summary() const;

  private:
    size_t queries_ = 0;
    size_t failed_ = 0;
    double ndcg_ = 0;
    double mrr_ = 0;
    double recall_ = 0;
};

/** The page antwort-eval asks for: by default the ids of the first
 *  MAX_PER_PAGE hits; `--per-page N --snippets` times what /search serves. */
struct EvalPage {
    unsigned per_page = MAX_PER_PAGE;
    /** Whole hits with snippets (the stored documents are read), not ids only. */
    bool snippets = false;
};

/**
 * Runs every query through @p service exactly as searchd does, asking for
 * @p page, and scores the rankings. Writes a TREC run
 * (`qid Q0 docid rank score antwort`) to @p run when given.
 */
EvalSummary run_evaluation(const SearchService& service, const std::vector<EvalQuery>& queries,
                           const Qrels& qrels, std::ostream* run = nullptr,
                           const EvalPage& page = {});

/**
 * The search antwort-eval runs for a query @p text: @p page (by default the
 * ids of the first MAX_PER_PAGE hits), the query cut to MAX_QUERY_BYTES.
 */
SearchRequest evaluation_request(std::string_view text, const EvalPage& page = {});

/**
 * The line protocol of the shared peers harness (`antwort-eval --serve-lines`;
 * ../shared/peers/README.md): writes `READY`, then answers each line of @p in
 * with one line on @p out: the ids of evaluation_request(line), best first,
 * separated by spaces, with each space inside an id written `%20` (an empty
 * line when nothing matches or the query has no searchable words). Each
 * answer is flushed at once; returns at the end of @p in.
 */
void serve_lines(const SearchService& service, std::istream& in, std::ostream& out);

} // namespace antwort::searchd
