/** @file analytics_key(): the analytics grouping key of a query. */
#include "antwort/analyzers/query_key.h"

#include "antwort/analyzers/case_fold_filter.h"
#include "antwort/analyzers/chain_analyzer.h"
#include "antwort/analyzers/decompound_filter.h"
#include "antwort/analyzers/german_normalization_filter.h"
#include "antwort/analyzers/hyphenated_compound_filter.h"
#include "antwort/analyzers/icu_tokenizer.h"
#include "antwort/analyzers/length_filter.h"
#include "antwort/analyzers/normalize.h"
#include "antwort/analyzers/stem_filter.h"
#include "antwort/analyzers/stop_filter.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace antwort::analyzers {
namespace {

/** The parts of "de_query" that analytics_key() runs, in its order. */
struct KeyChain {
    std::unique_ptr<ChainAnalyzer> words; ///< words, hyphenated compounds, folded, stop words
    DecompoundFilter decompound;
    GermanNormalizationFilter normalize;
    LengthFilter length;
    std::unique_ptr<StemFilter> stemmer;
};

const KeyChain& key_chain() {
    static const KeyChain chain = [] {
        auto tokenizer = IcuTokenizer::create("de");
        auto stemmer = StemFilter::create("german");
        if (!tokenizer || !stemmer) {
            throw std::runtime_error("analytics_key: cannot create the German analysis chain");
        }
        std::vector<std::unique_ptr<TokenFilter>> filters;
        filters.push_back(std::make_unique<HyphenatedCompoundFilter>());
        filters.push_back(std::make_unique<CaseFoldFilter>());
        filters.push_back(std::make_unique<StopFilter>(StopFilter::german_query_words()));
        return KeyChain{std::make_unique<ChainAnalyzer>(
                            "analytics_key", std::move(tokenizer).value(), std::move(filters)),
                        DecompoundFilter(), GermanNormalizationFilter(), LengthFilter(),
                        std::move(stemmer).value()};
    }();
    return chain;
}

/**
 * Appends the smallest dictionary parts of the case-folded @p word: the
 * filter does not split a part again ("passwortänderung" -> "passwort"
 * "änderung"), but alone "passwort" is "pass" "wort"; splitting down to the
 * leaves makes both spellings the same words.
 */
void append_leaves(const DecompoundFilter& decompound, const std::string& word, int depth,
                   std::vector<std::string>& out) {
    std::vector<std::string> parts =
        depth < 4 ? decompound.split(word) : std::vector<std::string>{};
    if (parts.empty()) {
        out.push_back(word);
        return;
    }
    for (const auto& part : parts) {
        append_leaves(decompound, part, depth + 1, out);
    }
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

std::string derive_verb_form(std::string_view word) {
    // -ung nouns that are not "verb stem + ung" (or whose verb would merge
    // them with an unrelated word: Zeitung -> Zeit).
    static constexpr std::array<std::string_view, 5> NOT_DERIVED = {"zeitung", "festung", "sprung",
                                                                    "ursprung", "schwung"};
    std::string_view base;
    if (ends_with(word, "ungen")) {
        base = word.substr(0, word.size() - 5);
    } else if (ends_with(word, "ung")) {
        base = word.substr(0, word.size() - 3);
    } else {
        return std::string(word);
    }
    const std::string_view singular = word.substr(0, base.size() + 3);
    if (base.size() < 4 ||
        std::find(NOT_DERIVED.begin(), NOT_DERIVED.end(), singular) != NOT_DERIVED.end()) {
        return std::string(word);
    }
    std::string verb(base);
    verb += ends_with(base, "er") || ends_with(base, "el") ? "n" : "en";
    return verb;
}

std::string analytics_key(std::string_view query) {
    const KeyChain& chain = key_chain();
    std::vector<Token> tokens;
    chain.words->analyze(query, tokens);

    // A hyphenated compound is its joined form plus its parts, the joined
    // form sharing the first part's position and spanning all of them: keep
    // the parts, so "Passwort-Änderung" counts like "Passwort Änderung".
    std::vector<std::string> leaves;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        const bool joined = i + 1 < tokens.size() && tokens[i + 1].position == t.position &&
                            tokens[i + 1].byte_end < t.byte_end;
        if (!joined) {
            append_leaves(chain.decompound, t.text, 0, leaves);
        }
    }
    std::vector<Token> words(leaves.size());
    for (size_t i = 0; i < leaves.size(); ++i) {
        words[i].text = std::move(leaves[i]);
        words[i].position = static_cast<uint32_t>(i);
    }
    chain.normalize.apply(query, words);
    chain.length.apply(query, words);
    for (auto& word : words) {
        word.text = derive_verb_form(word.text);
    }
    chain.stemmer->apply(query, words);

    std::vector<std::string> stems;
    stems.reserve(words.size());
    for (auto& word : words) {
        stems.push_back(std::move(word.text));
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    std::string key;
    for (const auto& stem : stems) {
        if (!key.empty()) {
            key += ' ';
        }
        key += stem;
    }
    return key;
}

std::string analytics_display_form(std::string_view query) {
    constexpr size_t MAX_BYTES = 200;
    const std::string lower = lower_case(query);
    std::string out;
    bool space = false;
    for (char c : lower) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    if (out.size() > MAX_BYTES) {
        size_t cut = MAX_BYTES;
        // Back up to the start of a UTF-8 sequence (never inside one).
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        out.resize(cut);
    }
    return out;
}

} // namespace antwort::analyzers
