/** @file HTTP tests: a real antwort-searchd server on a free port, queried with httplib::Client. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <sstream>

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;
using testing::url_encode;

/** Parses @p body, failing the test when it is not valid JSON. */
simdjson::dom::element parse_json(simdjson::dom::parser& parser, const std::string& body) {
    simdjson::dom::element root;
    auto error = parser.parse(body).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << body;
    return root;
}

class HttpServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, testing::fixture_docs());
        server_ = std::make_unique<TestServer>(index_);
    }

    httplib::Result get(const std::string& target) { return server_->get(target); }

    /** Expects a JSON error body with @p status and @p code. */
    void expect_error(const std::string& target, int status, std::string_view code) {
        auto res = get(target);
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, status) << target << " -> " << res->body;
        EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
        simdjson::dom::parser parser;
        auto root = parse_json(parser, res->body);
        std::string_view got_code;
        std::string_view message;
        ASSERT_EQ(root["error"]["code"].get(got_code), simdjson::SUCCESS) << res->body;
        ASSERT_EQ(root["error"]["message"].get(message), simdjson::SUCCESS) << res->body;
        EXPECT_EQ(got_code, code) << target;
        EXPECT_FALSE(message.empty());
    }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<TestServer> server_;
};

TEST_F(HttpServerTest, SearchResponseHasTheDocumentedShape) {
    auto res = get("/search?q=" + url_encode("Häuser streichen"));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    std::string_view query;
    uint64_t total = 0;
    uint64_t page = 0;
    uint64_t per_page = 0;
    double took_ms = -1;
    simdjson::dom::array hits;
    ASSERT_EQ(root["query"].get(query), simdjson::SUCCESS);
    ASSERT_EQ(root["total"].get(total), simdjson::SUCCESS);
    ASSERT_EQ(root["page"].get(page), simdjson::SUCCESS);
    ASSERT_EQ(root["per_page"].get(per_page), simdjson::SUCCESS);
    ASSERT_EQ(root["took_ms"].get(took_ms), simdjson::SUCCESS);
    ASSERT_EQ(root["hits"].get(hits), simdjson::SUCCESS);
    EXPECT_EQ(query, "Häuser streichen");
    EXPECT_EQ(total, 1u);
    EXPECT_EQ(page, 1u);
    EXPECT_EQ(per_page, 10u);
    EXPECT_GE(took_ms, 0.0);
    ASSERT_EQ(hits.size(), 1u);
    simdjson::dom::object hit;
    ASSERT_EQ(hits.at(0).get(hit), simdjson::SUCCESS);
    EXPECT_EQ(hit.size(), 14u); // the documented keys (snippet_text, highlights, helpful, thread_hits)
    EXPECT_EQ(uint64_t(hit["thread_hits"]), 1u); // collapsed by default; no thread
    EXPECT_EQ(std::string_view(hit["id"]), "faq:haus");
    EXPECT_EQ(std::string_view(hit["type"]), "faq");
    EXPECT_EQ(std::string_view(hit["title"]), "Wie streiche ich mein Haus?");
    EXPECT_TRUE(hit["url"].is_null());
    EXPECT_NE(std::string_view(hit["snippet"]).find("Haus"), std::string_view::npos);
    EXPECT_TRUE(hit["score"].is_double());
    EXPECT_TRUE(hit["rating"].is_null());
    EXPECT_EQ(std::string_view(hit["category"]), "Heimwerken");
    simdjson::dom::array tags;
    ASSERT_EQ(hit["tags"].get(tags), simdjson::SUCCESS);
    EXPECT_EQ(tags.size(), 2u);
    EXPECT_TRUE(hit["thread"].is_null());
    EXPECT_EQ(int64_t(hit["helpful"]["yes"]), 0); // no feedback store: 0/0
    EXPECT_EQ(int64_t(hit["helpful"]["no"]), 0);
}

TEST_F(HttpServerTest, RatedForumHitHasRatingObjectAndThread) {
    auto res = get("/search?q=Passwort&type=forum&per_page=1");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    simdjson::dom::element hit = root["hits"].at(0);
    EXPECT_EQ(std::string_view(hit["id"]), "forum:pw-high");
    EXPECT_EQ(int64_t(hit["rating"]["up"]), 200);
    EXPECT_EQ(int64_t(hit["rating"]["down"]), 10);
    EXPECT_EQ(std::string_view(hit["thread"]), "t2");
    EXPECT_EQ(uint64_t(root["total"]), 2u);
    EXPECT_EQ(uint64_t(root["per_page"]), 1u);
}

TEST_F(HttpServerTest, RepeatedAndCommaSeparatedFilters) {
    simdjson::dom::parser parser;
    auto res = get("/search?q=Kernel+Drucker+Passwort+Haus&type=faq&type=forum");
    ASSERT_TRUE(res);
    EXPECT_EQ(uint64_t(parse_json(parser, res->body)["total"]), 5u);
    res = get("/search?q=Kernel+Drucker+Passwort+Haus&type=" + url_encode("faq,article"));
    ASSERT_TRUE(res);
    EXPECT_EQ(uint64_t(parse_json(parser, res->body)["total"]), 4u);
    res = get("/search?q=&category=Hardware");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(uint64_t(parse_json(parser, res->body)["total"]), 2u);
}

TEST_F(HttpServerTest, GetDocumentByIdWithColonsAndSlashes) {
    const std::string id = "lo-help-de:text/sbasic/guide/access2base";
    for (const std::string& path : {"/documents/" + id, "/documents/" + url_encode(id)}) {
        auto res = get(path);
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << path << " -> " << res->body;
        simdjson::dom::parser parser;
        auto root = parse_json(parser, res->body);
        EXPECT_EQ(std::string_view(root["id"]), id);
        EXPECT_EQ(std::string_view(root["title"]), "Access2Base");
    }
}

TEST_F(HttpServerTest, UnknownDocumentIs404) {
    expect_error("/documents/no:such/doc", 404, "not_found");
}

TEST_F(HttpServerTest, UnknownPathIs404) {
    expect_error("/nothing/here", 404, "not_found");
}

TEST_F(HttpServerTest, HealthzReportsTheIndex) {
    auto res = get("/healthz");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    EXPECT_EQ(std::string_view(root["status"]), "ok");
    EXPECT_EQ(uint64_t(root["documents"]), testing::fixture_docs().size());
    EXPECT_EQ(uint64_t(root["generation"]), *IndexDir(index_).current_generation());
    std::string_view last_reload = root["last_reload"];
    EXPECT_EQ(last_reload.size(), 24u) << last_reload; // 2024-01-02T03:04:05.678Z
    EXPECT_EQ(last_reload.back(), 'Z');
}

TEST_F(HttpServerTest, BadParametersAre400) {
    for (const std::string& target : std::vector<std::string>{
             "/search",
             "/search?q=",
             "/search?q=x&page=0",
             "/search?q=x&page=abc",
             "/search?q=x&page=-3",
             "/search?q=x&per_page=101",
             "/search?q=x&per_page=0",
             "/search?q=" + std::string(1025, 'a'),
             "/search?q=" + url_encode("?! ..."),
         }) {
        SCOPED_TRACE(target.substr(0, 60));
        expect_error(target, 400, "invalid_argument");
    }
}

TEST_F(HttpServerTest, OtherMethodsAre405) {
    httplib::Client client("127.0.0.1", server_->port());
    auto res = client.Post("/search?q=Haus", "{}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
    res = client.Delete("/documents/faq:haus");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string_view(parse_json(parser, res->body)["error"]["code"]),
              "method_not_allowed");
}

TEST_F(HttpServerTest, HostileQueriesNeverBreakTheJson) {
    const std::vector<std::string> queries = {
        "<script>alert(\"x\")</script> & Haus",
        std::string("Haus \xff\xfe\xc3 kaputt"), // invalid UTF-8
        std::string("Haus\0Null", 9),
        "\"\\\\\" \u2028 Haus",
        std::string(1024, 'x'),
        std::string(300, '-') + "Haus",
        "((((((((((Haus",
    };
    for (const auto& q : queries) {
        SCOPED_TRACE(url_encode(q).substr(0, 80));
        auto res = get("/search?q=" + url_encode(q));
        ASSERT_TRUE(res);
        EXPECT_TRUE(res->status == 200 || res->status == 400) << res->status;
        simdjson::dom::parser parser;
        auto root = parse_json(parser, res->body);
        EXPECT_TRUE(root.is_object());
        if (res->status == 200) {
            EXPECT_TRUE(root["query"].is_string());
            EXPECT_EQ(res->body.find('<'), std::string::npos) << "'<' must be escaped";
        }
    }
    // Still alive and answering.
    auto res = get("/search?q=Haus");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
}

TEST_F(HttpServerTest, HtmlInQueryRoundTripsThroughJson) {
    const std::string q = "<b>Haus</b>";
    auto res = get("/search?q=" + url_encode(q));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    simdjson::dom::parser parser;
    auto root = parse_json(parser, res->body);
    EXPECT_EQ(std::string_view(root["query"]), q);
    EXPECT_EQ(std::string_view(root["hits"].at(0)["id"]), "faq:haus");
}

TEST_F(HttpServerTest, TwoServersSideBySide) {
    TempDir other_tmp;
    const auto other_index = other_tmp.path() / "index";
    testing::build_from_lines(
        other_index,
        {R"({"id":"x:1","type":"faq","title":"Anderer Index","body":"Nur hier gibt es Gartenzwerge.","lang":"de"})"});
    TestServer other(other_index);
    simdjson::dom::parser parser;
    auto mine = get("/search?q=Gartenzwerg");
    auto theirs = other.get("/search?q=Gartenzwerg");
    ASSERT_TRUE(mine && theirs);
    EXPECT_EQ(uint64_t(parse_json(parser, mine->body)["total"]), 0u);
    EXPECT_EQ(uint64_t(parse_json(parser, theirs->body)["total"]), 1u);
}

TEST(HttpServerNoIndexTest, AnswersServiceUnavailable) {
    TempDir tmp;
    TestServer server(tmp.path() / "empty");
    for (const std::string target : {"/search?q=Haus", "/healthz", "/documents/x"}) { // NOLINT
        auto res = server.get(target);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 503) << target << " -> " << res->body;
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS);
        EXPECT_EQ(std::string_view(root["error"]["code"]), "unavailable");
    }
}

/** Cuts the postings table of the live generation of @p index to nothing. */
void truncate_live_postlist(const std::filesystem::path& index) {
    IndexDir dir(index);
    const auto gen = dir.current_generation();
    ASSERT_TRUE(gen.has_value());
    const auto table = dir.generation_path(*gen) / "postlist.glass";
    ASSERT_TRUE(std::filesystem::exists(table)) << table;
    std::filesystem::resize_file(table, 0);
}

/** Expects 503 with a JSON `index_unavailable` error that names no file. */
void expect_index_unavailable(const httplib::Result& res, const std::string& target) {
    ASSERT_TRUE(res) << target << ": no answer (did the server crash?)";
    EXPECT_EQ(res->status, 503) << target << " -> " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << target;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS) << target << res->body;
    EXPECT_EQ(std::string_view(root["error"]["code"]), "index_unavailable") << target;
    const std::string_view message = root["error"]["message"];
    EXPECT_FALSE(message.empty()) << target;
    EXPECT_EQ(message.find(".glass"), std::string_view::npos) << target << ": " << message;
    EXPECT_EQ(message.find('/'), std::string_view::npos) << target << ": " << message;
}

TEST(HttpServerCorruptIndexTest, TruncatedTableAnswers503AndTheServerKeepsRunning) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    truncate_live_postlist(index);
    TestServer server(index);
    for (const std::string target :                                             // NOLINT
         {"/healthz", "/search?q=Haus", "/documents/faq:haus", "/suggest?q=Hau",
          "/similar?id=faq:haus", "/similar?text=Haus", "/healthz"}) {
        expect_index_unavailable(server.get(target), target);
    }
    auto page = server.get("/?q=Haus");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 503);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find("nicht verfügbar"), std::string::npos) << page->body;
    EXPECT_EQ(page->body.find(".glass"), std::string::npos);

    // A new generation heals it without a restart.
    testing::build_from_lines(index, testing::fixture_docs());
    auto healthy = server.get("/search?q=Haus");
    ASSERT_TRUE(healthy);
    EXPECT_EQ(healthy->status, 200) << healthy->body;
}

TEST(HttpServerCorruptIndexTest, UnreadableIndexIsLoggedWithItsReason) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    truncate_live_postlist(index);
    SearchService service(TestServer::default_options(index));
    Handlers handlers(service);
    std::ostringstream out;
    Logger log(LogLevel::Info, &out);
    handlers.set_logger(log);
    httplib::Request search;
    search.params.emplace("q", "Haus");
    httplib::Response searched;
    handlers.get_search(search, searched);
    EXPECT_EQ(searched.status, 503) << searched.body;
    httplib::Response health;
    handlers.get_health(httplib::Request(), health);
    EXPECT_EQ(health.status, 503) << health.body;
    const std::string lines = out.str();
    EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 2) << lines;
    EXPECT_NE(lines.find(" level=error msg=\"index unreadable\" reason="), std::string::npos)
        << lines;
    EXPECT_NE(lines.find(index.string()), std::string::npos) << "the log names the index: "
                                                             << lines;
}

} // namespace
} // namespace antwort::searchd
