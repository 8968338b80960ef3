/** @file Tests of IcuTokenizer: word segments, offsets, invalid UTF-8. */
#include "antwort/analyzers/icu_tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using ::testing::ElementsAre;

std::vector<Token> tokenize(std::string_view text) {
    auto tokenizer = IcuTokenizer::create("de");
    EXPECT_TRUE(tokenizer.ok());
    std::vector<Token> tokens;
    (*tokenizer)->tokenize(text, tokens);
    return tokens;
}

TEST(IcuTokenizerTest, KeepsWordsAndNumbersDropsPunctuation) {
    EXPECT_THAT(testing::texts(tokenize("Wie ändere ich die Seitenränder? (Version 7.5)")),
                ElementsAre("Wie", "ändere", "ich", "die", "Seitenränder", "Version", "7.5"));
}

TEST(IcuTokenizerTest, OffsetsAreByteOffsetsIntoUtf8) {
    const std::string input = "Öl ärgert über Maße";
    auto tokens = tokenize(input);
    ASSERT_TRUE(testing::well_formed(input, tokens));
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[1].byte_begin, 4u); // "Öl" is 3 bytes, then a space
    for (const Token& t : tokens) {
        EXPECT_EQ(input.substr(t.byte_begin, t.byte_end - t.byte_begin), t.text);
    }
}

TEST(IcuTokenizerTest, InvalidUtf8IsSkippedAndOffsetsStayValid) {
    const std::string input = "gut\xFF\xFEschlecht \xC3 ende \xE2\x82";
    auto tokens = tokenize(input);
    ASSERT_TRUE(testing::well_formed(input, tokens));
    EXPECT_THAT(testing::texts(tokens), ElementsAre("gut", "schlecht", "ende"));
}

TEST(IcuTokenizerTest, EmbeddedNulIsASeparator) {
    const std::string input("eins\0zwei", 9);
    EXPECT_THAT(testing::texts(tokenize(input)), ElementsAre("eins", "zwei"));
}

TEST(IcuTokenizerTest, UnknownLocaleFallsBackToRootRules) {
    auto tokenizer = IcuTokenizer::create("xx_YY");
    ASSERT_TRUE(tokenizer.ok());
    std::vector<Token> tokens;
    (*tokenizer)->tokenize("a b", tokens);
    EXPECT_EQ(tokens.size(), 2u);
}

} // namespace
} // namespace antwort::analyzers
