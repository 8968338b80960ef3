/** @file RouteTable: registers routes on an httplib::Server and remembers them. */
#pragma once

#include "antwort/searchd/http_server.h"

#include <httplib.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antwort::searchd {

/** One registered route, as docs/openapi.yaml names it. */
struct Route {
    std::string method; ///< "GET", "POST", ...
    std::string path;   ///< OpenAPI form: "/documents/{id}"
};

/**
 * Registers handlers under OpenAPI-style paths ("/documents/{id}"; each
 * `{name}` matches one or more characters, '/' included) and keeps the list,
 * so the set of routes the daemon serves can be compared with
 * docs/openapi.yaml (tests/searchd/openapi_test.cc). Every route of
 * antwort-searchd goes through a RouteTable.
 */
class RouteTable {
  public:
    explicit RouteTable(httplib::Server& server) : server_(server) {}

    RouteTable& get(std::string path, httplib::Server::Handler handler);
    RouteTable& post(std::string path, httplib::Server::Handler handler);

    /**
     * Answers every other method (POST, PUT, PATCH, DELETE) on each path
     * added so far with 405 and an Allow header naming the ones it has, and
     * OPTIONS with 204 and that Allow header plus OPTIONS. Call once, after the last
     * get()/post().
     */
    void reject_other_methods();

    /** The routes added, in order (HEAD is implied by GET and not listed). */
    const std::vector<Route>& routes() const { return routes_; }

    /** The httplib regex for an OpenAPI path: "/documents/{id}" -> "/documents/(.+)". */
    static std::string pattern(std::string_view path);

  private:
    httplib::Server& server_;
    std::vector<Route> routes_;
};

/**
 * Each path of @p routes once, with the Allow header for it:
 * {"/search", "GET, HEAD"}.
 */
std::vector<std::pair<std::string, std::string>> allowed_methods(const std::vector<Route>& routes);

/**
 * Tells @p server which methods the paths of @p routes allow, so that it
 * answers TRACE and CONNECT there with 405 (cpp-httplib cannot route them).
 */
void allow_routes(HttpServer& server, const std::vector<Route>& routes);

} // namespace antwort::searchd
