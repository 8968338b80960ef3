/** @file QueryBuilder: analyzer tokens -> Xapian::Query. */
#include "antwort/searchd/query_builder.h"

#include "antwort/analyzers/derivation.h"
#include "antwort/analyzers/normalize.h"
#include "antwort/searchd/query_syntax.h"

#include <algorithm>

namespace antwort::searchd {

namespace {

/** Xapian refuses terms longer than this many bytes (the indexer cuts to it too). */
constexpr size_t MAX_TERM_BYTES = 245;

/** prefix + value, cut at a UTF-8 boundary to Xapian's term length limit. */
std::string make_boolean_term(const std::string& prefix, std::string_view folded) {
    std::string term = prefix;
    term.append(folded);
    if (term.size() > MAX_TERM_BYTES) {
        size_t cut = MAX_TERM_BYTES;
        while (cut > prefix.size() && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        term.resize(cut);
    }
    return term;
}

/** OR of boolean terms for the values of one filter parameter. */
Xapian::Query values_query(const std::string& prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const auto& value : values) {
        terms.emplace_back(make_boolean_term(prefix, analyzers::fold_case(value)));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::optional<std::string> keyword_prefix(const Schema& schema, std::string_view name) {
    const FieldSpec* field = schema.field(name);
    if (field == nullptr || field->type != FieldType::Keyword || field->prefix.empty()) {
        return std::nullopt;
    }
    return field->prefix;
}

/** The terms of a query's words, by the part of the text query they join. */
struct WordTerms {
    std::vector<std::string> content;  ///< content words
    std::vector<std::string> parts;    ///< compound parts, distinct
    std::vector<std::string> stops;    ///< stop words
    std::vector<std::string> exact;    ///< exact forms (EXACT_TERM_PREFIX terms)
    std::vector<std::string> synonyms; ///< synonyms of content words
};

/** Appends @p term to @p terms unless it is there already. */
void add_distinct(std::vector<std::string>& terms, const std::string& term) {
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
        terms.push_back(term);
    }
}

/** Sorts the terms of @p words into WordTerms; @p snippet_terms gains the text terms. */
WordTerms sort_word_terms(const std::vector<WordAnalysis>& words,
                          std::vector<std::string>& snippet_terms) {
    WordTerms out;
    for (const auto& word : words) {
        if (word.stop_word) {
            out.stops.push_back(word.term);
            continue;
        }
        out.content.push_back(word.term);
        snippet_terms.push_back(word.term);
        for (const auto& part : word.parts) {
            if (std::find(out.parts.begin(), out.parts.end(), part) == out.parts.end()) {
                out.parts.push_back(part);
                add_distinct(snippet_terms, part);
            }
        }
        if (!word.exact.empty()) {
            out.exact.push_back(word.exact);
        }
        out.synonyms.insert(out.synonyms.end(), word.synonyms.begin(), word.synonyms.end());
    }
    return out;
}

/** Adds the OR of @p terms, scaled by @p weight, to @p parts as part @p name
 *  (nothing when there are no terms or the weight is not positive). */
void add_part(std::vector<QueryPart>& parts, const char* name,
              const std::vector<std::string>& terms, double weight) {
    if (terms.empty() || weight <= 0) {
        return;
    }
    Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
    if (weight != 1.0) {
        q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, weight);
    }
    parts.push_back(QueryPart{name, std::move(q)});
}

/** The terms already in the text query (content, parts, stop words, synonyms). */
std::vector<std::string> query_terms(const WordTerms& words) {
    std::vector<std::string> seen = words.content;
    seen.insert(seen.end(), words.parts.begin(), words.parts.end());
    seen.insert(seen.end(), words.stops.begin(), words.stops.end());
    seen.insert(seen.end(), words.synonyms.begin(), words.synonyms.end());
    return seen;
}

/** @p prefix + each term of @p content that stays within Xapian's term length. */
std::vector<std::string> title_terms(const std::string& prefix,
                                     const std::vector<std::string>& content) {
    std::vector<std::string> terms;
    for (const auto& term : content) {
        if (prefix.size() + term.size() <= MAX_TERM_BYTES) {
            terms.push_back(prefix + term);
        }
    }
    return terms;
}

/** OR of the parts of @p built; the proximity bonus of @p content becomes part "phrase"
 *  and built.proximity (it ranks, never matches: search_service.cc adds it in the rerank). */
Xapian::Query join_parts(BuiltQuery& built, const std::vector<std::string>& content,
                         double phrase_weight) {
    std::vector<Xapian::Query> or_parts;
    for (const auto& part : built.parts) {
        or_parts.push_back(part.query);
    }
    Xapian::Query query(Xapian::Query::OP_OR, or_parts.begin(), or_parts.end());
    if (content.size() >= 2 && phrase_weight > 0) {
        // Proximity bonus: all content words within a window a little
        // wider than the query. It never makes a document match.
        Xapian::Query near(Xapian::Query::OP_NEAR, content.begin(), content.end(),
                           static_cast<Xapian::termcount>(content.size() + 2));
        built.proximity = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, phrase_weight);
        built.parts.push_back(QueryPart{"phrase", built.proximity});
    }
    return query;
}

/** The weighted text query of the content words; @p built lists its parts. */
Xapian::Query words_query(const QueryBuilder& builder,
                          const std::optional<std::string>& title_prefix, const WordTerms& words,
                          BuiltQuery& built) {
    const QueryWeights& weights = builder.weights();
    // OR sums the weights of the parts a document matches, so this is
    // the same as OR'ing each word with its own parts: compound parts
    // widen recall but count less than the whole word, so documents
    // using the word as typed rank first.
    add_part(built.parts, "words", words.content, 1.0);
    add_part(built.parts, "compound_parts", words.parts, weights.compound_part);
    add_part(built.parts, "stop_words", words.stops, weights.stop_word);
    add_part(built.parts, "exact_forms", words.exact, weights.exact);
    add_part(built.parts, "synonyms", words.synonyms, weights.synonym);
    std::vector<std::string> seen = query_terms(words);
    add_part(built.parts, "derived_forms", builder.derived_terms(built.words, seen),
             weights.derivation);
    if (title_prefix) {
        // The words once more in the title alone: a title term has its
        // own, higher IDF, so a title naming the query's rarer words
        // ranks first (the shared term space counts the title only by wdf).
        add_part(built.parts, "title", title_terms(*title_prefix, words.content), weights.title);
    }
    return join_parts(built, words.content, weights.phrase);
}

/**
 * @p text with the phrases, -exclusions and prefix* of @p ops (@p phrases
 * says how phrases count), then @p filter and the rating boost.
 */
Result<Xapian::Query> finish_query(const Xapian::Query& text, const SyntaxQueries& ops,
                                   Phrases phrases, const Xapian::Query& filter,
                                   std::optional<unsigned> rating_slot, double rating_weight) {
    Xapian::Query full = apply_syntax(text, ops, phrases);
    if (full.empty() && !filter.empty()) {
        // No words but a filter: list the filtered documents, best rated first.
        full = apply_syntax(
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0.0), ops,
            phrases);
    } else if (full.empty()) {
        return make_error(ErrorCode::InvalidArgument, "query has no searchable words");
    }
    if (!filter.empty()) {
        full = Xapian::Query(Xapian::Query::OP_FILTER, full, filter);
    }
    if (rating_slot && rating_weight > 0) {
        // The Query takes ownership of the released, reference-counted source.
        Xapian::Query rating((new Xapian::ValueWeightPostingSource(*rating_slot))->release());
        full = Xapian::Query(Xapian::Query::OP_AND_MAYBE, full,
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, rating,
                                           rating_weight));
    }
    return full;
}

} // namespace

Xapian::Query with_proximity(const Xapian::Query& query, const Xapian::Query& proximity) {
    if (query.empty() || proximity.empty()) {
        return query;
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, proximity);
}

Result<std::string> QueryBuilder::query_analyzer_name(const Schema& schema) {
    // All text fields share one term space, so one analyzer must produce the
    // query terms: take the one of the first text field (the schema's
    // fields agree on it). A field's query_analyzer, when set, takes the
    // place of its index analyzer for query text (stop words for questions).
    for (const auto& field : schema.fields()) {
        if (field.type == FieldType::Text && !field.analyzer.empty()) {
            return field.query_analyzer.empty() ? field.analyzer : field.query_analyzer;
        }
    }
    return make_error(ErrorCode::Unavailable, "the index schema has no analysed text field");
}

Result<QueryBuilder> QueryBuilder::create(const Schema& schema,
                                          std::shared_ptr<const SynonymMap> synonyms,
                                          QueryWeights weights) {
    QueryBuilder builder;
    builder.synonyms_ = std::move(synonyms);
    builder.weights_ = weights;
    auto analyzer_name = query_analyzer_name(schema);
    if (!analyzer_name) {
        return analyzer_name.error();
    }
    std::string index_analyzer_name;
    for (const auto& field : schema.fields()) {
        if (field.type == FieldType::Text && !field.analyzer.empty()) {
            index_analyzer_name = field.analyzer;
            break;
        }
    }
    auto analyzer = analyzers::get_analyzer(*analyzer_name);
    if (!analyzer) {
        return analyzer.error();
    }
    builder.analyzer_ = *analyzer;
    if (index_analyzer_name != *analyzer_name) {
        auto index_analyzer = analyzers::get_analyzer(index_analyzer_name);
        if (!index_analyzer) {
            return index_analyzer.error();
        }
        builder.index_analyzer_ = *index_analyzer;
    }
    builder.type_prefix_ = keyword_prefix(schema, "type");
    builder.category_prefix_ = keyword_prefix(schema, "category");
    builder.tag_prefix_ = keyword_prefix(schema, "tags");
    if (const FieldSpec* title = schema.field("title");
        title != nullptr && title->type == FieldType::Text && !title->prefix.empty()) {
        builder.title_prefix_ = title->prefix;
    }
    if (auto keyword = analyzers::get_analyzer("de_keyword"); keyword) {
        builder.keyword_analyzer_ = *keyword;
    }
    if (const FieldSpec* updated = schema.field("updated");
        updated != nullptr && updated->type == FieldType::Date) {
        builder.updated_slot_ = updated->value_slot;
    }
    builder.rating_slot_ = schema.rating_slot();
    return builder;
}

std::vector<std::vector<std::string>> QueryBuilder::term_groups(std::string_view text) const {
    std::vector<analyzers::Token> tokens = analyzer_->analyze(text);
    std::stable_sort(tokens.begin(), tokens.end(),
                     [](const auto& a, const auto& b) { return a.position < b.position; });
    std::vector<std::vector<std::string>> groups;
    for (size_t i = 0; i < tokens.size();) {
        std::vector<std::string> group;
        size_t j = i;
        for (; j < tokens.size() && tokens[j].position == tokens[i].position; ++j) {
            if (std::find(group.begin(), group.end(), tokens[j].text) == group.end()) {
                group.push_back(tokens[j].text);
            }
        }
        i = j;
        // The first token at a position is the word as typed (a compound's
        // whole form); the rest are its parts. Keep that order, but drop a
        // group that repeats an earlier one.
        auto same_terms = [&group](const std::vector<std::string>& other) {
            return other.size() == group.size() &&
                   std::is_permutation(other.begin(), other.end(), group.begin());
        };
        if (std::find_if(groups.begin(), groups.end(), same_terms) == groups.end()) {
            groups.push_back(std::move(group));
        }
    }
    return groups;
}

std::vector<WordAnalysis> QueryBuilder::analyse_words(std::string_view text) const {
    std::vector<analyzers::Token> tokens = analyzer_->analyze(text);
    std::stable_sort(tokens.begin(), tokens.end(),
                     [](const auto& a, const auto& b) { return a.position < b.position; });
    std::vector<WordAnalysis> words;
    std::vector<std::string> seen; // every term already in the query
    auto is_seen = [&seen](const std::string& t) {
        return std::find(seen.begin(), seen.end(), t) != seen.end();
    };
    for (size_t i = 0; i < tokens.size();) {
        size_t j = i;
        while (j < tokens.size() && tokens[j].position == tokens[i].position) {
            ++j;
        }
        const analyzers::Token& first = tokens[i];
        WordAnalysis word;
        if (first.byte_end <= text.size() && first.byte_begin < first.byte_end) {
            word.word =
                std::string(text.substr(first.byte_begin, first.byte_end - first.byte_begin));
        }
        word.term = first.text;
        for (size_t k = i + 1; k < j; ++k) {
            if (tokens[k].text != word.term &&
                std::find(word.parts.begin(), word.parts.end(), tokens[k].text) ==
                    word.parts.end()) {
                word.parts.push_back(tokens[k].text);
            }
        }
        i = j;
        if (is_seen(word.term)) {
            continue; // "Haus Häuser": one word
        }
        seen.push_back(word.term);
        word.folded = analyzers::fold_case(word.word);
        if (analyzers::has_variant_spelling(word.word)) {
            std::string exact(analyzers::EXACT_TERM_PREFIX);
            exact += analyzers::lower_case(word.word);
            if (exact.size() <= MAX_TERM_BYTES) {
                word.exact = std::move(exact);
            }
        }
        words.push_back(std::move(word));
    }
    for (const auto& word : words) {
        for (const auto& part : word.parts) {
            seen.push_back(part);
        }
    }
    if (synonyms_) {
        for (auto& word : words) {
            for (const auto& synonym : synonyms_->lookup(word.term)) {
                if (!is_seen(synonym)) {
                    seen.push_back(synonym);
                    word.synonyms.push_back(synonym);
                }
            }
        }
    }
    if (index_analyzer_) {
        // Words the query analyzer dropped: the stop words, at a low weight.
        const std::vector<analyzers::Token> all = index_analyzer_->analyze(text);
        for (size_t i = 0; i < all.size(); ++i) {
            if (i > 0 && all[i - 1].position == all[i].position) {
                continue; // only the word itself, not its compound parts
            }
            const std::string& term = all[i].text;
            auto same = [&term](const analyzers::Token& t) { return t.text == term; };
            if (std::any_of(tokens.begin(), tokens.end(), same) || is_seen(term)) {
                continue;
            }
            seen.push_back(term);
            WordAnalysis word;
            if (all[i].byte_end <= text.size() && all[i].byte_begin < all[i].byte_end) {
                word.word = std::string(
                    text.substr(all[i].byte_begin, all[i].byte_end - all[i].byte_begin));
            }
            word.folded = analyzers::fold_case(word.word);
            word.term = term;
            word.stop_word = true;
            words.push_back(std::move(word));
        }
    }
    return words;
}

std::vector<std::string> QueryBuilder::derived_terms(const std::vector<WordAnalysis>& words,
                                                     std::vector<std::string>& seen) const {
    std::vector<std::string> derived;
    for (const auto& word : words) {
        if (word.stop_word || word.word.empty()) {
            continue;
        }
        for (const auto& form : analyzers::derived_forms(analyzers::lower_case(word.word))) {
            // The whole form and its compound parts ("kontolöschen" ->
            // "konto", "losch"): terms the query does not hold yet.
            for (const auto& token : analyzer_->analyze(form)) {
                if (token.text.size() <= MAX_TERM_BYTES &&
                    std::find(seen.begin(), seen.end(), token.text) == seen.end()) {
                    seen.push_back(token.text);
                    derived.push_back(token.text);
                }
            }
        }
    }
    return derived;
}

std::vector<std::string> QueryBuilder::stop_terms(std::string_view text) const {
    std::vector<std::string> dropped;
    if (!index_analyzer_) {
        return dropped;
    }
    std::vector<analyzers::Token> kept = analyzer_->analyze(text);
    std::vector<analyzers::Token> all = index_analyzer_->analyze(text);
    for (size_t i = 0; i < all.size(); ++i) {
        if (i > 0 && all[i - 1].position == all[i].position) {
            continue; // only the word itself, not its compound parts
        }
        const std::string& term = all[i].text;
        auto same = [&term](const analyzers::Token& t) { return t.text == term; };
        if (std::none_of(kept.begin(), kept.end(), same) &&
            std::find(dropped.begin(), dropped.end(), term) == dropped.end()) {
            dropped.push_back(term);
        }
    }
    return dropped;
}

Xapian::Query QueryBuilder::text_query(const std::vector<std::vector<std::string>>& groups) {
    std::vector<Xapian::Query> parts;
    parts.reserve(groups.size());
    for (const auto& group : groups) {
        if (group.size() == 1) {
            parts.emplace_back(group.front());
            continue;
        }
        // A compound's parts widen recall ("Konto" inside "Benutzerkonto")
        // but count less than the whole word, so documents using the word
        // as typed rank first.
        Xapian::Query whole(group.front());
        Xapian::Query pieces(Xapian::Query::OP_OR, group.begin() + 1, group.end());
        parts.emplace_back(Xapian::Query::OP_OR, whole,
                           Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, pieces,
                                         QueryWeights{}.compound_part));
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Result<Xapian::Query> QueryBuilder::filter_query(const SearchRequest& request) const {
    struct Filter {
        const char* param;
        const std::vector<std::string>* values;
        const std::optional<std::string>* prefix;
    };
    const Filter filters[] = {
        {"type", &request.types, &type_prefix_},
        {"category", &request.categories, &category_prefix_},
        {"tag", &request.tags, &tag_prefix_},
    };
    std::vector<Xapian::Query> parts;
    for (const auto& filter : filters) {
        if (filter.values->empty()) {
            continue;
        }
        if (!*filter.prefix) {
            return make_error(ErrorCode::InvalidArgument,
                              std::string("this index cannot filter by '") + filter.param + "'");
        }
        parts.push_back(values_query(**filter.prefix, *filter.values));
    }
    if (request.updated_after) {
        if (!updated_slot_) {
            return make_error(ErrorCode::InvalidArgument,
                              "this index cannot filter by 'updated_after'");
        }
        parts.emplace_back(Xapian::Query::OP_VALUE_GE, *updated_slot_,
                           Xapian::sortable_serialise(static_cast<double>(*request.updated_after)));
    }
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Result<BuiltQuery> QueryBuilder::build(const SearchRequest& request, double rating_weight) const {
    BuiltQuery built;
    const QuerySyntax syntax = parse_query_syntax(request.q);
    built.words = analyse_words(syntax.words);
    const WordTerms words = sort_word_terms(built.words, built.terms);
    auto filter = filter_query(request);
    if (!filter) {
        return filter.error();
    }
    const SyntaxQueries ops = syntax_queries(
        syntax, {index_analyzer_ ? *index_analyzer_ : *analyzer_,
                 keyword_analyzer_ ? *keyword_analyzer_ : *analyzer_});
    for (const auto& term : ops.highlight_terms) {
        add_distinct(built.terms, term);
    }
    built.highlight_prefixes = ops.highlight_prefixes;
    Xapian::Query query;
    if (!words.content.empty()) {
        query = words_query(*this, title_prefix_, words, built);
    }
    auto required =
        finish_query(query, ops, Phrases::Required, *filter, rating_slot_, rating_weight);
    if (!required) {
        return required.error();
    }
    if (!ops.required.empty()) {
        auto rank_only =
            finish_query(query, ops, Phrases::RankOnly, *filter, rating_slot_, rating_weight);
        if (!rank_only) {
            return rank_only.error();
        }
        built.phrases_rank_only = std::move(*rank_only);
    }
    built.rating_weight = rating_slot_ ? rating_weight : 0.0;
    built.query = std::move(*required);
    return built;
}

} // namespace antwort::searchd
