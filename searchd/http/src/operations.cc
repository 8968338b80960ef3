/** @file Connection limit, access check, request log, metrics, /metrics, /readyz, /admin/status. */
#include "antwort/searchd/operations.h"

#include "antwort/json_writer.h"
#include "antwort/searchd/access.h"
#include "antwort/searchd/http_util.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

namespace antwort::searchd {

namespace {

using Clock = std::chrono::steady_clock;

/** When the request this thread is serving reached routing (set in pre-routing). */
thread_local std::optional<Clock::time_point> t_request_start;

std::string iso8601(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string format_ms(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", ms);
    return buf;
}

/** Probe and scrape endpoints log at debug, so a busy load balancer does not drown the log. */
bool is_probe(std::string_view route) {
    return route == "/healthz" || route == "/readyz" || route == "/metrics";
}

/** The longest path written to the log. */
constexpr size_t MAX_LOGGED_PATH = 256;

void describe_metrics(Metrics& m) {
    using T = Metrics::Type;
    m.describe("antwort_http_requests_total", T::Counter,
               "HTTP requests answered, by endpoint (route pattern), method and status.");
    m.describe("antwort_http_request_duration_seconds", T::Histogram,
               "Time from routing to the logged response, by endpoint.");
    m.describe("antwort_index_ready", T::Gauge, "1 when an index is open and searchable.");
    m.describe("antwort_index_generation", T::Gauge, "Generation of the live index.");
    m.describe("antwort_index_documents", T::Gauge, "Documents in the live index.");
    m.describe("antwort_index_reloads_total", T::Counter,
               "New index generations or revisions that went live since start.");
    m.describe("antwort_search_timed_out_total", T::Counter,
               "Searches that ran past the time budget (answered with \"timed_out\": true).");
    m.describe("antwort_feedback_total", T::Counter,
               "Feedback votes accepted by POST /feedback, by helpful=true|false.");
    m.describe("antwort_connections_active", T::Gauge,
               "Open connections (idle keep-alive ones included).");
    m.describe("antwort_connections_rejected_total", T::Counter,
               "Requests answered 503 at once: beyond --max-connections, or no worker "
               "free in time.");
    m.describe("antwort_requests_timed_out_total", T::Counter,
               "Requests that did not arrive whole in time (answered 408).");
    m.describe("antwort_uptime_seconds", T::Gauge, "Seconds since the server was configured.");
}

void write_status_config(JsonWriter& w, const Config& c) {
    auto optional_number = [&w](const char* key, const std::optional<double>& v) {
        w.key(key);
        if (v) {
            w.value(*v);
        } else {
            w.null();
        }
    };
    w.key("config").begin_object();
    w.key("config_file").value(c.config_file);
    w.key("index").value(c.service.index.string());
    w.key("listen").value(c.host + ":" + std::to_string(c.port));
    w.key("threads").value(static_cast<uint64_t>(c.threads));
    w.key("log_level").value(log_level_name(c.log_level));
    // How many keys, never the keys.
    w.key("api_keys").value(static_cast<uint64_t>(c.api_keys.size()));
    w.key("limits").begin_object();
    w.key("max_body_bytes").value(static_cast<uint64_t>(c.max_body_bytes));
    w.key("max_query_bytes").value(static_cast<uint64_t>(c.service.limits.max_query_bytes));
    w.key("max_per_page").value(static_cast<uint64_t>(c.service.limits.max_per_page));
    w.key("time_budget_ms").value(static_cast<uint64_t>(c.service.time_budget.count()));
    w.key("rerank_depth").value(c.service.rerank_depth);
    w.key("max_connections").value(static_cast<uint64_t>(c.max_connections));
    w.key("request_timeout_ms").value(static_cast<uint64_t>(c.request_timeout.count()));
    w.key("idle_timeout_ms").value(static_cast<uint64_t>(c.idle_timeout.count()));
    w.end_object();
    w.key("ranking").begin_object();
    optional_number("rating_weight", c.service.rating_weight);
    optional_number("k1", c.service.bm25_k1);
    optional_number("b", c.service.bm25_b);
    optional_number("synonym_weight", c.service.synonym_weight);
    optional_number("exact_weight", c.service.exact_weight);
    optional_number("phrase_weight", c.service.phrase_weight);
    w.end_object();
    w.end_object();
}

} // namespace

// --- routes and hooks -------------------------------------------------------

std::string route_label(std::string_view path) {
    static constexpr std::array<std::string_view, 12> exact = {
        "/",        "/search",  "/suggest",      "/similar",         "/healthz", "/readyz",
        "/metrics", "/feedback", "/admin/status", "/admin/analytics", "/admin",   "/favicon.ico"};
    for (auto route : exact) {
        if (path == route) {
            return std::string(route);
        }
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> prefixes = {{
        {"/documents/", "/documents/{id}"},
        {"/assets/", "/assets/{file}"},
        {"/admin/", "/admin/{other}"},
    }};
    for (const auto& [prefix, label] : prefixes) {
        if (path.substr(0, prefix.size()) == prefix) {
            return std::string(label);
        }
    }
    return "other";
}

std::vector<Route> configure_operations(HttpServer& server, const Handlers& handlers,
                                        const Config& config, Logger& log) {
    Metrics& metrics = handlers.metrics();
    describe_metrics(metrics);
    HttpServer::Options limits = server.options();
    limits.max_connections = config.max_connections;
    limits.max_body_bytes = config.max_body_bytes;
    limits.request_timeout = config.request_timeout;
    limits.idle_timeout = config.idle_timeout;
    server.set_options(limits);
    server.set_payload_max_length(config.max_body_bytes);
    // Probes answer at once even while every search worker is busy.
    server.set_fast_paths({"/healthz", "/readyz", "/metrics"});
    const std::shared_ptr<ConnectionStats> stats = server.stats();

    // What the connection loop answers itself (503, 408, malformed requests)
    // is counted and logged like any other answer.
    server.set_refusal_hook([&metrics, &log](const HttpServer::Refusal& refusal) {
        const std::string route = refusal.method.empty() ? "other" : route_label(refusal.path);
        const std::string status = std::to_string(refusal.status);
        metrics.count("antwort_http_requests_total",
                      {{"endpoint", route},
                       {"method", refusal.method.empty() ? "-" : refusal.method},
                       {"status", status}});
        if (log.enabled(LogLevel::Debug)) {
            log.log(LogLevel::Debug, "refused",
                    {{"status", status},
                     {"path", refusal.path.substr(0, MAX_LOGGED_PATH)},
                     {"reason", refusal.reason}});
        }
    });

    auto guard = std::make_shared<AccessGuard>(config.api_keys);
    server.set_pre_routing_handler(
        [guard](const httplib::Request& req, httplib::Response& res) {
            t_request_start = Clock::now();
            const auto verdict = guard->check(req);
            if (verdict != AccessGuard::Verdict::Allowed) {
                AccessGuard::deny(verdict, res);
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });

    // One line and the metrics per answered request. Only the path is
    // logged: no query string, client address, user agent or credentials.
    server.set_logger([&metrics, &log](const httplib::Request& req, const httplib::Response& res) {
        double seconds = 0;
        if (t_request_start) {
            seconds = std::chrono::duration<double>(Clock::now() - *t_request_start).count();
            t_request_start.reset();
        }
        const std::string route = route_label(req.path);
        const std::string status = std::to_string(res.status);
        metrics.count("antwort_http_requests_total",
                      {{"endpoint", route}, {"method", req.method}, {"status", status}});
        metrics.observe("antwort_http_request_duration_seconds", {{"endpoint", route}}, seconds);
        LogLevel level = LogLevel::Info;
        if (res.status >= 500) {
            level = LogLevel::Error;
        } else if (is_probe(route) && res.status < 400) {
            level = LogLevel::Debug;
        }
        if (!log.enabled(level)) {
            return;
        }
        std::string path = req.path.substr(0, MAX_LOGGED_PATH);
        log.log(level, "request",
                {{"method", req.method},
                 {"path", std::move(path)},
                 {"status", status},
                 {"duration_ms", format_ms(seconds * 1000)},
                 {"bytes", std::to_string(res.body.size())}});
    });

    const auto started_steady = Clock::now();
    const auto started_wall = std::chrono::system_clock::now();
    const SearchService& service = handlers.service();

    RouteTable routes(server);
    routes.get("/metrics", [&metrics, &service, stats, started_steady](const httplib::Request&,
                                                                      httplib::Response& res) {
        guarded(res, [&] {
            auto health = service.health();
            metrics.set("antwort_index_ready", {}, health ? 1 : 0);
            metrics.set("antwort_index_generation", {},
                        health ? static_cast<double>(health->generation) : 0);
            metrics.set("antwort_index_documents", {},
                        health ? static_cast<double>(health->documents) : 0);
            if (health) {
                metrics.set("antwort_index_reloads_total", {},
                            static_cast<double>(health->reloads));
            }
            metrics.set("antwort_connections_active", {}, static_cast<double>(stats->active));
            metrics.set("antwort_connections_rejected_total", {},
                        static_cast<double>(stats->rejected));
            metrics.set("antwort_requests_timed_out_total", {},
                        static_cast<double>(stats->timed_out));
            metrics.set("antwort_uptime_seconds", {},
                        std::chrono::duration<double>(Clock::now() - started_steady).count());
            res.status = 200;
            res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        });
    });

    routes.get("/readyz", [&service, &log](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] {
            auto health = service.health();
            if (!health) {
                // Not ready, whatever the reason (no index: 503 "unavailable";
                // an unreadable one: 503 "index_unavailable", the reason logged).
                send_service_error(res, health.error(), &log);
                return;
            }
            JsonWriter w;
            w.begin_object();
            w.key("status").value("ready");
            w.key("generation").value(health->generation);
            w.key("documents").value(health->documents);
            w.end_object();
            send_json(res, 200, w.take());
        });
    });

    routes.get("/admin/status", [&service, config, started_steady, started_wall](
                                    const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] {
            auto health = service.health();
            JsonWriter w;
            w.begin_object();
            w.key("status").value(health ? "ok" : "unavailable");
            if (health) {
                w.key("generation").value(health->generation);
                w.key("documents").value(health->documents);
                w.key("reloads").value(health->reloads);
            } else {
                w.key("generation").null();
                w.key("documents").null();
                w.key("reloads").null();
                w.key("error").value(health.error().message);
            }
            w.key("started").value(iso8601(started_wall));
            w.key("uptime_s")
                .value(std::chrono::duration<double>(Clock::now() - started_steady).count());
            write_status_config(w, config);
            w.end_object();
            send_json(res, 200, w.take());
        });
    });

    routes.reject_other_methods();
    allow_routes(server, routes.routes());
    return routes.routes();
}

} // namespace antwort::searchd
