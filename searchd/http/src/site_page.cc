/** @file The search page: server-side rendering of `GET /` and the embedded assets. */
#include "antwort/searchd/site_page.h"
#include "antwort/searchd/snippet.h"

#include "antwort/searchd/handlers.h"
#include "antwort/text.h"
#include "antwort/searchd/http_util.h"
#include "antwort/searchd/web_assets.h"


#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

namespace antwort::searchd {

namespace {

constexpr const char* HTML_TYPE = "text/html; charset=utf-8";
/** The page loads only its own CSS and JavaScript and talks only to this server. */
constexpr const char* PAGE_CSP =
    "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
    "object-src 'none'";
/** Facets the page asks `/search` for (the contract's names) and the filter
 *  parameter each one sets. */
constexpr std::pair<const char*, const char*> FACETS[] = {
    {"type", "type"}, {"category", "category"}, {"tags", "tag"}};

/** Values of one facet listed before the rest fold into "Alle N anzeigen". */
constexpr size_t FACET_VALUES_SHOWN = 6;

std::string_view facet_title(std::string_view facet) {
    if (facet == "type") {
        return "Art";
    }
    if (facet == "category") {
        return "Kategorie";
    }
    return "Schlagwort";
}

std::string type_label(std::string_view type) {
    if (type == "faq") {
        return "FAQ";
    }
    if (type == "forum") {
        return "Forum";
    }
    if (type == "article") {
        return "Artikel";
    }
    return std::string(type);
}

/** 12345 -> "12.345" (German digit grouping). */
std::string german_number(uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out.push_back('.');
        }
        out.push_back(digits[i]);
    }
    return out;
}

/** display_text() of @p s, HTML-escaped: for everything the request brings. */
std::string escape_display(std::string_view s) { return escape_html(display_text(s)); }

/** "/?a=1&b=2" from @p params, already HTML-escaped for an href. */
std::string page_href(const ParamMap& params) {
    std::string query;
    for (const auto& [name, value] : params) {
        query += query.empty() ? "?" : "&";
        query += percent_encode(name) + "=" + percent_encode(value);
    }
    return escape_html("/" + query);
}

/** Links only to web addresses and to paths on this server (no "javascript:"). */
bool safe_link(std::string_view url) {
    return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 ||
           (url.size() > 1 && url[0] == '/' && url[1] != '/');
}

/** Decodes the entities escape_html writes (for snippets that arrive escaped). */
std::string html_unescape(std::string_view s) {
    static const std::pair<std::string_view, char> entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
        {"&#x27;", '\''}, {"&apos;", '\''}};
    std::string out;
    for (size_t i = 0; i < s.size();) {
        bool replaced = false;
        if (s[i] == '&') {
            for (const auto& [entity, ch] : entities) {
                if (s.substr(i, entity.size()) == entity) {
                    out.push_back(ch);
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            out.push_back(s[i++]);
        }
    }
    return out;
}

/** Replaces each `{{name}}` of @p tmpl by values[name] (unknown names by ""). */
std::string fill(std::string_view tmpl, const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(tmpl.size() + 4096);
    size_t pos = 0;
    while (true) {
        auto open = tmpl.find("{{", pos);
        if (open == std::string_view::npos) {
            out.append(tmpl.substr(pos));
            break;
        }
        auto close = tmpl.find("}}", open);
        if (close == std::string_view::npos) {
            out.append(tmpl.substr(pos));
            break;
        }
        out.append(tmpl.substr(pos, open - pos));
        auto it = values.find(std::string(tmpl.substr(open + 2, close - open - 2)));
        if (it != values.end()) {
            out.append(it->second);
        }
        pos = close + 2;
    }
    return out;
}

/** The parameters with @p name removed and, unless @p value is empty, set to it. */
ParamMap with_param(ParamMap params, const std::string& name, const std::string& value) {
    params.erase(name);
    if (!value.empty()) {
        params.emplace(name, value);
    }
    return params;
}

/** Everything one rendering needs about the request. */
struct PageRequest {
    ParamMap params;  ///< as the user sent them (links keep them)
    std::string q;    ///< the query text ("" on the start page)
    std::vector<std::pair<std::string, std::string>> filters; ///< (param, value) chosen
};

/** The counts of facet @p name in @p facets, or nullptr. */
const Facet* find_facet(const std::vector<Facet>& facets, std::string_view name) {
    auto it = std::find_if(facets.begin(), facets.end(),
                           [name](const Facet& f) { return f.name == name; });
    return it == facets.end() ? nullptr : &*it;
}

std::string render_facets(const PageRequest& request, const std::vector<Facet>& facets) {
    if (facets.empty() && request.filters.empty()) {
        return {};
    }
    std::string html = "<aside class=\"facets\" aria-labelledby=\"filter-titel\">\n"
                       "<h2 id=\"filter-titel\">Ergebnisse eingrenzen</h2>\n"
                       "<form class=\"facet-form\" action=\"/\" method=\"get\">\n";
    html += "<input type=\"hidden\" name=\"q\" value=\"" + escape_display(request.q) + "\">\n";
    // Other parameters (sort, per_page, ...) survive a change of filters.
    for (const auto& [name, value] : request.params) {
        if (name == "q" || name == "page" || name == "type" || name == "category" ||
            name == "tag") {
            continue;
        }
        html += "<input type=\"hidden\" name=\"" + escape_display(name) + "\" value=\"" +
                escape_display(value) + "\">\n";
    }
    int n = 0;
    for (const auto& [facet, param] : FACETS) {
        // (value, count or -1 when the server did not report one)
        std::vector<std::pair<std::string, int64_t>> values;
        if (const Facet* counted = find_facet(facets, facet)) {
            for (const auto& [value, count] : counted->values) {
                if (!value.empty()) {
                    values.emplace_back(value, static_cast<int64_t>(count));
                }
            }
        }
        for (const auto& filter : request.filters) {
            const std::string& fvalue = filter.second;
            if (filter.first == param &&
                std::none_of(values.begin(), values.end(),
                             [&fvalue](const auto& v) { return v.first == fvalue; })) {
                values.emplace_back(fvalue, -1);
            }
        }
        if (values.empty()) {
            continue;
        }
        auto is_checked = [&request, param = param](const std::string& value) {
            return std::any_of(request.filters.begin(), request.filters.end(),
                               [&](const auto& f) { return f.first == param && f.second == value; });
        };
        // Chosen values first, then the server's order (most frequent first).
        std::stable_partition(values.begin(), values.end(),
                              [&](const auto& v) { return is_checked(v.first); });
        html += "<fieldset>\n<legend>" + std::string(facet_title(facet)) + "</legend>\n<ul>\n";
        size_t shown = 0;
        bool folded = false;
        for (const auto& [value, count] : values) {
            const bool checked = is_checked(value);
            if (!folded && !checked && shown++ >= FACET_VALUES_SHOWN) {
                folded = true;
                // The rest folds away; <details> needs no JavaScript.
                html += "</ul>\n<details class=\"facet-more\"><summary>Alle " +
                        std::to_string(values.size()) + " anzeigen</summary>\n<ul>\n";
            }
            const std::string id = "filter-" + std::to_string(n++);
            const std::string label = facet == std::string_view("type") ? type_label(value) : value;
            html += "<li><input type=\"checkbox\" id=\"" + id + "\" name=\"" + param +
                    "\" value=\"" + escape_display(value) + "\"" + (checked ? " checked" : "") +
                    "><label for=\"" + id + "\">" + escape_display(label);
            if (count >= 0) {
                html += " <span class=\"facet-count\">(" +
                        german_number(static_cast<uint64_t>(count)) + ")</span>";
            }
            html += "</label></li>\n";
        }
        html += folded ? "</ul>\n</details>\n</fieldset>\n" : "</ul>\n</fieldset>\n";
    }
    html += "<div class=\"facet-actions\"><button type=\"submit\" class=\"apply-filters\">"
            "Filter anwenden</button>";
    if (!request.filters.empty()) {
        ParamMap cleared = request.params;
        cleared.erase("type");
        cleared.erase("category");
        cleared.erase("tag");
        cleared.erase("page");
        html += " <a class=\"clear-filters\" href=\"" + page_href(cleared) +
                "\">Alle Filter entfernen</a>";
    }
    html += "</div>\n</form>\n</aside>";
    return html;
}

std::string render_hit(const SearchHit& hit, size_t number) {
    const std::string n = std::to_string(number);
    std::string html = "<li class=\"hit\">\n<article aria-labelledby=\"treffer-" + n + "\">\n";
    const std::string_view url = hit.url ? std::string_view(*hit.url) : std::string_view();
    html += "<h2 class=\"hit-title\" id=\"treffer-" + n + "\">";
    if (safe_link(url)) {
        html += "<a href=\"" + escape_html(url) + "\">" + escape_html(hit.title) + "</a>";
    } else {
        html += escape_html(hit.title);
    }
    html += "</h2>\n<p class=\"hit-meta\">";
    html += "<span class=\"badge badge-" + escape_html(hit.type) + "\">" +
            escape_html(type_label(hit.type)) + "</span>";
    if (hit.category && !hit.category->empty()) {
        html += " <span class=\"hit-category\">" + escape_html(*hit.category) + "</span>";
    }
    if (hit.thread_hits && *hit.thread_hits > 1) {
        html += " <span class=\"hit-thread\">" + german_number(*hit.thread_hits) +
                " passende Beiträge im Thema</span>";
    }
    if (hit.helpful.yes > 0) {
        const auto yes = static_cast<uint64_t>(hit.helpful.yes);
        html += " <span class=\"hit-helpful\">" + german_number(yes) +
                (yes == 1 ? " Person fand" : " Personen fanden") + " das hilfreich</span>";
    }
    html += "</p>\n";

    const std::string snippet = hit.snippet_text.empty()
                                    ? snippet_html(hit.snippet)
                                    : highlighted_html(hit.snippet_text, hit.highlights);
    if (!snippet.empty()) {
        html += "<p class=\"snippet\">" + snippet + "</p>\n";
    }
    if (!hit.tags.empty()) {
        html += "<ul class=\"hit-tags\" aria-label=\"Schlagwörter\">";
        for (const auto& tag : hit.tags) {
            html += "<li>" + escape_html(tag) + "</li>";
        }
        html += "</ul>\n";
    }
    // Shown by search.js (it needs JavaScript to send POST /feedback).
    html += "<div class=\"feedback\" data-id=\"" + escape_html(hit.id) +
            "\" hidden><span class=\"feedback-question\" id=\"hilfreich-" + n +
            "\">War das hilfreich?</span> "
            "<button type=\"button\" data-helpful=\"true\" aria-describedby=\"hilfreich-" +
            n + "\">Ja</button> <button type=\"button\" data-helpful=\"false\" "
                "aria-describedby=\"hilfreich-" +
            n + "\">Nein</button> <span class=\"feedback-result\" role=\"status\"></span></div>\n";
    html += "</article>\n</li>\n";
    return html;
}

std::string render_pagination(const PageRequest& request, uint64_t total, uint64_t page,
                              uint64_t per_page) {
    if (per_page == 0 || total <= per_page) {
        return {};
    }
    const uint64_t pages = std::min<uint64_t>((total + per_page - 1) / per_page, MAX_PAGE);
    auto href = [&](uint64_t p) {
        return page_href(with_param(request.params, "page", p == 1 ? "" : std::to_string(p)));
    };
    std::string html = "<nav class=\"pagination\" aria-label=\"Seiten\">\n<ul>\n";
    if (page > 1) {
        html += "<li><a rel=\"prev\" href=\"" + href(page - 1) + "\">← Zurück</a></li>\n";
    }
    uint64_t last_shown = 0;
    for (uint64_t p = 1; p <= pages; ++p) {
        const bool near = p + 2 >= page && p <= page + 2;
        if (p != 1 && p != pages && !near) {
            continue;
        }
        if (last_shown != 0 && p > last_shown + 1) {
            html += "<li class=\"gap\" aria-hidden=\"true\">…</li>\n";
        }
        if (p == page) {
            html += "<li><a aria-current=\"page\" href=\"" + href(p) + "\">" +
                    std::to_string(p) + "</a></li>\n";
        } else {
            html += "<li><a href=\"" + href(p) + "\" aria-label=\"Seite " + std::to_string(p) +
                    "\">" + std::to_string(p) + "</a></li>\n";
        }
        last_shown = p;
    }
    if (page < pages) {
        html += "<li><a rel=\"next\" href=\"" + href(page + 1) + "\">Weiter →</a></li>\n";
    }
    html += "</ul>\n</nav>";
    return html;
}

RenderedPage make_page(std::map<std::string, std::string> values, int status) {
    auto tmpl = web_file("templates/page.html");
    RenderedPage out;
    out.status = status;
    out.html = fill(tmpl ? *tmpl : std::string_view("{{main}}"), values);
    return out;
}

RenderedPage error_page(const PageRequest& request, int status, std::string_view message) {
    return make_page({{"title", "Suche – Antwort"},
                 {"query", escape_display(request.q)},
                 {"status", ""},
                 {"main", "<p class=\"error\" role=\"alert\">" + escape_display(message) + "</p>"}},
                status);
}

} // namespace

std::string display_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto [c, len] = decode_utf8(text, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD for each byte that is not UTF-8
            ++i;
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r') {
            out += ' ';
        } else if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)) { // no C0, DEL, C1
            out.append(text, i, len);
        }
        i += len;
    }
    return out;
}

std::string highlighted_html(std::string_view text,
                             const std::vector<std::pair<size_t, size_t>>& highlights) {
    auto ranges = highlights;
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    size_t cp = 0; // code point index of text[i]
    size_t r = 0;  // first range that has not ended before cp
    bool open = false;
    for (size_t i = 0; i < text.size();) {
        while (r < ranges.size() && ranges[r].second <= cp) {
            ++r;
        }
        // Sorted by start, so ranges[r] starts first among those still open:
        // touching and overlapping ranges become one <mark>.
        const bool inside = r < ranges.size() && ranges[r].first <= cp;
        if (inside != open) {
            out += inside ? "<mark>" : "</mark>";
            open = inside;
        }
        // One code point: a lead byte and its continuation bytes.
        size_t len = 1;
        while (i + len < text.size() &&
               (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) {
            ++len;
        }
        out += escape_html(text.substr(i, len));
        i += len;
        ++cp;
    }
    if (open) {
        out += "</mark>";
    }
    return out;
}

std::string snippet_html(std::string_view snippet) {
    constexpr std::string_view OPEN = "<mark>";
    constexpr std::string_view CLOSE = "</mark>";
    const bool marked = snippet.find(OPEN) != std::string_view::npos;
    auto text = [marked](std::string_view piece) {
        return escape_html(marked ? html_unescape(piece) : std::string(piece));
    };
    std::string out;
    bool open = false;
    size_t pos = 0;
    while (pos < snippet.size()) {
        const std::string_view tag = open ? CLOSE : OPEN;
        auto next = snippet.find(tag, pos);
        if (next == std::string_view::npos) {
            out += text(snippet.substr(pos));
            break;
        }
        out += text(snippet.substr(pos, next - pos));
        out += tag;
        open = !open;
        pos = next + tag.size();
    }
    if (open) {
        out += CLOSE;
    }
    return out;
}

std::string_view asset_content_type(std::string_view name) {
    auto ends_with = [name](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    if (ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    if (ends_with(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (ends_with(".svg")) {
        return "image/svg+xml";
    }
    if (ends_with(".png")) {
        return "image/png";
    }
    if (ends_with(".html")) {
        return HTML_TYPE;
    }
    return "application/octet-stream";
}

std::optional<std::string_view> web_file(std::string_view path) {
    for (const auto& file : web_files()) {
        if (file.path == path) {
            return file.data;
        }
    }
    return std::nullopt;
}

RenderedPage render_search_page(const SearchService& service, const ParamMap& params,
                                const PageSearchHook& on_search) {
    PageRequest request;
    request.params = params;
    request.params.erase("facets"); // the page asks for them itself
    if (auto q = params.find("q"); q != params.end()) {
        request.q = q->second;
    }
    for (const auto& [name, value] : params) {
        if (name == "type" || name == "category" || name == "tag") {
            request.filters.emplace_back(name, value);
        }
    }
    const bool blank = request.q.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank && request.filters.empty()) {
        return make_page({{"title", "Suche – Antwort"},
                     {"query", escape_display(request.q)},
                     {"autofocus", " autofocus"},
                     {"status", ""},
                     {"main", "<p class=\"intro\">Durchsuchen Sie FAQ, Anleitungen und das "
                              "Forum. Geben Sie oben einen Suchbegriff ein.</p>"}},
                     200);
    }

    ParamMap search_params = request.params;
    if (search_params.find("q") == search_params.end()) {
        search_params.emplace("q", ""); // filters alone: browse
    }
    search_params.emplace("facets", "type,category,tags");
    auto parsed = parse_search_params(search_params);
    if (!parsed) {
        return error_page(request, to_http_status(parsed.error().code), parsed.error().message);
    }
    Result<SearchResponse> response = service.search(*parsed);
    if (on_search) {
        on_search(*parsed, response);
    }
    if (!response) {
        const int status = to_http_status(response.error().code);
        return error_page(request, status,
                          status == 503 ? "Die Suche ist gerade nicht verfügbar. Bitte versuchen "
                                          "Sie es gleich noch einmal."
                                        : response.error().message);
    }
    // The same SearchResponse /search writes as JSON: hits, highlights,
    // facets, thread and helpful counts.
    const SearchResponse& found = *response;
    const uint64_t total = found.total;
    const uint64_t page_no = std::max<uint64_t>(1, found.page);
    const uint64_t per_page = found.per_page;

    const std::string quoted = "„" + escape_display(request.q) + "“";
    std::string status;
    if (total == 0) {
        status = blank ? "Keine Treffer" : "Keine Treffer für " + quoted;
    } else {
        status = german_number(total) + " Treffer";
        if (!blank) {
            status += " für " + quoted;
        }
        if (!request.filters.empty()) {
            status += " (gefiltert)";
        }
        if (page_no > 1) {
            status += ", Seite " + std::to_string(page_no);
        }
    }

    std::string main;
    const std::string_view suggestion =
        found.suggestion ? std::string_view(*found.suggestion) : std::string_view();
    if (!suggestion.empty()) {
        ParamMap corrected = with_param(request.params, "q", std::string(suggestion));
        corrected.erase("page");
        main += "<p class=\"did-you-mean\">Meinten Sie <a href=\"" + page_href(corrected) +
                "\">" + escape_display(suggestion) + "</a>?</p>\n";
    }
    if (found.hits.empty()) {
        main += "<div class=\"no-results\"><p>Leider nichts gefunden.</p><ul>"
                "<li>Prüfen Sie die Schreibweise.</li><li>Versuchen Sie allgemeinere oder "
                "weniger Wörter.</li>";
        if (!request.filters.empty()) {
            main += "<li>Entfernen Sie Filter.</li>";
        }
        main += "</ul></div>\n";
    } else {
        const uint64_t first = (page_no - 1) * per_page + 1;
        main += "<ol class=\"hits\" start=\"" + std::to_string(first) + "\">\n";
        size_t number = first;
        for (const SearchHit& hit : found.hits) {
            main += render_hit(hit, number++);
        }
        main += "</ol>\n";
        main += render_pagination(request, total, page_no, per_page);
    }

    return make_page({{"title", escape_display(blank ? std::string("Suche") : request.q) +
                               " – Suche – Antwort"},
                 {"query", escape_display(request.q)},
                 {"status", status},
                 {"facets", render_facets(request, found.facets)},
                 {"main", main}},
                200);
}

void register_site_page(RouteTable& routes, const SearchService& service,
                        PageSearchHook on_search) {
    routes.get("/", [&service, on_search = std::move(on_search)](const httplib::Request& req,
                                                                 httplib::Response& res) {
        guarded(res, [&] {
            auto rendered = render_search_page(service, req.params, on_search);
            res.status = rendered.status;
            res.set_header("Cache-Control", "no-cache");
            res.set_header("Content-Security-Policy", PAGE_CSP);
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_content(std::move(rendered.html), HTML_TYPE);
        });
    });
    routes.get("/assets/{name}", [](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            const std::string name = req.matches.size() > 1 ? req.matches[1].str() : "";
            auto data = web_file("assets/" + name);
            if (!data) {
                send_error(res, 404, "not_found", "no such asset: " + name);
                return;
            }
            res.set_header("Cache-Control", "public, max-age=3600");
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_content(std::string(*data), std::string(asset_content_type(name)));
        });
    });
}

} // namespace antwort::searchd
