/** @file Tests of the "de_keyword" analyzer: normalise, never stem or join. */
#include <gtest/gtest.h>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using testing::TermCase;
using testing::terms;

class DeKeywordTermsTest : public ::testing::TestWithParam<TermCase> {};

TEST_P(DeKeywordTermsTest, ProducesExpectedTerms) {
    EXPECT_EQ(terms("de_keyword", GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    German, DeKeywordTermsTest,
    ::testing::Values(TermCase{"Häuser", {"hauser"}}, TermCase{"Müller", {"muller"}},
                      TermCase{"Mueller", {"muller"}}, TermCase{"Straße", {"strasse"}},
                      TermCase{"Einstellungen", {"einstellungen"}},
                      TermCase{"Community-Management", {"community", "management"}},
                      TermCase{"E-Mail-Adresse", {"e", "mail", "adresse"}},
                      TermCase{"Windows 10", {"windows", "10"}},
                      TermCase{"Seitenr", {"seitenr"}}, // prefix input stays a prefix
                      TermCase{"", {}}, TermCase{"  !? ", {}}));

TEST(DeKeywordTest, KeywordTermIsPrefixOfItsLongerForm) {
    // Autocomplete: the typed prefix must be a byte prefix of the indexed term.
    const auto typed = terms("de_keyword", "Größ");
    const auto full = terms("de_keyword", "Größenänderung");
    ASSERT_EQ(typed.size(), 1u);
    ASSERT_EQ(full.size(), 1u);
    EXPECT_EQ(full[0].rfind(typed[0], 0), 0u) << typed[0] << " vs " << full[0];
}

} // namespace
} // namespace antwort::analyzers
