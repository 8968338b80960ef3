/** @file Editor analytics over HTTP: recording, `GET /admin/analytics`, no personal data stored. */
#include "antwort/analytics_store.h"
#include "antwort/analyzers/query_key.h"
#include "antwort/searchd/analytics.h"
#include "antwort/searchd/logger.h"
#include "antwort/sqlite.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <sstream>

#include "fixture_docs.h"
#include "searchd_test_util.h"

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::url_encode;

/** A searchd with an AnalyticsRecorder that only writes when flushed by the test. */
class AnalyticsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, testing::fixture_docs());
        AnalyticsRecorder::Options options;
        options.file = AnalyticsStore::path_in(index_);
        options.flush_interval = std::chrono::hours(1);
        auto recorder = AnalyticsRecorder::open(options);
        ASSERT_TRUE(recorder.ok()) << recorder.error().message;
        recorder_ = std::move(*recorder);

        ServiceOptions service_options;
        service_options.index = index_;
        service_options.reload_interval = std::chrono::milliseconds(0);
        service_options.thesaurus_file = "";
        service_options.synonyms_file = "";
        service_ = std::make_unique<SearchService>(service_options);
        handlers_ = std::make_unique<Handlers>(*service_);
        handlers_->set_analytics(*recorder_);
        configure_server(server_, *handlers_, 4);
        port_ = server_.bind("127.0.0.1", 0);
        thread_ = std::thread([this] { server_.run(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    void TearDown() override {
        server_.stop();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(std::chrono::seconds(10));
        return client.Get(target.c_str(), headers);
    }

    /** GET /search?q=@p q; returns the hit total (or -1). */
    int64_t search(const std::string& q, const httplib::Headers& headers = {}) {
        auto res = get("/search?q=" + url_encode(q), headers);
        EXPECT_TRUE(res);
        if (!res || res->status != 200) {
            return -1;
        }
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        EXPECT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS);
        return int64_t(root["total"]);
    }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<AnalyticsRecorder> recorder_;
    std::unique_ptr<SearchService> service_;
    std::unique_ptr<Handlers> handlers_;
    HttpServer server_;
    std::thread thread_;
    int port_ = -1;
};

/** The entry with @p key in the report list @p list, or an invalid element. */
simdjson::dom::element find_entry(simdjson::dom::array list, const std::string& key) {
    for (auto entry : list) {
        if (std::string_view(entry["key"]) == key) {
            return entry;
        }
    }
    return {};
}

/** Every byte of @p path ("" if missing). */
std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_F(AnalyticsTest, GroupsSpellingsAndCountsZeroResults) {
    const std::vector<std::string> spellings = {"Passwort vergessen", "passwort vergessen",
                                                "Passwort vergessen?", "PASSWORT VERGESSEN"};
    for (const auto& q : spellings) {
        ASSERT_GT(search(q), 0) << q;
    }
    ASSERT_EQ(search("Quantenverschränkung Teleportation"), 0);
    ASSERT_EQ(search("Quantenverschränkung Teleportation"), 0);
    ASSERT_GT(search("Häuser"), 0);
    recorder_->record_not_helpful("Passwort vergessen");
    recorder_->record_not_helpful("   "); // blank: ignored
    ASSERT_TRUE(recorder_->flush().ok());

    auto res = get("/admin/analytics?days=1");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS) << res->body;
    EXPECT_EQ(int64_t(root["days"]), 1);
    EXPECT_EQ(std::string_view(root["from"]), std::string_view(root["to"]));
    EXPECT_EQ(int64_t(root["totals"]["searches"]), 7);
    EXPECT_EQ(int64_t(root["totals"]["zero_results"]), 2);
    EXPECT_EQ(int64_t(root["totals"]["not_helpful"]), 1);
    EXPECT_EQ(int64_t(root["totals"]["distinct_queries"]), 3);

    const std::string pw_key = analyzers::analytics_key("Passwort vergessen");
    simdjson::dom::array top = root["top_queries"];
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(std::string_view(top.at(0)["key"]), pw_key);
    EXPECT_EQ(int64_t(top.at(0)["searches"]), 4);
    EXPECT_EQ(int64_t(top.at(0)["zero_results"]), 0);
    EXPECT_EQ(int64_t(top.at(0)["not_helpful"]), 1);
    EXPECT_EQ(std::string_view(top.at(0)["query"]), "passwort vergessen");

    simdjson::dom::array zero = root["top_zero_results"];
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_EQ(std::string_view(zero.at(0)["query"]), "quantenverschränkung teleportation");
    EXPECT_EQ(int64_t(zero.at(0)["zero_results"]), 2);
    simdjson::dom::array not_helpful = root["top_not_helpful"];
    ASSERT_EQ(not_helpful.size(), 1u);
    EXPECT_EQ(std::string_view(not_helpful.at(0)["key"]), pw_key);
    EXPECT_TRUE(find_entry(top, analyzers::analytics_key("Häuser")).is_object());
}

TEST_F(AnalyticsTest, SearchPageSearchesAreCountedLikeApiSearches) {
    auto page = get("/?q=" + url_encode("Passwort vergessen"));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    auto nothing = get("/?q=" + url_encode("Quantenverschränkung Teleportation"));
    ASSERT_TRUE(nothing);
    ASSERT_EQ(nothing->status, 200);
    auto bad = get("/?q=Drucker&page=0"); // rejected before searching: not counted
    ASSERT_TRUE(bad);
    ASSERT_EQ(bad->status, 400);
    ASSERT_GT(search("passwort vergessen?"), 0);
    ASSERT_TRUE(recorder_->flush().ok());

    auto report = build_analytics_report(index_, 1, 20, std::time(nullptr));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->searches, 3);
    EXPECT_EQ(report->zero_results, 1);
    ASSERT_EQ(report->top_queries.size(), 2u);
    EXPECT_EQ(report->top_queries[0].key, analyzers::analytics_key("Passwort vergessen"));
    EXPECT_EQ(report->top_queries[0].counts.searches, 2);
    ASSERT_EQ(report->top_zero_results.size(), 1u);
    EXPECT_EQ(report->top_zero_results[0].key,
              analyzers::analytics_key("Quantenverschränkung Teleportation"));
}

TEST_F(AnalyticsTest, NotHelpfulQueryCountsOnlyForAQuerySearchedFor) {
    ASSERT_GT(search("Drucker einrichten"), 0);
    recorder_->record_not_helpful("drucker einrichten?"); // same key: counted
    ASSERT_TRUE(recorder_->flush().ok());
    recorder_->record_not_helpful("Drucker einrichten"); // a later flush: still counted
    recorder_->record_not_helpful("Geheimwort Zebrafink"); // never searched: dropped
    ASSERT_TRUE(recorder_->flush().ok());

    auto store = AnalyticsStore::open(AnalyticsStore::path_in(index_), true);
    ASSERT_TRUE(store.ok());
    auto rows = store->totals("0000-00-00", "9999-99-99");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u) << "a vote's query must not add a row";
    EXPECT_EQ((*rows)[0].key, analyzers::analytics_key("Drucker einrichten"));
    EXPECT_EQ((*rows)[0].counts.searches, 1);
    EXPECT_EQ((*rows)[0].counts.not_helpful, 2);
    EXPECT_EQ((*rows)[0].display, "drucker einrichten");

    const auto file = AnalyticsStore::path_in(index_);
    const std::string bytes = file_bytes(file) + file_bytes(file.string() + "-wal");
    ASSERT_NE(bytes.find("drucker einrichten"), std::string::npos) << "the scan sees the store";
    for (const std::string& trace : {std::string("zebrafink"), std::string("geheimwort"),
                                     analyzers::analytics_key("Geheimwort Zebrafink")}) {
        EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " was written";
    }
}

TEST(AnalyticsRecorderTest, FailedWriteIsLoggedAsLogfmtAndKeptForTheNextFlush) {
    TempDir tmp;
    std::ostringstream out;
    Logger log(LogLevel::Info, &out);
    AnalyticsRecorder::Options options;
    options.file = AnalyticsStore::path_in(tmp.path());
    options.flush_interval = std::chrono::hours(1);
    options.log = &log;
    auto recorder = AnalyticsRecorder::open(options);
    ASSERT_TRUE(recorder.ok()) << recorder.error().message;
    (*recorder)->record_search("Drucker einrichten", false);
    // Another connection takes the table away: the recorder's write fails.
    {
        auto db = sqlite::Database::open(options.file);
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(db->exec("ALTER TABLE query_day RENAME TO hidden").ok());
    }
    EXPECT_FALSE((*recorder)->flush().ok());
    const std::string line = out.str();
    EXPECT_EQ(line.rfind("time=", 0), 0u) << line;
    EXPECT_NE(line.find(" level=error msg=\"analytics not written; will retry\" file="),
              std::string::npos)
        << line;
    EXPECT_NE(line.find(" reason="), std::string::npos) << line;
    EXPECT_EQ(line.find("antwort-searchd:"), std::string::npos) << line;
    EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
    {
        auto db = sqlite::Database::open(options.file);
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(db->exec("ALTER TABLE hidden RENAME TO query_day").ok());
    }
    ASSERT_TRUE((*recorder)->stop().ok());
    auto report = build_analytics_report(tmp.path(), 1, 20, std::time(nullptr));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->searches, 1) << "the count survived the failed write";
}

TEST_F(AnalyticsTest, FailedSearchesAreNotCounted) {
    auto res = get("/search?q=" + url_encode("?!"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    ASSERT_TRUE(recorder_->flush().ok());
    auto report = build_analytics_report(index_, 1, 20, std::time(nullptr));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->searches, 0);
}

TEST_F(AnalyticsTest, AdminAnalyticsRejectsBadParameters) {
    for (const char* target :
         {"/admin/analytics?days=0", "/admin/analytics?days=abc", "/admin/analytics?days=3661",
          "/admin/analytics?limit=0", "/admin/analytics?days=-1", "/admin/analytics?limit=1001"}) {
        auto res = get(target);
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, 400) << target << " -> " << res->body;
        EXPECT_NE(res->body.find("\"invalid_argument\""), std::string::npos) << res->body;
    }
    auto empty = get("/admin/analytics");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->status, 200);
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(empty->body).get(root), simdjson::SUCCESS) << empty->body;
    EXPECT_EQ(int64_t(root["days"]), 30); // the default window
    EXPECT_EQ(simdjson::dom::array(root["top_queries"]).size(), 0u);

    httplib::Client client("127.0.0.1", port_);
    auto post = client.Post("/admin/analytics", "{}", "application/json");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 405);
}

TEST_F(AnalyticsTest, StoresNoPersonalData) {
    const httplib::Headers person = {
        {"X-Forwarded-For", "203.0.113.77"},
        {"X-Real-IP", "198.51.100.23"},
        {"User-Agent", "PrivacyProbeAgent/4.2 (Erika Mustermann)"},
        {"Cookie", "session=SESSIONCOOKIE4711; user_id=USERID0815"},
        {"Authorization", "Bearer TOKEN-BEARER-1234"},
    };
    for (int i = 0; i < 5; ++i) {
        ASSERT_GE(search("Drucker einrichten", person), 0);
    }
    recorder_->record_not_helpful("Drucker einrichten");
    ASSERT_TRUE(recorder_->flush().ok());

    const auto file = AnalyticsStore::path_in(index_);
    // While searchd is still running, the data may sit in the -wal file.
    std::string bytes = file_bytes(file) + file_bytes(file.string() + "-wal");
    ASSERT_NE(bytes.find("drucker einrichten"), std::string::npos)
        << "the scan must see the stored query text, or it proves nothing";
    for (const char* secret :
         {"203.0.113.77", "198.51.100.23", "127.0.0.1", "PrivacyProbeAgent", "Mustermann",
          "SESSIONCOOKIE4711", "USERID0815", "TOKEN-BEARER-1234", "Drucker einrichten"}) {
        EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " was written";
    }

    auto store = AnalyticsStore::open(file, true);
    ASSERT_TRUE(store.ok());
    auto columns = store->columns();
    ASSERT_TRUE(columns.ok());
    EXPECT_EQ(*columns, (std::vector<std::string>{"day", "query_key", "searches", "zero_results",
                                                  "not_helpful", "display", "display_count"}));
    auto rows = store->totals("0000-00-00", "9999-99-99");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].counts.searches, 5);
    EXPECT_EQ((*rows)[0].counts.not_helpful, 1);
}

TEST_F(AnalyticsTest, FullRebuildsKeepTheStore) {
    ASSERT_GT(search("Drucker"), 0);
    ASSERT_TRUE(recorder_->flush().ok());
    // Two builds: the first generation is removed as stale by the second.
    testing::build_from_lines(index_, testing::fixture_docs());
    testing::build_from_lines(index_, testing::fixture_docs());
    ASSERT_GT(search("Drucker"), 0);
    ASSERT_TRUE(recorder_->flush().ok());
    auto report = build_analytics_report(index_, 1, 20, std::time(nullptr));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->searches, 2);
}

} // namespace
} // namespace antwort::searchd
