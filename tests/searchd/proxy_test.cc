/** @file nginx with the documented configuration (docs/nginx-antwort.conf) in front of searchd. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

extern char** environ;

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;
using namespace std::chrono_literals;

constexpr const char* NGINX = "/usr/sbin/nginx";

/** A port nothing listens on right now. */
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

/** Replaces the one occurrence of @p from in @p text; fails the test if there is none. */
void replace_once(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "docs/nginx-antwort.conf no longer has: " << from;
    text.replace(at, from.size(), to);
}

class ProxyTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::access(NGINX, X_OK) != 0) {
            GTEST_SKIP() << "nginx is not installed (scripts/setup installs nginx-light)";
        }
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, testing::fixture_docs());
        server_ = std::make_unique<TestServer>(index_);

        std::ifstream in(std::string(ANTWORT_SOURCE_DIR) + "/docs/nginx-antwort.conf");
        std::stringstream site;
        site << in.rdbuf();
        std::string conf = site.str();
        proxy_port_ = free_port();
        replace_once(conf, "server 127.0.0.1:8080;",
                     "server 127.0.0.1:" + std::to_string(server_->port()) + ";");
        replace_once(conf, "listen 80;", "listen 127.0.0.1:" + std::to_string(proxy_port_) + ";");
        if (HasFatalFailure()) {
            return;
        }
        const auto dir = tmp_.path() / "nginx";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "antwort.conf") << conf;
        const std::string d = dir.string();
        std::ofstream(dir / "nginx.conf")
            << "worker_processes 1;\ndaemon off;\npid " << d << "/nginx.pid;\n"
            << "error_log " << d << "/error.log warn;\n"
            << "events { worker_connections 256; }\n"
            << "http {\n  access_log off;\n"
            << "  client_body_temp_path " << d << "/body;\n"
            << "  proxy_temp_path " << d << "/proxy;\n"
            << "  fastcgi_temp_path " << d << "/fastcgi;\n"
            << "  uwsgi_temp_path " << d << "/uwsgi;\n"
            << "  scgi_temp_path " << d << "/scgi;\n"
            << "  include " << d << "/antwort.conf;\n}\n";

        const std::string prefix = d + "/";
        const std::string config = d + "/nginx.conf";
        const std::string errors = d + "/error.log";
        std::vector<std::string> args = {NGINX, "-p", prefix, "-c", config, "-e", errors};
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        ASSERT_EQ(posix_spawn(&nginx_, NGINX, nullptr, nullptr, argv.data(), environ), 0);
        for (int i = 0; i < 200; ++i) {
            testing::RawConnection probe(proxy_port_);
            if (probe.connected()) {
                return;
            }
            std::this_thread::sleep_for(25ms);
        }
        std::ifstream log(errors);
        std::stringstream text;
        text << log.rdbuf();
        FAIL() << "nginx did not start: " << text.str();
    }

    void TearDown() override {
        if (nginx_ > 0) {
            ::kill(nginx_, SIGTERM);
            int status = 0;
            ::waitpid(nginx_, &status, 0);
        }
    }

    httplib::Client proxy() const {
        httplib::Client c("127.0.0.1", proxy_port_);
        c.set_read_timeout(10s);
        return c;
    }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<TestServer> server_;
    int proxy_port_ = 0;
    pid_t nginx_ = -1;
};

TEST_F(ProxyTest, TheDocumentedNginxConfigurationServesTheSearch) {
    auto c = proxy();
    // Requests on one client connection, and searchd's upstream ones reused
    // (within the per-client burst of 40).
    for (int i = 0; i < 30; ++i) {
        auto res = c.Get("/search?q=Drucker");
        ASSERT_TRUE(res) << i;
        ASSERT_EQ(res->status, 200) << res->body;
        EXPECT_NE(res->body.find("\"hits\":["), std::string::npos);
    }
    auto page = c.Get("/?q=Drucker");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("<html"), std::string::npos);
    // searchd's own errors pass through as they are.
    auto missing = c.Get("/documents/no-such-id");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_NE(missing->body.find("\"error\""), std::string::npos) << missing->body;
}

TEST_F(ProxyTest, AClientSearchingFasterThanTheRateLimitGets429) {
    auto c = proxy();
    int limited = 0;
    for (int i = 0; i < 100 && limited == 0; ++i) {
        auto res = c.Get("/search?q=Drucker");
        ASSERT_TRUE(res);
        limited += res->status == 429 ? 1 : 0;
    }
    EXPECT_EQ(limited, 1) << "20 searches a second with a burst of 40 is the documented limit";
}

TEST_F(ProxyTest, AdminAndMetricsAreNotPublic) {
    for (const char* path : {"/admin/status", "/admin/analytics", "/metrics"}) {
        auto res = proxy().Get(path);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 404) << path;
    }
}

TEST_F(ProxyTest, BodiesOverTheLimitStopAtNginx) {
    auto res = proxy().Post("/feedback", std::string(100 * 1024, 'x'), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
}

} // namespace
} // namespace antwort::searchd
