/** @file Tests of StopFilter and the "de_query" analyzer. */
#include "antwort/analyzers/stop_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string_view>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view WORDS[] = {"wie", "ich", "die", "Für", "DASS"};

TEST(StopFilterTest, DropsStopWordsAndKeepsPositions) {
    const StopFilter filter(WORDS);
    std::vector<Token> tokens = {{"wie", 0, 3, 0},
                                 {"ändere", 4, 11, 1},
                                 {"ich", 12, 15, 2},
                                 {"die", 16, 19, 3},
                                 {"seitenränder", 20, 33, 4}};
    filter.apply("Wie ändere ich die Seitenränder", tokens);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].text, "ändere");
    EXPECT_EQ(tokens[0].position, 1u);
    EXPECT_EQ(tokens[0].byte_begin, 4u);
    EXPECT_EQ(tokens[1].text, "seitenränder");
    EXPECT_EQ(tokens[1].position, 4u); // the gap stays: phrases still line up
}

TEST(StopFilterTest, KeepsAQueryMadeOnlyOfStopWords) {
    const StopFilter filter(WORDS);
    std::vector<Token> tokens = {{"wie", 0, 3, 0}, {"ich", 4, 7, 1}};
    filter.apply("wie ich", tokens);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[1].position, 1u);
    std::vector<Token> none;
    filter.apply("", none);
    EXPECT_TRUE(none.empty());
}

TEST(StopFilterTest, WordsAreFoldedWhenTheFilterIsBuilt) {
    const StopFilter filter(WORDS);
    EXPECT_TRUE(filter.is_stop_word("für"));
    EXPECT_TRUE(filter.is_stop_word("dass"));
    EXPECT_FALSE(filter.is_stop_word("Für")); // tokens arrive folded
    EXPECT_FALSE(filter.is_stop_word("wiese"));
}

TEST(StopFilterTest, GermanListIsShortAndFoldedAndHasNoNegations) {
    const auto words = StopFilter::german_query_words();
    EXPECT_GT(words.size(), 40u);
    EXPECT_LT(words.size(), 150u);
    const StopFilter filter(words);
    for (std::string_view w :
         {"wie",  "kann", "ich", "mein", "der", "die", "das", "ein", "eine",   "ist", "und",
          "oder", "zu",   "mit", "von",  "für", "auf", "in",  "im",  "werden", "wird"}) {
        EXPECT_TRUE(filter.is_stop_word(w)) << w;
    }
    for (std::string_view w : {"nicht", "kein", "keine", "ohne", "seite", "drucken"}) {
        EXPECT_FALSE(filter.is_stop_word(w)) << w;
    }
}

TEST(DeQueryTest, QuestionBecomesItsContentWords) {
    using testing::terms;
    const auto query =
        testing::analyzer("de_query")->analyze("Wie kann ich die Seitenränder ändern?");
    std::vector<std::string> texts = testing::texts(query);
    ASSERT_FALSE(texts.empty());
    EXPECT_EQ(texts.front(), "seitenrand");
    EXPECT_EQ(texts.back(), "and");
    EXPECT_EQ(query.front().position, 4u);
    EXPECT_EQ(query.back().position, 5u);
    if (std::filesystem::exists("/usr/share/dict/ngerman")) {
        EXPECT_THAT(texts, ElementsAre("seitenrand", "seit", "rand", "and"));
    }
}

TEST(DeQueryTest, OnlyStopWordsAreKept) {
    EXPECT_EQ(testing::terms("de_query", "Wer ist das?"),
              (std::vector<std::string>{"wer", "ist", "das"}));
    EXPECT_EQ(testing::terms("de_query", "Das"), (std::vector<std::string>{"das"}));
    EXPECT_TRUE(testing::terms("de_query", "").empty());
}

TEST(DeQueryTest, MatchesDeCompoundOnContentWords) {
    // Query and index chains agree on every word the query keeps.
    const std::string text = "Wie ändere ich mein Kennwort für das Benutzerkonto?";
    const auto index = testing::analyzer("de_compound")->analyze(text);
    const auto query = testing::analyzer("de_query")->analyze(text);
    for (const Token& q : query) {
        bool found = false;
        for (const Token& d : index) {
            found = found || (d.text == q.text && d.position == q.position);
        }
        EXPECT_TRUE(found) << q.text << "@" << q.position;
    }
    EXPECT_LT(query.size(), index.size());
}

} // namespace
} // namespace antwort::analyzers
