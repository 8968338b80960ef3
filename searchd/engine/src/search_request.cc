/** @file Validation of `GET /search` parameters. */
#include "antwort/searchd/search_request.h"

#include "antwort/document.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string_view>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/** Parses a decimal integer in [1, max]; the message names @p name. */
Result<unsigned> parse_count(const std::string& name, const std::string& text, unsigned max) {
    unsigned long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
        return bad("parameter '" + name + "' must be a positive integer");
    }
    if (ec == std::errc::result_out_of_range || n < 1 || n > max) {
        return bad("parameter '" + name + "' must be between 1 and " + std::to_string(max));
    }
    return static_cast<unsigned>(n);
}

/** `collapse=true|false|1|0` and `sort=relevance|newest|rating` (ranking.h). */
Result<void> parse_collapse_and_sort(const ParamMap& params, SearchRequest& request) {
    auto collapse = single_value(params, "collapse");
    if (!collapse) {
        return collapse.error();
    }
    if (*collapse != nullptr) {
        const std::string& v = **collapse;
        if (v == "true" || v == "1") {
            request.collapse = true;
        } else if (v == "false" || v == "0") {
            request.collapse = false;
        } else {
            return bad("parameter 'collapse' must be true or false");
        }
    }
    auto sort = single_value(params, "sort");
    if (!sort) {
        return sort.error();
    }
    if (*sort != nullptr) {
        const std::string& v = **sort;
        if (v == "relevance") {
            request.sort = SortOrder::Relevance;
        } else if (v == "newest") {
            request.sort = SortOrder::Newest;
        } else if (v == "rating") {
            request.sort = SortOrder::Rating;
        } else {
            return bad("parameter 'sort' must be relevance, newest or rating");
        }
    }
    return {};
}

/** `facets=` (names of FACET_NAMES, comma separated, repeatable) and `updated_after=`. */
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
    auto updated = single_value(params, "updated_after");
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

} // namespace

Result<SearchRequest> parse_search_params(const ParamMap& params, const RequestLimits& limits) {
    SearchRequest request;
    auto q = single_value(params, "q");
    if (!q) {
        return q.error();
    }
    if (*q == nullptr) {
        return bad("missing parameter 'q'");
    }
    if ((*q)->size() > limits.max_query_bytes) {
        return bad("query is longer than " + std::to_string(limits.max_query_bytes) + " bytes");
    }
    request.q = **q;
    request.types = list_values(params, "type");
    request.categories = list_values(params, "category");
    request.tags = list_values(params, "tag");

    auto page = single_value(params, "page");
    if (!page) {
        return page.error();
    }
    if (*page != nullptr) {
        auto n = parse_count("page", **page, MAX_PAGE);
        if (!n) {
            return n.error();
        }
        request.page = *n;
    }
    auto per_page = single_value(params, "per_page");
    if (!per_page) {
        return per_page.error();
    }
    if (*per_page != nullptr) {
        auto n = parse_count("per_page", **per_page, limits.max_per_page);
        if (!n) {
            return n.error();
        }
        request.per_page = *n;
    }
    auto explain = single_value(params, "explain");
    if (!explain) {
        return explain.error();
    }
    if (*explain != nullptr) {
        const std::string& v = **explain;
        if (v == "1" || v == "true") {
            request.explain = true;
        } else if (v != "0" && v != "false" && !v.empty()) {
            return bad("parameter 'explain' must be 0 or 1");
        }
    }
    if (auto site = parse_site_params(params, request); !site) {
        return site.error();
    }
    if (auto ranked = parse_collapse_and_sort(params, request); !ranked) {
        return ranked.error();
    }
    if (request.q.find_first_not_of(" \t") == std::string::npos && !request.has_filters()) {
        return bad("query has no searchable words");
    }
    return request;
}

} // namespace antwort::searchd
