/** @file CORS: allowed origins get the headers and preflight answers, others nothing. */
#include "searchd_test_util.h"

#include "antwort/searchd/config.h"
#include "antwort/searchd/cors.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

using testing::TempDir;

constexpr const char* ALLOWED = "https://hilfe.example.de";

/** A searchd with --cors-origin ALLOWED --cors-origin http://localhost:3000. */
class CorsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(
            index_,
            {R"({"id":"faq:1","type":"faq","title":"Drucker einrichten","body":"Drucker.","lang":"de"})"});
        ServiceOptions options;
        options.index = index_;
        options.reload_interval = std::chrono::milliseconds(0);
        options.thesaurus_file = "";
        options.synonyms_file = "";
        service_ = std::make_unique<SearchService>(options);
        handlers_ = std::make_unique<Handlers>(*service_);
        configure_server(server_, *handlers_, 2);
        install_cors(server_, {ALLOWED, "http://localhost:3000"});
        port_ = server_.bind("127.0.0.1", 0);
        thread_ = std::thread([this] { server_.run(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    void TearDown() override {
        server_.stop();
        thread_.join();
    }

    httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<SearchService> service_;
    std::unique_ptr<Handlers> handlers_;
    HttpServer server_;
    std::thread thread_;
    int port_ = -1;
};

TEST_F(CorsTest, AllowedOriginGetsTheHeaders) {
    for (const char* target : {"/search?q=Drucker", "/healthz", "/", "/no-such-endpoint"}) {
        auto res = client().Get(target, {{"Origin", ALLOWED}});
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), ALLOWED) << target;
        EXPECT_EQ(res->get_header_value_count("Access-Control-Allow-Origin"), 1u) << target;
        EXPECT_EQ(res->get_header_value("Vary"), "Origin") << target;
    }
    auto other = client().Get("/healthz", {{"Origin", "http://localhost:3000"}});
    ASSERT_TRUE(other);
    EXPECT_EQ(other->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");
}

TEST_F(CorsTest, OtherOriginsGetNoCorsHeaders) {
    for (const char* origin : {"https://evil.example", "https://hilfe.example.de.evil.example",
                               "http://hilfe.example.de", "null"}) {
        auto res = client().Get("/search?q=Drucker", {{"Origin", origin}});
        ASSERT_TRUE(res) << origin;
        EXPECT_EQ(res->status, 200);
        EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin")) << origin;
    }
    auto none = client().Get("/search?q=Drucker");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_header("Access-Control-Allow-Origin"));
}

TEST_F(CorsTest, PreflightFromAnAllowedOrigin) {
    auto res = client().Options("/feedback", {{"Origin", ALLOWED},
                                              {"Access-Control-Request-Method", "POST"},
                                              {"Access-Control-Request-Headers", "content-type"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 204);
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), ALLOWED);
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Methods"), "GET, POST");
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Headers"), "Content-Type");
    EXPECT_FALSE(res->get_header_value("Access-Control-Max-Age").empty());
}

TEST_F(CorsTest, PreflightFromAnotherOriginIsNotAllowed) {
    auto res = client().Options("/search", {{"Origin", "https://evil.example"},
                                            {"Access-Control-Request-Method", "GET"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 204);
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Methods"));
}

TEST(CorsOrigins, Validation) {
    for (const char* ok : {"https://hilfe.example.de", "http://localhost:3000", "http://[::1]:8080",
                           "https://xn--mnchen-3ya.de"}) {
        EXPECT_TRUE(is_valid_cors_origin(ok)) << ok;
    }
    for (const char* bad : {"", "hilfe.example.de", "https://", "https://hilfe.example.de/",
                            "https://hilfe.example.de/pfad", "ftp://example.de", "*",
                            "https://a b", "https://host:", "https://host:12x"}) {
        EXPECT_FALSE(is_valid_cors_origin(bad)) << bad;
    }
}

TEST(CorsOrigins, CommandLineOptionRepeats) {
    auto config = parse_searchd_args({"--index", "/tmp/x", "--cors-origin", ALLOWED,
                                      "--cors-origin=http://localhost:3000"});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->cors_origins,
              (std::vector<std::string>{ALLOWED, "http://localhost:3000"}));
    auto none = parse_searchd_args({"--index", "/tmp/x"});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->cors_origins.empty());
    auto bad = parse_searchd_args({"--index", "/tmp/x", "--cors-origin", "https://x.de/"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("--cors-origin"), std::string::npos);
}

} // namespace
} // namespace antwort::searchd
