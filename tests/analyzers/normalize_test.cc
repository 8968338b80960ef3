/** @file Tests for lower_case() and has_variant_spelling() (exact-surface terms). */
#include "antwort/analyzers/normalize.h"

#include <gtest/gtest.h>

namespace antwort::analyzers {
namespace {

TEST(NormalizeTest, LowerCaseKeepsUmlautsAndSharpS) {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"Müller", "müller"}, {"MÜLLER", "müller"},      {"Straße", "straße"},
        {"Mueller", "mueller"}, {"ÄÖÜ", "äöü"},          {"", ""},
        {"Mu\xCC\x88ller", "müller"}, // decomposed ü is composed (NFC)
    };
    for (const Case& c : cases) {
        EXPECT_EQ(lower_case(c.in), c.out) << c.in;
    }
}

TEST(NormalizeTest, VariantSpellings) {
    struct Case {
        const char* word;
        bool variant;
    };
    const Case cases[] = {
        {"Müller", true}, {"Mueller", true}, {"Strasse", true}, {"Straße", true},
        {"GOETHE", true}, {"Muller", false}, {"Drucker", false}, {"Haus", false},
        {"Café", true},   {"", false},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(has_variant_spelling(c.word), c.variant) << c.word;
    }
}

} // namespace
} // namespace antwort::analyzers
