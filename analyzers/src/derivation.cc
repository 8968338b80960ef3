/** @file German "-ung" derivation for query expansion. */
#include "antwort/analyzers/derivation.h"

namespace antwort::analyzers {

namespace {

bool ends_with(std::string_view word, std::string_view suffix) {
    return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

/** Letters (code points) of a UTF-8 string. */
size_t letters(std::string_view text) {
    size_t n = 0;
    for (const char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

/** Minimum letters left after removing a suffix ("üb" of "übung" is too short to trust). */
constexpr size_t MIN_STEM_LETTERS = 3;

} // namespace

std::vector<std::string> derived_forms(std::string_view word) {
    std::vector<std::string> out;
    if (letters(word) < 5) {
        return out;
    }
    std::string_view stem;
    if (ends_with(word, "ungen")) {
        stem = word.substr(0, word.size() - 5);
    } else if (ends_with(word, "ung")) {
        stem = word.substr(0, word.size() - 3);
    }
    if (!stem.empty()) {
        // Noun -> verb: "änder|ung" -> "ändern", "lösch|ung" -> "löschen".
        if (letters(stem) < MIN_STEM_LETTERS) {
            return out;
        }
        // "-ier|ung" takes "-en" like any other stem ("formatieren").
        std::string verb(stem);
        const bool short_ending =
            (ends_with(stem, "er") && !ends_with(stem, "ier")) || ends_with(stem, "el");
        verb += short_ending ? "n" : "en";
        out.push_back(std::move(verb));
        return out;
    }
    // Verb -> noun: "ändern" -> "änderung", "löschen" -> "löschung".
    std::string_view base;
    if (ends_with(word, "ern") || ends_with(word, "eln")) {
        base = word.substr(0, word.size() - 1);
    } else if (ends_with(word, "en")) {
        base = word.substr(0, word.size() - 2);
    }
    if (letters(base) >= MIN_STEM_LETTERS) {
        std::string noun(base);
        noun += "ung";
        out.push_back(std::move(noun));
    }
    return out;
}

} // namespace antwort::analyzers
