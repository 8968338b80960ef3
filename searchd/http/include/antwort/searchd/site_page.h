/** @file The search page at `GET /` and its assets under `/assets/...`. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/routes.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/search_service.h"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antwort::searchd {

/**
 * @p text made fit to show on the page: invalid UTF-8 becomes U+FFFD, tab,
 * line feed and carriage return become a space, and the other control
 * characters (C0, DEL, C1; NUL and ESC among them) are dropped. The result
 * is valid UTF-8 but not yet HTML-escaped.
 */
std::string display_text(std::string_view text);

/**
 * HTML of a hit's snippet: @p text escaped, with `<mark>` around each
 * [start, end) range of @p highlights (offsets in Unicode code points, as
 * `/search` reports them in "highlights"). Out-of-range or overlapping
 * ranges are clipped; nothing but `<mark>`/`</mark>` is left unescaped.
 */
std::string highlighted_html(std::string_view text,
                             const std::vector<std::pair<size_t, size_t>>& highlights);

/**
 * HTML of a snippet given only as the `"snippet"` string of `/search`:
 * `<mark>`/`</mark>` pairs are kept, everything else is escaped (entities the
 * server already wrote in a marked snippet are decoded first, so they are not
 * escaped twice).
 */
std::string snippet_html(std::string_view snippet);

/** The Content-Type of an asset, by its file name extension. */
std::string_view asset_content_type(std::string_view name);

/** A rendered page: HTTP status and HTML. */
struct RenderedPage {
    int status = 200;
    std::string html;
};

/** Called after each search the page runs, before it is rendered, with the request and
 *  its result: Handlers add the helpful counts and count it in the analytics exactly as
 *  for `/search`, and log an unreadable index. */
using PageSearchHook =
    std::function<void(const SearchRequest& request, Result<SearchResponse>& response)>;

/**
 * Renders the search page for the query parameters of `GET /`: without `q`
 * (and without filters) the empty search form; otherwise the results of the
 * same search `GET /search` runs (parse_search_params, SearchService), with
 * facets, "Meinten Sie …?" and pagination, and @p on_search is called.
 * Everything from the request is shown through display_text() and, like
 * everything from the index, HTML-escaped. A bad request renders the form
 * with the error (400), an unavailable or unreadable index 503.
 */
RenderedPage render_search_page(const SearchService& service, const ParamMap& params,
                                const PageSearchHook& on_search = {});

/** Registers `GET /` (calling @p on_search after each search) and
 *  `GET /assets/{name}` on @p routes. */
void register_site_page(RouteTable& routes, const SearchService& service,
                        PageSearchHook on_search = {});

} // namespace antwort::searchd
