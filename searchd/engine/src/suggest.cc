/** @file run_suggest(): completions from the surface-word terms and matching titles. */
#include "antwort/searchd/suggest.h"

#include "antwort/analyzers/normalize.h"
#include "antwort/document.h"
#include "antwort/site_terms.h"

#include <algorithm>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}


/** Surface terms read at most per request: bounds the cost of a one-letter
 *  prefix (the most frequent words among the first ones scanned win). */
constexpr size_t MAX_SCANNED_TERMS = 4000;
/** Completed words whose title terms are searched for title suggestions. */
constexpr size_t TITLE_QUERY_WORDS = 5;
/** Candidate documents read for title suggestions. */
constexpr Xapian::doccount TITLE_CANDIDATES = 20;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Completion {
    std::string key;     ///< lower-cased word
    std::string written; ///< the most frequent written form
    Xapian::doccount written_freq = 0;
    Xapian::doccount freq = 0; ///< documents holding any written form
};

/** Words starting with @p lower_prefix, most frequent first. */
std::vector<Completion> complete_word(const Xapian::Database& db, const std::string& lower_prefix,
                                      size_t limit) {
    std::vector<Completion> words;
    const std::string start = std::string(SURFACE_TERM_PREFIX) + lower_prefix;
    size_t scanned = 0;
    for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
        if (++scanned > MAX_SCANNED_TERMS) {
            break;
        }
        const std::string term = *it;
        const size_t space = term.find(' ', SURFACE_TERM_PREFIX.size());
        if (space == std::string::npos) {
            continue;
        }
        std::string_view key = std::string_view(term).substr(
            SURFACE_TERM_PREFIX.size(), space - SURFACE_TERM_PREFIX.size());
        const Xapian::doccount freq = it.get_termfreq();
        if (words.empty() || words.back().key != key) {
            words.push_back(Completion{std::string(key), term.substr(space + 1), freq, 0});
        } else if (freq > words.back().written_freq) {
            words.back().written = term.substr(space + 1);
            words.back().written_freq = freq;
        }
        words.back().freq += freq; // a document may count twice (two spellings): rare
    }
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.freq > b.freq; });
    if (words.size() > limit) {
        words.resize(limit);
    }
    return words;
}

/** Title terms (prefix + analysed word) of @p text's words, one OR group per word. */
std::vector<Xapian::Query> title_groups(const QueryBuilder& builder, const std::string& prefix,
                                        std::string_view text) {
    std::vector<Xapian::Query> groups;
    for (const auto& group : builder.term_groups(text)) {
        std::vector<std::string> terms;
        for (const auto& term : group) {
            terms.push_back(prefix + term);
        }
        groups.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    return groups;
}

/** A suggest query split at the word being typed. */
struct TypedQuery {
    std::string_view head; ///< the complete words (all of the query after a space)
    std::string_view last; ///< the word being typed, without query syntax; empty after a space
};

/** Splits @p q into its complete words and the word being typed. */
TypedQuery split_typed(std::string_view q) {
    // The last word is being typed; the words before it are complete.
    size_t end = q.size();
    while (end > 0 && is_space(q[end - 1])) {
        --end;
    }
    const bool word_finished = end < q.size();
    size_t start = end;
    while (start > 0 && !is_space(q[start - 1])) {
        --start;
    }
    std::string_view head = q.substr(0, start);
    std::string_view last = q.substr(start, end - start);
    if (word_finished) {
        head = q.substr(0, end);
        last = {};
    }
    // Strip query syntax from the word being typed ("Druck*", "-Wort", quotes).
    while (!last.empty() && (last.front() == '-' || last.front() == '"')) {
        last.remove_prefix(1);
    }
    while (!last.empty() && (last.back() == '*' || last.back() == '"')) {
        last.remove_suffix(1);
    }
    return TypedQuery{head, last};
}

/** Title-term alternatives for the word being typed: the title terms of its
 *  first completions @p words, else @p last as a prefix of title terms. */
std::vector<Xapian::Query> last_word_alternatives(const QueryBuilder& builder,
                                                  const std::string& prefix,
                                                  std::string_view last,
                                                  const std::vector<Completion>& words) {
    std::vector<Xapian::Query> alternatives;
    for (size_t i = 0; i < words.size() && i < TITLE_QUERY_WORDS; ++i) {
        for (auto& q_group : title_groups(builder, prefix, words[i].written)) {
            alternatives.push_back(std::move(q_group));
        }
    }
    if (alternatives.empty()) {
        // Nothing completed (an index without surface terms): the
        // typed prefix against the title terms.
        std::vector<analyzers::Token> folded;
        if (auto keyword = analyzers::get_analyzer("de_keyword"); keyword) {
            folded = (*keyword)->analyze(last);
        }
        if (!folded.empty() && folded.back().text.size() >= 2) {
            alternatives.emplace_back(Xapian::Query::OP_WILDCARD, prefix + folded.back().text, 50,
                                      Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        }
    }
    return alternatives;
}

/** What a suggested title must hold, one query per word: the complete words
 *  and a completion of the last one; empty when the last word matches no title. */
std::vector<Xapian::Query> title_requirements(const QueryBuilder& builder,
                                              const std::string& prefix,
                                              const TypedQuery& typed,
                                              const std::vector<Completion>& words) {
    std::vector<Xapian::Query> required = title_groups(builder, prefix, typed.head);
    if (!typed.last.empty()) {
        std::vector<Xapian::Query> alternatives =
            last_word_alternatives(builder, prefix, typed.last, words);
        if (alternatives.empty()) {
            required.clear(); // the last word matches no title
        } else {
            required.emplace_back(Xapian::Query::OP_OR, alternatives.begin(),
                                  alternatives.end());
        }
    }
    return required;
}

/** Up to @p limit distinct titles of the best documents holding all of @p required. */
std::vector<Suggestion> matching_titles(const IndexView& index,
                                        const std::vector<Xapian::Query>& required,
                                        size_t limit) {
    std::vector<Suggestion> titles;
    Xapian::Enquire enquire(index.db);
    enquire.set_weighting_scheme(index.weight);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end()));
    if (const FieldSpec* thread = index.schema.field("thread");
        thread != nullptr && thread->value_slot) {
        // One title per forum thread: not the question and every "Re: ...".
        enquire.set_collapse_key(*thread->value_slot);
    }
    Xapian::MSet mset = enquire.get_mset(0, TITLE_CANDIDATES);
    for (auto it = mset.begin(); it != mset.end() && titles.size() < limit; ++it) {
        auto doc = parse_document(it.get_document().get_data());
        if (!doc || doc->title.empty()) {
            continue;
        }
        const bool duplicate =
            std::any_of(titles.begin(), titles.end(),
                        [&doc](const Suggestion& s) { return s.text == doc->title; });
        if (!duplicate) {
            titles.push_back(Suggestion{doc->title, "title", doc->id});
        }
    }
    return titles;
}

/** Titles holding the complete words and a completion of the last one. */
std::vector<Suggestion> title_suggestions(const IndexView& index, const TypedQuery& typed,
                                          const std::vector<Completion>& words, size_t limit) {
    const FieldSpec* title_field = index.schema.field("title");
    if (title_field == nullptr || title_field->prefix.empty() ||
        (typed.head.empty() && typed.last.empty())) {
        return {};
    }
    const std::vector<Xapian::Query> required =
        title_requirements(index.builder, title_field->prefix, typed, words);
    if (required.empty()) {
        return {};
    }
    return matching_titles(index, required, limit);
}

/** @p words (completing @p head) first, at most half the list when there are
 *  titles, then @p titles: at most @p limit suggestions. */
std::vector<Suggestion> merge_suggestions(std::string_view head,
                                          const std::vector<Completion>& words,
                                          std::vector<Suggestion> titles, size_t limit) {
    std::vector<Suggestion> suggestions;
    const size_t word_slots = limit - std::min<size_t>(titles.size(), limit / 2);
    for (const auto& word : words) {
        if (suggestions.size() >= word_slots) {
            break;
        }
        suggestions.push_back(Suggestion{std::string(head) + word.written, "term", std::nullopt});
    }
    for (auto& title : titles) {
        if (suggestions.size() >= limit) {
            break;
        }
        suggestions.push_back(std::move(title));
    }
    return suggestions;
}

} // namespace

Result<SuggestRequest> parse_suggest_params(const ParamMap& params) {
    SuggestRequest request;
    auto q = single_value(params, "q");
    if (!q) {
        return q.error();
    }
    if (*q == nullptr) {
        return bad("missing parameter 'q'");
    }
    if ((*q)->size() > MAX_SUGGEST_QUERY_BYTES) {
        return bad("parameter 'q' is longer than " + std::to_string(MAX_SUGGEST_QUERY_BYTES) +
                   " bytes");
    }
    request.q = **q;
    auto limit = parse_limit(params, DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT);
    if (!limit) {
        return limit.error();
    }
    request.limit = *limit;
    return request;
}

Result<SuggestResponse> run_suggest(const IndexView& index, const SuggestRequest& request) {
    SuggestResponse response;
    response.query = request.q;
    const TypedQuery typed = split_typed(request.q);
    std::vector<Completion> words;
    if (!typed.last.empty()) {
        words = complete_word(index.db, analyzers::lower_case(typed.last), request.limit);
    }
    std::vector<Suggestion> titles = title_suggestions(index, typed, words, request.limit);
    response.suggestions =
        merge_suggestions(typed.head, words, std::move(titles), request.limit);
    return response;
}

} // namespace antwort::searchd
