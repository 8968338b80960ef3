/** @file Query syntax in `q`: "exact phrase", -exclude and prefix*. */
#pragma once

#include "antwort/analyzers/analyzer.h"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/**
 * What parse_query_syntax() found in a query. The parser never fails: broken
 * syntax (an unbalanced quote, a lone `-` or `*`) falls back to plain words.
 */
struct QuerySyntax {
    /** The words to rank by: plain words plus the words inside phrases,
     *  without the exclusions and prefixes (space separated). */
    std::string words;
    /** Text of each `"..."` (or „...“) phrase, as typed. */
    std::vector<std::string> phrases;
    /** Words after a leading `-`: documents holding them are dropped. */
    std::vector<std::string> excluded;
    /** Words before a trailing `*`: they match every word they start. */
    std::vector<std::string> prefixes;

    /** True when something beyond plain words was found. */
    bool has_operators() const {
        return !phrases.empty() || !excluded.empty() || !prefixes.empty();
    }
};

/** Fewest characters (code points) of a prefix before `*`; shorter ones are plain words. */
constexpr size_t MIN_PREFIX_CHARS = 2;
/** Terms one prefix expands to at most (the most frequent ones win). */
constexpr unsigned MAX_PREFIX_EXPANSION = 64;

/**
 * Splits @p q into plain words, phrases, exclusions and prefixes:
 *  - `"genaue Phrase"` (also „…“ and “…”): the words must occur in this
 *    order, next to each other; they also count as words for ranking. An
 *    unmatched quote is ignored.
 *  - `-Wort` at the start of a word: documents containing Wort are dropped.
 *    A lone `-` (or only dashes) is ignored; inner dashes (`E-Mail`) are text;
 *    after "und", "oder", "bzw.", "sowie", "&", a comma or a word ending in
 *    `-` the dash is a German suspended compound ("Import und -Export"): a word.
 *  - `Druck*`: every word starting with "Druck". `*` alone, or a prefix
 *    shorter than MIN_PREFIX_CHARS, becomes a plain word (or nothing); a `*`
 *    inside a word separates words.
 */
QuerySyntax parse_query_syntax(std::string_view q);

/** The analysers the operator queries need (both must outlive the call). */
struct SyntaxAnalyzers {
    /** The index analyzer: phrases and exclusions use its terms and positions. */
    const analyzers::Analyzer& index;
    /** Folding without stemming ("de_keyword") for prefixes. */
    const analyzers::Analyzer& keyword;
};

/** The Xapian queries for the operators of one QuerySyntax. */
struct SyntaxQueries {
    /** AND of the phrases of two or more words (OP_PHRASE over the words' index
     *  terms); empty when none. A one-word phrase only ranks, as a word. */
    Xapian::Query required;
    /** OR of the excluded words' terms, for OP_AND_NOT; empty when none. */
    Xapian::Query excluded;
    /** One query per prefix: OP_WILDCARD on the folded prefix (bounded) OR the
     *  prefix's own stemmed term; they rank like words. */
    std::vector<Xapian::Query> prefixes;
    /** Terms and folded prefixes to highlight in snippets (index-term space). */
    std::vector<std::string> highlight_terms;
    std::vector<std::string> highlight_prefixes;
};

/** Builds the operator queries of @p syntax. */
SyntaxQueries syntax_queries(const QuerySyntax& syntax, const SyntaxAnalyzers& analyzers);

/** How apply_syntax() uses the phrases. */
enum class Phrases {
    Required, ///< a document must hold every phrase (OP_FILTER)
    RankOnly, ///< the phrases only rank (OP_AND_MAYBE): the fallback when none matched
};

/**
 * Combines a text query with the operators: `text AND phrases AND_NOT
 * excluded`, the prefixes OR'ed into the text. @p text may be empty (a query
 * of only phrases or prefixes); the result is empty when nothing positive is
 * left (then the caller decides: filters only, or "no searchable words").
 * With Phrases::RankOnly a phrase adds its weight to the documents holding it
 * and is not required; a query of phrases alone then matches their words.
 */
Xapian::Query apply_syntax(Xapian::Query text, const SyntaxQueries& ops,
                           Phrases phrases = Phrases::Required);

} // namespace antwort::searchd
