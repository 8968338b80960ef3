/** @file The operational layer of antwort-searchd: access control, limits, metrics, request log. */
#pragma once

#include "antwort/searchd/server_config.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/http_server.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/metrics.h"

#include <httplib.h>

#include <string>
#include <string_view>

namespace antwort::searchd {

/**
 * The endpoint label of @p path for metrics: the route pattern
 * ("/documents/{id}"), never the raw path, so a scan of random URLs cannot
 * create unbounded series; unknown paths are "other".
 */
std::string route_label(std::string_view path);

/**
 * Adds the operational layer to a server prepared by configure_server():
 * - the server's limits: config.threads workers, config.max_connections
 *   open connections (more → 503), request bodies over config.max_body_bytes
 *   → 413; the probes (/healthz, /readyz, /metrics) on a worker of their own;
 * - a pre-routing check: `/admin/...` without a valid API key → 401/403
 *   (AccessGuard);
 * - one log line per request on @p log and the request metrics;
 * - `GET /metrics`, `GET /readyz` and `GET /admin/status`.
 * The query limits and time budget live in the SearchService's options.
 * Returns the routes it adds (/metrics, /readyz, /admin/status; see RouteTable).
 * @p handlers (its metrics()) and @p log must outlive the server.
 */
std::vector<Route> configure_operations(HttpServer& server, const Handlers& handlers,
                                        const Config& config, Logger& log);

} // namespace antwort::searchd
