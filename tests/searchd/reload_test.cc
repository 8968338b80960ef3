/** @file Reload tests: a running server picks up new generations and incremental updates. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <atomic>
#include <string>
#include <vector>

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;

uint64_t total_for(const TestServer& server, const std::string& q) {
    auto res = server.get("/search?q=" + testing::url_encode(q));
    EXPECT_TRUE(res);
    if (!res) {
        return 0;
    }
    EXPECT_EQ(res->status, 200) << res->body;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    EXPECT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS);
    uint64_t total = 0;
    EXPECT_EQ(root["total"].get(total), simdjson::SUCCESS);
    return total;
}

const char* NEW_DOC =
    R"({"id":"faq:neu","type":"faq","title":"Gartenzwerge aufstellen","body":"Gartenzwerge gehören in den Vorgarten.","lang":"de"})";

TEST(ReloadTest, ServesANewlyPublishedGenerationWithoutRestart) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    TestServer server(index);
    EXPECT_EQ(total_for(server, "Gartenzwerg"), 0u);
    const uint64_t first_gen = *IndexDir(index).current_generation();

    auto docs = testing::fixture_docs();
    docs.push_back(NEW_DOC);
    testing::build_from_lines(index, docs);
    ASSERT_GT(*IndexDir(index).current_generation(), first_gen);

    EXPECT_EQ(total_for(server, "Gartenzwerg"), 1u);
    auto health = server.service().health();
    ASSERT_TRUE(health.ok());
    EXPECT_EQ(health->generation, *IndexDir(index).current_generation());
    EXPECT_EQ(health->documents, docs.size());
}

/** Ids of the hits of @p q on @p server, best first. */
std::vector<std::string> hit_ids(const TestServer& server, const std::string& q) {
    std::vector<std::string> ids;
    auto res = server.get("/search?q=" + testing::url_encode(q));
    EXPECT_TRUE(res);
    if (!res) {
        return ids;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    EXPECT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS);
    for (simdjson::dom::element hit : root["hits"].get_array()) {
        ids.emplace_back(std::string_view(hit["id"]));
    }
    return ids;
}

/**
 * Equal twins without votes rank in docid order, and an index without votes
 * ranks without the rating part. A new generation (same schema) where one twin
 * has votes must be ranked with them: searchers keep their boosts per
 * generation, and two fresh builds can share a revision number.
 */
TEST(ReloadTest, ANewGenerationWithTheFirstVotesIsRankedByThem) {
    const std::string a =
        R"({"id":"faq:zwilling-a","type":"faq","title":"Drucker Treiber installieren","body":"Laden Sie den Treiber herunter.","lang":"de")";
    const std::string b =
        R"({"id":"faq:zwilling-b","type":"faq","title":"Drucker Treiber installieren","body":"Laden Sie den Treiber herunter.","lang":"de")";
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, {a + "}", b + "}"});
    TestServer server(index);
    ASSERT_EQ(hit_ids(server, "Drucker Treiber"),
              (std::vector<std::string>{"faq:zwilling-a", "faq:zwilling-b"}));
    testing::build_from_lines(index, {a + "}", b + R"(,"rating":{"up":20,"down":0}})"});
    EXPECT_EQ(hit_ids(server, "Drucker Treiber"),
              (std::vector<std::string>{"faq:zwilling-b", "faq:zwilling-a"}));
}

TEST(ReloadTest, FindsDocumentsAddedByUpdate) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    TestServer server(index);
    EXPECT_EQ(total_for(server, "Gartenzwerge"), 0u);
    testing::update_from_lines(index, {NEW_DOC});
    EXPECT_EQ(total_for(server, "Gartenzwerge"), 1u);
    auto doc = server.get("/documents/faq:neu");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->status, 200);
}

TEST(ReloadTest, RateLimitedReloadCatchesUpWithinTheInterval) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    TestServer server(index, std::chrono::milliseconds(100));
    EXPECT_EQ(total_for(server, "Gartenzwerge"), 0u);
    testing::update_from_lines(index, {NEW_DOC});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    // Each pooled searcher re-checks after 100 ms; every one is now due.
    EXPECT_EQ(total_for(server, "Gartenzwerge"), 1u);
}

TEST(ReloadTest, IndexAppearingLaterIsServed) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    TestServer server(index);
    auto res = server.get("/search?q=Haus");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503);
    testing::build_from_lines(index, testing::fixture_docs());
    EXPECT_EQ(total_for(server, "Haus"), 1u);
}

TEST(ReloadTest, ConcurrentQueriesDuringRebuildsAllSucceed) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    TestServer server(index);
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> requests{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&] {
            httplib::Client client("127.0.0.1", server.port());
            while (!done.load()) {
                auto res = client.Get("/search?q=Passwort+vergessen");
                ++requests;
                if (!res || res->status != 200 ||
                    res->body.find("forum:pw-high") == std::string::npos) {
                    ++failures;
                }
            }
        });
    }
    for (int i = 0; i < 3; ++i) {
        testing::build_from_lines(index, testing::fixture_docs());
        testing::update_from_lines(index, {NEW_DOC});
    }
    done = true;
    for (auto& c : clients) {
        c.join();
    }
    EXPECT_EQ(failures.load(), 0) << "of " << requests.load();
    EXPECT_GT(requests.load(), 0);
}

} // namespace
} // namespace antwort::searchd
