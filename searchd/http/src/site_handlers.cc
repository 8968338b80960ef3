/** @file Handlers and JSON bodies of GET /suggest and GET /similar; facet JSON of /search. */
#include "antwort/searchd/handlers.h"

#include "antwort/json_writer.h"
#include "antwort/searchd/http_util.h"

namespace antwort::searchd {

void write_facets(JsonWriter& w, const std::vector<Facet>& facets) {
    w.key("facets").begin_object();
    for (const auto& facet : facets) {
        w.key(facet.name).begin_array();
        for (const auto& [value, count] : facet.values) {
            w.begin_object().key("value").value(value).key("count").value(count);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
}

std::string suggest_response_json(const SuggestResponse& response) {
    JsonWriter w;
    w.begin_object();
    w.key("query").value(response.query);
    w.key("suggestions").begin_array();
    for (const auto& s : response.suggestions) {
        w.begin_object();
        w.key("text").value(s.text);
        w.key("kind").value(s.kind);
        if (s.id) {
            w.key("id").value(*s.id);
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
}

std::string similar_response_json(const SimilarResponse& response) {
    JsonWriter w;
    w.begin_object();
    w.key("hits").begin_array();
    for (const auto& hit : response.hits) {
        write_hit(w, hit, {});
    }
    w.end_array();
    w.end_object();
    return w.take();
}

void Handlers::get_suggest(const httplib::Request& req, httplib::Response& res) const {
    guarded(res, [&] {
        auto request = parse_suggest_params(req.params);
        if (!request) {
            send_error(res, request.error());
            return;
        }
        auto response = service_.suggest(*request);
        if (!response) {
            send_service_error(res, response.error(), log_);
            return;
        }
        send_json(res, 200, suggest_response_json(*response));
    });
}

void Handlers::get_similar(const httplib::Request& req, httplib::Response& res) const {
    guarded(res, [&] {
        auto request = parse_similar_params(req.params);
        if (!request) {
            send_error(res, request.error());
            return;
        }
        auto response = service_.similar(*request);
        if (!response) {
            send_service_error(res, response.error(), log_);
            return;
        }
        send_json(res, 200, similar_response_json(*response));
    });
}

} // namespace antwort::searchd
