/** @file `POST /feedback` end to end: votes over HTTP, limits, the store, the rating slot. */
#include "searchd_test_util.h"

#include "antwort/analytics_store.h"
#include "antwort/analyzers/query_key.h"
#include "antwort/feedback_store.h"
#include "antwort/rating.h"
#include "antwort/sqlite.h"
#include "antwort/searchd/analytics.h"
#include "antwort/searchd/feedback_applier.h"
#include "antwort/searchd/feedback_handler.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace antwort::searchd {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

/**
 * Two documents that match "Drucker Treiber" equally (same text, unrated),
 * so their order is the docid order (zwilling-a first) until votes lift
 * zwilling-b; and a rated forum post.
 */
std::vector<std::string> feedback_docs() {
    return {
        R"({"id":"faq:zwilling-a","type":"faq","title":"Drucker Treiber installieren","body":"Laden Sie den Treiber für Ihren Drucker herunter.","lang":"de"})",
        R"({"id":"faq:zwilling-b","type":"faq","title":"Drucker Treiber installieren","body":"Laden Sie den Treiber für Ihren Drucker herunter.","lang":"de"})",
        R"({"id":"forum:scanner","type":"forum","title":"Scanner einrichten","body":"Wie richte ich den Scanner ein?","lang":"de","rating":{"up":3,"down":1},"thread":"t9"})",
    };
}

const std::string TWIN_QUERY = "/search?q=Drucker%20Treiber&explain=1";

std::string vote_body(std::string_view id, bool helpful, std::string_view query = {}) {
    std::string body = R"({"id":")" + std::string(id) + R"(","helpful":)" +
                       (helpful ? "true" : "false");
    if (!query.empty()) {
        body += R"(,"query":")" + std::string(query) + '"';
    }
    return body + "}";
}

/** Limits high enough that no test trips them unless it means to. */
FeedbackOptions generous() {
    FeedbackOptions options;
    options.rate_per_second = 1e6;
    options.burst = 1'000'000;
    options.per_document_per_minute = 1'000'000;
    options.apply_interval = 20ms;
    return options;
}

/** searchd in-process with the feedback store, handler and (optionally running) applier. */
class FeedbackServer {
  public:
    FeedbackServer(const std::filesystem::path& index, const FeedbackOptions& options,
                   FeedbackHandler::NotHelpfulHook hook = {})
        : service_(service_options(index)), store_(open_store(index)),
          feedback_(service_, &*store_, options, std::move(hook)),
          handlers_(service_, &feedback_), applier_(index, *store_, options.apply_interval) {
        configure_server(server_, handlers_, 16);
        feedback_.set_metrics(&handlers_.metrics());
        port_ = server_.bind("127.0.0.1", 0);
        thread_ = std::thread([this] { server_.run(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(1ms);
        }
    }
    ~FeedbackServer() {
        applier_.stop();
        server_.stop();
        thread_.join();
    }
    FeedbackServer(const FeedbackServer&) = delete;
    FeedbackServer& operator=(const FeedbackServer&) = delete;

    int port() const { return port_; }
    /** Logs what the handlers log to @p log (which must outlive the server). */
    void set_logger(Logger& log) {
        feedback_.set_logger(log);
        handlers_.set_logger(log);
    }
    /** Counts searches in @p recorder (which must outlive the server). */
    void set_analytics(AnalyticsRecorder& recorder) { handlers_.set_analytics(recorder); }
    FeedbackStore& store() { return *store_; }
    FeedbackApplier& applier() { return applier_; }
    Metrics& metrics() const { return handlers_.metrics(); }

    httplib::Result post(const std::string& body) const {
        httplib::Client client("127.0.0.1", port_);
        return client.Post("/feedback", body, "application/json");
    }
    httplib::Result get(const std::string& target) const {
        httplib::Client client("127.0.0.1", port_);
        return client.Get(target.c_str());
    }

  private:
    static ServiceOptions service_options(const std::filesystem::path& index) {
        ServiceOptions options;
        options.index = index;
        options.reload_interval = 0ms;
        options.thesaurus_file = "";
        options.synonyms_file = "";
        return options;
    }
    static std::optional<FeedbackStore> open_store(const std::filesystem::path& index) {
        auto store = FeedbackStore::open(FeedbackStore::path_for_index(index));
        EXPECT_TRUE(store.ok()) << store.error().message;
        return std::move(*store);
    }

    SearchService service_;
    std::optional<FeedbackStore> store_;
    FeedbackHandler feedback_;
    Handlers handlers_;
    FeedbackApplier applier_;
    HttpServer server_;
    std::thread thread_;
    int port_ = -1;
};

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& body) {
    simdjson::dom::element root;
    EXPECT_EQ(parser.parse(body).get(root), simdjson::SUCCESS) << "not JSON: " << body;
    return root;
}

/** Ids of the hits of a /search body, in order. */
std::vector<std::string> hit_ids(const std::string& body) {
    simdjson::dom::parser parser;
    std::vector<std::string> ids;
    simdjson::dom::array hits;
    if (parse(parser, body)["hits"].get(hits) != simdjson::SUCCESS) {
        return ids;
    }
    for (auto hit : hits) {
        ids.emplace_back(std::string_view(hit["id"]));
    }
    return ids;
}

/** The "helpful" object of a vote response, a hit or a document. */
HelpfulCounts helpful_of(simdjson::dom::element object) {
    HelpfulCounts counts;
    EXPECT_EQ(object["helpful"]["yes"].get(counts.yes), simdjson::SUCCESS);
    EXPECT_EQ(object["helpful"]["no"].get(counts.no), simdjson::SUCCESS);
    return counts;
}

/** Polls @p target until the first hit is @p id; false after @p limit. */
template <typename Server>
bool wait_for_top(const Server& server, const std::string& id,
                  std::chrono::milliseconds limit = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        auto res = server.get(TWIN_QUERY);
        if (res && res->status == 200) {
            auto ids = hit_ids(res->body);
            if (!ids.empty() && ids.front() == id) {
                return true;
            }
        }
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

/** The sequence recorded in the live generation of @p index. */
uint64_t live_sequence(const std::filesystem::path& index) {
    IndexDir dir(index);
    Xapian::Database db(dir.generation_path(*dir.current_generation()).string());
    const std::string text = db.get_metadata(META_FEEDBACK_SEQUENCE);
    return text.empty() ? 0 : std::stoull(text);
}

class FeedbackTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, feedback_docs());
    }

    void expect_error(const httplib::Result& res, int status, std::string_view code) {
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, status) << res->body;
        EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
        simdjson::dom::parser parser;
        std::string_view got;
        ASSERT_EQ(parse(parser, res->body)["error"]["code"].get(got), simdjson::SUCCESS)
            << res->body;
        EXPECT_EQ(got, code) << res->body;
    }

    TempDir tmp_;
    std::filesystem::path index_;
};

TEST_F(FeedbackTest, VoteReturnsCountsAndHitsAndDocumentsShowThem) {
    FeedbackServer server(index_, generous());
    for (bool helpful : {true, true, false}) {
        auto res = server.post(vote_body("faq:zwilling-b", helpful));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
    }
    auto res = server.post(vote_body("faq:zwilling-b", true));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    simdjson::dom::parser parser;
    auto root = parse(parser, res->body);
    EXPECT_EQ(std::string_view(root["id"]), "faq:zwilling-b");
    EXPECT_EQ(helpful_of(root), (HelpfulCounts{3, 1}));

    auto search = server.get(TWIN_QUERY);
    ASSERT_TRUE(search);
    simdjson::dom::parser search_parser;
    simdjson::dom::array hits;
    ASSERT_EQ(parse(search_parser, search->body)["hits"].get(hits), simdjson::SUCCESS);
    ASSERT_EQ(hits.size(), 2u);
    for (auto hit : hits) {
        const std::string_view id = hit["id"];
        const HelpfulCounts expected =
            id == "faq:zwilling-b" ? HelpfulCounts{3, 1} : HelpfulCounts{0, 0};
        EXPECT_EQ(helpful_of(hit), expected) << id;
    }

    auto doc = server.get("/documents/faq:zwilling-b");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->status, 200);
    simdjson::dom::parser doc_parser;
    auto doc_root = parse(doc_parser, doc->body);
    EXPECT_EQ(std::string_view(doc_root["id"]), "faq:zwilling-b");
    EXPECT_EQ(helpful_of(doc_root), (HelpfulCounts{3, 1}));
}

TEST_F(FeedbackTest, TheSearchPageShowsTheHelpfulCountsLikeSearch) {
    FeedbackServer server(index_, generous());
    for (int i = 0; i < 3; ++i) {
        auto res = server.post(vote_body("faq:zwilling-b", true));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
    }
    const std::string target = TWIN_QUERY;
    auto page = server.get("/?" + target.substr(target.find('?') + 1));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200) << page->body;
    EXPECT_NE(page->body.find("3 Personen fanden das hilfreich"), std::string::npos)
        << page->body;
    EXPECT_EQ(page->body.find("Person fand das hilfreich"), std::string::npos)
        << "the other twin has no votes";
}

TEST_F(FeedbackTest, RecordedVotesAreCountedInTheMetrics) {
    FeedbackServer server(index_, generous());
    for (bool helpful : {true, true, false}) {
        ASSERT_EQ(server.post(vote_body("faq:zwilling-b", helpful))->status, 200);
    }
    ASSERT_EQ(server.post(vote_body("faq:does-not-exist", true))->status, 404);
    EXPECT_EQ(server.metrics().value("antwort_feedback_total", {{"helpful", "true"}}), 2);
    EXPECT_EQ(server.metrics().value("antwort_feedback_total", {{"helpful", "false"}}), 1);
}

TEST_F(FeedbackTest, BadRequestsGetJsonErrors) {
    FeedbackServer server(index_, generous());
    expect_error(server.post(vote_body("faq:gibt-es-nicht", true)), 404, "not_found");
    expect_error(server.post("not json"), 400, "invalid_argument");
    expect_error(server.post(""), 400, "invalid_argument");
    expect_error(server.post("[1,2]"), 400, "invalid_argument");
    expect_error(server.post(R"({"helpful":true})"), 400, "invalid_argument");
    expect_error(server.post(R"({"id":"faq:zwilling-a"})"), 400, "invalid_argument");
    expect_error(server.post(R"({"id":"","helpful":true})"), 400, "invalid_argument");
    expect_error(server.post(R"({"id":7,"helpful":true})"), 400, "invalid_argument");
    expect_error(server.post(R"({"id":"faq:zwilling-a","helpful":"yes"})"), 400,
                 "invalid_argument");
    expect_error(server.post(R"({"id":"faq:zwilling-a","helpful":true,"query":5})"), 400,
                 "invalid_argument");
    expect_error(server.post(R"({"id":"faq:zwilling-a","helpful":true,"user":"x"})"), 400,
                 "invalid_argument");
    const std::string long_query(MAX_QUERY_BYTES + 1, 'q');
    expect_error(server.post(vote_body("faq:zwilling-a", true, long_query)), 400,
                 "invalid_argument");
    std::string oversized = R"({"id":"faq:zwilling-a","helpful":true,"query":")" +
                            std::string(MAX_FEEDBACK_BODY_BYTES, 'x') + "\"}";
    expect_error(server.post(oversized), 400, "invalid_argument");

    httplib::Client client("127.0.0.1", server.port());
    auto get = client.Get("/feedback");
    expect_error(get, 405, "method_not_allowed");
    EXPECT_EQ(get->get_header_value("Allow"), "POST");

    // None of these counted; a null query is the same as none.
    auto ok = server.post(R"({"id":"faq:zwilling-a","helpful":true,"query":null})");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
    EXPECT_EQ(*server.store().counts("faq:zwilling-a"), (HelpfulCounts{1, 0}));
    EXPECT_EQ(server.store().changes_since(0)->sequence, 1u);
}

TEST_F(FeedbackTest, ConnectionOverItsBucketGets429) {
    FeedbackOptions options = generous();
    options.burst = 3;
    options.rate_per_second = 0.001;
    FeedbackServer server(index_, options);
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true); // one connection: one bucket
    for (int i = 0; i < 3; ++i) {
        auto res = client.Post("/feedback", vote_body("faq:zwilling-a", true), "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << i << ": " << res->body;
    }
    auto over = client.Post("/feedback", vote_body("faq:zwilling-a", true), "application/json");
    expect_error(over, 429, "rate_limited");
    EXPECT_FALSE(over->get_header_value("Retry-After").empty());
    EXPECT_EQ(*server.store().counts("faq:zwilling-a"), (HelpfulCounts{3, 0}));
    // Another connection has its own bucket.
    auto other = server.post(vote_body("faq:zwilling-a", false));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200) << other->body;
}

TEST_F(FeedbackTest, DocumentOverItsMinuteCapGets429) {
    FeedbackOptions options = generous();
    options.per_document_per_minute = 2;
    FeedbackServer server(index_, options);
    for (int i = 0; i < 2; ++i) {
        auto res = server.post(vote_body("faq:zwilling-b", true));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << res->body;
    }
    expect_error(server.post(vote_body("faq:zwilling-b", false)), 429, "rate_limited");
    auto other_doc = server.post(vote_body("faq:zwilling-a", false));
    ASSERT_TRUE(other_doc);
    EXPECT_EQ(other_doc->status, 200);
    EXPECT_EQ(*server.store().counts("faq:zwilling-b"), (HelpfulCounts{2, 0}));
}

TEST(FeedbackLimiterTest, BucketRefillsAndEntriesExpire) {
    FeedbackOptions options;
    options.burst = 2;
    options.rate_per_second = 1.0;
    options.per_document_per_minute = 1;
    FeedbackLimiter limiter(options);
    const auto t0 = FeedbackLimiter::Clock::now();
    EXPECT_TRUE(limiter.allow_connection("c", t0));
    EXPECT_TRUE(limiter.allow_connection("c", t0));
    EXPECT_FALSE(limiter.allow_connection("c", t0));
    EXPECT_TRUE(limiter.allow_connection("c", t0 + 1100ms)); // one token back
    EXPECT_FALSE(limiter.allow_connection("c", t0 + 1200ms));
    EXPECT_TRUE(limiter.allow_document("d", t0 + 1200ms));
    EXPECT_EQ(limiter.size(), 2u);
    EXPECT_FALSE(limiter.allow_document("d", t0 + 30s));
    // The bucket of "c", idle long enough to be full again, is forgotten.
    EXPECT_EQ(limiter.size(), 1u);
    EXPECT_TRUE(limiter.allow_document("d", t0 + 62s)); // a new minute
    // Past its minute the window of "d" is forgotten too.
    EXPECT_TRUE(limiter.allow_connection("other", t0 + 200s));
    EXPECT_EQ(limiter.size(), 1u);
}

TEST_F(FeedbackTest, ConcurrentVotesFromManyConnectionsLoseNone) {
    FeedbackServer server(index_, generous());
    ASSERT_EQ(server.post(vote_body("faq:zwilling-a", false))->status, 200);
    const HelpfulCounts before = *server.store().counts("faq:zwilling-a");
    constexpr int THREADS = 16;
    constexpr int VOTES = 50;
    std::atomic<int> ok{0};
    std::atomic<int> yes_sent{0};
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&, t] {
            httplib::Client client("127.0.0.1", server.port());
            // Keep-alive: a new connection per vote overflows httplib's
            // listen backlog (5) under this load, and a vote whose response
            // is lost in transit would make "sent" unknowable. A loaded test
            // machine may be slow, so each request gets ample time.
            client.set_keep_alive(true);
            client.set_connection_timeout(60s);
            client.set_read_timeout(60s);
            client.set_write_timeout(60s);
            for (int i = 0; i < VOTES; ++i) {
                const bool helpful = (t + i) % 4 != 0;
                const auto started = std::chrono::steady_clock::now();
                auto res = client.Post("/feedback", vote_body("faq:zwilling-a", helpful),
                                       "application/json");
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count();
                if (res && res->status == 200) {
                    ++ok;
                    yes_sent += helpful ? 1 : 0;
                } else {
                    std::lock_guard lock(mutex);
                    failures.push_back(res ? std::to_string(res->status) + " " + res->body
                                           : httplib::to_string(res.error()) + " after " +
                                                 std::to_string(ms) + " ms");
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), THREADS * VOTES)
        << failures.size() << " failed, first: " << (failures.empty() ? "" : failures.front());
    auto after = server.get("/documents/faq:zwilling-a");
    ASSERT_TRUE(after);
    simdjson::dom::parser parser;
    const HelpfulCounts counts = helpful_of(parse(parser, after->body));
    EXPECT_EQ(counts.yes, before.yes + yes_sent.load());
    EXPECT_EQ(counts.no, before.no + (THREADS * VOTES - yes_sent.load()));
}

TEST_F(FeedbackTest, VotesChangeRankingWithoutReindex) {
    FeedbackServer server(index_, generous());
    auto res = server.get(TWIN_QUERY);
    ASSERT_TRUE(res);
    ASSERT_EQ(hit_ids(res->body),
              (std::vector<std::string>{"faq:zwilling-a", "faq:zwilling-b"}));
    const uint64_t generation = *IndexDir(index_).current_generation();
    server.applier().start();
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(server.post(vote_body("faq:zwilling-b", true))->status, 200);
    }
    EXPECT_TRUE(wait_for_top(server, "faq:zwilling-b")) << "votes did not reach the ranking";
    EXPECT_EQ(*IndexDir(index_).current_generation(), generation) << "no rebuild happened";
    // The applier may have flipped the order after two votes; the third follows.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (live_sequence(index_) < 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(live_sequence(index_), 3u);

    // "Not helpful" answers pull it back below its twin.
    for (int i = 0; i < 30; ++i) {
        ASSERT_EQ(server.post(vote_body("faq:zwilling-b", false))->status, 200);
    }
    ASSERT_EQ(server.post(vote_body("faq:zwilling-a", true))->status, 200);
    EXPECT_TRUE(wait_for_top(server, "faq:zwilling-a"));
}

/**
 * An index without a single vote ranks without the rating part (it would add
 * the same 0 to every score), and searchd keeps each searcher's boosts until
 * the index changes. The first votes must bring the rating part back.
 */
TEST(FeedbackFirstVotesTest, FirstVotesOfAnIndexWithoutAnyReachTheRanking) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    const auto lines = feedback_docs();
    testing::build_from_lines(index, {lines[0], lines[1]}); // the twins, no votes
    FeedbackServer server(index, generous());
    auto before = server.get(TWIN_QUERY);
    ASSERT_TRUE(before);
    ASSERT_EQ(hit_ids(before->body),
              (std::vector<std::string>{"faq:zwilling-a", "faq:zwilling-b"}));
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(server.post(vote_body("faq:zwilling-b", true))->status, 200);
    }
    auto applied = server.applier().apply_once();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    ASSERT_EQ(*applied, 1u);
    auto after = server.get(TWIN_QUERY);
    ASSERT_TRUE(after);
    EXPECT_EQ(hit_ids(after->body),
              (std::vector<std::string>{"faq:zwilling-b", "faq:zwilling-a"}))
        << after->body;
}

TEST_F(FeedbackTest, ApplierWaitsForTheWriterLockAndKeepsTheStoredRating) {
    FeedbackServer server(index_, generous());
    ASSERT_EQ(server.post(vote_body("forum:scanner", false))->status, 200);
    {
        auto lock = WriterLock::acquire(index_); // an indexer run in progress
        ASSERT_TRUE(lock.ok());
        auto blocked = server.applier().apply_once();
        ASSERT_FALSE(blocked.ok());
        EXPECT_EQ(blocked.error().code, ErrorCode::Conflict);
    }
    auto applied = server.applier().apply_once();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(*applied, 1u);
    auto again = server.applier().apply_once();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0u) << "nothing new, nothing rewritten";

    // The slot pools the document's 3 up / 1 down with the 0 yes / 1 no.
    IndexDir dir(index_);
    Xapian::Database db(dir.generation_path(*dir.current_generation()).string());
    Xapian::PostingIterator it = db.postlist_begin("Qforum:scanner");
    ASSERT_NE(it, db.postlist_end("Qforum:scanner"));
    const double slot = Xapian::sortable_unserialise(db.get_document(*it).get_value(6));
    EXPECT_DOUBLE_EQ(slot, rating_with_feedback(3, 1, 0, 1));
}

TEST(FeedbackThreadTest, VotesOnAnAnswerLiftItsThreadsQuestion) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(
        index,
        {R"({"id":"forum:k-q","type":"forum","title":"Kopierer entstauben","body":"Wie?","lang":"de","thread":"tk"})",
         R"({"id":"forum:k-a","type":"forum","title":"Re: Kopierer entstauben","body":"So.","lang":"de","thread":"tk","parent":"forum:k-q"})"});
    FeedbackServer server(index, generous());
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(server.post(vote_body("forum:k-a", true))->status, 200);
    }
    auto applied = server.applier().apply_once();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(*applied, 1u);

    const Schema& schema = Schema::default_schema();
    const double share = schema.ranking().thread_rating_share;
    const double answer = rating_with_feedback(0, 0, 5, 0);
    IndexDir dir(index);
    Xapian::Database db(dir.generation_path(*dir.current_generation()).string());
    auto value = [&](const std::string& id, const char* field) {
        Xapian::PostingIterator it = db.postlist_begin("Q" + id);
        const std::string v = it == db.postlist_end("Q" + id)
                                  ? std::string()
                                  : db.get_document(*it).get_value(
                                        *schema.field(field)->value_slot);
        return v.empty() ? -1.0 : Xapian::sortable_unserialise(v);
    };
    EXPECT_DOUBLE_EQ(value("forum:k-a", "rating"), answer);
    EXPECT_DOUBLE_EQ(value("forum:k-a", "ranked_rating"), answer);
    EXPECT_EQ(value("forum:k-q", "rating"), -1.0) << "the question has no votes of its own";
    EXPECT_DOUBLE_EQ(value("forum:k-q", "thread_rating"), answer) << "best - own";
    EXPECT_DOUBLE_EQ(value("forum:k-q", "ranked_rating"), share * answer);

    // searchd ranks the question with its share of the answer's votes.
    auto res = server.get("/search?q=Kopierer%20entstauben&collapse=false&explain=1");
    ASSERT_TRUE(res);
    simdjson::dom::parser parser;
    bool found = false;
    for (simdjson::dom::element hit : parse(parser, res->body)["hits"].get_array()) {
        if (std::string_view(hit["id"]) == "forum:k-q") {
            found = true;
            EXPECT_NEAR(double(hit["explain"]["score"]["rating"]),
                        schema.ranking().rating_weight * share * answer, 1e-5)
                << res->body;
        }
    }
    EXPECT_TRUE(found) << res->body;
}

TEST_F(FeedbackTest, RebuildMergesVotesAndLaterVotesAreApplied) {
    {
        FeedbackServer server(index_, generous()); // applier not running
        for (int i = 0; i < 3; ++i) {
            ASSERT_EQ(server.post(vote_body("faq:zwilling-b", true))->status, 200);
        }
    }
    const uint64_t before = *IndexDir(index_).current_generation();
    testing::build_from_lines(index_, feedback_docs());
    ASSERT_GT(*IndexDir(index_).current_generation(), before);
    EXPECT_EQ(live_sequence(index_), 3u) << "the build records the sequence it read";

    FeedbackServer server(index_, generous());
    auto res = server.get(TWIN_QUERY);
    ASSERT_TRUE(res);
    EXPECT_EQ(hit_ids(res->body).front(), "faq:zwilling-b") << "votes merged by the build";

    // A vote after the build's snapshot is applied to the new generation.
    ASSERT_EQ(server.post(vote_body("faq:zwilling-a", true))->status, 200);
    auto applied = server.applier().apply_once();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(*applied, 1u);
    EXPECT_EQ(live_sequence(index_), 4u);

    // An update keeps the counts of the documents it rewrites.
    testing::update_from_lines(index_, {feedback_docs()[1]});
    auto updated = server.get(TWIN_QUERY);
    ASSERT_TRUE(updated);
    EXPECT_EQ(hit_ids(updated->body).front(), "faq:zwilling-b");
}

/** Every byte of every file under @p dir. */
std::string all_bytes(const std::filesystem::path& dir) {
    std::string out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path(), std::ios::binary);
            out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
    }
    return out;
}

TEST_F(FeedbackTest, StoresNoPersonalDataAndHandsTheQueryToTheHook) {
    const std::string secret_query = "GeheimeSuchanfrageXY";
    std::mutex mutex;
    std::vector<std::string> hooked;
    {
        FeedbackServer server(index_, generous(), [&](std::string_view query) {
            std::lock_guard lock(mutex);
            hooked.emplace_back(query);
        });
        server.applier().start();
        httplib::Client client("127.0.0.1", server.port());
        client.set_default_headers({{"User-Agent", "AgentSecretUA/1.0"},
                                    {"Cookie", "session=CookieSecretZ"}});
        for (bool helpful : {false, true, false}) {
            auto res = client.Post("/feedback", vote_body("faq:zwilling-a", helpful, secret_query),
                                   "application/json");
            ASSERT_TRUE(res);
            ASSERT_EQ(res->status, 200) << res->body;
        }
        EXPECT_TRUE(wait_for_top(server, "faq:zwilling-a"));
        // Only "not helpful" votes reach the hook.
        std::lock_guard lock(mutex);
        EXPECT_EQ(hooked, (std::vector<std::string>{secret_query, secret_query}));
    }
    auto db = sqlite::Database::open(FeedbackStore::path_for_index(index_));
    ASSERT_TRUE(db.ok());
    auto columns = db->prepare("SELECT name FROM pragma_table_info('feedback')");
    ASSERT_TRUE(columns.ok());
    std::set<std::string> names;
    while (*columns->step()) {
        names.insert(columns->column_text(0));
    }
    EXPECT_EQ(names, (std::set<std::string>{"doc_id", "helpful_yes", "helpful_no", "seq"}));

    const std::string bytes = all_bytes(index_); // the store, its WAL, the index
    ASSERT_NE(bytes.find("faq:zwilling-a"), std::string::npos) << "scan sees the files";
    for (const std::string& secret :
         {std::string("127.0.0.1"), secret_query, std::string("AgentSecretUA"),
          std::string("CookieSecretZ")}) {
        EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " was written to disk";
    }
}

TEST_F(FeedbackTest, NotHelpfulQueryNeverSearchedLeavesNoTraceInTheAnalytics) {
    AnalyticsRecorder::Options options;
    options.file = AnalyticsStore::path_in(index_);
    options.flush_interval = std::chrono::hours(1);
    auto recorder = AnalyticsRecorder::open(options);
    ASSERT_TRUE(recorder.ok()) << recorder.error().message;
    const std::string never_searched = "NiemalsGesucht Quokkafutter";
    {
        FeedbackServer server(index_, generous(), [r = recorder->get()](std::string_view query) {
            r->record_not_helpful(query);
        });
        server.set_analytics(**recorder);
        auto search = server.get("/search?q=Drucker%20Treiber");
        ASSERT_TRUE(search);
        ASSERT_EQ(search->status, 200);
        for (const std::string& query : {std::string("drucker treiber?"), never_searched}) {
            auto res = server.post(vote_body("faq:zwilling-a", false, query));
            ASSERT_TRUE(res);
            ASSERT_EQ(res->status, 200) << res->body;
        }
    }
    ASSERT_TRUE((*recorder)->stop().ok());

    auto store = AnalyticsStore::open(options.file, true);
    ASSERT_TRUE(store.ok());
    auto rows = store->totals("0000-00-00", "9999-99-99");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u) << "the unsearched query got a row";
    EXPECT_EQ((*rows)[0].key, analyzers::analytics_key("Drucker Treiber"));
    EXPECT_EQ((*rows)[0].counts.searches, 1);
    EXPECT_EQ((*rows)[0].counts.not_helpful, 1) << "the searched query's vote counts";

    const std::string bytes = all_bytes(index_);
    ASSERT_NE(bytes.find("drucker treiber"), std::string::npos) << "the scan sees the store";
    for (const std::string& trace : {std::string("quokka"), std::string("niemalsgesucht"),
                                     analyzers::analytics_key(never_searched)}) {
        EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " was written to disk";
    }
}

/**
 * While alive, no file of this process can grow (RLIMIT_FSIZE = 0, SIGXFSZ
 * ignored): the store's next write fails as on a full disk, also for root,
 * whom file modes do not stop. Searches only read, so they go on.
 */
class NoRoomToWrite {
  public:
    NoRoomToWrite() {
        getrlimit(RLIMIT_FSIZE, &saved_);
        previous_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit none = saved_;
        none.rlim_cur = 0;
        ok_ = setrlimit(RLIMIT_FSIZE, &none) == 0;
    }
    ~NoRoomToWrite() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_);
    }
    NoRoomToWrite(const NoRoomToWrite&) = delete;
    NoRoomToWrite& operator=(const NoRoomToWrite&) = delete;
    bool ok() const { return ok_; }

  private:
    rlimit saved_{};
    void (*previous_)(int) = SIG_DFL;
    bool ok_ = false;
};

TEST_F(FeedbackTest, StoreWriteFailureAnswers503WithoutAFilePathAndLogsTheReason) {
    std::ostringstream out;
    Logger log(LogLevel::Info, &out);
    {
        FeedbackServer server(index_, generous());
        server.set_logger(log);
        auto res = [&server] {
            NoRoomToWrite full;
            EXPECT_TRUE(full.ok());
            return server.post(vote_body("faq:zwilling-a", true));
        }();
        expect_error(res, 503, "feedback_unavailable");
        EXPECT_EQ(res->get_header_value("Retry-After"), "60");
        simdjson::dom::parser parser;
        const std::string_view message = parse(parser, res->body)["error"]["message"];
        EXPECT_EQ(message.find('/'), std::string_view::npos) << message;
        EXPECT_EQ(message.find("sqlite"), std::string_view::npos) << message;
        EXPECT_EQ(res->body.find(tmp_.path().string()), std::string::npos) << res->body;
        // Searches go on, and once there is room again votes are recorded.
        auto search = server.get(TWIN_QUERY);
        ASSERT_TRUE(search);
        EXPECT_EQ(search->status, 200);
        auto again = server.post(vote_body("faq:zwilling-a", true));
        ASSERT_TRUE(again);
        EXPECT_EQ(again->status, 200) << again->body;
    }
    const std::string lines = out.str();
    EXPECT_NE(lines.find(" level=error msg=\"feedback not stored\" reason="), std::string::npos)
        << lines;
    EXPECT_NE(lines.find(FEEDBACK_FILE), std::string::npos) << "the log keeps the reason: "
                                                            << lines;
}

// --- the real binary: votes survive a restart and an `antwort-indexer build` ---

pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, copy[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

int wait_for_exit(pid_t pid) {
    for (int i = 0; i < 1000; ++i) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            return status;
        }
        std::this_thread::sleep_for(10ms);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

/** antwort-searchd over @p index with a fast applier; stopped with SIGTERM. */
class Daemon {
  public:
    Daemon(const std::filesystem::path& index, const std::filesystem::path& log) {
        pid_ = spawn({std::string(ANTWORT_BIN_DIR) + "antwort-searchd", "--index", index.string(),
                      "--listen", "127.0.0.1:0", "--threads", "2", "--thesaurus", "",
                      "--feedback-apply-ms", "50"},
                     log);
        const std::regex url(R"(http://127\.0\.0\.1:(\d+)/)");
        for (int i = 0; i < 1000 && pid_ > 0 && port_ < 0; ++i) {
            std::ifstream in(log);
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            std::smatch m;
            if (std::regex_search(text, m, url)) {
                port_ = std::stoi(m[1].str());
            } else {
                std::this_thread::sleep_for(10ms);
            }
        }
    }
    ~Daemon() { (void)stop(); }
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    int port() const { return port_; }
    /** SIGTERM; true when it exited with status 0. */
    bool stop() {
        if (pid_ <= 0) {
            return false;
        }
        kill(pid_, SIGTERM);
        const int status = wait_for_exit(pid_);
        pid_ = -1;
        return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    httplib::Result get(const std::string& target) const {
        httplib::Client client("127.0.0.1", port_);
        return client.Get(target.c_str());
    }
    httplib::Result post(const std::string& body) const {
        httplib::Client client("127.0.0.1", port_);
        return client.Post("/feedback", body, "application/json");
    }

  private:
    pid_t pid_ = -1;
    int port_ = -1;
};

HelpfulCounts document_counts(const Daemon& daemon, const std::string& id) {
    auto res = daemon.get("/documents/" + id);
    EXPECT_TRUE(res);
    if (!res) {
        return {};
    }
    EXPECT_EQ(res->status, 200) << res->body;
    simdjson::dom::parser parser;
    return helpful_of(parse(parser, res->body));
}

TEST_F(FeedbackTest, DaemonVotesSurviveRestartAndRebuild) {
    const auto log = tmp_.path() / "searchd.log";
    {
        Daemon daemon(index_, log);
        ASSERT_GT(daemon.port(), 0) << "searchd did not start";
        for (int i = 0; i < 3; ++i) {
            auto res = daemon.post(vote_body("faq:zwilling-b", true));
            ASSERT_TRUE(res);
            ASSERT_EQ(res->status, 200) << res->body;
        }
        EXPECT_TRUE(wait_for_top(daemon, "faq:zwilling-b"));
        EXPECT_TRUE(daemon.stop()) << "no clean stop on SIGTERM";
    }
    Daemon daemon(index_, log);
    ASSERT_GT(daemon.port(), 0);
    EXPECT_EQ(document_counts(daemon, "faq:zwilling-b"), (HelpfulCounts{3, 0}));
    EXPECT_TRUE(wait_for_top(daemon, "faq:zwilling-b"));

    // A full rebuild with the command-line indexer, while searchd serves.
    const auto input = tmp_.path() / "rebuild.ndjson";
    testing::write_lines(input, feedback_docs());
    const uint64_t before = *IndexDir(index_).current_generation();
    const pid_t indexer =
        spawn({std::string(ANTWORT_BIN_DIR) + "antwort-indexer", "build", "--index",
               index_.string(), "--no-progress", input.string()},
              tmp_.path() / "indexer.log");
    ASSERT_GT(indexer, 0);
    const int status = wait_for_exit(indexer);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    const uint64_t rebuilt = *IndexDir(index_).current_generation();
    ASSERT_GT(rebuilt, before);
    EXPECT_EQ(live_sequence(index_), 3u) << "the build merged the 3 votes and says so";
    // Wait until searchd serves the new generation, then check it ranks by the votes.
    bool serving = false;
    for (int i = 0; i < 250 && !serving; ++i) {
        auto health = daemon.get("/healthz");
        simdjson::dom::parser parser;
        uint64_t generation = 0;
        serving = health && health->status == 200 &&
                  parse(parser, health->body)["generation"].get(generation) ==
                      simdjson::SUCCESS &&
                  generation == rebuilt;
        if (!serving) {
            std::this_thread::sleep_for(20ms);
        }
    }
    ASSERT_TRUE(serving) << "searchd did not switch to generation " << rebuilt;
    EXPECT_EQ(document_counts(daemon, "faq:zwilling-b"), (HelpfulCounts{3, 0}));
    EXPECT_TRUE(wait_for_top(daemon, "faq:zwilling-b")) << "rating lost by the rebuild";
}

TEST_F(FeedbackTest, DaemonLogsAFailedAnalyticsWriteAsLogfmtLikeEveryOtherLine) {
    const auto log = tmp_.path() / "searchd.log";
    {
        Daemon daemon(index_, log);
        ASSERT_GT(daemon.port(), 0) << "searchd did not start";
        auto search = daemon.get("/search?q=Drucker");
        ASSERT_TRUE(search);
        ASSERT_EQ(search->status, 200);
        // The final flush at SIGTERM finds its table gone.
        auto db = sqlite::Database::open(AnalyticsStore::path_in(index_));
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(db->exec("ALTER TABLE query_day RENAME TO hidden").ok());
        daemon.stop();
    }
    std::ifstream in(log);
    const std::regex logfmt(
        R"(time=\S+ level=(debug|info|warn|error) msg=(\S+|"([^"\\]|\\.)*"))"
        R"(( [a-z_]+=([^\s"=\\]+|"([^"\\]|\\.)*"))*)");
    std::string line;
    std::string all;
    while (std::getline(in, line)) {
        EXPECT_TRUE(std::regex_match(line, logfmt)) << "not logfmt: " << line;
        all += line + '\n';
    }
    EXPECT_NE(all.find("level=error msg=\"analytics not written; will retry\""),
              std::string::npos)
        << all;
}

} // namespace
} // namespace antwort::searchd
