/** @file HTTP handlers of antwort-searchd and their routes. */
#pragma once

#include "antwort/json_writer.h"
#include "antwort/result.h"
#include "antwort/searchd/analytics.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/http_util.h"
#include "antwort/searchd/metrics.h"
#include "antwort/searchd/routes.h"
#include "antwort/searchd/search_service.h"

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

namespace antwort::searchd {

/** The JSON body of `GET /search` (see searchd/README.md). */
std::string search_response_json(const SearchResponse& response);

/** One hit object of /search and /similar; @p words feed "explain" when the hit has one. */
void write_hit(JsonWriter& w, const SearchHit& hit, const std::vector<WordAnalysis>& words);

/** `"facets":{"type":[{"value","count"}...],...}` (site_handlers.cc). */
void write_facets(JsonWriter& w, const std::vector<Facet>& facets);

/** The JSON bodies of `GET /suggest` and `GET /similar` (site_handlers.cc). */
std::string suggest_response_json(const SuggestResponse& response);
std::string similar_response_json(const SimilarResponse& response);

/**
 * The HTTP handlers. They translate requests to SearchService calls and
 * results (or Errors) to JSON; every handler catches everything, so a query
 * can never take the daemon down.
 */
class FeedbackHandler;

class Handlers {
  public:
    /** With @p feedback, `POST /feedback` is served and hits carry its counts. */
    explicit Handlers(const SearchService& service, FeedbackHandler* feedback = nullptr)
        : service_(service), feedback_(feedback) {}

    /** Counts searches (and "not helpful" votes) in @p recorder, which must
     *  outlive the server; without this call nothing is recorded. */
    void set_analytics(AnalyticsRecorder& recorder) { analytics_ = &recorder; }

    /** `GET /search?q=&type=&category=&tag=&page=&per_page=` */
    void get_search(const httplib::Request& req, httplib::Response& res) const;
    /** `GET /documents/{id}` (the id is the rest of the path, URL-decoded). */
    void get_document(const httplib::Request& req, httplib::Response& res) const;
    /** `GET /healthz` */
    void get_health(const httplib::Request& req, httplib::Response& res) const;
    /** `GET /suggest?q=&limit=` (site_handlers.cc) */
    void get_suggest(const httplib::Request& req, httplib::Response& res) const;
    /** `GET /similar?id=|text=&limit=` (site_handlers.cc) */
    void get_similar(const httplib::Request& req, httplib::Response& res) const;

    /**
     * Registers every route on @p server, plus 405 for other methods on known
     * paths, JSON bodies for httplib's own errors (unknown path: 404) and an
     * exception handler answering 500. The Handlers must outlive the server.
     * Returns the routes registered (see RouteTable).
     */
    std::vector<Route> register_routes(httplib::Server& server) const;

    const SearchService& service() const { return service_; }
    /** The metrics registry of this server (`GET /metrics`); handlers count into it. */
    Metrics& metrics() const { return *metrics_; }

  private:
    const SearchService& service_;
    FeedbackHandler* feedback_ = nullptr;
    AnalyticsRecorder* analytics_ = &AnalyticsRecorder::disabled();
    std::shared_ptr<Metrics> metrics_ = std::make_shared<Metrics>();
};

/** Requests one keep-alive connection may carry before the server closes it. */
inline constexpr size_t KEEP_ALIVE_REQUESTS = 1000;

/**
 * Prepares @p server for serving: a pool of @p threads workers (0 = default),
 * TCP_NODELAY, up to KEEP_ALIVE_REQUESTS requests per connection and the
 * routes of @p handlers.
 */
void configure_server(httplib::Server& server, const Handlers& handlers, unsigned threads);

/** Connections the kernel queues for accepting (cpp-httplib itself asks for 5). */
inline constexpr int LISTEN_BACKLOG = 1024;

/**
 * Binds @p server to @p host : @p port (0 = any free port) with an accept
 * queue of LISTEN_BACKLOG: with cpp-httplib's 5, a burst of new connections
 * overflows it and some wait a SYN retransmit (1 s) or fail.
 * @return the port, or -1 when it cannot bind.
 */
int bind_server(httplib::Server& server, const std::string& host, int port);

} // namespace antwort::searchd
