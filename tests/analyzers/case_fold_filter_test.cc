/** @file Tests of fold_case() and CaseFoldFilter. */
#include "antwort/analyzers/case_fold_filter.h"
#include "antwort/analyzers/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace antwort::analyzers {
namespace {

class FoldCaseTest : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(FoldCaseTest, Folds) {
    EXPECT_EQ(fold_case(GetParam().first), GetParam().second);
}

INSTANTIATE_TEST_SUITE_P(
    Nfkc, FoldCaseTest,
    ::testing::Values(std::pair<std::string, std::string>{"Straße", "strasse"},
                      std::pair<std::string, std::string>{"STRAẞE", "strasse"},
                      std::pair<std::string, std::string>{"ÄRGER", "ärger"},
                      std::pair<std::string, std::string>{"ＡＢＣ", "abc"},
                      std::pair<std::string, std::string>{"ﬁle", "file"},
                      std::pair<std::string, std::string>{"Hello World", "hello world"},
                      // Decomposed ü (u + U+0308) composes to the single code point.
                      std::pair<std::string, std::string>{"Mu\xCC\x88ller", "müller"},
                      // Soft hyphen is default-ignorable: removed.
                      std::pair<std::string, std::string>{"Kon\xC2\xADtakt", "kontakt"},
                      std::pair<std::string, std::string>{"", ""},
                      // Invalid UTF-8 becomes U+FFFD.
                      std::pair<std::string, std::string>{"Ä\xFFX", "ä\xEF\xBF\xBDx"},
                      std::pair<std::string, std::string>{"A\xC3", "a\xEF\xBF\xBD"}));

TEST(CaseFoldFilterTest, FoldsTokensInPlaceKeepingOffsets) {
    std::vector<Token> tokens{{"Größe", 0, 7, 0}, {"ABC", 8, 11, 1}};
    CaseFoldFilter().apply("Größe ABC", tokens);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].text, "grösse");
    EXPECT_EQ(tokens[0].byte_end, 7u);
    EXPECT_EQ(tokens[1].text, "abc");
    EXPECT_EQ(tokens[1].position, 1u);
}

} // namespace
} // namespace antwort::analyzers
