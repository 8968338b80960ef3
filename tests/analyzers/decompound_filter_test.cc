/** @file Tests of DecompoundFilter: compound tables, false splits, positions, fallbacks. */
#include "antwort/analyzers/decompound_filter.h"
#include "antwort/analyzers/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

/** The filter over the system word list (igerman98), shared by the tests. */
const DecompoundFilter& system_filter() {
    static const DecompoundFilter filter{std::string(DecompoundFilter::DEFAULT_DICTIONARY)};
    return filter;
}

#define REQUIRE_SYSTEM_DICTIONARY()                                                                \
    if (!std::filesystem::exists(DecompoundFilter::DEFAULT_DICTIONARY)) {                          \
        GTEST_SKIP() << DecompoundFilter::DEFAULT_DICTIONARY                                       \
                     << " is missing (install wngerman: scripts/setup)";                           \
    }

/** The parts of @p word (as typed: folded here like CaseFoldFilter does). */
std::vector<std::string> parts(const DecompoundFilter& filter, std::string_view word) {
    return filter.split(fold_case(word));
}

struct SplitCase {
    std::string word;
    std::vector<std::string> parts;
};

std::ostream& operator<<(std::ostream& os, const SplitCase& c) {
    return os << '"' << c.word << '"';
}

// Everyday compounds and the words of our issue. Modifiers come without their
// linking element (Kunde-n, Arbeit-s, Tag-es); the head as written. A few
// parts are a verb form instead of the noun ("zahle", "kranke", "sprach"):
// the stemmer turns both into the same stem, so only the looks differ.
const std::vector<SplitCase> COMPOUNDS = {
    {"Kundenbindungsrate", {"kunde", "bindung", "rate"}},
    {"Arbeitsplatz", {"arbeit", "platz"}},
    {"Sonnenschein", {"sonne", "schein"}},
    {"Benutzerkonto", {"benutzer", "konto"}},
    {"Passwortänderung", {"passwort", "änderung"}},
    {"Druckertreiber", {"drucker", "treiber"}},
    {"Kundenkonto", {"kunde", "konto"}},
    {"Sporthalle", {"sport", "halle"}},
    {"Bahnhof", {"bahn", "hof"}},
    {"Wasserstoff", {"wasser", "stoff"}},
    {"Haustür", {"haus", "tür"}},
    {"Fahrradschloss", {"fahrrad", "schloss"}},
    {"Geburtstagsgeschenk", {"geburtstag", "geschenk"}},
    {"Datenschutzerklärung", {"datenschutz", "erklärung"}},
    {"Benutzername", {"benutzer", "name"}},
    {"Softwareaktualisierung", {"software", "aktualisierung"}},
    {"Sicherheitslücke", {"sicherheit", "lücke"}},
    {"Seitenränder", {"seite", "ränder"}},
    {"Tastenkombination", {"taste", "kombination"}},
    {"Menüleiste", {"menü", "leiste"}},
    {"Symbolleiste", {"symbol", "leiste"}},
    {"Dateiname", {"datei", "name"}},
    {"Formatvorlage", {"format", "vorlage"}},
    {"Zeilenumbruch", {"zeile", "umbruch"}},
    {"Rechtschreibprüfung", {"recht", "schreib", "prüfung"}},
    {"Textverarbeitung", {"text", "verarbeitung"}},
    {"Tabellenkalkulation", {"tabelle", "kalkulation"}},
    {"Schriftart", {"schrift", "art"}},
    {"Schriftgröße", {"schrift", "grösse"}},
    {"Hintergrundfarbe", {"hintergrund", "farbe"}},
    {"Zahlenformat", {"zahle", "format"}},
    {"Zellbereich", {"zelle", "bereich"}},
    {"Kontextmenü", {"kontext", "menü"}},
    {"Dialogfeld", {"dialog", "feld"}},
    {"Kontrollkästchen", {"kontrolle", "kästchen"}},
    {"Druckvorschau", {"druck", "vorschau"}},
    {"Seitenzahl", {"seite", "zahl"}},
    {"Inhaltsverzeichnis", {"inhalt", "verzeichnis"}},
    {"Fußzeile", {"fuss", "zeile"}},
    {"Kopfzeile", {"kopf", "zeile"}},
    {"Wochenende", {"woche", "ende"}},
    {"Krankenversicherung", {"kranke", "versicherung"}},
    {"Handschuh", {"hand", "schuh"}},
    {"Kühlschrank", {"kühl", "schrank"}},
    {"Schulbuch", {"schule", "buch"}},
    {"Kinderzimmer", {"kinder", "zimmer"}},
    {"Tagesordnung", {"tag", "ordnung"}},
    {"Hundehütte", {"hunde", "hütte"}},
    {"Straßenbahn", {"strasse", "bahn"}},
    {"Haltestelle", {"halte", "stelle"}},
    {"Ölwechsel", {"öl", "wechsel"}},
    {"Lesezeichen", {"lese", "zeichen"}},
    {"Bildschirmfoto", {"bildschirm", "foto"}},
    {"Mehrwertsteuer", {"mehrwert", "steuer"}},
    {"Sprachausgabe", {"sprach", "ausgabe"}},
    {"Sicherheitskopie", {"sicherheit", "kopie"}},
    {"Wörterbuch", {"wörter", "buch"}},
    {"Fehlermeldung", {"fehler", "meldung"}},
    {"Speicherplatz", {"speicher", "platz"}},
    {"Arbeitsblatt", {"arbeit", "blatt"}},
    {"Verkehrsmittel", {"verkehr", "mittel"}},
    {"Fahrkarte", {"fahr", "karte"}},
    {"Zeitraum", {"zeit", "raum"}},
    {"Feiertag", {"feier", "tag"}},
    {"Spülmaschine", {"spül", "maschine"}},
    {"Netzwerkkabel", {"netzwerk", "kabel"}},
    {"Bildschirmschoner", {"bildschirm", "schoner"}},
};

class CompoundTableTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(CompoundTableTest, SplitsIntoExpectedParts) {
    REQUIRE_SYSTEM_DICTIONARY();
    EXPECT_EQ(parts(system_filter(), GetParam().word), GetParam().parts);
}

INSTANTIATE_TEST_SUITE_P(German, CompoundTableTest, ::testing::ValuesIn(COMPOUNDS));

// Derivations, prefixed words and foreign words that look like compounds
// (Klei|dung, Wirt|schaft, Ur|teil, Gene|ration, Über|sicht, Zug|riff ...).
const std::vector<std::string> NOT_COMPOUNDS = {
    "Verbindung",     "Kleidung",     "Gesundheit",     "Wirtschaft",      "Bedienung",
    "Erfahrung",      "Meinung",      "Versicherung",   "Zeitung",         "Hoffnung",
    "Beamter",        "Urteil",       "Übersicht",      "Unterschied",     "Nachricht",
    "Eigenschaft",    "Einstellung",  "Beispiel",       "Zusammenfassung", "Abteilung",
    "Gründung",       "Landschaft",   "Sicherheit",     "Meldung",         "Bildung",
    "Operator",       "Parameter",    "Monitor",        "Programm",        "Element",
    "Dokument",       "Kalender",     "Tabelle",        "Formular",        "Verzeichnis",
    "Bäckerei",       "fehlerhaft",   "Gegenstand",     "Vergangenheit",   "Anwendung",
    "Beschreibung",   "Umgebung",     "Leistung",       "Richtung",        "Handlung",
    "Verwaltung",     "Ergebnis",     "Bereich",        "Standard",        "Kommentar",
    "Tastatur",       "Diagramm",     "beispielsweise", "Freundschaft",    "Mannschaft",
    "Gesellschaft",   "Wissenschaft", "Bibliothek",     "Unternehmen",     "Veranstaltung",
    "Entwicklung",    "Rechnung",     "Ordnung",        "Vorlage",         "Überschrift",
    "Generation",     "Moderation",   "Kombination",    "Zugriff",         "Vergleich",
    "Einsendung",     "Funktionen",   "Versionen",      "Hervorhebung",    "Übereinstimmung",
    "erstellen",      "aktiviert",    "innerhalb",      "formatieren",     "versehen",
    "entsprechenden", "zugewiesen",   "Verbinder",      "Szenarien",       "Unterstreichung",
};

TEST(DecompoundFilterTest, NonCompoundsStayWhole) {
    REQUIRE_SYSTEM_DICTIONARY();
    int split = 0;
    for (const auto& word : NOT_COMPOUNDS) {
        const auto p = parts(system_filter(), word);
        EXPECT_THAT(p, IsEmpty()) << word << " -> " << ::testing::PrintToString(p);
        split += p.empty() ? 0 : 1;
    }
    EXPECT_EQ(split, 0) << "of " << NOT_COMPOUNDS.size() << " non-compounds";
}

TEST(DecompoundFilterTest, NoJunkFragments) {
    REQUIRE_SYSTEM_DICTIONARY();
    // Sporthalle must not give "e"; no part is shorter than three letters
    // except the listed "öl"; particles are never parts.
    EXPECT_THAT(parts(system_filter(), "Sporthalle"), ElementsAre("sport", "halle"));
    for (const auto& c : COMPOUNDS) {
        for (const auto& part : parts(system_filter(), c.word)) {
            EXPECT_TRUE(part.size() >= 3 || part == "öl") << c.word << " -> " << part;
        }
    }
    EXPECT_THAT(parts(system_filter(), "Urteil"), IsEmpty()); // not ur|teil
    EXPECT_THAT(parts(system_filter(), "Hintergrundfarbe"),   // not hintere|...
                ElementsAre("hintergrund", "farbe"));
}

TEST(DecompoundFilterTest, ShortAndOddTokensAreNotCandidates) {
    REQUIRE_SYSTEM_DICTIONARY();
    EXPECT_THAT(system_filter().split("haustr"), IsEmpty()); // 6 letters
    EXPECT_THAT(system_filter().split("haus2tür"), IsEmpty());
    EXPECT_THAT(system_filter().split("haus'tür"), IsEmpty());
    EXPECT_THAT(system_filter().split(""), IsEmpty());
    EXPECT_THAT(system_filter().split("HAUSTÜR"), IsEmpty()); // expects folded input
    EXPECT_THAT(system_filter().split(std::string(200, 'a')), IsEmpty());
}

TEST(DecompoundFilterTest, ReportsTheDictionary) {
    REQUIRE_SYSTEM_DICTIONARY();
    EXPECT_TRUE(system_filter().has_dictionary());
    EXPECT_GT(system_filter().dictionary_words(), 100000u);
    EXPECT_LT(system_filter().dictionary_bytes(), 32u << 20);
}

/** A small word list written to a temporary file, removed at the end. */
class TinyDictionary {
  public:
    explicit TinyDictionary(const std::vector<std::string>& words)
        : path_(std::filesystem::temp_directory_path() /
                ("antwort_decompound_" + std::to_string(::getpid()) + "_" +
                 std::to_string(counter_++) + ".txt")) {
        std::ofstream out(path_);
        for (const auto& word : words) {
            out << word << "\r\n"; // CRLF must not matter
        }
    }
    ~TinyDictionary() { std::filesystem::remove(path_); }
    TinyDictionary(const TinyDictionary&) = delete;
    TinyDictionary& operator=(const TinyDictionary&) = delete;
    std::string path() const { return path_.string(); }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

TEST(DecompoundFilterTest, LinkingElementsWithATinyDictionary) {
    TinyDictionary dict({"Kunde",  "Kunden", "Bindung", "Rate",   "Arbeit", "Platz",   "sonne",
                         "sonnen", "Schein", "Herz",    "Wunsch", "Tag",    "Ordnung", "Schule",
                         "Buch",   "Straße", "Bahn",    "ABM",    "ÖPNV",   "Konto"});
    const DecompoundFilter filter(dict.path());
    ASSERT_TRUE(filter.has_dictionary());
    EXPECT_THAT(filter.split("kundenbindungsrate"), ElementsAre("kunde", "bindung", "rate"));
    EXPECT_THAT(filter.split("arbeitsplatz"), ElementsAre("arbeit", "platz")); // -s
    EXPECT_THAT(filter.split("sonnenschein"), ElementsAre("sonne", "schein")); // -n
    EXPECT_THAT(filter.split("herzenswunsch"), ElementsAre("herz", "wunsch")); // -ens
    EXPECT_THAT(filter.split("tagesordnung"), ElementsAre("tag", "ordnung"));  // -es
    EXPECT_THAT(filter.split("schulbuch"), ElementsAre("schule", "buch"));     // dropped -e
    EXPECT_THAT(filter.split("strassenbahn"), ElementsAre("strasse", "bahn")); // ß folded
    EXPECT_THAT(filter.split("kundenkonto"), ElementsAre("kunde", "konto"));
    // Acronyms are not read as words; a trailing linking element is no part.
    EXPECT_THAT(filter.split("abmkonto"), IsEmpty());
    EXPECT_THAT(filter.split("kontokunden"), ElementsAre("konto", "kunden"));
    EXPECT_THAT(filter.split("kontokundes"), IsEmpty());
}

TEST(DecompoundFilterTest, PrefersFewestPartsThenLongestHead) {
    TinyDictionary dict({"Stau", "Staub", "Becken", "Ecken", "Fahrrad", "Fahr", "Rad", "Schloss",
                         "Daten", "Schutz", "Datenschutz", "Erklärung"});
    const DecompoundFilter filter(dict.path());
    EXPECT_THAT(filter.split("staubecken"), ElementsAre("stau", "becken"));
    EXPECT_THAT(filter.split("fahrradschloss"), ElementsAre("fahrrad", "schloss"));
    EXPECT_THAT(filter.split("datenschutzerklärung"), ElementsAre("datenschutz", "erklärung"));
}

TEST(DecompoundFilterTest, NeverPartsAndShortWordsAreNotUsed) {
    TinyDictionary dict({"Wirt", "Schaft", "Klei", "Dung", "über", "Sicht", "Ur", "Teil", "Rand",
                         "Ton", "Sport", "Halle", "Hall"});
    const DecompoundFilter filter(dict.path());
    EXPECT_THAT(filter.split("wirtschaft"), IsEmpty());
    EXPECT_THAT(filter.split("kleidung"), IsEmpty());
    EXPECT_THAT(filter.split("übersicht"), IsEmpty());
    EXPECT_THAT(filter.split("urteilen"), IsEmpty());
    EXPECT_THAT(filter.split("tonrand"), IsEmpty()); // "ton": 3 letters, not listed
    EXPECT_THAT(filter.split("sporthalle"), ElementsAre("sport", "halle"));
}

TEST(DecompoundFilterTest, MissingDictionaryPassesTokensThrough) {
    const DecompoundFilter filter("/nonexistent/antwort/ngerman");
    EXPECT_FALSE(filter.has_dictionary());
    EXPECT_EQ(filter.dictionary_words(), 0u);
    EXPECT_THAT(filter.split("kundenbindungsrate"), IsEmpty());
    std::vector<Token> tokens = {{"kundenbindungsrate", 0, 18, 0}};
    filter.apply("Kundenbindungsrate", tokens);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].text, "kundenbindungsrate");
}

TEST(DecompoundFilterTest, ThreadsRacingOnFirstUseLoadOnce) {
    TinyDictionary dict({"Haus", "Tür", "Kunde", "Konto"});
    const DecompoundFilter filter(dict.path());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                const auto p = filter.split(i % 2 == 0 ? "haustür" : "kundenkonto");
                const std::vector<std::string> expected =
                    i % 2 == 0 ? std::vector<std::string>{"haus", "tür"}
                               : std::vector<std::string>{"kunde", "konto"};
                wrong += p == expected ? 0 : 1;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(filter.dictionary_words(), 4u + 23u); // plus the short nouns ("tür" is one)
}

TEST(DecompoundFilterTest, EnvironmentOverridesTheDefaultPath) {
    ::setenv("ANTWORT_DICTIONARY", "/tmp/some-other-list", 1);
    const DecompoundFilter from_env;
    ::unsetenv("ANTWORT_DICTIONARY");
    const DecompoundFilter by_default;
    const DecompoundFilter explicit_path("/tmp/explicit");
    EXPECT_EQ(from_env.dictionary_path(), "/tmp/some-other-list");
    EXPECT_EQ(by_default.dictionary_path(), DecompoundFilter::DEFAULT_DICTIONARY);
    EXPECT_EQ(explicit_path.dictionary_path(), "/tmp/explicit");
}

TEST(DecompoundFilterTest, PartsFollowTheWholeWordAtItsPositionAndOffsets) {
    TinyDictionary dict({"Kunde", "Bindung", "Rate", "Haus", "Tür"});
    const DecompoundFilter filter(dict.path());
    const std::string source = "Die Kundenbindungsrate steigt, E-Haustür";
    std::vector<Token> tokens = {
        {"die", 0, 3, 0},      {"kundenbindungsrate", 4, 22, 1},
        {"steigt", 23, 29, 2}, {"ehaustür", 31, 41, 3}, // joined hyphenated compound
        {"e", 31, 32, 3},      {"haustür", 33, 41, 4}};
    filter.apply(source, tokens);
    ASSERT_EQ(tokens.size(), 11u);
    const std::vector<std::string> expected = {
        "die",    "kundenbindungsrate", "kunde", "bindung", "rate",
        "steigt", "ehaustür",           "e",     "haustür", "haus",
        "tür"};
    EXPECT_EQ(testing::texts(tokens), expected);
    for (int i : {1, 2, 3, 4}) {
        EXPECT_EQ(tokens[i].position, 1u);
        EXPECT_EQ(tokens[i].byte_begin, 4u);
        EXPECT_EQ(tokens[i].byte_end, 22u);
    }
    EXPECT_EQ(tokens[5].position, 2u);
    for (int i : {8, 9, 10}) {
        EXPECT_EQ(tokens[i].position, 4u);
        EXPECT_EQ(tokens[i].byte_begin, 33u);
        EXPECT_EQ(tokens[i].byte_end, 41u);
    }
}

TEST(DeCompoundTest, PartsAreNormalisedAndStemmedLikeWords) {
    REQUIRE_SYSTEM_DICTIONARY();
    using testing::terms;
    EXPECT_EQ(terms("de_compound", "Kundenbindungsrate"),
              (std::vector<std::string>{"kundenbindungsrat", "kund", "bindung", "rat"}));
    EXPECT_EQ(terms("de_compound", "Passwortänderung"),
              (std::vector<std::string>{"passwortander", "passwort", "ander"}));
    EXPECT_EQ(terms("de_compound", "Straßenbahn"),
              (std::vector<std::string>{"strassenbahn", "strass", "bahn"}));
    // A query for a part finds the compound: same stem as the part's own word.
    EXPECT_EQ(terms("de_compound", "Seitenränder")[1], terms("de_compound", "Seite")[0]);
    EXPECT_EQ(terms("de_compound", "Seitenränder")[2], terms("de_compound", "Rand")[0]);
    // de_text is unchanged: no parts.
    EXPECT_EQ(terms("de_text", "Kundenbindungsrate"),
              (std::vector<std::string>{"kundenbindungsrat"}));
}

TEST(DeCompoundTest, OffsetsAndPositionsInASentence) {
    REQUIRE_SYSTEM_DICTIONARY();
    const std::string input = "Das Benutzerkonto sperren";
    auto tokens = testing::analyzer("de_compound")->analyze(input);
    ASSERT_TRUE(testing::well_formed(input, tokens));
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(testing::texts(tokens),
              (std::vector<std::string>{"das", "benutzerkonto", "benutz", "konto", "sperr"}));
    for (int i : {1, 2, 3}) {
        EXPECT_EQ(tokens[i].position, 1u);
        EXPECT_EQ(input.substr(tokens[i].byte_begin, tokens[i].byte_end - tokens[i].byte_begin),
                  "Benutzerkonto");
    }
    EXPECT_EQ(tokens[4].position, 2u);
}

} // namespace
} // namespace antwort::analyzers
