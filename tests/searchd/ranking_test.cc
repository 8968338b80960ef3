/** @file Ranking over HTTP: rating, thread collapse, content-type and recency boosts, sort,
 *  explain parts (searchd/engine/include/antwort/searchd/ranking.h). */
#include "antwort/indexer/indexer.h"
#include "antwort/ranking_values.h"
#include "antwort/rating.h"

#include "searchd_test_util.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;
using testing::url_encode;

/** An ISO 8601 UTC timestamp @p days_ago days before now. */
std::string days_ago(int days) {
    const std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

/** One NDJSON document; @p extra is appended inside the object (",\"rating\":..."). */
std::string doc(const std::string& id, const std::string& type, const std::string& title,
                const std::string& body, const std::string& extra = "") {
    return R"({"id":")" + id + R"(","type":")" + type + R"(","title":")" + title +
           R"(","body":")" + body + R"(","lang":"de")" + extra + "}";
}

std::string rating(int up, int down) {
    return R"(,"rating":{"up":)" + std::to_string(up) + R"(,"down":)" + std::to_string(down) +
           "}";
}

std::string in_thread(const std::string& thread, const std::string& parent = "") {
    std::string out = R"(,"thread":")" + thread + "\"";
    if (!parent.empty()) {
        out += R"(,"parent":")" + parent + "\"";
    }
    return out;
}

std::string created(const std::string& when) {
    return R"(,"created":")" + when + "\"";
}

/**
 * Each group has its own words, so the queries do not meet:
 *  - "Bildschirm flackert": equal text, 1/0 (first in docid order) and 200/10;
 *  - "Festplatte partitionieren": a strong unrated match and a weak one rated 500/0;
 *  - "Router neustarten": equal text, 2/40 (first), 3/1 and 30/2;
 *  - "Drucker offline": a thread of three matching posts and two unthreaded FAQs;
 *  - "Kalender synchronisieren": two threads with the same question, only tA has an
 *    accepted, well-rated answer (tB is first in docid order);
 *  - "Schriftart einbetten": equal text as unanswered post, article, accepted answer, FAQ;
 *  - "Akku laden": equal text, forum posts from 2015 and from this week, FAQs from
 *    2010 and this week;
 *  - "Backup erstellen": dates and ratings in different orders, bak-3 matches best.
 */
std::vector<std::string> ranking_docs() {
    const std::string recent = created(days_ago(2));
    const std::string pc_title = "Bildschirm flackert";
    const std::string pc_body = "Der Bildschirm flackert nach dem Einschalten.";
    const std::string rt_title = "Router neustarten";
    const std::string rt_body = "Den Router neustarten und kurz warten.";
    const std::string font_title = "Schriftart einbetten";
    const std::string font_body = "Beim Export als PDF die Schriftart einbetten.";
    const std::string akku_title = "Akku laden";
    const std::string akku_body = "Den Akku nicht ganz leer werden lassen und langsam laden.";
    return {
        doc("forum:pc-low", "forum", pc_title, pc_body, rating(1, 0)),
        doc("forum:pc-high", "forum", pc_title, pc_body, rating(200, 10)),
        doc("forum:platte-strong", "forum", "Festplatte partitionieren",
            "So partitionieren Sie eine Festplatte: Festplatte auswählen, partitionieren, "
            "formatieren."),
        doc("forum:platte-weak", "forum", "Allerlei Hardwarefragen",
            "Fragen zu Maus, Tastatur, Monitor, Lautsprechern und auch zur Festplatte, vor "
            "allem aber zur Tastatur und zur Maus.",
            rating(500, 0)),
        doc("forum:rt-bad", "forum", rt_title, rt_body, rating(2, 40)),
        doc("forum:rt-ok", "forum", rt_title, rt_body, rating(3, 1)),
        doc("forum:rt-good", "forum", rt_title, rt_body, rating(30, 2)),
        doc("forum:druck-q", "forum", "Drucker ist offline", "Mein Drucker zeigt offline an.",
            in_thread("t-druck")),
        doc("forum:druck-r1", "forum", "Re: Drucker ist offline",
            "Den Drucker neu verbinden, dann ist er nicht mehr offline.",
            in_thread("t-druck", "forum:druck-q")),
        doc("forum:druck-r2", "forum", "Re: Drucker ist offline", "Ein Treiberupdate half mir.",
            in_thread("t-druck", "forum:druck-q")),
        doc("faq:druck-a", "faq", "Drucker offline", "Prüfen Sie das Kabel."),
        doc("faq:druck-b", "faq", "Drucker meldet offline", "Starten Sie den Spooler neu."),
        doc("forum:kal-b", "forum", "Kalender synchronisieren",
            "Wie kann ich den Kalender synchronisieren?", in_thread("tB")),
        doc("forum:kal-b-r1", "forum", "Re: Kalender synchronisieren",
            "Keine Ahnung, bei mir geht es auch nicht.", in_thread("tB", "forum:kal-b")),
        doc("forum:kal-a", "forum", "Kalender synchronisieren",
            "Wie kann ich den Kalender synchronisieren?", in_thread("tA")),
        doc("forum:kal-a-r1", "forum", "Re: Kalender synchronisieren",
            "Im Konto die Option Abgleich aktivieren.",
            in_thread("tA", "forum:kal-a") + rating(40, 1) + R"(,"accepted":true)"),
        doc("forum:font-open", "forum", font_title, font_body, in_thread("tF1")),
        doc("forum:font-q", "forum", "Frage zum Export", "Wie geht das mit PDF?",
            in_thread("tF2")),
        doc("forum:font-acc", "forum", font_title, font_body,
            in_thread("tF2", "forum:font-q") + R"(,"accepted":true)"),
        doc("art:font", "article", font_title, font_body),
        doc("faq:font", "faq", font_title, font_body),
        doc("forum:akku-old", "forum", akku_title, akku_body, created("2015-03-01T10:00:00Z")),
        doc("forum:akku-new", "forum", akku_title, akku_body, recent),
        doc("faq:akku-old", "faq", akku_title, akku_body, created("2010-05-01T10:00:00Z")),
        doc("faq:akku-new", "faq", akku_title, akku_body, recent),
        doc("forum:bak-1", "forum", "Backup", "Ein Backup erstellen geht so.",
            created("2019-01-10T08:00:00Z") + rating(50, 0)),
        doc("forum:bak-2", "forum", "Backup", "Ein Backup erstellen geht anders.",
            created("2023-06-10T08:00:00Z") + rating(1, 0)),
        doc("forum:bak-3", "forum", "Backup erstellen", "Backup erstellen: ein Backup erstellen.",
            created("2021-02-10T08:00:00Z")),
    };
}

/** A hit as the tests need it. */
struct Hit {
    std::string id;
    std::string snippet;
    double score = 0;
    std::string thread; ///< "" without a thread
    std::optional<uint64_t> thread_hits;
    double text = 0, rating = 0, type_boost = 0, recency = 0; ///< with explain=1
};

struct Page {
    int status = 0;
    std::string body;
    uint64_t total = 0;
    std::vector<Hit> hits;

    /** The hit ids, best first; only those containing @p part if given. */
    std::vector<std::string> ids(std::string_view part = "") const {
        std::vector<std::string> out;
        for (const auto& h : hits) {
            if (h.id.find(part) != std::string::npos) {
                out.push_back(h.id);
            }
        }
        return out;
    }
    /** Position of @p id in the hits, or hits.size(). */
    size_t rank(const std::string& id) const {
        auto it = std::find_if(hits.begin(), hits.end(), [&](const Hit& h) { return h.id == id; });
        return static_cast<size_t>(it - hits.begin());
    }
    const Hit& hit(const std::string& id) const {
        static const Hit none;
        const size_t at = rank(id);
        return at < hits.size() ? hits[at] : none;
    }
};

/** GET /search?q=@p q&@p params with explain=1 (and per_page=50 unless @p params
 *  set it) and parses the answer. */
Page search(const TestServer& server, const std::string& q, const std::string& params = "") {
    Page page;
    const bool per_page = params.find("per_page=") != std::string::npos;
    auto res = server.get("/search?explain=1" + std::string(per_page ? "" : "&per_page=50") +
                          "&q=" + url_encode(q) + (params.empty() ? "" : "&" + params));
    if (!res) {
        ADD_FAILURE() << "no answer for " << q;
        return page;
    }
    page.status = res->status;
    page.body = res->body;
    if (res->status != 200) {
        return page;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(res->body).get(root) != simdjson::SUCCESS) {
        ADD_FAILURE() << "not JSON: " << res->body;
        return page;
    }
    EXPECT_EQ(root["total"].get(page.total), simdjson::SUCCESS);
    for (simdjson::dom::element h : root["hits"].get_array()) {
        Hit hit;
        hit.id = std::string(std::string_view(h["id"]));
        hit.snippet = std::string(std::string_view(h["snippet"]));
        hit.score = double(h["score"]);
        std::string_view thread;
        if (h["thread"].get(thread) == simdjson::SUCCESS) {
            hit.thread = std::string(thread);
        }
        uint64_t n = 0;
        if (h["thread_hits"].get(n) == simdjson::SUCCESS) {
            hit.thread_hits = n;
        }
        simdjson::dom::element score = h["explain"]["score"];
        EXPECT_EQ(score["text"].get(hit.text), simdjson::SUCCESS) << res->body;
        EXPECT_EQ(score["rating"].get(hit.rating), simdjson::SUCCESS) << res->body;
        EXPECT_EQ(score["type_boost"].get(hit.type_boost), simdjson::SUCCESS) << res->body;
        EXPECT_EQ(score["recency"].get(hit.recency), simdjson::SUCCESS) << res->body;
        page.hits.push_back(std::move(hit));
    }
    return page;
}

class RankingTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp_ = new TempDir();
        index_ = tmp_->path() / "index";
        testing::build_from_lines(index_, ranking_docs());
        server_ = new TestServer(index_);
    }
    static void TearDownTestSuite() {
        delete server_;
        delete tmp_;
    }

    static Page find(const std::string& q, const std::string& params = "") {
        return search(*server_, q, params);
    }

    static TempDir* tmp_;
    static std::filesystem::path index_;
    static TestServer* server_;
};

TempDir* RankingTest::tmp_ = nullptr;
std::filesystem::path RankingTest::index_;
TestServer* RankingTest::server_ = nullptr;

const RankingSpec& defaults() {
    return Schema::default_schema().ranking();
}

TEST_F(RankingTest, ManyVotesBeatOneVoteWhenTextIsEqual) {
    auto page = find("Bildschirm flackert");
    ASSERT_EQ(page.ids(), (std::vector<std::string>{"forum:pc-high", "forum:pc-low"})) << page.body;
    EXPECT_DOUBLE_EQ(page.hits[0].text, page.hits[1].text) << "the text must tie";
    EXPECT_GT(page.hits[0].rating, page.hits[1].rating);
}

TEST_F(RankingTest, MuchBetterTextMatchBeatsAPerfectRating) {
    auto page = find("Festplatte partitionieren");
    ASSERT_EQ(page.ids(), (std::vector<std::string>{"forum:platte-strong", "forum:platte-weak"}))
        << page.body;
    EXPECT_GT(page.hits[1].rating, 0.9 * defaults().rating_weight) << "500 up / 0 down";
    EXPECT_EQ(page.hits[0].rating, 0.0);
}

TEST_F(RankingTest, HeavilyDownVotedAnswerSinks) {
    // Compound parts ("art" in "neustarten") may match other groups: look at ours.
    auto page = find("Router neustarten");
    ASSERT_EQ(page.ids("forum:rt-"),
              (std::vector<std::string>{"forum:rt-good", "forum:rt-ok", "forum:rt-bad"}))
        << page.body;
    EXPECT_LT(page.hit("forum:rt-bad").rating, 0.05 * defaults().rating_weight) << "2 up / 40 down";
}

TEST_F(RankingTest, OneHitPerThreadWithItsMatchingPosts) {
    auto page = find("Drucker offline");
    ASSERT_EQ(page.status, 200) << page.body;
    ASSERT_EQ(page.hits.size(), 3u) << page.body;
    EXPECT_EQ(page.total, 3u) << "total counts the thread once";
    size_t thread_hits = 0;
    for (const auto& hit : page.hits) {
        ASSERT_TRUE(hit.thread_hits) << hit.id << ": " << page.body;
        if (hit.id.rfind("forum:druck-", 0) == 0) {
            ++thread_hits;
            EXPECT_EQ(*hit.thread_hits, 3u) << page.body;
        } else {
            EXPECT_EQ(*hit.thread_hits, 1u) << hit.id << " has no thread";
        }
    }
    EXPECT_EQ(thread_hits, 1u) << page.body;
    EXPECT_LT(page.rank("faq:druck-a"), page.hits.size()) << "unthreaded documents never collapse";
    EXPECT_LT(page.rank("faq:druck-b"), page.hits.size()) << "unthreaded documents never collapse";
}

TEST_F(RankingTest, CollapseFalseReturnsSinglePosts) {
    auto page = find("Drucker offline", "collapse=false");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.hits.size(), 5u) << page.body;
    EXPECT_EQ(page.total, 5u);
    for (const auto& hit : page.hits) {
        EXPECT_FALSE(hit.thread_hits) << "thread_hits only when collapsed";
    }
    // The collapsed thread shows its best post, with that post's snippet.
    auto collapsed = find("Drucker offline", "collapse=true");
    auto best = std::find_if(page.hits.begin(), page.hits.end(), [](const Hit& h) {
        return h.id.rfind("forum:druck-", 0) == 0;
    });
    ASSERT_NE(best, page.hits.end());
    const Hit& shown = collapsed.hit(best->id);
    EXPECT_EQ(shown.id, best->id) << collapsed.body;
    EXPECT_EQ(shown.snippet, best->snippet);
    EXPECT_FALSE(shown.snippet.empty());
}

TEST_F(RankingTest, BadCollapseAndSortValuesAre400NamingTheParameter) {
    auto bad_collapse = find("Drucker", "collapse=vielleicht");
    EXPECT_EQ(bad_collapse.status, 400);
    EXPECT_NE(bad_collapse.body.find("collapse"), std::string::npos) << bad_collapse.body;
    auto bad_sort = find("Drucker", "sort=oldest");
    EXPECT_EQ(bad_sort.status, 400);
    EXPECT_NE(bad_sort.body.find("'sort'"), std::string::npos) << bad_sort.body;
}

TEST_F(RankingTest, ThreadWithAcceptedWellRatedAnswerRanksFirst) {
    auto page = find("Kalender synchronisieren");
    ASSERT_EQ(page.hits.size(), 2u) << page.body;
    EXPECT_EQ(page.hits[0].id.rfind("forum:kal-a", 0), 0u) << page.body;
    EXPECT_EQ(page.hits[1].id.rfind("forum:kal-b", 0), 0u) << page.body;
    // The unrated question of tA draws on its thread: "answered" and the
    // accepted answer's rating (thread_rating_share of it).
    auto single = find("Kalender synchronisieren", "collapse=false");
    const Hit& question = single.hit("forum:kal-a");
    ASSERT_EQ(question.id, "forum:kal-a") << single.body;
    EXPECT_DOUBLE_EQ(question.type_boost, defaults().type_boost.answered);
    EXPECT_NEAR(question.rating,
                defaults().rating_weight * defaults().thread_rating_share *
                    wilson_lower_bound(40, 1),
                1e-5); // JSON numbers carry 6 digits
    const Hit& other = single.hit("forum:kal-b");
    ASSERT_EQ(other.id, "forum:kal-b") << single.body;
    EXPECT_DOUBLE_EQ(other.type_boost, defaults().type_boost.unanswered);
    EXPECT_EQ(other.rating, 0.0);
    EXPECT_DOUBLE_EQ(question.text, other.text);
    EXPECT_DOUBLE_EQ(single.hit("forum:kal-a-r1").type_boost, defaults().type_boost.accepted);
}

TEST_F(RankingTest, FaqAndAcceptedAnswerRankAboveUnansweredPost) {
    auto page = find("Schriftart einbetten");
    const auto ours = page.ids(":font");
    ASSERT_EQ(ours.size(), 4u) << page.body;
    EXPECT_EQ(ours[3], "forum:font-open") << page.body;
    EXPECT_EQ(ours[2], "art:font") << page.body;
    EXPECT_TRUE(ours[0] == "faq:font" || ours[1] == "faq:font") << page.body;
    EXPECT_TRUE(ours[0] == "forum:font-acc" || ours[1] == "forum:font-acc") << page.body;
    for (const auto& id : ours) {
        EXPECT_DOUBLE_EQ(page.hit(id).text, page.hit(ours[0]).text) << id;
    }
    EXPECT_DOUBLE_EQ(page.hit("faq:font").type_boost, defaults().type_boost.faq);
    EXPECT_DOUBLE_EQ(page.hit("art:font").type_boost, defaults().type_boost.article);
}

TEST_F(RankingTest, ThreadRatingShareFromTheConfigurationOverridesTheIndexed) {
    // The index holds each question's rating part with the schema's share
    // (ranked_rating); another configured share reads the parts separately.
    ServiceOptions options = TestServer::default_options(index_);
    options.thread_rating_share = 1.0;
    ASSERT_NE(*options.thread_rating_share, defaults().thread_rating_share);
    TestServer server(options);
    auto page = search(server, "Kalender synchronisieren", "collapse=false");
    const Hit& question = page.hit("forum:kal-a");
    ASSERT_EQ(question.id, "forum:kal-a") << page.body;
    EXPECT_NEAR(question.rating, defaults().rating_weight * wilson_lower_bound(40, 1), 1e-5);
    for (const auto& hit : page.hits) {
        EXPECT_NEAR(hit.text + hit.rating + hit.type_boost + hit.recency, hit.score,
                    5e-5 * hit.score)
            << hit.id << ": " << page.body;
    }
}

TEST_F(RankingTest, TypeBoostsComeFromTheConfiguration) {
    ServiceOptions options = TestServer::default_options(index_);
    options.type_boost = {{"unanswered", 2.0}, {"faq", 0.0}};
    TestServer server(options);
    auto page = search(server, "Schriftart einbetten");
    ASSERT_FALSE(page.hits.empty()) << page.body;
    EXPECT_EQ(page.hits.front().id, "forum:font-open") << page.body;
    EXPECT_DOUBLE_EQ(page.hits.front().type_boost, 2.0);
    EXPECT_EQ(page.hit("faq:font").type_boost, 0.0);
}

TEST_F(RankingTest, OldForumPostSinksBelowNewOneButFaqsDoNotAge) {
    auto page = find("Akku laden");
    ASSERT_EQ(page.ids("akku-").size(), 4u) << page.body;
    EXPECT_LT(page.rank("forum:akku-new"), page.rank("forum:akku-old")) << page.body;
    const Hit& fresh = page.hit("forum:akku-new");
    const Hit& old = page.hit("forum:akku-old");
    EXPECT_DOUBLE_EQ(fresh.text, old.text);
    EXPECT_GT(fresh.recency, 0.9 * defaults().recency_weight) << "two days old";
    EXPECT_EQ(old.recency, 0.0) << "far beyond 7 half-lives";
    // FAQs are not decayed: the 2010 one scores like this week's.
    const Hit& faq_old = page.hit("faq:akku-old");
    const Hit& faq_new = page.hit("faq:akku-new");
    EXPECT_DOUBLE_EQ(faq_old.recency, defaults().recency_weight);
    EXPECT_DOUBLE_EQ(faq_new.recency, defaults().recency_weight);
    EXPECT_DOUBLE_EQ(faq_old.score, faq_new.score);
}

TEST_F(RankingTest, RecencyHalfLifeComesFromTheConfiguration) {
    ServiceOptions options = TestServer::default_options(index_);
    options.recency_weight = 4.0;
    options.recency_half_life_days = 36525; // a century: 2015 is barely older
    TestServer server(options);
    auto page = search(server, "Akku laden");
    const Hit& old = page.hit("forum:akku-old");
    ASSERT_EQ(old.id, "forum:akku-old") << page.body;
    EXPECT_GT(old.recency, 0.9 * 4.0);
    EXPECT_LT(old.recency, page.hit("forum:akku-new").recency);
}

TEST_F(RankingTest, SortByNewestAndByRating) {
    auto relevance = find("Backup erstellen");
    ASSERT_EQ(relevance.hits.size(), 3u) << relevance.body;
    EXPECT_EQ(relevance.hits[0].id, "forum:bak-3") << relevance.body;
    auto newest = find("Backup erstellen", "sort=newest");
    EXPECT_EQ(newest.ids(),
              (std::vector<std::string>{"forum:bak-2", "forum:bak-3", "forum:bak-1"}))
        << newest.body;
    auto rated = find("Backup erstellen", "sort=rating");
    EXPECT_EQ(rated.ids(), (std::vector<std::string>{"forum:bak-1", "forum:bak-2", "forum:bak-3"}))
        << rated.body;
    auto explicit_relevance = find("Backup erstellen", "sort=relevance");
    EXPECT_EQ(explicit_relevance.ids(), relevance.ids());
}

TEST_F(RankingTest, ExplainPartsAddUpToTheScore) {
    for (const char* q : {"Kalender synchronisieren", "Akku laden", "Schriftart einbetten",
                          "Router neustarten", "Drucker offline"}) {
        for (const char* params : {"collapse=true", "collapse=false"}) {
            auto page = find(q, params);
            ASSERT_FALSE(page.hits.empty()) << q;
            for (const auto& hit : page.hits) {
                EXPECT_NEAR(hit.text + hit.rating + hit.type_boost + hit.recency, hit.score,
                            5e-5 * hit.score) // JSON numbers carry 6 digits
                    << q << " " << hit.id << ": " << page.body;
            }
        }
    }
}

TEST(RankingOldPostsTest, PostBeyondTheRecencyHorizonKeepsItsTypeBoost) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(
        index, {doc("forum:old", "forum", "Scanner kalibrieren", "Scanner kalibrieren so.",
                    created("2009-04-01T10:00:00Z") + R"(,"accepted":true)"),
                doc("forum:new", "forum", "Scanner kalibrieren", "Scanner kalibrieren so.",
                    created(days_ago(3)))});
    TestServer server(index);
    auto page = search(server, "Scanner kalibrieren", "collapse=false");
    const Hit& old = page.hit("forum:old");
    ASSERT_EQ(old.id, "forum:old") << page.body;
    EXPECT_EQ(old.recency, 0.0) << "far beyond 7 half-lives";
    EXPECT_DOUBLE_EQ(old.type_boost, defaults().type_boost.accepted);
    const Hit& recent = page.hit("forum:new");
    EXPECT_GT(recent.recency, 0.9 * defaults().recency_weight) << page.body;
    for (const Hit& hit : {old, recent}) {
        EXPECT_NEAR(hit.text + hit.rating + hit.type_boost + hit.recency, hit.score,
                    5e-5 * hit.score)
            << hit.id << ": " << page.body;
    }
}

/** The thread pass follows updates and deletes. */
TEST(RankingThreadPassTest, AcceptedAnswerAddedAndRemovedLater) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(
        index, {doc("forum:q", "forum", "Kalender synchronisieren", "Wie geht das?",
                    in_thread("t")),
                doc("forum:r1", "forum", "Re: Kalender synchronisieren", "Weiß ich nicht.",
                    in_thread("t", "forum:q"))});
    TestServer server(index);
    auto before = search(server, "Kalender synchronisieren", "collapse=false");
    ASSERT_EQ(before.hit("forum:q").id, "forum:q") << before.body;
    EXPECT_DOUBLE_EQ(before.hit("forum:q").type_boost, defaults().type_boost.unanswered);
    EXPECT_EQ(before.hit("forum:q").rating, 0.0);

    testing::update_from_lines(
        index, {doc("forum:r2", "forum", "Re: Kalender synchronisieren", "So geht es.",
                    in_thread("t", "forum:q") + rating(9, 0) + R"(,"accepted":true)")});
    auto after = search(server, "Kalender synchronisieren", "collapse=false");
    EXPECT_DOUBLE_EQ(after.hit("forum:q").type_boost, defaults().type_boost.answered)
        << after.body;
    EXPECT_DOUBLE_EQ(after.hit("forum:r1").type_boost, defaults().type_boost.answered);
    EXPECT_DOUBLE_EQ(after.hit("forum:r2").type_boost, defaults().type_boost.accepted);
    EXPECT_GT(after.hit("forum:q").rating, 0.0) << "the question draws on its best answer";
    EXPECT_EQ(after.hit("forum:r1").rating, 0.0) << "answers keep their own votes";
    for (const auto& hit : after.hits) {
        // The score's boosts come from the kind_month slot: it follows the kind.
        EXPECT_NEAR(hit.text + hit.rating + hit.type_boost + hit.recency, hit.score,
                    5e-5 * hit.score)
            << hit.id << ": " << after.body;
    }
    auto collapsed = search(server, "Kalender synchronisieren");
    ASSERT_EQ(collapsed.hits.size(), 1u) << collapsed.body;
    EXPECT_EQ(*collapsed.hits[0].thread_hits, 3u);

    auto deleted = indexer::delete_documents(index, {"forum:r2"});
    ASSERT_TRUE(deleted.ok()) << deleted.error().message;
    auto gone = search(server, "Kalender synchronisieren", "collapse=false");
    EXPECT_DOUBLE_EQ(gone.hit("forum:q").type_boost, defaults().type_boost.unanswered)
        << gone.body;
    EXPECT_EQ(gone.hit("forum:q").rating, 0.0);
}

/** An index of articles only: kind and month are the same everywhere, so no boost is added. */
TEST(RankingConstantPartsTest, ArticlesOnlyIndexGetsNoTypeOrRecencyBoost) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index,
                              {doc("a1", "article", "Tabelle sortieren", "Die Tabelle sortieren."),
                               doc("a2", "article", "Tabelle filtern", "Eine Tabelle filtern.")});
    TestServer server(index);
    auto page = search(server, "Tabelle sortieren");
    ASSERT_EQ(page.hits.size(), 2u) << page.body;
    for (const auto& hit : page.hits) {
        EXPECT_EQ(hit.type_boost, 0.0) << hit.id;
        EXPECT_EQ(hit.recency, 0.0) << hit.id;
        EXPECT_NEAR(hit.text, hit.score, 5e-5 * hit.score) << hit.id;
    }
    // One FAQ makes the kinds differ: the boosts are back.
    testing::update_from_lines(index, {doc("f1", "faq", "Tabelle drucken", "Tabelle drucken.")});
    auto mixed = search(server, "Tabelle sortieren");
    EXPECT_DOUBLE_EQ(mixed.hit("a1").type_boost, defaults().type_boost.article) << mixed.body;
    EXPECT_EQ(mixed.hit("a1").recency, 0.0) << "all documents are still evergreen";
}

/** The bundled forum's fixture posts (corpora/forum/README.md, "Fixtures used by tests"),
 *  in an index of all of corpora/. */
class BundledForumRankingTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // The whole bundled corpus, as scripts/demo serves it: the fixture
        // notes give the text scores over all of it.
        indexer::IngestOptions options;
        for (const char* folder : {"faq", "articles", "forum", "forum-osm"}) {
            const std::string file = std::string(ANTWORT_CORPORA_DIR) + folder + "/docs.ndjson";
            if (!std::filesystem::exists(file)) {
                GTEST_SKIP() << "no bundled corpora in " << ANTWORT_CORPORA_DIR;
            }
            options.inputs.push_back(file);
        }
        index_ = tmp_.path() / "index";
        options.index = index_;
        auto stats = indexer::build_index(options, Schema::default_schema());
        ASSERT_TRUE(stats.ok()) << stats.error().message;
        server_ = std::make_unique<TestServer>(index_);
    }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<TestServer> server_;
};

TEST_F(BundledForumRankingTest, EqualTextTwoHundredVotesAboveOne) {
    auto page = search(*server_, "Druckertreiber installieren", "collapse=false");
    const Hit& many = page.hit("forum:t03-r1");
    const Hit& one = page.hit("forum:t07-r2");
    ASSERT_EQ(many.id, "forum:t03-r1") << page.body;
    ASSERT_EQ(one.id, "forum:t07-r2") << page.body;
    EXPECT_DOUBLE_EQ(many.text, one.text) << "the fixture's texts tie";
    EXPECT_LT(page.rank("forum:t03-r1"), page.rank("forum:t07-r2"));
}

TEST_F(BundledForumRankingTest, DownVotedAnswerSinksBelowTheGoodOnes) {
    auto page = search(*server_, "WLAN bricht ab", "collapse=false");
    ASSERT_EQ(page.hit("forum:t04-r3").id, "forum:t04-r3") << page.body;
    EXPECT_GT(page.rank("forum:t04-r3"), page.rank("forum:t04-r1")) << page.body;
    EXPECT_GT(page.rank("forum:t04-r3"), page.rank("forum:t04")) << page.body;
    // Collapsed, the thread is one hit: the question, with all matching posts counted.
    auto collapsed = search(*server_, "WLAN bricht ab");
    ASSERT_FALSE(collapsed.hits.empty());
    EXPECT_EQ(collapsed.hits[0].id, "forum:t04") << collapsed.body;
    size_t t04_posts = 0;
    for (const auto& hit : page.hits) {
        t04_posts += hit.id.rfind("forum:t04", 0) == 0 ? 1 : 0;
    }
    EXPECT_EQ(*collapsed.hits[0].thread_hits, t04_posts);
}

TEST_F(BundledForumRankingTest, CollapsedPagesHoldEveryThreadOnceWithAllItsMatchingPosts) {
    // "Karte" matches 47 posts in 18 threads and 6 posts without one: small
    // enough for exact collapsed figures, on more pages than one.
    auto posts = search(*server_, "Karte", "collapse=false");
    ASSERT_EQ(posts.total, posts.hits.size()) << posts.body;
    std::map<std::string, uint64_t> expected; // thread (or unthreaded post id) -> matching posts
    for (const auto& hit : posts.hits) {
        ++expected[hit.thread.empty() ? "post " + hit.id : hit.thread];
    }
    ASSERT_GT(expected.size(), 15u) << posts.body;
    ASSERT_LT(expected.size(), posts.hits.size()) << "some thread has several matching posts";
    std::map<std::string, uint64_t> seen;
    for (int number = 1; number <= 6; ++number) {
        auto page = search(*server_, "Karte", "per_page=5&page=" + std::to_string(number));
        EXPECT_EQ(page.total, expected.size()) << "page " << number << ": " << page.body;
        for (const auto& hit : page.hits) {
            const std::string key = hit.thread.empty() ? "post " + hit.id : hit.thread;
            EXPECT_TRUE(seen.emplace(key, hit.thread_hits.value_or(0)).second)
                << key << " again on page " << number;
        }
    }
    EXPECT_EQ(seen, expected);
}

} // namespace
} // namespace antwort::searchd
