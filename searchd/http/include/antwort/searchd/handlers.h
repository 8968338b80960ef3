/** @file HTTP handlers of antwort-searchd and their routes. */
#pragma once

#include "antwort/json_writer.h"
#include "antwort/result.h"
#include "antwort/searchd/analytics.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/http_util.h"
#include "antwort/searchd/logger.h"
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

/** The error code of the 503 answered when the index cannot be read. */
inline constexpr std::string_view INDEX_UNAVAILABLE = "index_unavailable";

/**
 * Sends the failure of a SearchService call. Corrupt (Xapian reported a
 * corrupt or unreadable database, or a stored document does not parse)
 * becomes 503 INDEX_UNAVAILABLE with a fixed message; the details, which
 * name files, go only to @p log (nullptr: nowhere) as an error line. Other
 * errors go out as send_error() sends them.
 */
void send_service_error(httplib::Response& res, const Error& error, Logger* log);

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

    /** Logs failures that need an operator (an unreadable index) to @p log, which
     *  must outlive the server; without this call they are not logged. */
    void set_logger(Logger& log) { log_ = &log; }

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
    /**
     * What every answered search gets, from `/search` or the page alike: the
     * helpful counts of its hits, the timed-out metric and its count in the
     * analytics.
     */
    void finish_search(const SearchRequest& request, SearchResponse& response) const;

    const SearchService& service_;
    FeedbackHandler* feedback_ = nullptr;
    AnalyticsRecorder* analytics_ = &AnalyticsRecorder::disabled();
    Logger* log_ = nullptr;
    std::shared_ptr<Metrics> metrics_ = std::make_shared<Metrics>();
};

/**
 * Prepares @p server for serving: @p threads workers (0 = max(4, hardware
 * threads)) and the routes of @p handlers (see HttpServer::allow_methods()).
 */
void configure_server(HttpServer& server, const Handlers& handlers, unsigned threads);

} // namespace antwort::searchd
