/** @file analytics_key(): one grouping key for the ways editors' users phrase one query. */
#pragma once

#include <string>
#include <string_view>

namespace antwort::analyzers {

/**
 * The normalised key under which search analytics count @p query, so that
 * `Passwort ändern`, `passwort aendern`, `Passwortänderung` and
 * `Wie kann ich mein Passwort ändern?` are one line of the report
 * (`and pass wort`). Steps:
 *
 *  1. the front of the "de_query" chain: ICU words, hyphenated compounds
 *     (their parts only, so `Passwort-Änderung` = `Passwort Änderung`),
 *     case folding, German question/function words dropped;
 *  2. dictionary decompounding down to the smallest parts (DecompoundFilter
 *     does not split a part again, so `passwortänderung` gives `passwort`
 *     `änderung` while `passwort` alone gives `pass` `wort`; splitting to the
 *     leaves makes written-together and written-apart the same words), then
 *     umlaut/ß folding (`aendern` = `ändern`);
 *  3. nominalisation rule (see derive_verb_form()): `-ung`/`-ungen` nouns
 *     become the verb they derive from (`anderung` -> `andern`), because the
 *     Snowball stemmer maps `Änderung` to `ander` but `ändern` to `and`;
 *  4. Snowball German stemming;
 *  5. the distinct stems, sorted (word order does not matter), joined by
 *     one space.
 *
 * Used only for analytics: search itself never applies step 3. Returns ""
 * for a query without words. Thread-safe.
 */
std::string analytics_key(std::string_view query);

/**
 * The German derivation rule of analytics_key() on one case-folded,
 * umlaut-folded word: a noun in `-ung` or `-ungen` whose base has at least
 * 4 letters becomes its infinitive, `-n` after a base ending in `-er`/`-el`
 * (`anderung` -> `andern`, `regelung` -> `regeln`), `-en` otherwise
 * (`einstellungen` -> `einstellen`, `losung` -> `losen`). A few `-ung` nouns
 * that do not come from a verb of that form (`zeitung`, `festung`, `sprung`,
 * `ursprung`, `schwung`) are left alone, as is every other word.
 */
std::string derive_verb_form(std::string_view folded_word);

/**
 * How a query is shown in the report: lower-cased as written (umlauts kept),
 * white space collapsed to single spaces and trimmed, cut to at most 200
 * bytes on a UTF-8 boundary.
 */
std::string analytics_display_form(std::string_view query);

} // namespace antwort::analyzers
