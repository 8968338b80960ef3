/** @file QueryBuilder: query text and filters -> Xapian::Query, following the schema. */
#pragma once

#include "antwort/analyzers/analyzer.h"
#include "antwort/result.h"
#include "antwort/schema.h"
#include "antwort/searchd/search_request.h"
#include "antwort/searchd/synonyms.h"

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/** Relative weights of the parts of a text query (1.0 = a query word). */
struct QueryWeights {
    /** A compound's parts ("konto" in "Benutzerkonto") against the whole word. */
    double compound_part = 0.5;
    /** The query's stop words ("wie", "ist"). */
    double stop_word = 0.2;
    /** The word exactly as typed (EXACT_TERM_PREFIX terms): "Müller" before "Mueller". */
    double exact = 0.1;
    /** Synonyms of a query word (SynonymMap). */
    double synonym = 0.2;
    /** Bonus when all content words occur near each other (OP_NEAR). */
    double phrase = 0.2;
    /** Content words again, matched in the title alone (title prefix terms). */
    double title = 0.3;
    /** "-ung" verb/noun forms of content words ("löschen" for "Löschung"). */
    double derivation = 0.2;
};

/** One named, separately scorable part of the text query. */
struct QueryPart {
    std::string name; ///< "words", "compound_parts", "stop_words", "exact_forms", ...
    Xapian::Query query;
};

/** A built query and the terms a snippet should look for. */
struct BuiltQuery {
    /** What matches, and its text score without the proximity bonus. */
    Xapian::Query query;
    /** The proximity bonus (part "phrase"; empty when none): it only ranks,
     *  so a search adds it to the candidates of `query` alone (with_proximity). */
    Xapian::Query proximity;
    /** When the query has quoted phrases: the same query with the phrases
     *  only ranking (Phrases::RankOnly), searched when `query` finds nothing
     *  ("„Model C“-Schulen" where the text says "Model-C-Schulen"). */
    Xapian::Query phrases_rank_only;
    /** Distinct text terms of the query (analyzer output), for snippets. */
    std::vector<std::string> terms;
    /** The query words and what became of them (content words first). */
    std::vector<WordAnalysis> words;
    /** The text query is OR(parts) (the "phrase" part, `proximity`, joins with AND_MAYBE);
     *  a document's text score is the sum of its weights for each part. */
    std::vector<QueryPart> parts;
    /** Weight of the rating boost used (0 = none). */
    double rating_weight = 0;
    /** Folded prefixes of `prefix*` words (query_syntax.h), for snippets. */
    std::vector<std::string> highlight_prefixes;
};

/** @p query with the proximity bonus @p proximity added to the weight of the
 *  documents it matches (OP_AND_MAYBE); @p query when either is empty. */
Xapian::Query with_proximity(const Xapian::Query& query, const Xapian::Query& proximity);

/**
 * Builds Xapian queries from analyzer output, not with Xapian::QueryParser:
 * in Xapian 1.4 QueryParser does not stem capitalised words, which in German
 * means every noun, so "Häuser" would never meet the indexed "haus".
 *
 * Semantics: the query text runs through the schema's text analyzer;
 * tokens that share a position (a hyphenated compound's joined form beside
 * its first part) are alternatives and become one OP_SYNONYM; the distinct
 * groups are OR'ed, so BM25 ranks documents matching more of the words
 * higher without demanding all of them. Terms live in the shared, unprefixed
 * text space (indexer/document_builder.h), where the title already counts
 * three times (field weight = wdf increment).
 *
 * Filters (type, category, tag) become boolean terms prefix+fold_case(value)
 * applied with OP_FILTER: values of one parameter are OR'ed, parameters AND'ed.
 *
 * Beside the words: the exact surface form typed ("XEmüller", small
 * weight), synonyms of content words (SynonymMap, small weight) and a
 * proximity bonus, OP_AND_MAYBE(text, OP_NEAR(content words, window n + 2)),
 * so documents holding the words close together rank first. BuiltQuery lists
 * these parts so explain=1 can score each alone.
 *
 * The community rating is added as OP_AND_MAYBE(text, SCALE_WEIGHT(value
 * weight of the rating slot, rating_weight)): the slot holds the Wilson lower
 * bound in [0, 1], so the boost never exceeds rating_weight and never makes a
 * document match on its own.
 *
 * Immutable once built; safe to share between threads.
 */
class QueryBuilder {
  public:
    /**
     * Resolves the analyzer and the prefixes/slots the schema names.
     * @param synonyms synonyms keyed by this schema's query terms, or null.
     */
    static Result<QueryBuilder> create(const Schema& schema,
                                       std::shared_ptr<const SynonymMap> synonyms = nullptr,
                                       QueryWeights weights = {});

    /** The name of the analyzer for query text (synonyms must use the same). */
    static Result<std::string> query_analyzer_name(const Schema& schema);

    /**
     * The analysed terms of @p text grouped by position; each group lists the
     * alternatives at one position. Groups equal to an earlier one are dropped.
     */
    std::vector<std::vector<std::string>> term_groups(std::string_view text) const;

    /**
     * Words of @p text that the query analyzer dropped as stop words ("was",
     * "ist"), as index terms. They join the query with a small weight: they
     * never decide a match but break ties towards the wording typed.
     */
    std::vector<std::string> stop_terms(std::string_view text) const;

    /** OR of the groups; a group's first term is the word as typed, the rest
     *  (compound parts) are OR'ed in at a lower weight. */
    static Xapian::Query text_query(const std::vector<std::vector<std::string>>& groups);

    /**
     * The boolean filter for the request's type/category/tag values, or an
     * empty Query when there is none. Fails when the schema lacks the field.
     */
    Result<Xapian::Query> filter_query(const SearchRequest& request) const;

    /**
     * The full query: text (or all documents when the analysed text is empty
     * and a filter is given), filter, rating boost. Fails with InvalidArgument
     * "query has no searchable words" when there is neither text nor filter.
     * @param rating_weight scale of the rating boost; 0 disables it.
     */
    Result<BuiltQuery> build(const SearchRequest& request, double rating_weight) const;

    /**
     * Derived verb/noun forms of the content words of @p words
     * (analyzers::derived_forms) with their new compound parts, as index
     * terms not already in @p seen (which gains them). "Kontolöschung" gives
     * "kontolosch" and "losch", so documents saying "Konto löschen" match.
     */
    std::vector<std::string> derived_terms(const std::vector<WordAnalysis>& words,
                                           std::vector<std::string>& seen) const;

    /** Query words analysed for explain=1 (content words, then stop words). */
    std::vector<WordAnalysis> analyse_words(std::string_view text) const;

    const analyzers::Analyzer& analyzer() const { return *analyzer_; }
    const QueryWeights& weights() const { return weights_; }
    std::optional<unsigned> rating_slot() const { return rating_slot_; }

  private:
    QueryBuilder() = default;

    std::shared_ptr<const analyzers::Analyzer> analyzer_;
    /** The index analyzer when the schema names a different query analyzer:
     *  words the query analyzer drops (stop words) are taken from it. */
    std::shared_ptr<const analyzers::Analyzer> index_analyzer_;
    std::optional<std::string> type_prefix_;
    std::optional<std::string> category_prefix_;
    std::optional<std::string> tag_prefix_;
    std::optional<std::string> title_prefix_;
    std::optional<unsigned> rating_slot_;
    std::shared_ptr<const SynonymMap> synonyms_;
    QueryWeights weights_;
    /** "de_keyword" (fold, no stemming) for `prefix*` words (query_syntax.h). */
    std::shared_ptr<const analyzers::Analyzer> keyword_analyzer_;
    /** Value slot of "updated" (Date), for updated_after. */
    std::optional<unsigned> updated_slot_;
};

} // namespace antwort::searchd
