/** @file Tests of GermanNormalizationFilter (Lucene's rules on UTF-8). */
#include "antwort/analyzers/german_normalization_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace antwort::analyzers {
namespace {

class GermanNormalizationTest
    : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(GermanNormalizationTest, Normalizes) {
    std::string word = GetParam().first;
    GermanNormalizationFilter::normalize(word);
    EXPECT_EQ(word, GetParam().second);
}

INSTANTIATE_TEST_SUITE_P(
    Lucene, GermanNormalizationTest,
    ::testing::Values(std::pair<std::string, std::string>{"müller", "muller"},
                      std::pair<std::string, std::string>{"mueller", "muller"},
                      std::pair<std::string, std::string>{"muller", "muller"},
                      std::pair<std::string, std::string>{"häuser", "hauser"},
                      std::pair<std::string, std::string>{"haeuser", "hauser"},
                      std::pair<std::string, std::string>{"schön", "schon"},
                      std::pair<std::string, std::string>{"schoen", "schon"},
                      std::pair<std::string, std::string>{"straße", "strasse"},
                      std::pair<std::string, std::string>{"mauer", "mauer"},   // ue after vowel
                      std::pair<std::string, std::string>{"quelle", "quelle"}, // ue after q
                      std::pair<std::string, std::string>{"feuer", "feuer"},
                      std::pair<std::string, std::string>{"über", "uber"},
                      std::pair<std::string, std::string>{"", ""},
                      std::pair<std::string, std::string>{"1.4.22", "1.4.22"},
                      // Other non-ASCII letters pass through untouched.
                      std::pair<std::string, std::string>{"ελληνικά", "ελληνικά"},
                      std::pair<std::string, std::string>{"café", "café"},
                      // A truncated UTF-8 sequence is copied, not read past.
                      std::pair<std::string, std::string>{"ab\xC3", "ab\xC3"}));

TEST(GermanNormalizationFilterTest, KeepsOffsetsAndPositions) {
    std::vector<Token> tokens{{"grüße", 3, 10, 7}};
    GermanNormalizationFilter().apply("xxxGrüße", tokens);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].text, "grusse");
    EXPECT_EQ(tokens[0].byte_begin, 3u);
    EXPECT_EQ(tokens[0].byte_end, 10u);
    EXPECT_EQ(tokens[0].position, 7u);
}

} // namespace
} // namespace antwort::analyzers
