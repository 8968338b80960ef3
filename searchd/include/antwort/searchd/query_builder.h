/** @file QueryBuilder: query text and filters -> Xapian::Query, following the schema. */
#pragma once

#include "antwort/analyzers/analyzer.h"
#include "antwort/result.h"
#include "antwort/schema.h"
#include "antwort/searchd/search_request.h"

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/** A built query and the terms a snippet should look for. */
struct BuiltQuery {
    Xapian::Query query;
    /** Distinct text terms of the query (analyzer output), for snippets. */
    std::vector<std::string> terms;
};

/**
 * Builds Xapian queries from analyzer output, not with Xapian::QueryParser:
 * in Xapian 1.4 QueryParser does not stem capitalised words, which in German
 * means every noun, so "Häuser" would never meet the indexed "haus".
 *
 * Semantics (v1): the query text runs through the schema's text analyzer;
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
 * The community rating is added as OP_AND_MAYBE(text, SCALE_WEIGHT(value
 * weight of the rating slot, rating_weight)): the slot holds the Wilson lower
 * bound in [0, 1], so the boost never exceeds rating_weight and never makes a
 * document match on its own.
 *
 * Immutable once built; safe to share between threads.
 */
class QueryBuilder {
  public:
    /** Resolves the analyzer and the prefixes/slots the schema names. */
    static Result<QueryBuilder> create(const Schema& schema);

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

    const analyzers::Analyzer& analyzer() const { return *analyzer_; }
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
    std::optional<unsigned> rating_slot_;
};

} // namespace antwort::searchd
