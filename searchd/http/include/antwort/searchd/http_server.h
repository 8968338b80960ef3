/** @file HttpServer: cpp-httplib's routing behind an event loop that reads each request whole. */
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/** Requests one keep-alive connection may carry before the server closes it. */
inline constexpr size_t KEEP_ALIVE_REQUESTS = 1000;

/**
 * Connections the kernel queues for accepting (cpp-httplib itself asks for
 * 5: a burst of new connections then overflows it and some wait a SYN
 * retransmit, 1 s, or fail).
 */
inline constexpr int LISTEN_BACKLOG = 1024;

/** Connection counts shared by the server and `GET /metrics`. */
struct ConnectionStats {
    std::atomic<uint64_t> active{0};    ///< open connections
    std::atomic<uint64_t> rejected{0};  ///< answered 503: over the limit or queued too long
    std::atomic<uint64_t> timed_out{0}; ///< a started request did not arrive in time (408)
};

/**
 * An httplib::Server whose connections are handled by one event-loop
 * thread (epoll) instead of one worker thread per connection.
 *
 * The loop accepts connections, reads each request until it is complete
 * (frame_request(): head, body, limits) and only then hands it to a
 * worker, which runs cpp-httplib's usual request processing (routing,
 * handlers, pre-routing and logger hooks) and writes the response. So:
 * - a client that sends slowly or not at all costs a socket and a buffer,
 *   never a worker, and is closed when its request takes longer than
 *   Options::request_timeout (408);
 * - an idle keep-alive connection waits in the loop, so a new connection
 *   never waits behind it;
 * - the workers (Options::threads) limit how many searches run at once;
 *   requests for the fast paths (probes) have a worker of their own;
 * - a connection beyond Options::max_connections, and a request that waited
 *   longer than Options::max_queue_wait for a worker, get a JSON 503 with
 *   `Retry-After: 1` at once.
 *
 * Register routes and hooks on the httplib::Server base as usual; then
 * bind(), run() (blocks) and stop() from another thread. The server's own
 * stop()/is_running() hide the base's, which this loop does not use.
 */
class HttpServer : public httplib::Server {
  public:
    struct Options {
        unsigned threads = 4;           ///< workers for requests (0 = 4)
        unsigned max_connections = 256; ///< open connections; more get 503
        size_t max_body_bytes = 64 * 1024;
        /** From a request's first byte to its last. */
        std::chrono::milliseconds request_timeout{10'000};
        /** How long a keep-alive connection may wait for its next request. */
        std::chrono::milliseconds idle_timeout{5'000};
        /** Writing one response. */
        std::chrono::milliseconds write_timeout{5'000};
        /** How long a request may wait for a free worker before it gets 503. */
        std::chrono::milliseconds max_queue_wait{2'000};
        /** Requests one connection may carry before it is closed. */
        size_t keep_alive_requests = KEEP_ALIVE_REQUESTS;
    };

    /** What the loop answered by itself, for metrics and the log. */
    struct Refusal {
        int status = 0;
        std::string method; ///< "" when the request head never arrived
        std::string path;   ///< request target without the query string
        std::string reason;
    };

    HttpServer();
    ~HttpServer() override;
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /** Takes effect at bind(). */
    void set_options(const Options& options);
    const Options& options() const;

    /** GET/HEAD requests for these exact paths are served by a worker of their own. */
    void set_fast_paths(std::vector<std::string> paths);

    /**
     * Paths matching @p regex (httplib route syntax) allow @p allowed
     * ("GET, HEAD"): the loop answers TRACE and CONNECT there with 405 and
     * this Allow header (other paths: 404), since cpp-httplib cannot route
     * those methods.
     */
    void allow_methods(const std::string& regex, std::string allowed);

    /** Called on the loop thread for every answer the loop gives itself. */
    void set_refusal_hook(std::function<void(const Refusal&)> hook);

    /** Binds @p host : @p port (0 = a free port). @return the port, or -1. */
    int bind(const std::string& host, int port);

    /** Serves until stop(); false when it could not start. */
    bool run();

    /** Stops run(): no new connections, requests in progress finish. Any thread. */
    void stop();

    /** True while run() serves. */
    bool is_running() const;

    const std::shared_ptr<ConnectionStats>& stats() const;

  private:
    struct Impl;
    friend struct Impl;

    /** cpp-httplib's processing of one whole request in @p stream. */
    bool process(httplib::Stream& stream, bool close_connection, bool& connection_closed);

    std::unique_ptr<Impl> impl_;
};

} // namespace antwort::searchd
