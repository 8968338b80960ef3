/** @file Tests of the "de_text" analyzer: German examples, compounds, offsets. */
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using ::testing::ElementsAre;
using testing::TermCase;
using testing::terms;

class DeTextTermsTest : public ::testing::TestWithParam<TermCase> {};

TEST_P(DeTextTermsTest, ProducesExpectedTerms) {
    EXPECT_EQ(terms("de_text", GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    German, DeTextTermsTest,
    ::testing::Values(
        // Plural with umlaut and singular conflate (normalise, then stem).
        TermCase{"Häuser", {"haus"}}, TermCase{"Haus", {"haus"}}, TermCase{"Häusern", {"haus"}},
        // Umlaut, its ASCII spelling and the bare vowel conflate.
        TermCase{"Müller", {"mull"}}, TermCase{"Mueller", {"mull"}}, TermCase{"Muller", {"mull"}},
        TermCase{"MÜLLER", {"mull"}}, TermCase{"Äpfel", {"apfel"}}, TermCase{"Aepfel", {"apfel"}},
        TermCase{"schön", {"schon"}}, TermCase{"schoen", {"schon"}},
        // ß, ss and capital ẞ.
        TermCase{"Straße", {"strass"}}, TermCase{"Strasse", {"strass"}},
        TermCase{"STRASSE", {"strass"}}, TermCase{"STRAẞE", {"strass"}},
        // "ue" after a vowel or q is not an umlaut spelling.
        TermCase{"Quelle", {"quell"}}, TermCase{"Feuer", {"feu"}},
        // Capitalised nouns are stemmed too (QueryParser would skip them).
        TermCase{"Einstellungen", {"einstell"}}, TermCase{"Seitenränder", {"seitenrand"}},
        // Punctuation dropped, words in order.
        TermCase{"Wie ändere ich die Seitenränder? (Writer)",
                 {"wie", "and", "ich", "die", "seitenrand", "writ"}},
        TermCase{"„Hallo“, sagte sie – «Tschüss»!", {"hallo", "sagt", "sie", "tschuss"}},
        // Numbers are tokens; ICU keeps dotted versions and decimals whole.
        TermCase{"Windows 10", {"windows", "10"}},
        TermCase{"Version 1.4.22", {"version", "1.4.22"}}, TermCase{"3,5 kg", {"3,5", "kg"}},
        // Hyphenated compounds: whole form first, then the parts.
        TermCase{"Community-Management", {"communitymanagement", "community", "management"}},
        TermCase{"E-Mail-Adresse", {"emailadress", "e", "mail", "adress"}},
        TermCase{"Drag‐and‐Drop", {"draganddrop", "drag", "and", "drop"}}, // U+2010
        TermCase{"A4-Papier", {"a4papi", "a4", "papi"}},
        // Not compounds: a space beside the hyphen, a dash, numbers only.
        TermCase{"Makros und -dialoge", {"makros", "und", "dialog"}},
        TermCase{"Berlin – Hamburg", {"berlin", "hamburg"}},
        TermCase{"2023-01-15", {"2023", "01", "15"}},
        // Compatibility forms fold (fullwidth, ligature).
        TermCase{"Ｗｏｒｄ", {"word"}}, TermCase{"Auﬂage", {"auflag"}},
        // Empty, whitespace only, punctuation only.
        TermCase{"", {}}, TermCase{" \t\n  ", {}}, TermCase{"?!… -- ()", {}},
        // Emoji are not words.
        TermCase{"Ich 😀 liebe 👍🏽 Emojis", {"ich", "lieb", "emojis"}},
        // Mixed scripts: ICU segments each; CJK through its dictionary.
        TermCase{"Привет мир", {"привет", "мир"}}, TermCase{"Ελληνικά", {"ελληνικά"}},
        TermCase{"東京タワー", {"東京タワー"}},
        // Long words survive; junk longer than 64 bytes is dropped.
        TermCase{"Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz",
                 {"rindfleischetikettierungsuberwachungsaufgabenubertragungsgesetz"}},
        TermCase{
            "Schlüssel aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8x",
            {"schlussel"}}));

TEST(DeTextTest, SpellingVariantsGiveIdenticalTerms) {
    const std::vector<std::vector<std::string>> groups = {
        {"Häuser", "Haus", "Hauses"},
        {"Müller", "Mueller", "Muller"},
        {"Straße", "Strasse", "STRASSE"},
        {"Größe", "Groesse", "grösse"},
    };
    for (const auto& group : groups) {
        const auto first = terms("de_text", group.front());
        ASSERT_EQ(first.size(), 1u) << group.front();
        for (const auto& word : group) {
            EXPECT_EQ(terms("de_text", word), first) << word << " vs " << group.front();
        }
    }
}

TEST(DeTextTest, CompoundHasWholeFormAndPartsWithPositionsAndOffsets) {
    const std::string input = "Das Community-Management hilft.";
    auto tokens = testing::analyzer("de_text")->analyze(input);
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[0].text, "das");
    EXPECT_EQ(tokens[0].position, 0u);

    EXPECT_EQ(tokens[1].text, "communitymanagement");
    EXPECT_EQ(tokens[1].position, 1u);
    EXPECT_EQ(input.substr(tokens[1].byte_begin, tokens[1].byte_end - tokens[1].byte_begin),
              "Community-Management");

    EXPECT_EQ(tokens[2].text, "community");
    EXPECT_EQ(tokens[2].position, 1u);
    EXPECT_EQ(input.substr(tokens[2].byte_begin, tokens[2].byte_end - tokens[2].byte_begin),
              "Community");

    EXPECT_EQ(tokens[3].text, "management");
    EXPECT_EQ(tokens[3].position, 2u);
    EXPECT_EQ(input.substr(tokens[3].byte_begin, tokens[3].byte_end - tokens[3].byte_begin),
              "Management");

    EXPECT_EQ(tokens[4].text, "hilft");
    EXPECT_EQ(tokens[4].position, 3u);
}

TEST(DeTextTest, ChainedCompoundCoversWholeChain) {
    const std::string input = "Ihre E-Mail-Adresse";
    auto tokens = testing::analyzer("de_text")->analyze(input);
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[1].text, "emailadress");
    EXPECT_EQ(tokens[1].position, 1u);
    EXPECT_EQ(input.substr(tokens[1].byte_begin), "E-Mail-Adresse");
    EXPECT_EQ(tokens[2].position, 1u);
    EXPECT_EQ(tokens[3].position, 2u);
    EXPECT_EQ(tokens[4].position, 3u);
}

TEST(DeTextTest, OffsetsPointAtOriginalText) {
    const std::string input = "Größe der Seitenränder (in cm): 2,5 — siehe „Format“.";
    auto tokens = testing::analyzer("de_text")->analyze(input);
    ASSERT_TRUE(testing::well_formed(input, tokens));
    std::vector<std::string> sources;
    for (const Token& t : tokens) {
        sources.push_back(input.substr(t.byte_begin, t.byte_end - t.byte_begin));
    }
    EXPECT_THAT(sources,
                ElementsAre("Größe", "der", "Seitenränder", "in", "cm", "2,5", "siehe", "Format"));
}

TEST(DeTextTest, PositionsIncreaseByOnePerWord) {
    auto tokens = testing::analyzer("de_text")->analyze("eins, zwei; drei! vier? fünf.");
    ASSERT_EQ(tokens.size(), 5u);
    for (uint32_t i = 0; i < tokens.size(); ++i) {
        EXPECT_EQ(tokens[i].position, i);
    }
}

TEST(DeTextTest, DroppedLongTokenLeavesPositionGap) {
    const std::string junk(80, 'x');
    auto tokens = testing::analyzer("de_text")->analyze("vor " + junk + " nach");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].position, 0u);
    EXPECT_EQ(tokens[1].position, 2u);
}

TEST(DeTextTest, AppendsToNonEmptyOutputWithoutTouchingIt) {
    auto a = testing::analyzer("de_text");
    std::vector<Token> out;
    a->analyze("Häuser bauen", out);
    a->analyze("Community-Management", out);
    EXPECT_THAT(testing::texts(out),
                ElementsAre("haus", "bau", "communitymanagement", "community", "management"));
    EXPECT_EQ(out[2].position, 0u); // positions restart for each text
    EXPECT_EQ(out[4].position, 1u);
}

} // namespace
} // namespace antwort::analyzers
