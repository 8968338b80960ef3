/** @file run_similar(): related FAQs and solved threads for a document or a text. */
#include "antwort/searchd/similar.h"

#include "antwort/analyzers/normalize.h"
#include "antwort/document.h"
#include "antwort/searchd/search_service.h"
#include "antwort/searchd/snippet.h"

#include <algorithm>
#include <chrono>
#include <ostream>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

bool only_spaces(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}


/** Terms taken from the document's expand set ("more like this"). */
constexpr Xapian::termcount ESET_TERMS = 25;
/** Candidates ranked before the preference is applied. */
constexpr Xapian::doccount CANDIDATES = 50;
/** Score factor for preferred hits: FAQs and threads with an accepted answer. */
constexpr double PREFERRED_FACTOR = 1.5;

/** Only text terms (unprefixed, lower-case or non-ASCII first byte) of 3+ bytes. */
class TextTermDecider : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string& term) const override {
        if (term.size() < 3) {
            return false;
        }
        const auto first = static_cast<unsigned char>(term.front());
        return !(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9');
    }
};

std::optional<std::string> prefix_of(const Schema& schema, std::string_view field) {
    const FieldSpec* spec = schema.field(field);
    if (spec == nullptr || spec->prefix.empty()) {
        return std::nullopt;
    }
    return spec->prefix;
}

/** True when the forum thread @p thread has a post marked accepted. */
bool thread_is_solved(const IndexView& index, const std::string& thread_prefix,
                      const std::string& accepted_prefix, const std::string& thread) {
    Xapian::Enquire enquire(index.db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND,
                                    Xapian::Query(thread_prefix + analyzers::fold_case(thread)),
                                    Xapian::Query(accepted_prefix + "1")));
    return !enquire.get_mset(0, 1).empty();
}

} // namespace

Result<SimilarRequest> parse_similar_params(const ParamMap& params) {
    SimilarRequest request;
    auto id = single_value(params, "id");
    if (!id) {
        return id.error();
    }
    auto text = single_value(params, "text");
    if (!text) {
        return text.error();
    }
    if ((*id == nullptr) == (*text == nullptr)) {
        return bad("give exactly one of the parameters 'id' and 'text'");
    }
    if (*id != nullptr) {
        if ((*id)->empty()) {
            return bad("parameter 'id' is empty");
        }
        request.id = **id;
    } else {
        if ((*text)->size() > MAX_SIMILAR_TEXT_BYTES) {
            return bad("parameter 'text' is longer than " + std::to_string(MAX_SIMILAR_TEXT_BYTES) +
                       " bytes");
        }
        if (only_spaces(**text)) {
            return bad("parameter 'text' is empty");
        }
        request.text = **text;
    }
    auto limit = parse_limit(params, DEFAULT_SIMILAR_LIMIT, MAX_SIMILAR_LIMIT);
    if (!limit) {
        return limit.error();
    }
    request.limit = *limit;
    return request;
}

Result<SimilarResponse> run_similar(const IndexView& index, const SimilarRequest& request) {
    std::vector<std::string> terms;
    Xapian::Query query;
    std::optional<std::string> same_thread;
    if (request.id) {
        const std::string id_term = index.schema.id_prefix() + *request.id;
        Xapian::PostingIterator post = index.db.postlist_begin(id_term);
        if (post == index.db.postlist_end(id_term)) {
            return make_error(ErrorCode::NotFound, "no document with id '" + *request.id + "'");
        }
        // The document's most distinctive text terms (Xapian's relevance
        // feedback: an RSet of one document and its expand set).
        Xapian::RSet rset;
        rset.add_document(*post);
        Xapian::Enquire enquire(index.db);
        TextTermDecider decider;
        Xapian::ESet eset = enquire.get_eset(ESET_TERMS, rset, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            terms.push_back(*it);
        }
        if (terms.empty()) {
            return SimilarResponse{};
        }
        query = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        std::vector<Xapian::Query> excluded{Xapian::Query(id_term)};
        if (auto doc = parse_document(index.db.get_document(*post).get_data()); doc && doc->thread) {
            // Other posts of the same thread are not "related questions".
            if (auto thread_prefix = prefix_of(index.schema, "thread")) {
                excluded.emplace_back(*thread_prefix + analyzers::fold_case(*doc->thread));
            }
        }
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                              Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    } else {
        // A question being typed: its words, OR'ed, ranked by BM25.
        const auto groups = index.builder.term_groups(request.text);
        for (const auto& group : groups) {
            for (const auto& term : group) {
                if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
                    terms.push_back(term);
                }
            }
        }
        if (groups.empty()) {
            return make_error(ErrorCode::InvalidArgument, "text has no searchable words");
        }
        query = QueryBuilder::text_query(groups);
    }

    Xapian::Enquire enquire(index.db);
    enquire.set_weighting_scheme(index.weight);
    enquire.set_query(query);
    const FieldSpec* thread_field = index.schema.field("thread");
    if (thread_field != nullptr && thread_field->value_slot) {
        enquire.set_collapse_key(*thread_field->value_slot); // one hit per thread
    }
    Xapian::MSet mset = enquire.get_mset(0, CANDIDATES);

    const auto thread_prefix = prefix_of(index.schema, "thread");
    const auto accepted_prefix = prefix_of(index.schema, "accepted");
    struct Candidate {
        double score;
        SearchHit hit;
        std::string body;
    };
    std::vector<Candidate> candidates;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto doc = parse_document(it.get_document().get_data());
        if (!doc) {
            return make_error(ErrorCode::Corrupt, "stored document " + std::to_string(*it) +
                                                      " is unreadable: " + doc.error().message);
        }
        bool preferred = doc->type == "faq";
        if (!preferred && doc->type == "forum" && doc->thread && thread_prefix && accepted_prefix) {
            preferred = thread_is_solved(index, *thread_prefix, *accepted_prefix, *doc->thread);
        }
        Candidate c;
        c.score = it.get_weight() * (preferred ? PREFERRED_FACTOR : 1.0);
        c.hit.id = std::move(doc->id);
        c.hit.type = std::move(doc->type);
        c.hit.title = std::move(doc->title);
        c.hit.url = std::move(doc->url);
        c.hit.score = c.score;
        c.hit.rating = doc->rating;
        c.hit.category = std::move(doc->category);
        c.hit.tags = std::move(doc->tags);
        c.hit.thread = std::move(doc->thread);
        c.body = std::move(doc->body);
        candidates.push_back(std::move(c));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    SimilarResponse response;
    for (auto& c : candidates) {
        if (response.hits.size() >= request.limit) {
            break;
        }
        if (request.snippets) {
            set_snippet(c.hit, c.body, index.builder.analyzer(), terms, {});
        }
        response.hits.push_back(std::move(c.hit));
    }
    return response;
}

SimilarEvalSummary run_similar_evaluation(const SearchService& service,
                                          const std::vector<EvalQuery>& queries,
                                          const Qrels& qrels, std::ostream* run) {
    const auto started = std::chrono::steady_clock::now();
    SimilarEvalSummary summary;
    static const std::map<std::string, int> none;
    for (const auto& query : queries) {
        ++summary.queries;
        SimilarRequest request;
        request.text = query.text;
        request.limit = 10;
        request.snippets = false;
        auto response = service.similar(request);
        if (!response) {
            ++summary.failed;
            continue;
        }
        std::vector<std::string> ranking;
        for (const auto& hit : response->hits) {
            ranking.push_back(hit.id);
        }
        auto judged = qrels.find(query.qid);
        const auto& grades = judged == qrels.end() ? none : judged->second;
        const bool hit5 = std::any_of(
            ranking.begin(), ranking.begin() + static_cast<long>(std::min<size_t>(5, ranking.size())),
            [&grades](const std::string& id) {
                auto g = grades.find(id);
                return g != grades.end() && g->second > 0;
            });
        summary.hit_at_5 += hit5 ? 1.0 : 0.0;
        summary.mrr_10 += reciprocal_rank_at(ranking, grades, 10);
        if (run != nullptr) {
            for (size_t i = 0; i < response->hits.size(); ++i) {
                *run << query.qid << " Q0 " << response->hits[i].id << ' ' << (i + 1) << ' '
                     << response->hits[i].score << " antwort-similar\n";
            }
        }
    }
    if (summary.queries > 0) {
        summary.hit_at_5 /= static_cast<double>(summary.queries);
        summary.mrr_10 /= static_cast<double>(summary.queries);
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace antwort::searchd
