/** @file End-to-end tests of the query features beside the words: exact forms, synonyms, phrase bonus,
 *  spelling suggestions and explain=1. */
#include "antwort/searchd/search_service.h"

#include "searchd_test_util.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>

namespace antwort::searchd {
namespace {

using testing::TempDir;

/** A document line with @p id, title and body. */
std::string doc(const std::string& id, const std::string& title, const std::string& body) {
    return R"({"id":")" + id + R"(","type":"faq","title":")" + title + R"(","body":")" + body +
           R"(","lang":"de"})";
}

class QueryFeaturesTest : public ::testing::Test {
  protected:
    /** Builds the index from @p lines; @p thesaurus / @p editor are file contents. */
    void build(const std::vector<std::string>& lines, const std::string& thesaurus = "",
               const std::string& editor = "") {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, lines);
        options_.index = index_;
        options_.reload_interval = std::chrono::milliseconds(0);
        options_.thesaurus_file = write("thesaurus.txt", thesaurus);
        options_.synonyms_file = write("synonyms.txt", editor);
        service_ = std::make_unique<SearchService>(options_);
    }

    std::string write(const std::string& name, const std::string& content) {
        if (content.empty()) {
            return "";
        }
        const auto path = tmp_.path() / name;
        std::ofstream(path) << content;
        return path.string();
    }

    /** The ids of the hits for @p q, best first. */
    std::vector<std::string> ids(const std::string& q) {
        SearchRequest request;
        request.q = q;
        auto response = service_->search(request);
        EXPECT_TRUE(response.ok()) << response.error().message;
        std::vector<std::string> out;
        if (response.ok()) {
            for (const auto& hit : response->hits) {
                out.push_back(hit.id);
            }
        }
        return out;
    }

    TempDir tmp_;
    std::filesystem::path index_;
    ServiceOptions options_;
    std::unique_ptr<SearchService> service_;
};

TEST_F(QueryFeaturesTest, ExactSpellingRanksFirst) {
    // The same word in three spellings; all fold to one term, so all match,
    // but the form typed ranks first.
    build({doc("a", "Kontakt", "Herr Mueller hilft gern."),
           doc("b", "Kontakt", "Herr Müller hilft gern."),
           doc("c", "Kontakt", "Herr Muller hilft gern.")});
    struct Case {
        const char* query;
        const char* first;
    };
    for (const Case& c : {Case{"Müller", "b"}, Case{"Mueller", "a"}, Case{"MÜLLER", "b"}}) {
        auto got = ids(c.query);
        ASSERT_EQ(got.size(), 3u) << c.query;
        EXPECT_EQ(got[0], c.first) << c.query;
    }
    for (const Case& c : {Case{"Straße", "s1"}, Case{"Strasse", "s2"}}) {
        build({doc("s2", "Adresse", "Neue Strasse eintragen"),
               doc("s1", "Adresse", "Neue Straße eintragen")});
        auto got = ids(c.query);
        ASSERT_EQ(got.size(), 2u) << c.query;
        EXPECT_EQ(got[0], c.first) << c.query;
    }
}

TEST_F(QueryFeaturesTest, SynonymsFindDocumentsButRankBelowTheTypedWord) {
    build({doc("kennwort", "Kennwort zurücksetzen", "So setzen Sie es zurück."),
           doc("passwort", "Passwort zurücksetzen", "So setzen Sie es zurück."),
           doc("geld", "Geldinstitut wechseln", "Konto umziehen."),
           doc("ufer", "Flussufer", "Spazieren am Wasser.")},
          "# comment\nKennwort;Passwort (ugs.);Losungswort\nBank;Geldinstitut\nBank;Ufer\n");
    struct Case {
        const char* query;
        std::vector<std::string> expected;
    };
    const Case cases[] = {
        {"Passwort", {"passwort", "kennwort"}}, // typed word first, synonym found
        {"Kennwort", {"kennwort", "passwort"}},
        {"Bank", {}},                           // short and ambiguous: not expanded
        {"Geldinstitut", {"geld"}},             // "Bank" is too short to be an expansion
    };
    for (const Case& c : cases) {
        EXPECT_EQ(ids(c.query), c.expected) << c.query;
    }
}

TEST_F(QueryFeaturesTest, EditorFileForcesExpansionOfShortWords) {
    build({doc("geld", "Geldinstitut wechseln", "Konto umziehen."),
           doc("ufer", "Flussufer", "Spazieren am Wasser.")},
          "Bank;Geldinstitut\nBank;Ufer\n", "Bank;Geldinstitut\n");
    EXPECT_EQ(ids("Bank"), std::vector<std::string>{"geld"});
}

TEST_F(QueryFeaturesTest, WordsCloseTogetherRankFirst) {
    // Same words, same counts, same length; only their distance differs.
    build({doc("far", "Hinweise",
               "Drucker gibt es viele, und manche muss man erst lange einrichten"),
           doc("near", "Hinweise", "Manche muss man erst lange suchen, dann Drucker einrichten")});
    auto got = ids("Drucker einrichten");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], "near");
}

TEST_F(QueryFeaturesTest, VerbAndNounFormsFindEachOther) {
    // "Löschung" and "löschen" stem to different terms; the "-ung" rule joins
    // them at a low weight, so the other form is found but ranks below.
    build({doc("verb", "Hilfe", "So können Sie ein Konto löschen."),
           doc("noun", "Hilfe", "Die Löschung eines Kontos dauert einen Tag."),
           doc("other", "Hilfe", "Ein Konto anlegen.")});
    EXPECT_EQ(ids("Löschung"), (std::vector<std::string>{"noun", "verb"}));
    EXPECT_EQ(ids("löschen"), (std::vector<std::string>{"verb", "noun"}));
    // A compound finds the verb phrase through the derived form's parts.
    auto got = ids("Kontolöschung");
    ASSERT_GE(got.size(), 2u);
    EXPECT_EQ(got[0], "noun");
    EXPECT_EQ(got[1], "verb");
}

TEST_F(QueryFeaturesTest, MisspeltQueryGetsASuggestion) {
    TempDir tmp;
    options_.index = tmp.path() / "index";
    indexer::IngestOptions ingest;
    ingest.index = options_.index;
    for (const char* part : {"faq", "articles", "forum"}) {
        ingest.inputs.push_back(std::string(ANTWORT_CORPORA_DIR) + part + "/docs.ndjson");
    }
    auto stats = indexer::build_index(ingest, Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    options_.thesaurus_file = "";
    options_.synonyms_file = "";
    SearchService service(options_);
    struct Case {
        const char* query;
        const char* expected; // substring of the suggestion; nullptr: none
    };
    for (const Case& c : {Case{"Pasword vergesen", "passwort"},
                          Case{"Pakete instaliren", "installieren"},
                          Case{"Passwort vergessen", nullptr}}) {
        SearchRequest request;
        request.q = c.query;
        auto response = service.search(request);
        ASSERT_TRUE(response.ok()) << response.error().message;
        if (c.expected == nullptr) {
            EXPECT_FALSE(response->suggestion) << c.query << " -> " << *response->suggestion;
        } else {
            ASSERT_TRUE(response->suggestion) << c.query;
            EXPECT_NE(response->suggestion->find(c.expected), std::string::npos)
                << c.query << " -> " << *response->suggestion;
        }
    }
}

TEST_F(QueryFeaturesTest, ExplainOverHttpSplitsTheScore) {
    build({R"({"id":"pw","type":"forum","title":"Passwort vergessen","body":"Ich habe mein )"
           R"(Benutzerkonto-Passwort vergessen.","lang":"de","rating":{"up":20,"down":1}})",
           doc("other", "Drucker", "Nichts zum Thema.")});
    testing::TestServer server(index_);
    auto res = server.get("/search?q=" + testing::url_encode("Wie Passwort vergessen") +
                          "&explain=1");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(res->body).get(root), simdjson::SUCCESS) << res->body;
    ASSERT_TRUE(root["suggestion"].is_null()) << res->body;
    simdjson::dom::element hit;
    ASSERT_EQ(root["hits"].at(0).get(hit), simdjson::SUCCESS) << res->body;
    double score = 0;
    double text = 0;
    double rating = 0;
    ASSERT_EQ(hit["score"].get(score), simdjson::SUCCESS);
    ASSERT_EQ(hit["explain"]["score"]["text"].get(text), simdjson::SUCCESS) << res->body;
    ASSERT_EQ(hit["explain"]["score"]["rating"].get(rating), simdjson::SUCCESS) << res->body;
    double type_boost = 0;
    double recency = 0;
    ASSERT_EQ(hit["explain"]["score"]["type_boost"].get(type_boost), simdjson::SUCCESS);
    ASSERT_EQ(hit["explain"]["score"]["recency"].get(recency), simdjson::SUCCESS);
    EXPECT_GT(rating, 0.0);
    EXPECT_NEAR(text + rating + type_boost + recency, score, 1e-6 * score) << res->body;
    double words = 0;
    ASSERT_EQ(hit["explain"]["score"]["text_parts"]["words"].get(words), simdjson::SUCCESS);
    EXPECT_GT(words, 0.0);
    simdjson::dom::array terms;
    ASSERT_EQ(hit["explain"]["terms"].get(terms), simdjson::SUCCESS) << res->body;
    ASSERT_EQ(terms.size(), 3u) << res->body; // passwort, vergessen, then the stop word "wie"
    std::string_view word;
    std::string_view term;
    bool stop = true;
    ASSERT_EQ(terms.at(0)["word"].get(word), simdjson::SUCCESS);
    ASSERT_EQ(terms.at(0)["term"].get(term), simdjson::SUCCESS);
    ASSERT_EQ(terms.at(0)["stop_word"].get(stop), simdjson::SUCCESS);
    EXPECT_EQ(word, "Passwort");
    EXPECT_EQ(term, "passwort");
    EXPECT_FALSE(stop);
    for (const char* key : {"folded", "parts", "exact", "synonyms"}) {
        EXPECT_EQ(terms.at(0)[key].error(), simdjson::SUCCESS) << key;
    }
    ASSERT_EQ(terms.at(2)["stop_word"].get(stop), simdjson::SUCCESS);
    EXPECT_TRUE(stop);
    // Where the search spent its time: only "pw" holds any of the words, so
    // the first phase passed one candidate to the second.
    uint64_t candidates = 0;
    ASSERT_EQ(root["phases"]["candidates"].get(candidates), simdjson::SUCCESS) << res->body;
    EXPECT_EQ(candidates, 1u) << res->body;
    for (const char* key : {"match_ms", "rerank_ms", "hits_ms"}) {
        double ms = -1;
        ASSERT_EQ(root["phases"][key].get(ms), simdjson::SUCCESS) << key;
        EXPECT_GE(ms, 0.0) << key;
    }
    // Off by default: no explain key at all.
    res = server.get("/search?q=Passwort");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body.find("\"explain\""), std::string::npos);
    EXPECT_EQ(res->body.find("\"phases\""), std::string::npos);
}

} // namespace
} // namespace antwort::searchd
