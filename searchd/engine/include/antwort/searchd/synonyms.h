/** @file SynonymMap: query-time synonyms from OpenThesaurus and an editor file. */
#pragma once

#include "antwort/analyzers/analyzer.h"

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace antwort::searchd {

/** Default location of OpenThesaurus (Debian package openthesaurus-de-text). */
inline constexpr std::string_view DEFAULT_THESAURUS_FILE =
    "/usr/share/openthesaurus-de/openthesaurus.txt";

/** Limits that keep synonym expansion from drifting. */
struct SynonymLimits {
    /** A thesaurus word in more synsets than this is ambiguous: not expanded. */
    size_t max_senses = 2;
    /** Thesaurus words shorter than this (in letters) are neither expanded nor
     *  used as expansions ("Bank", "Tor"). */
    size_t min_letters = 5;
    /** At most this many synonyms per query word. */
    size_t max_expansions = 5;
};

/**
 * Synonyms keyed by index term: both files hold one sense per line, its words
 * separated by ';'; '#' starts a comment line and parenthesised qualifiers
 * ("(ugs.)") are removed. Only single-word entries are used. Every word goes
 * through the query analyzer, so a key and its synonyms are index terms
 * ("Kennwort" -> "kennwort" -> {"passwort", ...}) and inflected query words
 * find them too.
 *
 * Editor lines win: a word that appears in the editor file expands to the
 * words of its editor lines only, whatever its length or number of senses
 * (this is how an editor forces or restricts expansion). Other words expand
 * through the thesaurus when they are long and unambiguous enough
 * (SynonymLimits). Immutable once built; safe to share between threads.
 */
class SynonymMap {
  public:
    /**
     * Reads @p thesaurus and @p editor (either may be empty: no file). A path
     * that cannot be opened is reported with one line on stderr and skipped.
     */
    static std::shared_ptr<const SynonymMap> load(const analyzers::Analyzer& analyzer,
                                                  const std::string& thesaurus,
                                                  const std::string& editor,
                                                  SynonymLimits limits = {});

    /**
     * load() once per process for the analyzer named @p analyzer_name and the
     * two paths; later calls (any thread) share the first result.
     */
    static std::shared_ptr<const SynonymMap> shared(const std::string& analyzer_name,
                                                    const analyzers::Analyzer& analyzer,
                                                    const std::string& thesaurus,
                                                    const std::string& editor);

    /** Builds the map from streams (for tests); either may be null. */
    static std::shared_ptr<const SynonymMap> from_streams(const analyzers::Analyzer& analyzer,
                                                          std::istream* thesaurus,
                                                          std::istream* editor,
                                                          SynonymLimits limits = {});

    /** The synonym terms of index term @p term (empty when none). */
    const std::vector<std::string>& lookup(std::string_view term) const;

    /** Number of terms that have synonyms. */
    size_t size() const { return map_.size(); }

  private:
    std::unordered_map<std::string, std::vector<std::string>> map_;
};

} // namespace antwort::searchd
