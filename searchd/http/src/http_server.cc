/** @file HttpServer: an epoll loop that frames requests, and workers that run cpp-httplib on them. */
#include "antwort/searchd/http_server.h"

#include "antwort/searchd/http_util.h"
#include "antwort/searchd/request_framing.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <regex>
#include <thread>
#include <unordered_map>

namespace antwort::searchd {

namespace {

using Clock = std::chrono::steady_clock;

/** How often the loop looks for connections past their deadline. */
constexpr std::chrono::milliseconds SWEEP_INTERVAL{100};
/** How long a closing connection is read and drained so the client sees our answer. */
constexpr std::chrono::milliseconds LINGER{1'000};
/** How long a connection over the limit may take to send its request head. */
constexpr std::chrono::milliseconds REJECT_WAIT{1'000};
/** Bytes read from a socket at once. */
constexpr size_t READ_CHUNK = 16 * 1024;

const char* reason_phrase(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

const char* error_code_for(int status) {
    switch (status) {
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 413: return "payload_too_large";
    case 414:
    case 431: return "request_too_large";
    case 501: return "not_implemented";
    case 503: return "overloaded";
    case 505: return "http_version_not_supported";
    default: return "bad_request";
    }
}

/** A complete JSON error response that closes the connection. */
std::string canned_response(int status, std::string_view message,
                            std::string_view extra_headers = {}) {
    const std::string body = error_json(error_code_for(status), message);
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    out += "Content-Type: ";
    out += JSON_TYPE;
    out += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    out += extra_headers;
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

/** The path of a request target: everything before the query string. */
std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

void address_of(const sockaddr_storage& ss, std::string& ip, int& port) {
    char host[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
        inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
        port = ntohs(in.sin_port);
    } else if (ss.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
        inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
        port = ntohs(in6.sin6_port);
    }
    ip = host;
}

/** Sends all of @p data on non-blocking @p fd by @p deadline. */
bool send_all(int fd, const char* data, size_t size, Clock::time_point deadline) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            size -= static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - Clock::now());
            if (left.count() <= 0) {
                return false;
            }
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                return false;
            }
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

// --- connections and jobs -------------------------------------------------------

namespace {

struct Connection {
    enum class State {
        Reading,   ///< waiting for (the rest of) a request; in epoll
        Busy,      ///< a worker serves its request; not in epoll
        Rejecting, ///< over the connection limit: read the head, answer 503
        Closing,   ///< answered and shut down for writing; drained until EOF
    };
    int fd = -1;
    State state = State::Reading;
    std::string in; ///< bytes received and not yet part of a served request
    Clock::time_point deadline;
    bool request_started = false; ///< bytes of the next request have arrived
    bool continue_sent = false;
    bool counted = false;     ///< counts against Options::max_connections
    bool peer_closed = false; ///< the client shut down its side (EOF)
    size_t served = 0;
    std::string remote_ip;
    int remote_port = 0;
    std::string local_ip;
    int local_port = 0;
};

struct Job {
    Connection* conn = nullptr;
    std::string request;
    Clock::time_point queued;
    bool close = false;
};

struct Done {
    Connection* conn = nullptr;
    bool keep = false;
};

/** One whole request, read by cpp-httplib; responses go straight to the socket. */
class RequestStream final : public httplib::Stream {
  public:
    RequestStream(const Connection& conn, const std::string& request, Clock::time_point deadline)
        : conn_(conn), request_(request), deadline_(deadline) {}

    bool is_readable() const override { return pos_ < request_.size(); }
    bool is_writable() const override { return !failed_; }
    ssize_t read(char* ptr, size_t size) override {
        const size_t n = std::min(size, request_.size() - pos_);
        std::memcpy(ptr, request_.data() + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (failed_ || !send_all(conn_.fd, ptr, size, deadline_)) {
            failed_ = true;
            return -1;
        }
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = conn_.remote_ip;
        port = conn_.remote_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = conn_.local_ip;
        port = conn_.local_port;
    }
    // cpp-httplib only compares the socket with FD_SETSIZE (select()); it
    // never reads from it here, so a larger descriptor is not passed on.
    socket_t socket() const override { return conn_.fd < FD_SETSIZE ? conn_.fd : INVALID_SOCKET; }

  private:
    const Connection& conn_;
    const std::string& request_;
    size_t pos_ = 0;
    Clock::time_point deadline_;
    bool failed_ = false;
};

/** Workers taking jobs from one queue. */
class Lane {
  public:
    using Serve = std::function<void(Job&)>;

    void start(size_t threads, Serve serve) {
        for (size_t i = 0; i < threads; ++i) {
            threads_.emplace_back([this, serve] {
                for (;;) {
                    Job job;
                    {
                        std::unique_lock lock(mutex_);
                        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
                        if (jobs_.empty()) {
                            return;
                        }
                        job = std::move(jobs_.front());
                        jobs_.pop_front();
                    }
                    serve(job);
                }
            });
        }
    }
    void push(Job job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        ready_.notify_one();
    }
    /** Lets the workers finish the queued jobs, then joins them. */
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace

// --- Impl -----------------------------------------------------------------------

struct HttpServer::Impl {
    explicit Impl(HttpServer& owner)
        : server(owner), epoll_fd(epoll_create1(EPOLL_CLOEXEC)),
          wake_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
    ~Impl() {
        for (int fd : {listen_fd, epoll_fd, wake_fd}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    HttpServer& server;
    Options options;
    std::vector<std::string> fast_paths;
    std::vector<std::pair<std::regex, std::string>> allowed;
    std::function<void(const Refusal&)> refusal_hook;
    std::shared_ptr<ConnectionStats> stats = std::make_shared<ConnectionStats>();

    int listen_fd = -1;
    const int epoll_fd;
    const int wake_fd; ///< written by workers and stop() to wake the loop
    std::atomic<bool> running{false};
    std::atomic<bool> stopping{false};

    std::unordered_map<int, std::unique_ptr<Connection>> conns;
    size_t serving = 0;  ///< connections counted against max_connections
    size_t busy = 0;     ///< connections a worker holds
    bool accepting_paused = false;
    Clock::time_point resume_accepting;

    Lane main_lane;
    Lane fast_lane;
    std::mutex done_mutex;
    std::vector<Done> done;

    // --- loop-thread helpers

    void watch(Connection& c, bool add) {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = c.fd;
        epoll_ctl(epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev);
    }

    /** Stops counting @p c against the connection limit. */
    void uncount(Connection& c) {
        if (c.counted) {
            c.counted = false;
            --serving;
            stats->active.fetch_sub(1);
        }
    }

    void close_connection(Connection& c) {
        const int fd = c.fd;
        uncount(c);
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        conns.erase(fd);
    }

    /** Sends a canned answer, shuts down writing and drains the connection until EOF. */
    void refuse(Connection& c, int status, std::string_view reason, std::string_view method,
                std::string_view target, std::string_view extra_headers = {}) {
        const std::string response = canned_response(status, reason, extra_headers);
        (void)::send(c.fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::shutdown(c.fd, SHUT_WR);
        uncount(c); // a connection being drained leaves room for a new one
        c.state = Connection::State::Closing;
        c.in.clear();
        c.deadline = Clock::now() + LINGER;
        if (refusal_hook) {
            refusal_hook({status, std::string(method), std::string(path_of(target)),
                          std::string(reason)});
        }
    }

    std::string allowed_for(std::string_view path) const {
        for (const auto& [regex, methods] : allowed) {
            if (std::regex_match(path.begin(), path.end(), regex)) {
                return methods;
            }
        }
        return {};
    }

    bool is_fast(const FramedRequest& f) const {
        if (f.method != "GET" && f.method != "HEAD") {
            return false;
        }
        return std::find(fast_paths.begin(), fast_paths.end(), path_of(f.target)) !=
               fast_paths.end();
    }

    /** Frames what @p c has buffered and acts on it. */
    void advance(Connection& c) {
        if (c.in.empty()) {
            return;
        }
        c.request_started = true;
        FramingLimits limits;
        limits.max_body_bytes = options.max_body_bytes;
        FramedRequest f = frame_request(c.in, limits);
        if (c.state == Connection::State::Rejecting) {
            if (f.state != FramedRequest::State::Incomplete || f.head_complete) {
                stats->rejected.fetch_add(1);
                refuse(c, 503,
                       "too many connections (limit " + std::to_string(options.max_connections) +
                           "); try again later",
                       f.method, f.target, "Retry-After: 1\r\n");
            }
            return;
        }
        switch (f.state) {
        case FramedRequest::State::Incomplete:
            if (f.expects_continue && !c.continue_sent) {
                static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
                (void)::send(c.fd, go_on.data(), go_on.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
                c.continue_sent = true;
            }
            return;
        case FramedRequest::State::Invalid:
            refuse(c, f.status, f.reason, f.method, f.target);
            return;
        case FramedRequest::State::Complete:
            break;
        }
        c.in.erase(0, f.consumed);
        c.request_started = false;
        c.continue_sent = false;
        if (f.method == "TRACE" || f.method == "CONNECT") {
            const std::string allow = allowed_for(path_of(f.target));
            if (allow.empty()) {
                refuse(c, 404, "no such path", f.method, f.target);
            } else {
                refuse(c, 405, "method not allowed; allowed: " + allow, f.method, f.target,
                       "Allow: " + allow + "\r\n");
            }
            return;
        }
        Job job;
        job.conn = &c;
        job.request = std::move(f.request);
        job.queued = Clock::now();
        job.close = stopping || c.served + 1 >= options.keep_alive_requests;
        c.state = Connection::State::Busy;
        ++busy;
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
        (is_fast(f) ? fast_lane : main_lane).push(std::move(job));
    }

    void on_readable(Connection& c) {
        char buf[READ_CHUNK];
        for (;;) {
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                if (c.state == Connection::State::Closing) {
                    continue; // draining
                }
                c.in.append(buf, static_cast<size_t>(n));
                if (c.in.size() > 4 * READ_CHUNK) {
                    break; // frame what we have before reading more
                }
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            }
            // EOF or an error: whatever whole request arrived is still served.
            c.peer_closed = true;
            break;
        }
        if (c.state == Connection::State::Reading || c.state == Connection::State::Rejecting) {
            const bool fresh = !c.request_started;
            advance(c);
            if (fresh && c.state == Connection::State::Reading && c.request_started) {
                // The request timeout runs from its first byte.
                c.deadline = Clock::now() + options.request_timeout;
            }
        }
        if (c.peer_closed && c.state != Connection::State::Busy) {
            close_connection(c); // a half-sent request is dropped
        }
    }

    void accept_all() {
        for (;;) {
            sockaddr_storage peer{};
            socklen_t len = sizeof peer;
            const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) {
                    continue;
                }
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors: stop accepting for a moment, or the
                    // level-triggered listen socket would spin.
                    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
                    accepting_paused = true;
                    resume_accepting = Clock::now() + SWEEP_INTERVAL;
                }
                return;
            }
            // Beyond twice the limit, nothing is read: the connection is closed at once.
            if (conns.size() >= 2 * static_cast<size_t>(options.max_connections) + 16) {
                stats->rejected.fetch_add(1);
                ::close(fd);
                continue;
            }
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto conn = std::make_unique<Connection>();
            conn->fd = fd;
            address_of(peer, conn->remote_ip, conn->remote_port);
            sockaddr_storage self{};
            socklen_t self_len = sizeof self;
            if (getsockname(fd, reinterpret_cast<sockaddr*>(&self), &self_len) == 0) {
                address_of(self, conn->local_ip, conn->local_port);
            }
            if (serving >= options.max_connections) {
                conn->state = Connection::State::Rejecting;
                conn->deadline = Clock::now() + REJECT_WAIT;
            } else {
                ++serving;
                stats->active.fetch_add(1);
                conn->counted = true;
                conn->deadline = Clock::now() + options.request_timeout;
            }
            Connection& c = *conn;
            conns.emplace(fd, std::move(conn));
            watch(c, true);
        }
    }

    void sweep() {
        const auto now = Clock::now();
        if (accepting_paused && now >= resume_accepting) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = listen_fd;
            epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
            accepting_paused = false;
        }
        std::vector<Connection*> expired;
        for (auto& [fd, c] : conns) {
            if (c->state != Connection::State::Busy && now >= c->deadline) {
                expired.push_back(c.get());
            }
        }
        for (Connection* c : expired) {
            switch (c->state) {
            case Connection::State::Reading:
                if (c->request_started) {
                    stats->timed_out.fetch_add(1);
                    refuse(*c, 408, "the request did not arrive in time", {}, {});
                } else {
                    close_connection(*c); // idle keep-alive, or never sent anything
                }
                break;
            case Connection::State::Rejecting:
                stats->rejected.fetch_add(1);
                refuse(*c, 503,
                       "too many connections (limit " + std::to_string(options.max_connections) +
                           "); try again later",
                       {}, {}, "Retry-After: 1\r\n");
                break;
            case Connection::State::Closing:
                close_connection(*c);
                break;
            case Connection::State::Busy:
                break;
            }
        }
    }

    void finish_jobs() {
        std::vector<Done> finished;
        {
            std::lock_guard lock(done_mutex);
            finished.swap(done);
        }
        for (const Done& d : finished) {
            Connection& c = *d.conn;
            --busy;
            if (!d.keep || stopping || c.peer_closed) {
                close_connection(c);
                continue;
            }
            ++c.served;
            c.state = Connection::State::Reading;
            c.deadline = Clock::now() + options.idle_timeout;
            watch(c, true);
            if (!c.in.empty()) {
                // Pipelined: the next request may already be here.
                c.deadline = Clock::now() + options.request_timeout;
                advance(c);
            }
        }
    }

    // --- worker side

    void serve(Job& job) {
        Connection& c = *job.conn;
        const auto now = Clock::now();
        bool keep = false;
        if (now - job.queued > options.max_queue_wait) {
            stats->rejected.fetch_add(1);
            const std::string response =
                canned_response(503, "the server is busy; try again later", "Retry-After: 1\r\n");
            (void)send_all(c.fd, response.data(), response.size(), now + options.write_timeout);
        } else {
            RequestStream stream(c, job.request, now + options.write_timeout);
            bool closed = false;
            const bool ok = server.process(stream, job.close, closed);
            keep = ok && !closed && !job.close && stream.is_writable();
        }
        {
            std::lock_guard lock(done_mutex);
            done.push_back({&c, keep});
        }
        const uint64_t one = 1;
        (void)::write(wake_fd, &one, sizeof one);
    }

    bool run() {
        if (epoll_fd < 0 || wake_fd < 0 || listen_fd < 0) {
            return false;
        }
        const int flags = fcntl(listen_fd, F_GETFL, 0);
        fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = listen_fd;
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
        ev.data.fd = wake_fd;
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);

        const unsigned threads = options.threads == 0 ? 4 : options.threads;
        main_lane.start(threads, [this](Job& job) { serve(job); });
        fast_lane.start(1, [this](Job& job) { serve(job); });
        running = true;

        std::vector<epoll_event> events(256);
        auto next_sweep = Clock::now() + SWEEP_INTERVAL;
        bool listening = true;
        while (!stopping || busy > 0) {
            if (stopping && listening) {
                epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
                ::close(listen_fd);
                listen_fd = -1;
                listening = false;
                std::vector<Connection*> idle;
                for (auto& [fd, c] : conns) {
                    if (c->state != Connection::State::Busy) {
                        idle.push_back(c.get());
                    }
                }
                for (Connection* c : idle) {
                    close_connection(*c);
                }
            }
            const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()),
                                     static_cast<int>(SWEEP_INTERVAL.count()));
            for (int i = 0; i < n; ++i) {
                const int fd = events[static_cast<size_t>(i)].data.fd;
                if (fd == listen_fd) {
                    if (!stopping) {
                        accept_all();
                    }
                } else if (fd == wake_fd) {
                    uint64_t count = 0;
                    (void)::read(wake_fd, &count, sizeof count);
                    finish_jobs();
                } else if (auto it = conns.find(fd); it != conns.end()) {
                    on_readable(*it->second);
                }
            }
            if (Clock::now() >= next_sweep) {
                sweep();
                next_sweep = Clock::now() + SWEEP_INTERVAL;
            }
        }
        main_lane.stop();
        fast_lane.stop();
        while (!conns.empty()) {
            close_connection(*conns.begin()->second);
        }
        running = false;
        return true;
    }
};

// --- HttpServer -----------------------------------------------------------------

HttpServer::HttpServer() : impl_(std::make_unique<Impl>(*this)) {
    set_options(impl_->options);
}

HttpServer::~HttpServer() = default;

void HttpServer::set_options(const Options& options) {
    impl_->options = options;
    // What cpp-httplib announces in each response's Keep-Alive header.
    set_keep_alive_max_count(options.keep_alive_requests);
    set_keep_alive_timeout(std::max<time_t>(
        1, std::chrono::duration_cast<std::chrono::seconds>(options.idle_timeout).count()));
}

const HttpServer::Options& HttpServer::options() const {
    return impl_->options;
}

void HttpServer::set_fast_paths(std::vector<std::string> paths) {
    impl_->fast_paths = std::move(paths);
}

void HttpServer::allow_methods(const std::string& regex, std::string allowed) {
    impl_->allowed.emplace_back(std::regex(regex), std::move(allowed));
}

void HttpServer::set_refusal_hook(std::function<void(const Refusal&)> hook) {
    impl_->refusal_hook = std::move(hook);
}

int HttpServer::bind(const std::string& host, int port) {
    // cpp-httplib creates and binds the socket (address families, SO_REUSEADDR);
    // the options callback sees each socket tried, and the last one is bound.
    auto bound = std::make_shared<socket_t>(INVALID_SOCKET);
    set_socket_options([bound](socket_t sock) {
        httplib::default_socket_options(sock);
        *bound = sock;
    });
    if (port == 0) {
        port = bind_to_any_port(host);
    } else if (!bind_to_port(host, port)) {
        port = -1;
    }
    if (port < 0 || *bound == INVALID_SOCKET) {
        return -1;
    }
    // Taken over from cpp-httplib, whose own accept loop is not used.
    impl_->listen_fd = svr_sock_.exchange(INVALID_SOCKET);
    // On Linux, listen() on a listening socket resizes its accept queue.
    ::listen(impl_->listen_fd, LISTEN_BACKLOG);
    return port;
}

bool HttpServer::run() {
    if (impl_->stopping) {
        return false;
    }
    return impl_->run();
}

void HttpServer::stop() {
    impl_->stopping = true;
    const uint64_t one = 1;
    (void)::write(impl_->wake_fd, &one, sizeof one);
}

bool HttpServer::is_running() const {
    return impl_->running;
}

const std::shared_ptr<ConnectionStats>& HttpServer::stats() const {
    return impl_->stats;
}

bool HttpServer::process(httplib::Stream& stream, bool close_connection,
                         bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
}

} // namespace antwort::searchd
