/** @file Helpers for searchd end-to-end tests: temp indexes and an HTTP server on a free port. */
#pragma once

#include "fixture_docs.h"
#include "testing/temp_dir.h"

#include "antwort/index_layout.h"
#include "antwort/indexer/indexer.h"
#include "antwort/schema.h"
#include "antwort/text.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/operations.h"
#include "antwort/searchd/search_service.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace antwort::searchd::testing {

using antwort::testing::TempDir;

/** Writes @p lines (one JSON document each) to @p path. */
inline void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
    std::ofstream out(path);
    for (const auto& line : lines) {
        out << line << '\n';
    }
}

/** Builds (a new generation of) the index in @p index from NDJSON @p lines. */
inline void build_from_lines(const std::filesystem::path& index,
                             const std::vector<std::string>& lines) {
    static std::atomic<int> counter{0};
    const auto input = index.parent_path() / ("input-" + std::to_string(counter++) + ".ndjson");
    write_lines(input, lines);
    indexer::IngestOptions options;
    options.index = index;
    options.inputs = {input.string()};
    auto stats = indexer::build_index(options, Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    ASSERT_EQ(stats->bad, 0u);
}

/** Upserts NDJSON @p lines into the live generation of @p index. */
inline void update_from_lines(const std::filesystem::path& index,
                              const std::vector<std::string>& lines) {
    static std::atomic<int> counter{0};
    const auto input = index.parent_path() / ("update-" + std::to_string(counter++) + ".ndjson");
    write_lines(input, lines);
    indexer::IngestOptions options;
    options.index = index;
    options.inputs = {input.string()};
    auto stats = indexer::update_index(options);
    ASSERT_TRUE(stats.ok()) << stats.error().message;
}

/** A searchd over @p index on 127.0.0.1 and a free port, stopped on destruction. */
class TestServer {
  public:
    explicit TestServer(const std::filesystem::path& index,
                        std::chrono::milliseconds reload_interval = std::chrono::milliseconds(0))
        : TestServer(index, default_config(), nullptr, reload_interval) {}

    /** A server with these options (start from default_options()). */
    explicit TestServer(const ServiceOptions& options)
        : TestServer(options.index, config_with(options), nullptr, options.reload_interval) {}

    /**
     * A server with the operational settings of @p config (limits, API keys,
     * log level; its service options except index and synonym files apply
     * too), logging to @p log (nullptr: nowhere).
     */
    TestServer(const std::filesystem::path& index, const Config& config, std::ostream* log,
               std::chrono::milliseconds reload_interval = std::chrono::milliseconds(0))
        : config_(config), service_(make_options(index, reload_interval, config.service)),
          handlers_(service_), log_(config.log_level, log) {
        configure_server(server_, handlers_, config_.threads);
        configure_operations(server_, handlers_, config_, log_);
        port_ = server_.bind("127.0.0.1", 0);
        thread_ = std::thread([this] { server_.run(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ~TestServer() {
        server_.stop();
        thread_.join();
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return port_; }
    const SearchService& service() const { return service_; }
    Metrics& metrics() const { return handlers_.metrics(); }

    /** The Config the plain constructor uses: 4 threads, defaults otherwise. */
    static Config default_config() {
        Config config;
        config.threads = 4;
        return config;
    }

    /** GET @p target (path and query, already percent-encoded). */
    httplib::Result get(const std::string& target) const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(std::chrono::seconds(10));
        return client.Get(target.c_str());
    }

    /** default_config() with the service options @p options. */
    static Config config_with(const ServiceOptions& options) {
        Config config = default_config();
        config.service = options;
        return config;
    }

    /** The options the index-only constructor uses. */
    static ServiceOptions default_options(const std::filesystem::path& index) {
        return make_options(index, std::chrono::milliseconds(0));
    }

  private:
    static ServiceOptions make_options(const std::filesystem::path& index,
                                       std::chrono::milliseconds reload_interval,
                                       ServiceOptions options = {}) {
        options.index = index;
        options.reload_interval = reload_interval;
        // No synonym files: the fixture expectations hold without them, and
        // each test process would load the whole thesaurus.
        options.thesaurus_file = "";
        options.synonyms_file = "";
        return options;
    }

    Config config_;
    SearchService service_;
    Handlers handlers_;
    Logger log_;
    HttpServer server_;
    std::thread thread_;
    int port_ = -1;
};

/** A test over an index of fixture_docs(); start() serves it with a given Config. */
class ServedIndexTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        build_from_lines(index_, fixture_docs());
    }

    /** Serves the index with @p config, logging to @p log (nullptr: nowhere). */
    void start(const Config& config, std::ostream* log = nullptr) {
        server_ = std::make_unique<TestServer>(index_, config, log);
    }

    /** A client of the server, waiting up to 10 s for an answer. */
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server_->port());
        c.set_read_timeout(std::chrono::seconds(10));
        return c;
    }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<TestServer> server_;
};

/** A plain TCP connection to 127.0.0.1:@p port: sends and reads raw bytes. */
class RawConnection {
  public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~RawConnection() { close(); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    bool connected() const { return connected_; }

    bool send(std::string_view bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    /** Ends the sending side (the server reads EOF); answers can still be read. */
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

    /** Reads until the server closes (@p closed = true) or @p wait passes. */
    std::string read_all(std::chrono::milliseconds wait, bool* closed) {
        set_timeout(wait);
        std::string got;
        char buf[4096];
        *closed = false;
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0) {
                *closed = true;
                break;
            }
            if (n < 0) {
                break; // timeout
            }
            got.append(buf, static_cast<size_t>(n));
        }
        return got;
    }

    /** Sends @p request and reads until the server closes (or @p wait passes). */
    std::string exchange(const std::string& request, std::chrono::milliseconds wait,
                         bool* closed) {
        send(request);
        return read_all(wait, closed);
    }

    /**
     * Reads one response with a Content-Length body (head and body), or
     * what arrived when @p wait passes.
     */
    std::string read_response(std::chrono::milliseconds wait) {
        set_timeout(wait);
        char buf[4096];
        for (;;) {
            const size_t head_end = pending_.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                size_t length = 0;
                const size_t cl = pending_.find("Content-Length: ");
                if (cl != std::string::npos && cl < head_end) {
                    length = std::stoul(pending_.substr(cl + 16));
                }
                if (pending_.size() >= head_end + 4 + length) {
                    std::string response = pending_.substr(0, head_end + 4 + length);
                    pending_.erase(0, response.size());
                    return response;
                }
            }
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                return std::exchange(pending_, {});
            }
            pending_.append(buf, static_cast<size_t>(n));
        }
    }

    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

  private:
    void set_timeout(std::chrono::milliseconds wait) {
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(wait.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((wait.count() % 1000) * 1000);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }

    int fd_;
    bool connected_ = false;
    std::string pending_;
};

/** Percent-encodes everything but unreserved characters (RFC 3986). */
inline std::string url_encode(std::string_view s) {
    return antwort::percent_encode(s);
}

} // namespace antwort::searchd::testing
