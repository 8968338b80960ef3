/** @file The German query stop words of StopFilter::german_query_words(). */
#include "antwort/analyzers/stop_filter.h"

namespace antwort::analyzers {
namespace {

/**
 * Words that carry no topic in a German question ("Wie kann ich in Writer die
 * Seitenränder ändern?"). Written for this project, deliberately short: no
 * negations (nicht, kein, ohne change the meaning), no words that are also
 * nouns or product terms (Seite, Art, Weise), no "über"/"unter"/"nach"/"vor"
 * (they tell apart e.g. "Text über Bild" and "Bild über Text" only weakly,
 * but appear in menu names such as "Über LibreOffice").
 */
constexpr std::string_view GERMAN_QUERY_WORDS[] = {
    // question words
    "wie", "was", "wo", "wer", "wen", "wem", "warum", "wieso", "weshalb", "wann", "welche",
    "welcher", "welches", "welchen", "woher", "wohin",
    // articles
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    // pronouns
    "ich", "du", "er", "es", "wir", "ihr", "sie", "man", "mich", "mir", "dich", "dir", "uns",
    "euch", "sich", "mein", "meine", "meinen", "meinem", "meiner", "dein", "deine", "ihre", "ihren",
    "unsere",
    // auxiliaries and modal verbs
    "ist", "sind", "bin", "bist", "war", "wird", "werden", "wurde", "kann", "können", "hat", "habe",
    "haben", "muss", "soll",
    // conjunctions and prepositions
    "und", "oder", "zu", "zum", "zur", "mit", "von", "vom", "für", "auf", "in", "im", "an", "am",
    "bei", "beim", "aus", "dass",
    // particles
    "denn", "bitte", "auch", "mal", "so"};

} // namespace

std::span<const std::string_view> StopFilter::german_query_words() {
    return GERMAN_QUERY_WORDS;
}

} // namespace antwort::analyzers
