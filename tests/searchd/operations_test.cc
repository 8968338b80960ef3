/** @file The operational layer over HTTP: API keys, limits, metrics, readiness, request log. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include "antwort/searchd/access.h"
#include "antwort/searchd/operations.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <arpa/inet.h>
#include <cmath>
#include <map>
#include <netinet/in.h>
#include <regex>
#include <set>
#include <tuple>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace antwort::searchd {
namespace {

using testing::RawConnection;
using testing::TempDir;
using testing::TestServer;
using testing::url_encode;

const std::string KEY = "s3cret-admin-key-0123456789";

/** The "error" "code" of a JSON error body ("" when there is none). */
std::string error_code_of(const std::string& body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body).get(root) != simdjson::SUCCESS) {
        return "";
    }
    std::string_view code;
    if (root["error"]["code"].get(code) != simdjson::SUCCESS) {
        return "";
    }
    return std::string(code);
}

class OperationsTest : public testing::ServedIndexTest {
  protected:
    static Config config_with_key() {
        Config config = TestServer::default_config();
        config.api_keys = {KEY};
        return config;
    }
};

// --- access control ----------------------------------------------------------

TEST_F(OperationsTest, AdminStatusNeedsTheRightKey) {
    start(config_with_key());
    auto c = client();

    auto none = c.Get("/admin/status");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401) << none->body;
    EXPECT_EQ(error_code_of(none->body), "unauthorized");
    EXPECT_EQ(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0), 0u);

    auto wrong = c.Get("/admin/status", {{"Authorization", "Bearer " + KEY + "x"}});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(error_code_of(wrong->body), "unauthorized");
    EXPECT_NE(wrong->get_header_value("WWW-Authenticate").find("invalid_token"),
              std::string::npos);

    auto prefix = c.Get("/admin/status", {{"Authorization", "Bearer " + KEY.substr(0, 10)}});
    ASSERT_TRUE(prefix);
    EXPECT_EQ(prefix->status, 401);

    auto basic = c.Get("/admin/status", {{"Authorization", "Basic " + KEY}});
    ASSERT_TRUE(basic);
    EXPECT_EQ(basic->status, 401);

    auto right = c.Get("/admin/status", {{"Authorization", "Bearer " + KEY}});
    ASSERT_TRUE(right);
    ASSERT_EQ(right->status, 200) << right->body;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(right->body).get(root), simdjson::SUCCESS);
    uint64_t documents = 0;
    uint64_t generation = 0;
    uint64_t keys = 0;
    double uptime = -1;
    ASSERT_EQ(root["documents"].get(documents), simdjson::SUCCESS);
    ASSERT_EQ(root["generation"].get(generation), simdjson::SUCCESS);
    ASSERT_EQ(root["uptime_s"].get(uptime), simdjson::SUCCESS);
    ASSERT_EQ(root["config"]["api_keys"].get(keys), simdjson::SUCCESS);
    EXPECT_EQ(documents, testing::fixture_docs().size());
    EXPECT_GE(generation, 1u);
    EXPECT_GE(uptime, 0.0);
    EXPECT_EQ(keys, 1u);
    EXPECT_EQ(right->body.find(KEY), std::string::npos) << "status must not show keys";

    // The scheme is case-insensitive (RFC 7235).
    auto lower = c.Get("/admin/status", {{"Authorization", "bearer " + KEY}});
    ASSERT_TRUE(lower);
    EXPECT_EQ(lower->status, 200);
}

TEST_F(OperationsTest, EveryAdminPathIsGuardedEvenUnregisteredOnes) {
    start(config_with_key());
    auto c = client();
    for (const char* path : {"/admin/reindex", "/admin", "//admin/status", "/admin/analytics"}) {
        auto res = c.Get(path);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 401) << path;
        auto post = c.Post(path, "{}", "application/json");
        ASSERT_TRUE(post) << path;
        EXPECT_EQ(post->status, 401) << path;
    }
    // With the key, an unknown admin path is an ordinary 404.
    auto res = c.Get("/admin/reindex", {{"Authorization", "Bearer " + KEY}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
}

TEST_F(OperationsTest, AdminIsDisabledWithoutConfiguredKeys) {
    start(TestServer::default_config());
    auto c = client();
    auto res = c.Get("/admin/status", {{"Authorization", "Bearer " + KEY}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << res->body;
    EXPECT_EQ(error_code_of(res->body), "forbidden");
    EXPECT_NE(res->body.find("no API key configured"), std::string::npos);
}

TEST_F(OperationsTest, PublicEndpointsNeedNoKey) {
    start(config_with_key());
    auto c = client();
    for (const char* path : {"/search?q=Haus", "/healthz", "/readyz", "/metrics",
                             "/documents/faq:haus"}) {
        auto res = c.Get(path);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    }
    // POST /feedback is public: whatever it answers, it is not the guard's 401/403.
    auto feedback = c.Post("/feedback", R"({"id":"faq:haus","helpful":true})", "application/json");
    ASSERT_TRUE(feedback);
    EXPECT_NE(feedback->status, 401);
    EXPECT_NE(feedback->status, 403);
}

TEST(AccessGuardTest, ComparesKeysWhole) {
    EXPECT_TRUE(constant_time_equal("abcdef", "abcdef"));
    EXPECT_FALSE(constant_time_equal("abcdef", "abcdeg"));
    EXPECT_FALSE(constant_time_equal("abcdef", "abcde"));
    EXPECT_FALSE(constant_time_equal("abcde", "abcdef"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_FALSE(constant_time_equal(std::string("ab\0c", 4), "ab"));
}

TEST(AccessGuardTest, ProtectsTheAdminTreeOnly) {
    EXPECT_TRUE(AccessGuard::is_protected("/admin"));
    EXPECT_TRUE(AccessGuard::is_protected("/admin/"));
    EXPECT_TRUE(AccessGuard::is_protected("/admin/status"));
    EXPECT_TRUE(AccessGuard::is_protected("///admin/x/y"));
    EXPECT_FALSE(AccessGuard::is_protected("/administrator"));
    EXPECT_FALSE(AccessGuard::is_protected("/search"));
    EXPECT_FALSE(AccessGuard::is_protected("/feedback"));
    EXPECT_FALSE(AccessGuard::is_protected("/documents/admin"));
}

// --- limits --------------------------------------------------------------------

TEST_F(OperationsTest, OversizedBodyIs413) {
    Config config = TestServer::default_config();
    config.max_body_bytes = 1024;
    start(config);
    auto c = client();
    const std::string big(4096, 'x');
    for (const char* path : {"/feedback", "/search"}) {
        auto res = c.Post(path, big, "application/json");
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 413) << path << ": " << res->body;
        EXPECT_EQ(error_code_of(res->body), "payload_too_large") << res->body;
    }
    // A body within the limit reaches the route (POST /search: 405).
    auto small = c.Post("/search", std::string(512, 'x'), "application/json");
    ASSERT_TRUE(small);
    EXPECT_EQ(small->status, 405);
}

TEST_F(OperationsTest, QueryLengthAndPerPageLimitsAreConfigurable) {
    Config config = TestServer::default_config();
    config.service.limits.max_query_bytes = 40;
    config.service.limits.max_per_page = 20;
    start(config);
    auto c = client();
    const std::string at_limit = "Haus " + std::string(35, 'a');
    ASSERT_EQ(at_limit.size(), 40u);
    auto ok = c.Get(("/search?q=" + url_encode(at_limit)).c_str());
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
    auto too_long = c.Get(("/search?q=" + url_encode(at_limit + "a")).c_str());
    ASSERT_TRUE(too_long);
    EXPECT_EQ(too_long->status, 400);
    EXPECT_EQ(error_code_of(too_long->body), "invalid_argument");
    EXPECT_NE(too_long->body.find("40 bytes"), std::string::npos) << too_long->body;

    auto per_page_ok = c.Get("/search?q=Haus&per_page=20");
    ASSERT_TRUE(per_page_ok);
    EXPECT_EQ(per_page_ok->status, 200);
    auto per_page_over = c.Get("/search?q=Haus&per_page=21");
    ASSERT_TRUE(per_page_over);
    EXPECT_EQ(per_page_over->status, 400);
    EXPECT_NE(per_page_over->body.find("between 1 and 20"), std::string::npos)
        << per_page_over->body;
}

/** Documents that all share the words the time budget test searches for. */
std::vector<std::string> many_docs(int n) {
    std::vector<std::string> lines;
    const std::vector<std::string> words = {"Drucker", "Treiber", "Netzwerk", "Kernel",
                                            "Passwort", "Tastatur", "Bildschirm", "Server"};
    for (int i = 0; i < n; ++i) {
        std::string body;
        for (int j = 0; j < 40; ++j) {
            body += words[static_cast<size_t>((i * 7 + j * 3) % 8)] + " Wort" +
                    std::to_string((i + j) % 50) + " ";
        }
        lines.push_back(R"({"id":"doc:)" + std::to_string(i) + R"(","type":"faq","title":"Frage )" +
                        std::to_string(i) + " " + words[static_cast<size_t>(i % 8)] +
                        R"(","body":")" + body + R"(","lang":"de"})");
    }
    return lines;
}

TEST_F(OperationsTest, SearchPastTheTimeBudgetIsFlaggedTimedOut) {
    const auto big = tmp_.path() / "big";
    testing::build_from_lines(big, many_docs(400));
    const std::string target =
        "/search?explain=1&per_page=100&q=" +
        url_encode("Drucker Treiber Netzwerk Kernel Passwort Tastatur Bildschirm Server");

    Config tight = TestServer::default_config();
    tight.service.time_budget = std::chrono::milliseconds(1);
    {
        // explain=1 runs one extra query per part and hit: far more than 1 ms.
        TestServer server(big, tight, nullptr);
        auto res = server.get(target);
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS);
        bool timed_out = false;
        ASSERT_EQ(root["timed_out"].get(timed_out), simdjson::SUCCESS) << res->body.substr(0, 300);
        EXPECT_TRUE(timed_out);
        simdjson::dom::array hits;
        ASSERT_EQ(root["hits"].get(hits), simdjson::SUCCESS);
        EXPECT_EQ(hits.size(), 100u) << "the hits found are still returned";
        EXPECT_EQ(server.metrics().value("antwort_search_timed_out_total"), 1);
    }
    Config roomy = TestServer::default_config();
    roomy.service.time_budget = std::chrono::minutes(5);
    TestServer server(big, roomy, nullptr);
    auto res = server.get(target);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(res->body.find("\"timed_out\""), std::string::npos);
    EXPECT_EQ(server.metrics().value("antwort_search_timed_out_total"), 0);
}

TEST_F(OperationsTest, ConnectionsBeyondTheLimitGet503AtOnce) {
    Config config = TestServer::default_config();
    config.threads = 2;
    config.max_connections = 2;
    start(config);
    RawConnection a(server_->port());
    RawConnection b(server_->port());
    ASSERT_TRUE(a.connected() && b.connected());
    // Connections are accepted in order, so this one is the third.
    auto c = client();
    const auto before = std::chrono::steady_clock::now();
    auto res = c.Get("/search?q=Haus");
    const auto waited = std::chrono::steady_clock::now() - before;
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_EQ(error_code_of(res->body), "overloaded");
    EXPECT_EQ(res->get_header_value("Retry-After"), "1");
    EXPECT_LT(waited, std::chrono::seconds(2)) << "answered at once, not after a worker freed";

    // Even a keep-alive client is told to go away, and the connection is closed.
    RawConnection raw(server_->port());
    bool closed = false;
    const std::string reply =
        raw.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
                     std::chrono::milliseconds(3000), &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
    EXPECT_TRUE(closed) << "the overflow connection must not stay open";
    raw.close();

    // Once the idle connections go away, requests are served again.
    a.close();
    b.close();
    int status = 0;
    for (int i = 0; i < 200 && status != 200; ++i) {
        auto again = client().Get("/search?q=Haus");
        status = again ? again->status : 0;
        if (status != 200) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    EXPECT_EQ(status, 200);
    auto metrics = client().Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("antwort_connections_rejected_total "), std::string::npos);
    EXPECT_EQ(metrics->body.find("antwort_connections_rejected_total 0\n"), std::string::npos)
        << metrics->body;
}

// --- metrics ---------------------------------------------------------------------

/** One sample line of the text format. */
struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

/** Parses a whole exposition, failing the test on any line that is not well formed. */
std::vector<Sample> parse_exposition(const std::string& text) {
    static const std::regex help(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$)");
    static const std::regex type(
        R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
    static const std::regex sample(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([-+]?(?:[0-9.eE+-]+|Inf|NaN))$)");
    static const std::regex label(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?)re");
    std::vector<Sample> out;
    std::istringstream in(text);
    std::string line;
    std::set<std::string> typed;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, help)) {
            continue;
        }
        if (std::regex_match(line, m, type)) {
            EXPECT_TRUE(typed.insert(m[1].str()).second) << "TYPE twice: " << line;
            continue;
        }
        if (!std::regex_match(line, m, sample)) {
            ADD_FAILURE() << "malformed line: '" << line << "'";
            continue;
        }
        Sample s;
        s.name = m[1].str();
        std::string labels = m[3].str();
        for (std::sregex_iterator it(labels.begin(), labels.end(), label), end; it != end; ++it) {
            s.labels[(*it)[1].str()] = (*it)[2].str();
        }
        s.value = std::stod(m[4].str());
        out.push_back(std::move(s));
    }
    return out;
}

double find_value(const std::vector<Sample>& samples, const std::string& name,
                  const std::map<std::string, std::string>& labels) {
    for (const auto& s : samples) {
        if (s.name == name && s.labels == labels) {
            return s.value;
        }
    }
    return -1;
}

/** Requests of (endpoint, GET, status) counted in @p samples (0 when none). */
double requests_of(const std::vector<Sample>& samples, const std::string& endpoint,
                   const std::string& status) {
    return std::max(0.0, find_value(samples, "antwort_http_requests_total",
                                    {{"endpoint", endpoint}, {"method", "GET"}, {"status", status}}));
}

/**
 * Scrapes /metrics until each (endpoint, status) request counter in @p wanted
 * reaches its count: counters are updated after a response went out, so a
 * request may be counted a moment after its client saw the answer.
 */
std::vector<Sample> scrape_until(
    httplib::Client& c, const std::vector<std::tuple<std::string, std::string, double>>& wanted,
    std::string* body = nullptr) {
    std::vector<Sample> samples;
    for (int i = 0; i < 200; ++i) {
        auto res = c.Get("/metrics");
        if (!res || res->status != 200) {
            ADD_FAILURE() << "GET /metrics failed";
            return samples;
        }
        EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0),
                  0u);
        samples = parse_exposition(res->body);
        if (body != nullptr) {
            *body = res->body;
        }
        const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
            return requests_of(samples, std::get<0>(w), std::get<1>(w)) >= std::get<2>(w);
        });
        if (all) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return samples;
}

TEST_F(OperationsTest, MetricsAreWellFormedAndCount) {
    start(TestServer::default_config());
    auto c = client();
    ASSERT_EQ(c.Get("/search?q=Haus")->status, 200);
    ASSERT_EQ(c.Get("/search")->status, 400);
    ASSERT_EQ(c.Get("/documents/faq:haus")->status, 200);
    ASSERT_EQ(c.Get("/nowhere/secret-path")->status, 404);

    std::string body;
    auto samples = scrape_until(c,
                                {{"/search", "200", 1},
                                 {"/search", "400", 1},
                                 {"/documents/{id}", "200", 1},
                                 {"other", "404", 1}},
                                &body);
    const std::string requests = "antwort_http_requests_total";
    EXPECT_EQ(find_value(samples, requests,
                         {{"endpoint", "/search"}, {"method", "GET"}, {"status", "200"}}),
              1);
    EXPECT_EQ(find_value(samples, requests,
                         {{"endpoint", "/search"}, {"method", "GET"}, {"status", "400"}}),
              1);
    EXPECT_EQ(find_value(samples, requests,
                         {{"endpoint", "/documents/{id}"}, {"method", "GET"}, {"status", "200"}}),
              1);
    EXPECT_EQ(find_value(samples, requests,
                         {{"endpoint", "other"}, {"method", "GET"}, {"status", "404"}}),
              1);
    EXPECT_EQ(body.find("faq:haus"), std::string::npos) << "raw paths are no labels";
    EXPECT_EQ(body.find("secret-path"), std::string::npos);
    EXPECT_EQ(find_value(samples, "antwort_index_ready", {}), 1);
    EXPECT_EQ(find_value(samples, "antwort_index_documents", {}),
              static_cast<double>(testing::fixture_docs().size()));
    EXPECT_GE(find_value(samples, "antwort_index_generation", {}), 1);

    ASSERT_EQ(c.Get("/search?q=Drucker")->status, 200);
    ASSERT_EQ(c.Get("/search?q=Kernel")->status, 200);
    samples = scrape_until(c, {{"/search", "200", 3}});
    EXPECT_EQ(find_value(samples, requests,
                         {{"endpoint", "/search"}, {"method", "GET"}, {"status", "200"}}),
              3);
    // Earlier scrapes count too.
    EXPECT_GE(find_value(samples, requests,
                         {{"endpoint", "/metrics"}, {"method", "GET"}, {"status", "200"}}),
              1);

    // Histogram of /search: buckets cumulative in le order, +Inf = _count.
    std::vector<std::pair<double, double>> buckets;
    for (const auto& s : samples) {
        if (s.name == "antwort_http_request_duration_seconds_bucket" &&
            s.labels.at("endpoint") == "/search") {
            const std::string le = s.labels.at("le");
            buckets.emplace_back(le == "+Inf" ? INFINITY : std::stod(le), s.value);
        }
    }
    ASSERT_GE(buckets.size(), 2u);
    for (size_t i = 1; i < buckets.size(); ++i) {
        EXPECT_LT(buckets[i - 1].first, buckets[i].first) << "le ascending";
        EXPECT_LE(buckets[i - 1].second, buckets[i].second) << "cumulative";
    }
    EXPECT_TRUE(std::isinf(buckets.back().first));
    const double count =
        find_value(samples, "antwort_http_request_duration_seconds_count", {{"endpoint", "/search"}});
    EXPECT_EQ(buckets.back().second, count);
    EXPECT_EQ(count, 4); // three 200s and one 400
    EXPECT_GT(find_value(samples, "antwort_http_request_duration_seconds_sum",
                         {{"endpoint", "/search"}}),
              0);
}

TEST_F(OperationsTest, OthersCanCountIntoTheRegistry) {
    start(TestServer::default_config());
    server_->metrics().count("antwort_feedback_total", {{"helpful", "true"}});
    server_->metrics().count("antwort_feedback_total", {{"helpful", "true"}});
    auto c = client();
    std::string body;
    auto samples = scrape_until(c, {}, &body);
    EXPECT_EQ(find_value(samples, "antwort_feedback_total", {{"helpful", "true"}}), 2);
    EXPECT_NE(body.find("# TYPE antwort_feedback_total counter"), std::string::npos);
}

// --- readiness -------------------------------------------------------------------

TEST_F(OperationsTest, ReadyzIs503WithoutIndexAnd200WithOne) {
    const auto empty = tmp_.path() / "empty";
    std::filesystem::create_directories(empty);
    TestServer server(empty, TestServer::default_config(), nullptr);
    auto not_ready = server.get("/readyz");
    ASSERT_TRUE(not_ready);
    EXPECT_EQ(not_ready->status, 503) << not_ready->body;
    EXPECT_EQ(error_code_of(not_ready->body), "unavailable");
    auto alive = server.get("/healthz");
    ASSERT_TRUE(alive);

    testing::build_from_lines(empty, testing::fixture_docs());
    auto ready = server.get("/readyz");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->status, 200) << ready->body;
    EXPECT_NE(ready->body.find(R"("status":"ready")"), std::string::npos) << ready->body;

    // A new generation going live counts as a reload (the first open does not).
    httplib::Client c("127.0.0.1", server.port());
    auto samples = parse_exposition(c.Get("/metrics")->body);
    EXPECT_EQ(find_value(samples, "antwort_index_reloads_total", {}), 0);
    const double generation = find_value(samples, "antwort_index_generation", {});
    testing::build_from_lines(empty, testing::fixture_docs());
    samples = parse_exposition(c.Get("/metrics")->body);
    EXPECT_EQ(find_value(samples, "antwort_index_reloads_total", {}), 1);
    EXPECT_GT(find_value(samples, "antwort_index_generation", {}), generation);
}

// --- request log -----------------------------------------------------------------

TEST_F(OperationsTest, LogsOneLinePerRequestWithoutPersonalData) {
    std::ostringstream log;
    {
        Config config = config_with_key();
        config.log_level = LogLevel::Info;
        start(config, &log);
        auto c = client();
        httplib::Headers headers = {{"Authorization", "Bearer " + KEY},
                                    {"User-Agent", "PrivateAgent/1.0"},
                                    {"Cookie", "session=cookievalue"}};
        ASSERT_EQ(c.Get("/search?q=geheimnis+privat&per_page=5", headers)->status, 200);
        ASSERT_EQ(c.Get("/admin/status", headers)->status, 200);
        ASSERT_EQ(c.Get(("/admin/status?key=" + KEY).c_str())->status, 401);
        ASSERT_EQ(c.Get("/healthz")->status, 200); // a probe: debug level, not logged at info
        server_.reset(); // stop, so the log is complete and no longer written
    }
    const std::string text = log.str();
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 3u) << text;
    const std::regex shape(
        R"(^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info msg=request method=GET path=(\S+) status=(\d{3}) duration_ms=\d+\.\d{3} bytes=\d+$)");
    // Lines are written after each response went out, so their order may vary.
    const std::multiset<std::pair<std::string, std::string>> expected = {
        {"/search", "200"}, {"/admin/status", "200"}, {"/admin/status", "401"}};
    std::multiset<std::pair<std::string, std::string>> got;
    for (const auto& line : lines) {
        std::smatch m;
        ASSERT_TRUE(std::regex_match(line, m, shape)) << line;
        got.emplace(m[1].str(), m[2].str());
    }
    EXPECT_EQ(got, expected);
    for (const char* secret : {"geheimnis", "privat", "per_page", "PrivateAgent", "cookievalue",
                               "127.0.0.1", "s3cret", "Bearer", "key="}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in the log:\n" << text;
    }
}

TEST_F(OperationsTest, LogLevelWarnKeepsOnlyServerErrors) {
    std::ostringstream log;
    {
        Config config = TestServer::default_config();
        config.log_level = LogLevel::Warn;
        start(config, &log);
        ASSERT_EQ(client().Get("/search?q=Haus")->status, 200);
        ASSERT_EQ(client().Get("/search")->status, 400);
        server_.reset();
    }
    EXPECT_EQ(log.str(), "");
}

TEST(LoggerTest, QuotesValuesThatWouldBreakTheLine) {
    EXPECT_EQ(logfmt_value("plain/path"), "plain/path");
    EXPECT_EQ(logfmt_value(""), "\"\"");
    EXPECT_EQ(logfmt_value("a b"), "\"a b\"");
    EXPECT_EQ(logfmt_value("x=y"), "\"x=y\"");
    EXPECT_EQ(logfmt_value("say \"hi\"\n"), R"("say \"hi\"\n")");
    EXPECT_EQ(logfmt_value(std::string("a\x01z", 3)), R"("a\x01z")");
    std::ostringstream out;
    Logger log(LogLevel::Debug, &out);
    log.warn("no index", {{"reason", "a b"}, {"n", "1"}});
    EXPECT_NE(out.str().find(R"( level=warn msg="no index" reason="a b" n=1)"),
              std::string::npos)
        << out.str();
}

} // namespace
} // namespace antwort::searchd
