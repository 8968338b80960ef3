/** @file Tests for the analytics grouping key (analytics_key) and its derivation rule. */
#include "antwort/analyzers/query_key.h"

#include <gtest/gtest.h>

#include <string>

namespace antwort::analyzers {
namespace {

struct KeyCase {
    const char* query;
    const char* key;
};

class AnalyticsKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(AnalyticsKeyTest, MapsQueryToKey) {
    EXPECT_EQ(analytics_key(GetParam().query), GetParam().key) << GetParam().query;
}

// One group per block: every spelling of one question has the same key.
INSTANTIATE_TEST_SUITE_P(
    Table, AnalyticsKeyTest,
    ::testing::Values(
        // The password example of the analytics report, written together, apart, transliterated, as a question.
        KeyCase{"Passwort ändern", "and pass wort"}, KeyCase{"passwort aendern", "and pass wort"},
        KeyCase{"Passwortänderung", "and pass wort"},
        KeyCase{"Wie kann ich mein Passwort ändern?", "and pass wort"},
        KeyCase{"PASSWORT ÄNDERN", "and pass wort"}, KeyCase{"ändern Passwort", "and pass wort"},
        KeyCase{"Passwort-Änderung", "and pass wort"},
        KeyCase{"Änderungen Passwort", "and pass wort"},
        // A different question stays apart.
        KeyCase{"Passwort vergessen", "pass vergess wort"},
        // Compound parts, Fugen-s, stems.
        KeyCase{"Seitenränder einstellen", "einstell rand seit"},
        KeyCase{"Einstellung der Seitenränder", "einstell rand seit"},
        // Repeated words count once; empty and punctuation-only queries have no key.
        KeyCase{"Drucker Drucker drucker", "druck"}, KeyCase{"", ""}, KeyCase{"?! …", ""}));

TEST(AnalyticsKeyTest, StopWordsOnlyQueryKeepsItsWords) {
    // StopFilter keeps everything when nothing else is left.
    EXPECT_EQ(analytics_key("Wer ist das?"), analytics_key("wer IST das"));
    EXPECT_FALSE(analytics_key("Wer ist das?").empty());
}

TEST(DeriveVerbFormTest, NominalisationTable) {
    const KeyCase cases[] = {
        {"anderung", "andern"},
        {"anderungen", "andern"},
        {"regelung", "regeln"},
        {"einstellung", "einstellen"},
        {"einstellungen", "einstellen"},
        {"ordnung", "ordnen"},
        {"zeitung", "zeitung"}, // not derived from a verb "zeiten"
        {"sprung", "sprung"},
        {"ursprung", "ursprung"},
        {"jung", "jung"}, // base shorter than 4 letters
        {"passwort", "passwort"},
        {"andern", "andern"},
        {"", ""},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(derive_verb_form(c.query), c.key) << c.query;
    }
}

TEST(AnalyticsDisplayFormTest, LowerCasesAndCollapsesSpace) {
    EXPECT_EQ(analytics_display_form("  Passwort   ÄNDERN\t"), "passwort ändern");
    EXPECT_EQ(analytics_display_form(""), "");
    // Long input is cut on a character boundary.
    std::string long_query;
    for (int i = 0; i < 150; ++i) {
        long_query += "ä";
    }
    const std::string form = analytics_display_form(long_query);
    EXPECT_LE(form.size(), 200u);
    EXPECT_EQ(form.size() % 2, 0u) << "cut inside a two-byte character";
}

} // namespace
} // namespace antwort::analyzers
