/** @file Tests of the German "-ung" verb/noun derivation (analyzers::derived_forms). */
#include "antwort/analyzers/derivation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace antwort::analyzers {
namespace {

TEST(DerivationTest, NounAndVerbForms) {
    struct Case {
        const char* word;
        std::vector<std::string> forms;
    };
    const Case cases[] = {
        // noun -> verb: "-en", or "-n" after a stem in -er/-el
        {"löschung", {"löschen"}},
        {"löschungen", {"löschen"}},
        {"änderung", {"ändern"}},
        {"speicherung", {"speichern"}},
        {"regelung", {"regeln"}},
        {"formatierung", {"formatieren"}},
        {"kontolöschung", {"kontolöschen"}},
        // verb -> noun
        {"löschen", {"löschung"}},
        {"ändern", {"änderung"}},
        {"regeln", {"regelung"}},
        {"einfügen", {"einfügung"}},
        {"formatieren", {"formatierung"}},
        // a guess that is no word is harmless: it matches nothing
        {"daten", {"datung"}},
        // nothing to derive
        {"drucker", {}},
        {"konto", {}},
        {"passwort", {}},
        // too short to trust: stem under 3 bytes, word under 5 bytes
        {"übung", {}},
        {"zung", {}},
        {"eben", {}},
        {"", {}},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(derived_forms(c.word), c.forms) << c.word;
    }
}

} // namespace
} // namespace antwort::analyzers
