/** @file HTTP handlers, routes, error mapping and JSON bodies of antwort-searchd. */
#include "antwort/searchd/handlers.h"

#include "antwort/json_writer.h"
#include "antwort/searchd/analytics_handler.h"
#include "antwort/searchd/feedback_handler.h"
#include "antwort/searchd/http_util.h"
#include "antwort/searchd/site_page.h"

#include <xapian.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <thread>

namespace antwort::searchd {

namespace {

/** What clients are told when the index cannot be read (the reason names files). */
constexpr std::string_view INDEX_UNREADABLE_MESSAGE =
    "the search index cannot be read at the moment; try again later";

/** Logs a Corrupt error of the SearchService; true if @p error is one. */
bool log_unreadable_index(const Error& error, Logger* log) {
    if (error.code != ErrorCode::Corrupt) {
        return false;
    }
    if (log != nullptr) {
        log->error("index unreadable", {{"reason", error.message}});
    }
    return true;
}

} // namespace

void send_service_error(httplib::Response& res, const Error& error, Logger* log) {
    if (log_unreadable_index(error, log)) {
        send_error(res, 503, INDEX_UNAVAILABLE, INDEX_UNREADABLE_MESSAGE);
        return;
    }
    send_error(res, error);
}

namespace {

/** The "explain" object of a hit: the analysed query words and the score parts. */
void write_explain(JsonWriter& w, const std::vector<WordAnalysis>& words,
                   const HitExplain& explain) {
    auto strings = [&w](const std::vector<std::string>& values) {
        w.begin_array();
        for (const auto& v : values) {
            w.value(v);
        }
        w.end_array();
    };
    w.key("explain").begin_object();
    w.key("terms").begin_array();
    for (const auto& word : words) {
        w.begin_object();
        w.key("word").value(word.word);
        w.key("folded").value(word.folded);
        w.key("parts");
        strings(word.parts);
        w.key("term").value(word.term);
        w.key("exact");
        if (word.exact.empty()) {
            w.null();
        } else {
            w.value(word.exact);
        }
        w.key("synonyms");
        strings(word.synonyms);
        w.key("stop_word").value(word.stop_word);
        w.end_object();
    }
    w.end_array();
    w.key("score").begin_object();
    w.key("text").value(explain.text);
    w.key("text_parts").begin_object();
    for (const auto& [name, weight] : explain.parts) {
        w.key(name).value(weight);
    }
    w.end_object();
    w.key("rating").value(explain.rating);
    w.key("type_boost").value(explain.type_boost);
    w.key("recency").value(explain.recency);
    w.end_object();
    w.end_object();
}

} // namespace

void write_hit(JsonWriter& w, const SearchHit& hit, const std::vector<WordAnalysis>& words) {
    w.begin_object();
    w.key("id").value(hit.id);
    w.key("type").value(hit.type);
    w.key("title").value(hit.title);
    w.key("url").value(hit.url);
    w.key("snippet").value(hit.snippet);
    w.key("snippet_text").value(hit.snippet_text);
    w.key("highlights").begin_array();
    for (const auto& [start, end] : hit.highlights) {
        w.begin_object().key("start").value(uint64_t{start}).key("end").value(uint64_t{end});
        w.end_object();
    }
    w.end_array();
    w.key("score").value(hit.score);
    w.key("rating");
    if (hit.rating) {
        w.begin_object().key("up").value(hit.rating->up).key("down").value(hit.rating->down);
        w.end_object();
    } else {
        w.null();
    }
    w.key("category").value(hit.category);
    w.key("tags").begin_array();
    for (const auto& tag : hit.tags) {
        w.value(tag);
    }
    w.end_array();
    w.key("thread").value(hit.thread);
    if (hit.thread_hits) {
        w.key("thread_hits").value(*hit.thread_hits);
    }
    w.key("helpful").begin_object().key("yes").value(hit.helpful.yes);
    w.key("no").value(hit.helpful.no).end_object();
    if (hit.explain) {
        write_explain(w, words, *hit.explain);
    }
    w.end_object();
}

std::string search_response_json(const SearchResponse& response) {
    JsonWriter w;
    w.begin_object();
    w.key("query").value(response.query);
    w.key("total").value(response.total);
    w.key("page").value(response.page);
    w.key("per_page").value(response.per_page);
    w.key("took_ms").value(response.took_ms);
    w.key("hits").begin_array();
    for (const auto& hit : response.hits) {
        write_hit(w, hit, response.words);
    }
    w.end_array();
    w.key("suggestion").value(response.suggestion);
    if (response.timed_out) {
        w.key("timed_out").value(true);
    }
    if (!response.facets.empty()) {
        write_facets(w, response.facets);
    }
    if (response.explained) {
        const SearchPhases& p = response.phases;
        w.key("phases").begin_object();
        w.key("match_ms").value(p.match_ms);
        w.key("rerank_ms").value(p.rerank_ms);
        w.key("hits_ms").value(p.hits_ms);
        w.key("candidates").value(p.candidates);
        w.end_object();
    }
    w.end_object();
    return w.take();
}

void Handlers::get_search(const httplib::Request& req, httplib::Response& res) const {
    guarded(res, [&] {
        auto request = parse_search_params(req.params, service_.options().limits);
        if (!request) {
            send_error(res, request.error());
            return;
        }
        auto response = service_.search(*request);
        if (!response) {
            send_service_error(res, response.error(), log_);
            return;
        }
        finish_search(*request, *response);
        send_json(res, 200, search_response_json(*response));
    });
}

void Handlers::finish_search(const SearchRequest& request, SearchResponse& response) const {
    if (response.timed_out) {
        metrics_->count("antwort_search_timed_out_total");
    }
    if (feedback_ != nullptr) {
        feedback_->add_helpful(response);
    }
    analytics_->record_search(request.q, response.total == 0);
}

void Handlers::get_document(const httplib::Request& req, httplib::Response& res) const {
    guarded(res, [&] {
        // cpp-httplib has already percent-decoded the path, so ids with ':'
        // and '/' arrive whole (written raw or as %3A / %2F).
        const std::string id = req.matches.size() > 1 ? req.matches[1].str() : std::string();
        auto doc = service_.get_document(id);
        if (!doc) {
            send_service_error(res, doc.error(), log_);
            return;
        }
        send_json(res, 200,
                  feedback_ != nullptr ? feedback_->with_helpful(id, std::move(*doc))
                                       : std::move(*doc));
    });
}

void Handlers::get_health(const httplib::Request&, httplib::Response& res) const {
    guarded(res, [&] {
        auto health = service_.health();
        JsonWriter w;
        w.begin_object();
        if (!health) {
            const Error& error = health.error();
            const bool unreadable = log_unreadable_index(error, log_);
            w.key("status").value("unavailable");
            w.key("error").begin_object();
            w.key("code").value(unreadable ? INDEX_UNAVAILABLE
                                           : std::string_view(error_code_name(error.code)));
            w.key("message").value(unreadable ? INDEX_UNREADABLE_MESSAGE
                                              : std::string_view(error.message));
            w.end_object().end_object();
            send_json(res, to_http_status(health.error().code), w.take());
            return;
        }
        w.key("status").value("ok");
        w.key("documents").value(health->documents);
        w.key("generation").value(health->generation);
        w.key("last_reload");
        if (health->last_reload_ms > 0) {
            w.value(iso8601_utc(health->last_reload_ms));
        } else {
            w.null();
        }
        w.end_object();
        send_json(res, 200, w.take());
    });
}

std::vector<Route> Handlers::register_routes(httplib::Server& server) const {
    // Every route goes through the table: openapi_test compares it with
    // docs/openapi.yaml.
    RouteTable routes(server);
    routes.get("/search", [this](const auto& req, auto& res) { get_search(req, res); });
    routes.get("/documents/{id}", [this](const auto& req, auto& res) { get_document(req, res); });
    routes.get("/healthz", [this](const auto& req, auto& res) { get_health(req, res); });
    routes.get("/suggest", [this](const auto& req, auto& res) { get_suggest(req, res); });
    routes.get("/similar", [this](const auto& req, auto& res) { get_similar(req, res); });
    if (feedback_ != nullptr) {
        feedback_->register_routes(routes);
    } else {
        routes.post("/feedback", [](const httplib::Request&, httplib::Response& res) {
            send_error(res, 503, "unavailable", "feedback is not enabled on this server");
        });
    }
    register_analytics_routes(routes, service_.options().index);
    // Page searches count, log and show helpful counts exactly as /search does.
    register_site_page(routes, service_, [this](const SearchRequest& request,
                                                Result<SearchResponse>& response) {
        if (response) {
            finish_search(request, *response);
        } else {
            log_unreadable_index(response.error(), log_);
        }
    });
    routes.reject_other_methods();
    // httplib's own errors (no route: 404, bad request line: 400) get a JSON
    // body; responses our handlers already filled in are left alone.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            if (res.status == 404) {
                send_error(res, 404, "not_found", "no such endpoint");
            } else if (res.status == 413) {
                send_error(res, 413, "payload_too_large", "request body too large");
            } else {
                send_error(res, res.status, "bad_request",
                           "request rejected (HTTP " + std::to_string(res.status) + ")");
            }
            return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
            std::string message = "unknown exception";
            try {
                if (ep) {
                    std::rethrow_exception(ep);
                }
            } catch (const std::exception& e) {
                message = e.what();
            } catch (...) {
            }
            send_error(res, 500, "internal", message);
        });
    return routes.routes();
}

void configure_server(HttpServer& server, const Handlers& handlers, unsigned threads) {
    if (threads == 0) {
        threads = std::max(4u, std::thread::hardware_concurrency());
    }
    HttpServer::Options options = server.options();
    options.threads = threads;
    server.set_options(options);
    allow_routes(server, handlers.register_routes(server));
}

} // namespace antwort::searchd
