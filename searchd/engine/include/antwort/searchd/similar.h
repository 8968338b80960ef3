/** @file Related documents (`GET /similar`): requests, answers, finding them, evaluating them. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/evaluation.h"
#include "antwort/searchd/index_view.h"
#include "antwort/searchd/param_map.h"
#include "antwort/searchd/search_request.h"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace antwort::searchd {

class SearchService;

/** Related documents per `GET /similar` unless `limit` says otherwise, and at most. */
constexpr unsigned DEFAULT_SIMILAR_LIMIT = 5;
constexpr unsigned MAX_SIMILAR_LIMIT = 50;
/** Longest `text` of `/similar` in bytes (the question of a new post being written;
 *  it travels in the URL, and cpp-httplib refuses URIs over 8 KiB with 414). */
constexpr size_t MAX_SIMILAR_TEXT_BYTES = 4096;

/** `GET /similar?id=` or `GET /similar?text=` (exactly one), `&limit=`. */
struct SimilarRequest {
    std::optional<std::string> id;
    std::string text;
    unsigned limit = DEFAULT_SIMILAR_LIMIT;
    bool snippets = true;
};

struct SimilarResponse {
    std::vector<SearchHit> hits;
};

/** Validates `/similar` parameters: exactly one of `id`, `text` (non-empty); `limit`. */
Result<SimilarRequest> parse_similar_params(const ParamMap& params);

/** Related documents; see searchd/README.md "Similar questions". */
Result<SimilarResponse> run_similar(const IndexView& index, const SimilarRequest& request);

/** antwort-eval --similar: every query as `/similar?text=`; Hit@5 beside the usual metrics. */
struct SimilarEvalSummary {
    size_t queries = 0;
    size_t failed = 0;
    double hit_at_5 = 0; ///< share of queries with a relevant document in the top 5
    double mrr_10 = 0;
    double seconds = 0;
};

/** Runs run_similar(text = query) for every query and scores the top 10. */
SimilarEvalSummary run_similar_evaluation(const SearchService& service,
                                          const std::vector<EvalQuery>& queries,
                                          const Qrels& qrels,
                                          std::ostream* run = nullptr);

} // namespace antwort::searchd
