/** @file German word-formation helpers for query expansion (no index-time cost). */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace antwort::analyzers {

/**
 * Verb <-> noun forms of a lower-cased German word by the "-ung" rule:
 * "löschung"/"löschungen" -> "löschen", "änderung" -> "ändern", "regelung" ->
 * "regeln"; "löschen" -> "löschung", "ändern" -> "änderung". The forms are
 * guesses: a query adds them at a low weight, and a guess that is no word
 * ("daten" -> "datung") matches nothing. Words shorter than 5 letters, and
 * stems shorter than 3 letters, give nothing; so does anything else.
 */
std::vector<std::string> derived_forms(std::string_view lower_word);

} // namespace antwort::analyzers
