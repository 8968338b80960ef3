/** @file Connection handling of antwort-searchd: slow clients, keep-alive, methods, framing. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace antwort::searchd {
namespace {

using testing::RawConnection;
using testing::TempDir;
using testing::TestServer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class ConnectionTest : public testing::ServedIndexTest {
  protected:
    static Config small_config() {
        Config config = TestServer::default_config();
        config.threads = 2;
        return config;
    }

    /** Searches @p n times, each on a new connection; returns the slowest answer's time. */
    Clock::duration slowest_of_searches(int n) const {
        Clock::duration slowest{};
        for (int i = 0; i < n; ++i) {
            const auto before = Clock::now();
            auto res = client().Get("/search?q=Drucker");
            slowest = std::max(slowest, Clock::now() - before);
            EXPECT_TRUE(res) << "request " << i;
            if (res) {
                EXPECT_EQ(res->status, 200) << res->body;
            }
        }
        return slowest;
    }
};

TEST_F(ConnectionTest, HalfSentRequestsDoNotHoldTheWorkers) {
    start(small_config());
    // Each used to hold one of the two workers for cpp-httplib's 5 s read timeout.
    std::vector<std::unique_ptr<RawConnection>> stalled;
    for (int i = 0; i < 50; ++i) {
        stalled.push_back(std::make_unique<RawConnection>(server_->port()));
        ASSERT_TRUE(stalled.back()->connected());
        ASSERT_TRUE(stalled.back()->send("GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n"));
    }
    EXPECT_LT(slowest_of_searches(20), 1s);
}

TEST_F(ConnectionTest, ClientsSendingOneByteAtATimeDoNotHoldTheWorkers) {
    start(small_config());
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 8; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server_->port()));
    }
    std::atomic<bool> done{false};
    std::thread dribbler([&] {
        const std::string request = "GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\nX-Pad: " +
                                    std::string(200, 'a');
        for (size_t i = 0; i < request.size() && !done; ++i) {
            for (auto& c : slow) {
                c->send(std::string_view(request).substr(i, 1));
            }
            std::this_thread::sleep_for(50ms);
        }
    });
    std::this_thread::sleep_for(200ms); // every slow client has started its request
    const auto slowest = slowest_of_searches(20);
    done = true;
    dribbler.join();
    EXPECT_LT(slowest, 1s);
}

TEST_F(ConnectionTest, ARequestSlowerThanTheRequestTimeoutGets408AndIsClosed) {
    Config config = small_config();
    config.request_timeout = 300ms;
    start(config);
    RawConnection slow(server_->port());
    ASSERT_TRUE(slow.send("GET /search?q=Drucker HTTP/1.1\r\n"));
    bool closed = false;
    const auto before = Clock::now();
    const std::string reply = slow.read_all(5s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
    EXPECT_NE(reply.find("\"request_timeout\""), std::string::npos) << reply;
    EXPECT_TRUE(closed);
    EXPECT_LT(Clock::now() - before, 2s);
    auto metrics = client().Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("antwort_requests_timed_out_total 1\n"), std::string::npos)
        << metrics->body;
}

TEST_F(ConnectionTest, IdleKeepAliveConnectionsDoNotMakeANewConnectionWait) {
    start(small_config());
    // More kept-alive connections than workers; each used to keep its worker
    // until cpp-httplib's 5 s keep-alive timeout.
    std::vector<std::unique_ptr<RawConnection>> kept;
    for (int i = 0; i < 16; ++i) {
        kept.push_back(std::make_unique<RawConnection>(server_->port()));
        ASSERT_TRUE(kept.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        const std::string reply = kept.back()->read_response(5s);
        ASSERT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    }
    EXPECT_LT(slowest_of_searches(5), 1s);
    // The kept connections still work.
    for (auto& c : kept) {
        ASSERT_TRUE(c->send("GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n\r\n"));
        EXPECT_EQ(c->read_response(5s).rfind("HTTP/1.1 200", 0), 0u);
    }
}

TEST_F(ConnectionTest, IdleKeepAliveConnectionsAreClosedAfterTheIdleTimeout) {
    Config config = small_config();
    config.idle_timeout = 300ms;
    start(config);
    RawConnection c(server_->port());
    ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(c.read_response(5s).rfind("HTTP/1.1 200", 0), 0u);
    bool closed = false;
    const auto before = Clock::now();
    const std::string rest = c.read_all(5s, &closed);
    EXPECT_TRUE(closed);
    EXPECT_TRUE(rest.empty()) << rest; // closed quietly: no request had started
    EXPECT_LT(Clock::now() - before, 2s);
}

TEST_F(ConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
    start(small_config());
    RawConnection c(server_->port());
    ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                       "GET /documents/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                       "GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(c.read_response(5s).rfind("HTTP/1.1 200", 0), 0u);
    EXPECT_EQ(c.read_response(5s).rfind("HTTP/1.1 404", 0), 0u);
    const std::string third = c.read_response(5s);
    EXPECT_EQ(third.rfind("HTTP/1.1 200", 0), 0u) << third;
    EXPECT_NE(third.find("\"hits\""), std::string::npos);
}

TEST_F(ConnectionTest, AClientThatShutsDownItsSideStillGetsItsAnswer) {
    start(small_config());
    RawConnection c(server_->port());
    ASSERT_TRUE(c.send("GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.shutdown_write();
    bool closed = false;
    const std::string reply = c.read_all(5s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    EXPECT_TRUE(closed);
}

TEST_F(ConnectionTest, TraceAndConnectAre405WithAllowOnKnownPaths) {
    start(small_config());
    for (const char* method : {"TRACE", "CONNECT"}) {
        RawConnection c(server_->port());
        bool closed = false;
        const std::string reply = c.exchange(
            std::string(method) + " /search HTTP/1.1\r\nHost: x\r\n\r\n", 5s, &closed);
        EXPECT_EQ(reply.rfind("HTTP/1.1 405", 0), 0u) << reply;
        EXPECT_NE(reply.find("Allow: GET, HEAD\r\n"), std::string::npos) << reply;
        EXPECT_NE(reply.find("\"method_not_allowed\""), std::string::npos) << reply;
    }
    RawConnection unknown(server_->port());
    bool closed = false;
    const std::string reply =
        unknown.exchange("TRACE /no-such-path HTTP/1.1\r\nHost: x\r\n\r\n", 5s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 404", 0), 0u) << reply;
}

TEST_F(ConnectionTest, OptionsNamesTheAllowedMethods) {
    start(small_config());
    auto search = client().Options("/search");
    ASSERT_TRUE(search);
    EXPECT_EQ(search->status, 204);
    EXPECT_EQ(search->get_header_value("Allow"), "GET, HEAD, OPTIONS");
    auto feedback = client().Options("/feedback");
    ASSERT_TRUE(feedback);
    EXPECT_EQ(feedback->status, 204);
    EXPECT_EQ(feedback->get_header_value("Allow"), "POST, OPTIONS");
    auto unknown = client().Options("/no-such-path");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
}

TEST_F(ConnectionTest, PutWithoutABodyIsAnswered405AtOnce) {
    start(small_config());
    RawConnection c(server_->port());
    const auto before = Clock::now();
    ASSERT_TRUE(c.send("PUT /search HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string reply = c.read_response(5s);
    EXPECT_EQ(reply.rfind("HTTP/1.1 405", 0), 0u) << reply;
    EXPECT_LT(Clock::now() - before, 1s) << "no wait for a body that is not coming";
}

TEST_F(ConnectionTest, ConflictingContentLengthHeadersAre400AndTheConnectionIsClosed) {
    start(small_config());
    RawConnection c(server_->port());
    bool closed = false;
    const std::string reply = c.exchange("POST /feedback HTTP/1.1\r\nHost: x\r\n"
                                         "Content-Length: 5\r\nContent-Length: 40\r\n\r\n"
                                         "{\"id\":\"faq:1\",\"helpful\":true}",
                                         5s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
    EXPECT_NE(reply.find("conflicting Content-Length"), std::string::npos) << reply;
    EXPECT_TRUE(closed);
}

TEST_F(ConnectionTest, ChunkedRequestBodiesAreReadWhole) {
    start(small_config());
    RawConnection c(server_->port());
    const std::string body = R"({"q":"Drucker","per_page":5})";
    std::ostringstream size;
    size << std::hex << body.size();
    // The chunked body is consumed exactly: the request after it is answered too.
    ASSERT_TRUE(c.send("POST /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       size.str() + "\r\n" + body + "\r\n0\r\n\r\n" +
                       "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string first = c.read_response(5s);
    EXPECT_EQ(first.rfind("HTTP/1.1 405", 0), 0u) << first;
    const std::string second = c.read_response(5s);
    EXPECT_EQ(second.rfind("HTTP/1.1 200", 0), 0u) << second;
}

} // namespace
} // namespace antwort::searchd
