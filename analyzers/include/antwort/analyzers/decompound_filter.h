/** @file DecompoundFilter: splits German compounds into dictionary words. */
#pragma once

#include "antwort/analyzers/token_filter.h"

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::analyzers {

namespace detail {
class CompoundDictionary;
} // namespace detail

/**
 * Keeps each token and, for a German compound, adds its parts after it at the
 * same position and with the same offsets (Lucene's compound filters):
 * `kundenbindungsrate` -> `kundenbindungsrate`@0 `kunde`@0 `bindung`@0 `rate`@0.
 *
 * Parts are words of a plain word list (one word per line, UTF-8; by default
 * igerman98's /usr/share/dict/ngerman, which lists inflected forms too),
 * joined directly, by a linking element (Fugenelement -s, -es, -ens, -n, -en)
 * or with a dropped final -e (`schulbuch` -> `schule` `buch`); plural-like
 * links (-e, -er, -en) are covered by the plurals in the list
 * (`kinderzimmer` -> `kinder` `zimmer`). A modifier is emitted without its
 * linking element (`arbeits` -> `arbeit`, `kunden` -> `kunde`), the head (last
 * part) as written; the stemmer later maps both spellings to one stem anyway.
 *
 * The split with the fewest parts wins, then the one with the longest head;
 * parts are not split again (`fahrradschloss` -> `fahrrad` `schloss`). To
 * avoid junk and false splits, when in doubt the word stays whole:
 *  - only words of at least 7 letters (a-z and Latin-1 letters) are split;
 *  - each part has at least 4 letters or is one of a few short nouns
 *    (`tür`, `hof`, `tag`, `öl`, ...), so `sporthalle` never yields `e` and
 *    `urteil` is not `ur` `teil`;
 *  - particles, pronouns and suffix-like words (`über`, `unter`, `nach`,
 *    `mein`, `schaft`, `heit`, `haft`, `dung`, ...) are never parts:
 *    `wirtschaft`, `kleidung`, `übersicht`, `meinung` stay whole;
 *  - words the list has in lower case (verb, adjective and adverb forms such
 *    as `erstellen`, `aktiviert`, `innerhalb`) are not split.
 *
 * Expects case-folded input (run after CaseFoldFilter and before
 * GermanNormalizationFilter and StemFilter, which then treat the parts like
 * any word); dictionary words are case-folded the same way (ß -> ss).
 * Joined hyphenated compounds (HyphenatedCompoundFilter) are not split again:
 * their parts are tokens already.
 *
 * The dictionary is loaded on first use, once per path for the whole process
 * (355,000 words, about 9 MB, 0.2-0.4 s). If it cannot be read, the filter
 * passes tokens through unchanged and writes one line to stderr. Each thread
 * keeps a bounded memo of recent word -> parts results.
 */
class DecompoundFilter final : public TokenFilter {
  public:
    /** The dictionary used when neither a path nor ANTWORT_DICTIONARY is given. */
    static constexpr std::string_view DEFAULT_DICTIONARY = "/usr/share/dict/ngerman";
    /** Words shorter than this (in characters) are never split. */
    static constexpr std::size_t MIN_WORD_CHARS = 7;

    /**
     * @param dictionary_path the word list; if empty, the environment variable
     *        ANTWORT_DICTIONARY, else DEFAULT_DICTIONARY. Read on first use.
     */
    explicit DecompoundFilter(std::string dictionary_path = {});
    ~DecompoundFilter() override;

    void apply(std::string_view source, std::vector<Token>& tokens) const override;

    /**
     * The parts of one case-folded word, modifiers without their linking
     * elements ("kundenbindungsrate" -> {"kunde", "bindung", "rate"}), or an
     * empty vector if the word is not split.
     */
    std::vector<std::string> split(std::string_view folded_word) const;

    /** The word list this filter reads. */
    const std::string& dictionary_path() const { return path_; }
    /** Loads the dictionary if needed; false if it could not be read. */
    bool has_dictionary() const;
    /** Number of distinct (folded) words held; 0 without a dictionary. */
    std::size_t dictionary_words() const;
    /** Heap bytes used by the dictionary (text and hash table). */
    std::size_t dictionary_bytes() const;

  private:
    const detail::CompoundDictionary& dictionary() const;

    std::string path_;
    mutable std::once_flag loaded_;
    mutable std::shared_ptr<const detail::CompoundDictionary> dictionary_;
};

} // namespace antwort::analyzers
