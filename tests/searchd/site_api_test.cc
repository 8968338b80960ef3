/** @file HTTP tests of the site-search API: facets, updated_after, query syntax, highlights,
 *  /suggest and /similar, including hostile input. */
#include "searchd_test_util.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;
using testing::url_encode;

std::vector<std::string> site_docs() {
    return {
        R"({"id":"faq:pw","type":"faq","title":"Passwort ändern","body":"So ändern Sie Ihr Passwort im Benutzerkonto unter Einstellungen.","lang":"de","tags":["passwort","konto"],"category":"Konto","updated":"2024-05-01T10:00:00Z"})",
        R"({"id":"faq:pw2","type":"faq","title":"Passwort vergessen","body":"Nutzen Sie auf der Anmeldeseite den Link, dann bekommen Sie eine Mail.","lang":"de","tags":["passwort"],"category":"Konto","updated":"2022-01-01T00:00:00Z"})",
        R"({"id":"forum:t1","type":"forum","title":"Passwort geht nicht mehr","body":"Mein Passwort wird abgelehnt, was tun?","lang":"de","tags":["passwort","login"],"category":"Konto","thread":"forum:t1"})",
        R"({"id":"forum:t1-r1","type":"forum","title":"Re: Passwort geht nicht mehr","body":"Setze es über Passwort vergessen zurück.","lang":"de","tags":["passwort","login"],"category":"Konto","thread":"forum:t1","parent":"forum:t1","accepted":true})",
        R"({"id":"forum:t2","type":"forum","title":"Passwort Problem beim Login","body":"Beim Login wird mein Passwort abgelehnt.","lang":"de","tags":["passwort","login"],"category":"Konto","thread":"forum:t2"})",
        R"({"id":"art:druck","type":"article","title":"Druckereinstellungen","body":"Die Druckereinstellungen öffnen Sie über das Menü Datei.","lang":"de","tags":["drucker"],"category":"Hardware","updated":"2023-06-01T00:00:00Z"})",
        R"({"id":"art:html","type":"article","title":"<b>Fett</b> & Co","body":"Mit <script>alert(1)</script> prüfen wir das Escaping von HTML.","lang":"de","tags":["html"],"category":"Web"})",
        R"({"id":"art:sozial","type":"article","title":"Beiträge zur Sozialversicherung","body":"Die Sozialversicherung umfasst Renten und Krankenversicherung.","lang":"de","category":"Recht"})",
        R"({"id":"forum:solved","type":"forum","title":"Scanner wird nicht erkannt","body":"Mein Scanner wird unter Linux nicht erkannt, sane findet nichts.","lang":"de","thread":"forum:solved"})",
        R"({"id":"forum:solved-r1","type":"forum","title":"Re: Gelöst","body":"Danke, erledigt.","lang":"de","thread":"forum:solved","parent":"forum:solved","accepted":true})",
        R"({"id":"forum:open","type":"forum","title":"Scanner wird nicht erkannt","body":"Mein Scanner wird unter Linux nicht erkannt, sane findet nichts.","lang":"de","thread":"forum:open"})",
    };
}

class SiteApiTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp_ = new TempDir();
        const auto index = tmp_->path() / "index";
        testing::build_from_lines(index, site_docs());
        server_ = new TestServer(index);
    }
    static void TearDownTestSuite() {
        delete server_;
        delete tmp_;
        server_ = nullptr;
        tmp_ = nullptr;
    }

    /** GET @p target, expecting 200 and JSON; the parsed root. */
    simdjson::dom::element get_ok(const std::string& target) {
        auto res = server_->get(target);
        EXPECT_TRUE(res) << target;
        if (!res) {
            return {};
        }
        EXPECT_EQ(res->status, 200) << target << " -> " << res->body;
        last_body_ = res->body;
        simdjson::dom::element root;
        EXPECT_EQ(parser_.parse(last_body_).get(root), simdjson::SUCCESS) << last_body_;
        return root;
    }

    /** Expects a JSON error with @p status and a non-empty message. */
    void expect_error(const std::string& target, int status) {
        auto res = server_->get(target);
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, status) << target << " -> " << res->body;
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS) << res->body;
        std::string_view message;
        ASSERT_EQ(root["error"]["message"].get(message), simdjson::SUCCESS) << res->body;
        EXPECT_FALSE(message.empty());
    }

    static std::vector<std::string> ids(simdjson::dom::element root) {
        std::vector<std::string> out;
        for (auto hit : root["hits"].get_array()) {
            out.emplace_back(std::string_view(hit["id"]));
        }
        return out;
    }

    static std::map<std::string, uint64_t> facet(simdjson::dom::element root, const char* name) {
        std::map<std::string, uint64_t> out;
        for (auto entry : root["facets"][name].get_array()) {
            out[std::string(std::string_view(entry["value"]))] = uint64_t(entry["count"]);
        }
        return out;
    }

    static TempDir* tmp_;
    static TestServer* server_;
    simdjson::dom::parser parser_;
    std::string last_body_;
};

TempDir* SiteApiTest::tmp_ = nullptr;
TestServer* SiteApiTest::server_ = nullptr;

// ---- facets and updated_after ----------------------------------------------------------

TEST_F(SiteApiTest, FacetsCountTheWholeResultSetNotThePage) {
    // Documents, not threads (collapse=false): the two posts of thread t1 count alone.
    auto root = get_ok("/search?q=Passwort&per_page=1&facets=type,category,tags&collapse=false");
    EXPECT_EQ(uint64_t(root["total"]), 5u);
    // Collapsed (the default), the total counts t1 once; the facets still count posts.
    auto collapsed = get_ok("/search?q=Passwort&per_page=1&facets=type");
    EXPECT_EQ(uint64_t(collapsed["total"]), 4u);
    EXPECT_EQ(facet(collapsed, "type"), (std::map<std::string, uint64_t>{{"faq", 2}, {"forum", 3}}));
    root = get_ok("/search?q=Passwort&per_page=1&facets=type,category,tags&collapse=false");
    EXPECT_EQ(root["hits"].get_array().size(), 1u);
    EXPECT_EQ(facet(root, "type"), (std::map<std::string, uint64_t>{{"faq", 2}, {"forum", 3}}));
    EXPECT_EQ(facet(root, "category"), (std::map<std::string, uint64_t>{{"Konto", 5}}));
    EXPECT_EQ(facet(root, "tags"),
              (std::map<std::string, uint64_t>{{"passwort", 5}, {"login", 3}, {"konto", 1}}));
    // Most frequent first.
    auto tags = root["facets"]["tags"].get_array();
    EXPECT_EQ(std::string_view(tags.at(0)["value"]), "passwort");
}

TEST_F(SiteApiTest, FacetsFollowTheFilters) {
    auto root = get_ok("/search?q=Passwort&type=faq&facets=tags");
    EXPECT_EQ(facet(root, "tags"), (std::map<std::string, uint64_t>{{"passwort", 2}, {"konto", 1}}));
    EXPECT_TRUE(root["facets"]["type"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_F(SiteApiTest, NoFacetsKeyWithoutFacetsParameter) {
    auto root = get_ok("/search?q=Passwort");
    EXPECT_TRUE(root["facets"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_F(SiteApiTest, UpdatedAfterFiltersOnTheUpdatedSlot) {
    EXPECT_EQ(ids(get_ok("/search?q=Passwort&updated_after=2023-01-01")),
              std::vector<std::string>{"faq:pw"});
    auto all = ids(get_ok("/search?q=&updated_after=2023-01-01T00:00:00Z"));
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (std::vector<std::string>{"art:druck", "faq:pw"}));
    EXPECT_TRUE(ids(get_ok("/search?q=Passwort&updated_after=2030-01-01")).empty());
}

// ---- query syntax -----------------------------------------------------------------------

TEST_F(SiteApiTest, PhraseRequiresTheWordsInOrder) {
    auto found = ids(get_ok("/search?q=" + url_encode("\"Passwort vergessen\"")));
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"faq:pw2", "forum:t1-r1"}));
}

TEST_F(SiteApiTest, PhraseNoDocumentHoldsFallsBackToItsWords) {
    // No document says "vergessen Passwort": the words still find answers, and
    // the documents holding both words come first.
    auto found = ids(get_ok("/search?collapse=false&q=" + url_encode("\"vergessen Passwort\"")));
    ASSERT_GE(found.size(), 2u);
    std::vector<std::string> top(found.begin(), found.begin() + 2);
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, (std::vector<std::string>{"faq:pw2", "forum:t1-r1"}));
    // German quotes glued to a compound ("„Passwort vergessen“-Link"): the dash excludes nothing.
    auto glued = ids(get_ok("/search?collapse=false&q=" +
                            url_encode("\xE2\x80\x9E" "Passwort vergessen" "\xE2\x80\x9C" "-Link")));
    std::sort(glued.begin(), glued.end());
    EXPECT_EQ(glued, (std::vector<std::string>{"faq:pw2", "forum:t1-r1"}));
    // Exclusions still hold in the fallback.
    auto excluded =
        ids(get_ok("/search?collapse=false&q=" + url_encode("\"vergessen Passwort\" -Mail")));
    EXPECT_EQ(std::count(excluded.begin(), excluded.end(), "faq:pw2"), 0);
    EXPECT_FALSE(excluded.empty());
}

TEST_F(SiteApiTest, MinusExcludesDocuments) {
    auto found = ids(get_ok("/search?collapse=false&q=" + url_encode("Passwort -Login")));
    EXPECT_EQ(found.size(), 4u);
    EXPECT_EQ(std::count(found.begin(), found.end(), "forum:t2"), 0);
}

TEST_F(SiteApiTest, StarMatchesPrefixesAndHighlightsThem) {
    auto root = get_ok("/search?q=" + url_encode("Druck*"));
    EXPECT_EQ(ids(root), std::vector<std::string>{"art:druck"});
    EXPECT_EQ(std::string_view(root["hits"].at(0)["snippet"]),
              "Die <mark>Druckereinstellungen</mark> öffnen Sie über das Menü Datei.");
}

TEST_F(SiteApiTest, BrokenSyntaxFallsBackToWords) {
    for (const char* q : {"\"Passwort", "Passwort -", "Passwort *", "\"\"Passwort\""}) {
        EXPECT_EQ(ids(get_ok("/search?collapse=false&q=" + url_encode(q))).size(), 5u) << q;
    }
}

// ---- snippets -----------------------------------------------------------------------------

TEST_F(SiteApiTest, SnippetMarksCompoundPartsAndGivesCodePointOffsets) {
    auto root = get_ok("/search?q=Konto&type=faq");
    ASSERT_EQ(ids(root), std::vector<std::string>{"faq:pw"});
    auto hit = root["hits"].at(0);
    EXPECT_EQ(std::string_view(hit["snippet"]),
              "So ändern Sie Ihr Passwort im <mark>Benutzerkonto</mark> unter Einstellungen.");
    EXPECT_EQ(std::string_view(hit["snippet_text"]),
              "So ändern Sie Ihr Passwort im Benutzerkonto unter Einstellungen.");
    auto highlights = hit["highlights"].get_array();
    ASSERT_EQ(highlights.size(), 1u);
    // "So ändern Sie Ihr Passwort im " is 30 code points (31 bytes).
    EXPECT_EQ(uint64_t(highlights.at(0)["start"]), 30u);
    EXPECT_EQ(uint64_t(highlights.at(0)["end"]), 43u);
}

TEST_F(SiteApiTest, HtmlInDocumentsAndQueriesComesBackEscaped) {
    const std::string q = "<script>alert(1)</script> Escaping";
    auto root = get_ok("/search?q=" + url_encode(q));
    EXPECT_EQ(last_body_.find("<script>"), std::string::npos) << last_body_;
    EXPECT_EQ(last_body_.find("<b>"), std::string::npos) << last_body_;
    EXPECT_EQ(std::string_view(root["query"]), q); // the JSON value is the text as typed
    auto hit = root["hits"].at(0);
    EXPECT_EQ(std::string_view(hit["id"]), "art:html");
    // The query's words (script, alert, 1, Escaping) are marked inside the escaped text.
    EXPECT_EQ(std::string_view(hit["snippet"]),
              "Mit &lt;<mark>script</mark>&gt;<mark>alert</mark>(<mark>1</mark>)&lt;/<mark>script"
              "</mark>&gt; prüfen wir das <mark>Escaping</mark> von HTML.");
    EXPECT_EQ(std::string_view(hit["snippet_text"]),
              "Mit <script>alert(1)</script> prüfen wir das Escaping von HTML.");
}

// ---- /suggest -----------------------------------------------------------------------------

TEST_F(SiteApiTest, SuggestCompletesWordsAndTitles) {
    auto root = get_ok("/suggest?q=Passw");
    EXPECT_EQ(std::string_view(root["query"]), "Passw");
    auto suggestions = root["suggestions"].get_array();
    ASSERT_GE(suggestions.size(), 2u);
    EXPECT_EQ(std::string_view(suggestions.at(0)["text"]), "Passwort");
    EXPECT_EQ(std::string_view(suggestions.at(0)["kind"]), "term");
    bool title = false;
    for (auto s : suggestions) {
        if (std::string_view(s["kind"]) == "title") {
            title = true;
            EXPECT_NE(std::string_view(s["text"]).find("Passwort"), std::string_view::npos);
            EXPECT_FALSE(std::string_view(s["id"]).empty());
        }
    }
    EXPECT_TRUE(title) << last_body_;
}

TEST_F(SiteApiTest, SuggestCompletesCompoundsAndKeepsEarlierWords) {
    auto root = get_ok("/suggest?q=Sozialver");
    EXPECT_EQ(std::string_view(root["suggestions"].at(0)["text"]), "Sozialversicherung");
    root = get_ok("/suggest?q=" + url_encode("Passwort änd"));
    EXPECT_EQ(std::string_view(root["suggestions"].at(0)["text"]), "Passwort ändern");
    bool title = false;
    for (auto s : root["suggestions"].get_array()) {
        title = title || std::string_view(s["text"]) == "Passwort ändern";
    }
    EXPECT_TRUE(title);
}

TEST_F(SiteApiTest, SuggestOffersOneTitlePerThread) {
    auto root = get_ok("/suggest?q=" + url_encode("Passwort ge"));
    size_t thread_titles = 0;
    for (auto s : root["suggestions"].get_array()) {
        const std::string_view text = s["text"];
        thread_titles += text.find("geht nicht mehr") != std::string_view::npos ? 1 : 0;
    }
    EXPECT_EQ(thread_titles, 1u) << last_body_; // not also "Re: Passwort geht nicht mehr"
}

TEST_F(SiteApiTest, SuggestRespectsLimit) {
    EXPECT_EQ(get_ok("/suggest?q=P&limit=1")["suggestions"].get_array().size(), 1u);
    EXPECT_TRUE(get_ok("/suggest?q=Qxyzzy")["suggestions"].get_array().size() == 0);
}

TEST_F(SiteApiTest, SuggestEscapesHtml) {
    auto root = get_ok("/suggest?q=" + url_encode("<b>Fe"));
    EXPECT_EQ(last_body_.find("<b>"), std::string::npos) << last_body_;
    EXPECT_EQ(std::string_view(root["query"]), "<b>Fe");
}

TEST_F(SiteApiTest, SuggestRejectsBadParameters) {
    expect_error("/suggest", 400);
    expect_error("/suggest?q=P&limit=abc", 400);
    expect_error("/suggest?q=P&limit=0", 400);
    expect_error("/suggest?q=" + std::string(300, 'a'), 400);
    auto res = httplib::Client("127.0.0.1", server_->port()).Post("/suggest?q=P", "", "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
}

// ---- /similar -----------------------------------------------------------------------------

TEST_F(SiteApiTest, SimilarByIdExcludesTheDocumentAndItsThread) {
    auto found = ids(get_ok("/similar?id=forum:t2&limit=10"));
    EXPECT_FALSE(found.empty());
    EXPECT_EQ(std::count(found.begin(), found.end(), "forum:t2"), 0);
    EXPECT_TRUE(std::count(found.begin(), found.end(), "forum:t1") +
                    std::count(found.begin(), found.end(), "forum:t1-r1") ==
                1)
        << "one hit per thread";
}

TEST_F(SiteApiTest, SimilarPrefersSolvedThreads) {
    // forum:solved and forum:open have the same text; only the first has an accepted answer.
    auto found = ids(get_ok("/similar?text=" + url_encode("Scanner unter Linux nicht erkannt")));
    ASSERT_GE(found.size(), 2u);
    EXPECT_EQ(found[0], "forum:solved");
    EXPECT_EQ(found[1], "forum:open");
}

TEST_F(SiteApiTest, SimilarHitsHaveTheHitShape) {
    auto root = get_ok("/similar?text=" + url_encode("Wie kann ich mein Passwort ändern?") +
                       "&limit=2");
    auto hits = root["hits"].get_array();
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(std::string_view(hits.at(0)["id"]), "faq:pw");
    for (const char* key : {"id", "type", "title", "url", "snippet", "snippet_text", "highlights",
                            "score", "rating", "category", "tags", "thread"}) {
        EXPECT_TRUE(hits.at(0)[key].error() == simdjson::SUCCESS) << key;
    }
}

TEST_F(SiteApiTest, SimilarRejectsBadParameters) {
    expect_error("/similar", 400);
    expect_error("/similar?id=faq:pw&text=x", 400);
    expect_error("/similar?text=", 400);
    expect_error("/similar?text=" + url_encode("?!"), 400);
    expect_error("/similar?id=faq:pw&limit=abc", 400);
    expect_error("/similar?id=nope", 404);
    expect_error("/similar?text=" + std::string(MAX_SIMILAR_TEXT_BYTES + 1, 'a'), 400);
    // Beyond cpp-httplib's URI limit (8 KiB) the server answers 414, still as JSON.
    expect_error("/similar?text=" + std::string(20000, 'a'), 414);
}

TEST_F(SiteApiTest, SearchRejectsBadSiteParameters) {
    expect_error("/search?q=Passwort&facets=bogus", 400);
    expect_error("/search?q=Passwort&updated_after=notadate", 400);
    expect_error("/search?q=" + std::string(2000, 'a'), 400);
}

} // namespace
} // namespace antwort::searchd
