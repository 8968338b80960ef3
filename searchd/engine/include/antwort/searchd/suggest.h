/** @file Autocomplete (`GET /suggest`): requests, answers, and finding completions. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/index_view.h"
#include "antwort/searchd/param_map.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace antwort::searchd {

/** Suggestions per `GET /suggest` unless `limit` says otherwise, and at most. */
constexpr unsigned DEFAULT_SUGGEST_LIMIT = 8;
constexpr unsigned MAX_SUGGEST_LIMIT = 20;
/** Longest `q` of `/suggest` in bytes (a search box, not a post). */
constexpr size_t MAX_SUGGEST_QUERY_BYTES = 256;
/** `GET /suggest?q=&limit=` */
struct SuggestRequest {
    std::string q;
    unsigned limit = DEFAULT_SUGGEST_LIMIT;
};

/** One completion: a word ("term") or a document title ("title", with its id). */
struct Suggestion {
    std::string text;
    std::string kind; ///< "term" or "title"
    std::optional<std::string> id;
};

struct SuggestResponse {
    std::string query;
    std::vector<Suggestion> suggestions;
};

/** Validates `/suggest` parameters: `q` required, at most MAX_SUGGEST_QUERY_BYTES; `limit`. */
Result<SuggestRequest> parse_suggest_params(const ParamMap& params);
/** Autocomplete; see searchd/README.md "Autocomplete". */
Result<SuggestResponse> run_suggest(const IndexView& index, const SuggestRequest& request);

} // namespace antwort::searchd
