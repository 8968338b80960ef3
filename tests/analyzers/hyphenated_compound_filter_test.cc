/** @file Tests of HyphenatedCompoundFilter on tokenizer output. */
#include "antwort/analyzers/hyphenated_compound_filter.h"
#include "antwort/analyzers/icu_tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using ::testing::ElementsAre;

std::vector<Token> run(std::string_view text) {
    auto tokenizer = IcuTokenizer::create("de");
    EXPECT_TRUE(tokenizer.ok());
    std::vector<Token> tokens;
    (*tokenizer)->tokenize(text, tokens);
    HyphenatedCompoundFilter().apply(text, tokens);
    return tokens;
}

TEST(HyphenatedCompoundFilterTest, AddsWholeFormBeforePartsAtFirstPosition) {
    auto tokens = run("Community-Management");
    EXPECT_THAT(testing::texts(tokens),
                ElementsAre("CommunityManagement", "Community", "Management"));
    EXPECT_EQ(tokens[0].position, 0u);
    EXPECT_EQ(tokens[0].byte_begin, 0u);
    EXPECT_EQ(tokens[0].byte_end, 20u);
    EXPECT_EQ(tokens[1].position, 0u);
    EXPECT_EQ(tokens[2].position, 1u);
}

TEST(HyphenatedCompoundFilterTest, AcceptsUnicodeHyphens) {
    EXPECT_THAT(testing::texts(run("Ad\u2010hoc")), ElementsAre("Adhoc", "Ad", "hoc"));
    EXPECT_THAT(testing::texts(run("Ad\u2011hoc")), ElementsAre("Adhoc", "Ad", "hoc"));
}

TEST(HyphenatedCompoundFilterTest, IgnoresDashesSpacesAndDoubleHyphens) {
    EXPECT_THAT(testing::texts(run("Ad\u2013hoc")), ElementsAre("Ad", "hoc")); // en dash
    EXPECT_THAT(testing::texts(run("Ad - hoc")), ElementsAre("Ad", "hoc"));
    EXPECT_THAT(testing::texts(run("Ad -hoc")), ElementsAre("Ad", "hoc"));
    EXPECT_THAT(testing::texts(run("Ad--hoc")), ElementsAre("Ad", "hoc"));
}

TEST(HyphenatedCompoundFilterTest, NumberOnlyChainsGetNoWholeForm) {
    EXPECT_THAT(testing::texts(run("10-20")), ElementsAre("10", "20"));
    EXPECT_THAT(testing::texts(run("Windows-10")), ElementsAre("Windows10", "Windows", "10"));
}

TEST(HyphenatedCompoundFilterTest, SeveralCompoundsKeepLaterPositions) {
    auto tokens = run("Ein Open-Source-Projekt mit Drag-and-Drop");
    EXPECT_THAT(testing::texts(tokens),
                ElementsAre("Ein", "OpenSourceProjekt", "Open", "Source", "Projekt", "mit",
                            "DragandDrop", "Drag", "and", "Drop"));
    std::vector<uint32_t> positions;
    for (const Token& t : tokens) {
        positions.push_back(t.position);
    }
    EXPECT_THAT(positions, ElementsAre(0, 1, 1, 2, 3, 4, 5, 5, 6, 7));
}

} // namespace
} // namespace antwort::analyzers
