/** @file Connection limit, access check, request log, metrics, /metrics, /readyz, /admin/status. */
#include "antwort/searchd/operations.h"

#include "antwort/json_writer.h"
#include "antwort/searchd/access.h"
#include "antwort/searchd/http_util.h"

#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>

namespace antwort::searchd {

namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_rejecting = false;
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

/** "ADDR:PORT" of a socket address (IPv4 or IPv6), "" for other families. */
std::string address_text(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (ss.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
        inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
        port = ntohs(in.sin_port);
    } else if (ss.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
        inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
        port = ntohs(in6.sin6_port);
    } else {
        return {};
    }
    return std::string(host) + ":" + std::to_string(port);
}

/**
 * Ends reading on the connection @p req arrived on, once its response is
 * sent, so httplib closes it instead of waiting for more keep-alive requests
 * (cpp-httplib 0.11 keeps a connection open unless the *request* said
 * "Connection: close", and hands handlers no socket). The socket is found
 * among the process's descriptors by its two addresses, which are unique
 * while it is open. Only the overload path uses this.
 */
void close_after_response(const httplib::Request& req) {
    const std::string local = req.local_addr + ":" + std::to_string(req.local_port);
    const std::string remote = req.remote_addr + ":" + std::to_string(req.remote_port);
    DIR* dir = opendir("/proc/self/fd");
    if (dir == nullptr) {
        return; // the client still sees "Connection: close"
    }
    while (const dirent* entry = readdir(dir)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0') {
            continue;
        }
        sockaddr_storage peer{};
        sockaddr_storage self{};
        socklen_t peer_len = sizeof peer;
        socklen_t self_len = sizeof self;
        const int sock = static_cast<int>(fd);
        if (getpeername(sock, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0 ||
            getsockname(sock, reinterpret_cast<sockaddr*>(&self), &self_len) != 0) {
            continue;
        }
        if (address_text(peer) == remote && address_text(self) == local) {
            shutdown(sock, SHUT_RD);
            break;
        }
    }
    closedir(dir);
}

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
               "Connections queued or being served.");
    m.describe("antwort_connections_rejected_total", T::Counter,
               "Connections answered 503 because of --max-connections.");
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
    w.key("max_connections").value(static_cast<uint64_t>(c.max_connections));
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

// --- LimitedTaskQueue -------------------------------------------------------

LimitedTaskQueue::LimitedTaskQueue(size_t threads, size_t max_connections,
                                   std::shared_ptr<ConnectionStats> stats)
    : max_connections_(max_connections), stats_(std::move(stats)), workers_(threads),
      overflow_(1) {}

LimitedTaskQueue::~LimitedTaskQueue() = default;

bool LimitedTaskQueue::rejecting_connection() {
    return t_rejecting;
}

void LimitedTaskQueue::enqueue(std::function<void()> fn) {
    if (stats_->active.fetch_add(1) < max_connections_) {
        workers_.enqueue([stats = stats_, fn = std::move(fn)] {
            fn();
            stats->active.fetch_sub(1);
        });
        return;
    }
    stats_->active.fetch_sub(1);
    stats_->rejected.fetch_add(1);
    {
        std::unique_lock lock(overflow_mutex_);
        overflow_drained_.wait(lock, [this] { return overflow_pending_ < max_connections_; });
        ++overflow_pending_;
    }
    overflow_.enqueue([this, fn = std::move(fn)] {
        t_rejecting = true;
        fn();
        t_rejecting = false;
        {
            std::lock_guard lock(overflow_mutex_);
            --overflow_pending_;
        }
        overflow_drained_.notify_one();
    });
}

void LimitedTaskQueue::shutdown() {
    workers_.shutdown();
    overflow_.shutdown();
}

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

std::vector<Route> configure_operations(httplib::Server& server, const Handlers& handlers,
                                        const Config& config, Logger& log) {
    Metrics& metrics = handlers.metrics();
    describe_metrics(metrics);
    auto stats = std::make_shared<ConnectionStats>();
    const size_t threads = config.threads == 0 ? 4 : config.threads;
    const size_t max_connections = config.max_connections;
    server.new_task_queue = [threads, max_connections, stats] {
        return new LimitedTaskQueue(threads, max_connections, stats);
    };
    server.set_payload_max_length(config.max_body_bytes);

    auto guard = std::make_shared<AccessGuard>(config.api_keys);
    server.set_pre_routing_handler(
        [guard, max_connections](const httplib::Request& req, httplib::Response& res) {
            t_request_start = Clock::now();
            if (LimitedTaskQueue::rejecting_connection()) {
                res.set_header("Retry-After", "1");
                res.set_header("Connection", "close"); // closed in the logger, once sent
                send_error(res, 503, "overloaded",
                           "too many connections (limit " + std::to_string(max_connections) +
                               "); try again later");
                return httplib::Server::HandlerResponse::Handled;
            }
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
        if (LimitedTaskQueue::rejecting_connection()) {
            close_after_response(req); // the 503 went out; end the connection
        }
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
            metrics.set("antwort_uptime_seconds", {},
                        std::chrono::duration<double>(Clock::now() - started_steady).count());
            res.status = 200;
            res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        });
    });

    routes.get("/readyz", [&service](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] {
            auto health = service.health();
            if (!health) {
                // Not ready, whatever the reason (no index, unreadable index).
                send_error(res, 503, error_code_name(health.error().code),
                           health.error().message);
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
    return routes.routes();
}

} // namespace antwort::searchd
