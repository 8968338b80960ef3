/** @file QueryBuilder: analyzer tokens -> Xapian::Query. */
#include "antwort/searchd/query_builder.h"

#include "antwort/analyzers/normalize.h"

#include <algorithm>

namespace antwort::searchd {

namespace {

/** Weight of a compound's parts relative to the whole word in a query. */
constexpr double COMPOUND_PART_WEIGHT = 0.5;

/** Weight of a query's stop words ("wie", "ist") relative to its content words. */
constexpr double STOP_WORD_WEIGHT = 0.2;

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

} // namespace

Result<QueryBuilder> QueryBuilder::create(const Schema& schema) {
    QueryBuilder builder;
    // All text fields share one term space, so one analyzer must produce the
    // query terms: take the one of the first text field (the schema's
    // fields agree on it). A field's query_analyzer, when set, takes the
    // place of its index analyzer for query text (stop words for questions).
    std::string analyzer_name;
    std::string index_analyzer_name;
    for (const auto& field : schema.fields()) {
        if (field.type == FieldType::Text && !field.analyzer.empty()) {
            analyzer_name = field.query_analyzer.empty() ? field.analyzer : field.query_analyzer;
            index_analyzer_name = field.analyzer;
            break;
        }
    }
    if (analyzer_name.empty()) {
        return make_error(ErrorCode::Unavailable, "the index schema has no analysed text field");
    }
    auto analyzer = analyzers::get_analyzer(analyzer_name);
    if (!analyzer) {
        return analyzer.error();
    }
    builder.analyzer_ = *analyzer;
    if (index_analyzer_name != analyzer_name) {
        auto index_analyzer = analyzers::get_analyzer(index_analyzer_name);
        if (!index_analyzer) {
            return index_analyzer.error();
        }
        builder.index_analyzer_ = *index_analyzer;
    }
    builder.type_prefix_ = keyword_prefix(schema, "type");
    builder.category_prefix_ = keyword_prefix(schema, "category");
    builder.tag_prefix_ = keyword_prefix(schema, "tags");
    for (const auto& field : schema.fields()) {
        if (field.type == FieldType::Rating && field.value_slot) {
            builder.rating_slot_ = field.value_slot;
            break;
        }
    }
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
                           Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, pieces, COMPOUND_PART_WEIGHT));
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
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Result<BuiltQuery> QueryBuilder::build(const SearchRequest& request, double rating_weight) const {
    BuiltQuery built;
    auto groups = term_groups(request.q);
    for (const auto& group : groups) {
        for (const auto& term : group) {
            if (std::find(built.terms.begin(), built.terms.end(), term) == built.terms.end()) {
                built.terms.push_back(term);
            }
        }
    }
    auto filter = filter_query(request);
    if (!filter) {
        return filter.error();
    }
    Xapian::Query query;
    if (!groups.empty()) {
        query = text_query(groups);
        auto stops = stop_terms(request.q);
        if (!stops.empty()) {
            Xapian::Query stop_query(Xapian::Query::OP_OR, stops.begin(), stops.end());
            query = Xapian::Query(
                Xapian::Query::OP_OR, query,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, stop_query, STOP_WORD_WEIGHT));
        }
    } else if (!filter->empty()) {
        // No words but a filter: list the filtered documents, best rated first.
        query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0.0);
    } else {
        return make_error(ErrorCode::InvalidArgument, "query has no searchable words");
    }
    if (!filter->empty()) {
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);
    }
    if (rating_slot_ && rating_weight > 0) {
        // The Query takes ownership of the released, reference-counted source.
        Xapian::Query rating((new Xapian::ValueWeightPostingSource(*rating_slot_))->release());
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, rating, rating_weight));
    }
    built.query = std::move(query);
    return built;
}

} // namespace antwort::searchd
