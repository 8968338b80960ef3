/** @file Tests for parse_query_syntax() (table-driven) and the operator queries. */
#include "antwort/searchd/query_syntax.h"

#include <gtest/gtest.h>

#include <ostream>

namespace antwort::searchd {
namespace {

struct SyntaxCase {
    const char* input;
    const char* words;
    std::vector<std::string> phrases;
    std::vector<std::string> excluded;
    std::vector<std::string> prefixes;
};

void PrintTo(const SyntaxCase& c, std::ostream* os) {
    *os << '[' << c.input << ']';
}

class ParseQuerySyntaxTest : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(ParseQuerySyntaxTest, SplitsWordsPhrasesExclusionsAndPrefixes) {
    const SyntaxCase& c = GetParam();
    const QuerySyntax got = parse_query_syntax(c.input);
    EXPECT_EQ(got.words, c.words);
    EXPECT_EQ(got.phrases, c.phrases);
    EXPECT_EQ(got.excluded, c.excluded);
    EXPECT_EQ(got.prefixes, c.prefixes);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseQuerySyntaxTest,
    ::testing::Values(
        // plain words pass through (whitespace normalised)
        SyntaxCase{"Passwort vergessen", "Passwort vergessen", {}, {}, {}},
        SyntaxCase{"  Drucker \t einrichten ", "Drucker einrichten", {}, {}, {}},
        // phrases: required and also ranked as words
        SyntaxCase{"\"genaue Phrase\"", "genaue Phrase", {"genaue Phrase"}, {}, {}},
        SyntaxCase{"Konto \"E-Mail ändern\" jetzt", "Konto E-Mail ändern jetzt",
                   {"E-Mail ändern"}, {}, {}},
        SyntaxCase{"\xE2\x80\x9E" "deutsche Anf\xC3\xBChrung" "\xE2\x80\x9C",
                   "deutsche Anf\xC3\xBChrung", {"deutsche Anf\xC3\xBChrung"}, {}, {}},
        SyntaxCase{"\"a b\" \"c d\"", "a b c d", {"a b", "c d"}, {}, {}},
        SyntaxCase{"\"\" Wort", "Wort", {}, {}, {}},
        // A dash glued to a closing quote continues a compound, it excludes nothing.
        SyntaxCase{"\xE2\x80\x9E" "Model C" "\xE2\x80\x9C" "-Schulen heute", "Model C Schulen heute",
                   {"Model C"}, {}, {}},
        SyntaxCase{"\"a b\"-c -d", "a b c", {"a b"}, {"d"}, {}},
        SyntaxCase{"\"a b\" -c", "a b", {"a b"}, {"c"}, {}},
        // exclusion
        SyntaxCase{"Drucker -Canon", "Drucker", {}, {"Canon"}, {}},
        SyntaxCase{"-ausschließen", "", {}, {"ausschließen"}, {}},
        SyntaxCase{"E-Mail-Adresse", "E-Mail-Adresse", {}, {}, {}},
        SyntaxCase{"mount --bind", "mount --bind", {}, {}, {}}, // an option, no exclusion
        SyntaxCase{"---dreifach", "", {}, {"dreifach"}, {}},
        // German suspended compounds are words, not exclusions
        SyntaxCase{"HTML-Import und -Export", "HTML-Import und Export", {}, {}, {}},
        SyntaxCase{"Ein- oder -Ausgang", "Ein- oder Ausgang", {}, {}, {}},
        SyntaxCase{"Import, -Export", "Import, Export", {}, {}, {}},
        // prefix
        SyntaxCase{"Druck*", "", {}, {}, {"Druck"}},
        SyntaxCase{"Drucker Einst**", "Drucker", {}, {}, {"Einst"}},
        SyntaxCase{"Größ*", "", {}, {}, {"Größ"}},
        // broken syntax falls back to plain words
        SyntaxCase{"\"unbalanced Konto", "unbalanced Konto", {}, {}, {}},
        SyntaxCase{"\"a b\" c \"d", "a b c d", {"a b"}, {}, {}},
        SyntaxCase{"Konto -", "Konto", {}, {}, {}},
        SyntaxCase{"-", "", {}, {}, {}},
        SyntaxCase{"*", "", {}, {}, {}},
        SyntaxCase{"Konto *", "Konto", {}, {}, {}},
        SyntaxCase{"a*", "a", {}, {}, {}},
        SyntaxCase{"ä*", "ä", {}, {}, {}}, // one code point, two bytes: too short
        SyntaxCase{"Dru*ck", "Dru ck", {}, {}, {}},
        SyntaxCase{"-Dru*", "", {}, {"Dru"}, {}},
        SyntaxCase{"", "", {}, {}, {}}));

const analyzers::Analyzer& analyzer(const char* name) {
    return **analyzers::get_analyzer(name);
}

SyntaxQueries build(std::string_view q) {
    return syntax_queries(parse_query_syntax(q),
                          {analyzer("de_compound"), analyzer("de_keyword")});
}

TEST(SyntaxQueriesTest, PhraseIsOpPhraseOverIndexTerms) {
    const SyntaxQueries ops = build("\"Häuser streichen\"");
    const std::string desc = ops.required.get_description();
    EXPECT_NE(desc.find("PHRASE"), std::string::npos) << desc;
    EXPECT_NE(desc.find("haus"), std::string::npos) << desc;
    EXPECT_TRUE(ops.excluded.empty());
    EXPECT_TRUE(ops.prefixes.empty());
}

TEST(SyntaxQueriesTest, OneWordPhraseIsNotRequired) {
    EXPECT_TRUE(build("\"& oder +\" Verkettung").required.empty());
    EXPECT_TRUE(build("\"*\" Operator").required.empty());
}

TEST(SyntaxQueriesTest, ExclusionUsesTheStemmedTerm) {
    const SyntaxQueries ops = build("Drucker -Häuser");
    EXPECT_NE(ops.excluded.get_description().find("haus"), std::string::npos)
        << ops.excluded.get_description();
}

TEST(SyntaxQueriesTest, PrefixIsABoundedWildcardOnTheFoldedPrefix) {
    const SyntaxQueries ops = build("Größ*");
    ASSERT_EQ(ops.prefixes.size(), 1u);
    const std::string desc = ops.prefixes[0].get_description();
    EXPECT_NE(desc.find("WILDCARD"), std::string::npos) << desc;
    EXPECT_NE(desc.find("gross"), std::string::npos) << desc;
    EXPECT_EQ(ops.highlight_prefixes, std::vector<std::string>{"gross"});
}

TEST(ApplySyntaxTest, CombinesTextPhrasesExclusionsAndPrefixes) {
    const SyntaxQueries ops = build("\"a b\" -c dr*");
    const Xapian::Query q = apply_syntax(Xapian::Query("x"), ops);
    const std::string desc = q.get_description();
    EXPECT_NE(desc.find("AND_NOT"), std::string::npos) << desc;
    EXPECT_NE(desc.find("FILTER"), std::string::npos) << desc;
    EXPECT_NE(desc.find("WILDCARD"), std::string::npos) << desc;
}

TEST(ApplySyntaxTest, RankOnlyPhrasesDoNotDecideTheMatch) {
    const SyntaxQueries ops = build("\"a b\" -c");
    const std::string desc =
        apply_syntax(Xapian::Query("x"), ops, Phrases::RankOnly).get_description();
    EXPECT_EQ(desc.find("FILTER"), std::string::npos) << desc;
    EXPECT_NE(desc.find("AND_MAYBE"), std::string::npos) << desc;
    EXPECT_NE(desc.find("PHRASE"), std::string::npos) << desc;
    EXPECT_NE(desc.find("AND_NOT"), std::string::npos) << "exclusions still exclude: " << desc;
}

TEST(ApplySyntaxTest, OnlyExclusionsLeaveNothingPositive) {
    EXPECT_TRUE(apply_syntax(Xapian::Query(), build("-Drucker")).empty());
}

} // namespace
} // namespace antwort::searchd
