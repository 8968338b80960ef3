/** @file Validation of the site-search parameters (facets, updated_after, /suggest, /similar). */
#include "antwort/searchd/site_search.h"

#include "antwort/document.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/** The single value of @p name (nullptr when absent); a repeated one is an error. */
Result<const std::string*> single(const ParamMap& params, const std::string& name) {
    const auto count = params.count(name);
    if (count > 1) {
        return bad("parameter '" + name + "' given more than once");
    }
    return count == 0 ? nullptr : &params.find(name)->second;
}

/** `limit`: an integer in 1..max, @p fallback when absent. */
Result<unsigned> parse_limit(const ParamMap& params, unsigned fallback, unsigned max) {
    auto value = single(params, "limit");
    if (!value) {
        return value.error();
    }
    if (*value == nullptr) {
        return fallback;
    }
    const std::string& text = **value;
    unsigned long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
        return bad("parameter 'limit' must be a positive integer");
    }
    if (ec == std::errc::result_out_of_range || n < 1 || n > max) {
        return bad("parameter 'limit' must be between 1 and " + std::to_string(max));
    }
    return static_cast<unsigned>(n);
}

bool only_spaces(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

} // namespace

Result<void> parse_site_params(const ParamMap& params, SearchRequest& request) {
    auto [first, last] = params.equal_range("facets");
    for (auto it = first; it != last; ++it) {
        std::string_view rest = it->second;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            std::string_view name = rest.substr(0, comma);
            while (!name.empty() && name.front() == ' ') {
                name.remove_prefix(1);
            }
            while (!name.empty() && name.back() == ' ') {
                name.remove_suffix(1);
            }
            if (!name.empty()) {
                if (std::find(std::begin(FACET_NAMES), std::end(FACET_NAMES), name) ==
                    std::end(FACET_NAMES)) {
                    return bad("unknown facet '" + std::string(name.substr(0, 64)) +
                               "' (known: type, category, tags)");
                }
                if (std::find(request.facets.begin(), request.facets.end(), name) ==
                    request.facets.end()) {
                    request.facets.emplace_back(name);
                }
            }
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    auto updated = single(params, "updated_after");
    if (!updated) {
        return updated.error();
    }
    if (*updated != nullptr) {
        auto seconds = parse_iso8601(**updated);
        if (!seconds) {
            return bad("parameter 'updated_after' must be a date (YYYY-MM-DD) or an ISO 8601 "
                       "date-time (YYYY-MM-DDThh:mm:ssZ)");
        }
        request.updated_after = *seconds;
    }
    return {};
}

Result<SuggestRequest> parse_suggest_params(const ParamMap& params) {
    SuggestRequest request;
    auto q = single(params, "q");
    if (!q) {
        return q.error();
    }
    if (*q == nullptr) {
        return bad("missing parameter 'q'");
    }
    if ((*q)->size() > MAX_SUGGEST_QUERY_BYTES) {
        return bad("parameter 'q' is longer than " + std::to_string(MAX_SUGGEST_QUERY_BYTES) +
                   " bytes");
    }
    request.q = **q;
    auto limit = parse_limit(params, DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT);
    if (!limit) {
        return limit.error();
    }
    request.limit = *limit;
    return request;
}

Result<SimilarRequest> parse_similar_params(const ParamMap& params) {
    SimilarRequest request;
    auto id = single(params, "id");
    if (!id) {
        return id.error();
    }
    auto text = single(params, "text");
    if (!text) {
        return text.error();
    }
    if ((*id == nullptr) == (*text == nullptr)) {
        return bad("give exactly one of the parameters 'id' and 'text'");
    }
    if (*id != nullptr) {
        if ((*id)->empty()) {
            return bad("parameter 'id' is empty");
        }
        request.id = **id;
    } else {
        if ((*text)->size() > MAX_SIMILAR_TEXT_BYTES) {
            return bad("parameter 'text' is longer than " + std::to_string(MAX_SIMILAR_TEXT_BYTES) +
                       " bytes");
        }
        if (only_spaces(**text)) {
            return bad("parameter 'text' is empty");
        }
        request.text = **text;
    }
    auto limit = parse_limit(params, DEFAULT_SIMILAR_LIMIT, MAX_SIMILAR_LIMIT);
    if (!limit) {
        return limit.error();
    }
    request.limit = *limit;
    return request;
}

} // namespace antwort::searchd
