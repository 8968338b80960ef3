/** @file Tests for SynonymMap (file format, drift limits) and the spelling helpers. */
#include "antwort/searchd/spelling.h"
#include "antwort/searchd/synonyms.h"

#include "antwort/analyzers/analyzer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace antwort::searchd {
namespace {

std::shared_ptr<const SynonymMap> make_map(const std::string& thesaurus,
                                           const std::string& editor = "") {
    auto analyzer = analyzers::get_analyzer("de_query");
    EXPECT_TRUE(analyzer.ok());
    std::istringstream t(thesaurus);
    std::istringstream e(editor);
    return SynonymMap::from_streams(**analyzer, &t, editor.empty() ? nullptr : &e);
}

using Terms = std::vector<std::string>;

TEST(SynonymMapTest, Table) {
    const std::string thesaurus = "# comment;Kommentar\n"
                                  "Kennwort;Passwort (ugs.);Losungswort;geheimes Wort\n"
                                  "Bank;Geldinstitut\n"
                                  "Bank;Sitzgelegenheit\n"
                                  "Schloss;Burg\nSchloss;Türschloss\nSchloss;Verschluss\n"
                                  "Rechner;Computer\n";
    auto map = make_map(thesaurus);
    struct Case {
        const char* term;
        Terms expected;
    };
    const Case cases[] = {
        {"kennwort", {"passwort", "losungswort"}}, // qualifier stripped, phrase skipped
        {"passwort", {"kennwort", "losungswort"}},
        {"bank", {}},                 // shorter than 5 letters
        {"geldinstitut", {}},         // its only synonym is too short
        {"schloss", {}},              // three senses: ambiguous
        {"burg", {}},
        {"rechn", {"comput"}},        // keys and synonyms are analysed (stemmed)
        {"kommentar", {}},            // comment lines are skipped
    };
    for (const Case& c : cases) {
        EXPECT_EQ(map->lookup(c.term), c.expected) << c.term;
    }
}

TEST(SynonymMapTest, EditorLinesWin) {
    auto map = make_map("Bank;Geldinstitut\nBank;Sitzgelegenheit\nRechner;Computer\n",
                        "Bank;Geldinstitut;Kreditinstitut\nRechner;PC\n");
    EXPECT_EQ(map->lookup("bank"), (Terms{"geldinstitut", "kreditinstitut"}));
    EXPECT_EQ(map->lookup("rechn"), (Terms{"pc"}));
}

TEST(SynonymMapTest, ExpansionsAreLimited) {
    auto map =
        make_map("Anfang;Beginn;Start;Auftakt;Eröffnung;Einstieg;Ausgangspunkt;Startpunkt\n");
    EXPECT_EQ(map->lookup("anfang").size(), SynonymLimits{}.max_expansions);
}

TEST(SynonymMapTest, MissingFileMeansNoSynonyms) {
    auto analyzer = analyzers::get_analyzer("de_query");
    ASSERT_TRUE(analyzer.ok());
    auto map = SynonymMap::load(**analyzer, "/nonexistent/openthesaurus.txt", "");
    EXPECT_EQ(map->size(), 0u);
}

TEST(SpellingTest, EditDistance) {
    struct Case {
        const char* a;
        const char* b;
        size_t max;
        size_t expected;
    };
    const Case cases[] = {
        {"passwort", "passwort", 2, 0}, {"pasword", "passwort", 2, 2},
        {"verges", "vergess", 2, 1},    {"haus", "maus", 1, 1},
        {"abc", "xyzxyz", 2, 3},        {"kitten", "sitting", 2, 3},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(edit_distance(c.a, c.b, c.max), c.expected) << c.a << " " << c.b;
    }
    EXPECT_EQ(max_edits(3), 0u);
    EXPECT_EQ(max_edits(5), 1u);
    EXPECT_EQ(max_edits(7), 2u);
}

TEST(SpellingTest, SurfaceOfATerm) {
    auto analyzer = analyzers::get_analyzer("de_query");
    ASSERT_TRUE(analyzer.ok());
    EXPECT_EQ(surface_of(**analyzer, "Ich habe mein Passwort vergessen", "vergess"),
              std::optional<std::string>("vergessen"));
    EXPECT_EQ(surface_of(**analyzer, "Ich habe mein Passwort vergessen", "drucker"),
              std::nullopt);
}

} // namespace
} // namespace antwort::searchd
