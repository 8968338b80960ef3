/** @file SearchService: per-worker databases, reloads, query execution. */
#include "antwort/searchd/search_service.h"


#include "antwort/document.h"
#include "antwort/schema.h"
#include "antwort/searchd/facets.h"
#include "antwort/searchd/index_source.h"
#include "antwort/searchd/query_builder.h"
#include "antwort/searchd/ranking.h"
#include "antwort/searchd/rerank.h"
#include "antwort/searchd/snippet.h"
#include "antwort/searchd/spelling.h"
#include "antwort/searchd/synonyms.h"
#include "antwort/searchd/time_budget.h"
#include "antwort/stored_schema.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

namespace antwort::searchd {

namespace {

using Clock = std::chrono::steady_clock;

/**
 * Enough candidates are checked for the total to be exact on small result
 * sets: this many beyond the requested page (Xapian stops counting exactly
 * once it has seen check_at_least matches and estimates the rest).
 */
constexpr Xapian::doccount EXACT_TOTAL_MARGIN = 1000;

/**
 * A collapsed result with at most this many uncollapsed matches has its total
 * and its per-thread post counts counted exactly (a second match over at most
 * this many documents, whose page is the one returned); beyond, Xapian's
 * estimate is reported, as for any large result set.
 */
constexpr Xapian::doccount EXACT_COLLAPSED_TOTAL_BELOW = 300;

/**
 * check_at_least beyond the page when collapsing. Xapian counts collapsed
 * matches in threads, not posts, and stops skipping low-scoring documents
 * only after check_at_least threads: EXACT_TOTAL_MARGIN threads would mean
 * scoring nearly every match of a forum index (+25 % time per query). Small
 * collapsed results get exact figures from the second match instead.
 */
constexpr Xapian::doccount COLLAPSED_CHECK_MARGIN = 50;

/**
 * Posts per thread the first phase keeps when collapsing. The second phase
 * shows each thread's best post by the whole score, which is often not its
 * best by text (a reply with many votes, an accepted answer): with two per
 * thread, 97 % of the pages of the bundled corpora are those of one match of
 * the whole query, against 94 % with one (tests/searchd/search_service_test.cc).
 */
constexpr Xapian::doccount RERANK_POSTS_PER_THREAD = 2;

/** Below this many matches a query gets a spelling suggestion, if one finds more. */
constexpr Xapian::doccount SUGGEST_BELOW_HITS = 3;

/** Near index terms tried per misspelt word, and misspelt words corrected at most. */
constexpr size_t SUGGEST_CANDIDATES = 4;
constexpr size_t SUGGEST_MAX_FIXES = 3;

/** Body bytes searched for the written form of a corrected word. */
constexpr size_t SURFACE_SCAN_BYTES = 24 * 1024;

#ifndef ANTWORT_SYNONYMS_FILE
#define ANTWORT_SYNONYMS_FILE ""
#endif

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/** What a searcher needs to know about the schema of the database it has open. */
struct IndexContext {
    Schema schema;
    QueryBuilder builder;
    Ranking ranking;
};

/**
 * The ranking boosts (Ranking::boosts) of a searcher's last search. Building
 * them reads value statistics and fills a map of a few hundred months, so they
 * are kept while the index context, the generation, the database revision and
 * the month stay the same. Per searcher, because a Xapian::Query must not be
 * shared between threads.
 */
struct CachedBoosts {
    std::shared_ptr<const IndexContext> context;
    uint64_t generation = 0;
    Xapian::rev revision = 0;
    int64_t month = 0;
    Xapian::Query query;
};

/** One worker's view of the index; used by one thread at a time. */
struct Searcher {
    std::optional<Xapian::Database> db;
    uint64_t generation = 0;
    std::shared_ptr<const IndexContext> context;
    std::optional<Clock::time_point> last_check;
    std::optional<CachedBoosts> boosts;
};

/** Xapian cannot open or read the live generation (handlers answer 503 and log it). */
Error unreadable(const std::string& reason) {
    return make_error(ErrorCode::Corrupt, "index unreadable: " + reason);
}

/** What the steps of one search share (SearchService::Impl::search). */
struct SearchRun {
    Searcher& s;
    const SearchRequest& request;
    const BuiltQuery& built;
    const TimeBudget& budget;
    const int64_t now;            ///< the time the ranking boosts are computed for
    const Xapian::doccount first; ///< offset of the requested page
};

/** The page a search returns: its MSet, where the page starts in it, and the total. */
struct MatchedPage {
    Xapian::MSet mset;
    std::vector<Xapian::MSetIterator> page; ///< the page's matches in @p mset, best first
    uint64_t total = 0;
    /** The first phase's candidates of a two-phase search (they count the threads' posts). */
    std::optional<Candidates> candidates;
};

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/** A misspelt query word and the index terms it may be corrected to. */
struct Fix {
    std::string word;                    // as typed
    std::vector<std::string> candidates; // near index terms, best first
};

/** The misspelt content words of a query, and the terms of the others. */
struct Misspellings {
    std::vector<Fix> fixes;         ///< at most SUGGEST_MAX_FIXES
    std::vector<std::string> known; ///< terms the index holds
};

/** The content words of @p words that are not in @p db, each with its nearest index terms. */
Misspellings find_misspellings(const Xapian::Database& db,
                               const std::vector<WordAnalysis>& words) {
    Misspellings found;
    for (const auto& word : words) {
        if (word.stop_word || word.word.empty()) {
            continue;
        }
        if (db.get_termfreq(word.term) > 0) {
            found.known.push_back(word.term);
            continue;
        }
        auto candidates = closest_terms(db, word.term, SUGGEST_CANDIDATES);
        if (!candidates.empty() && found.fixes.size() < SUGGEST_MAX_FIXES) {
            found.fixes.push_back(Fix{word.word, std::move(candidates)});
        }
    }
    return found;
}

/** The known terms, then for each fix the candidate @p pick chooses. */
std::vector<std::string> chosen_terms(const Misspellings& found, const std::vector<size_t>& pick) {
    std::vector<std::string> terms = found.known;
    for (size_t i = 0; i < found.fixes.size(); ++i) {
        terms.push_back(found.fixes[i].candidates[pick[i]]);
    }
    return terms;
}

/** Estimated number of documents of @p db holding all of @p terms. */
Xapian::doccount and_count(const Xapian::Database& db, const std::vector<std::string>& terms) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
    return enquire.get_mset(0, 0, EXACT_TOTAL_MARGIN).get_matches_estimated();
}

/** The candidate to take for each fix (an index into its candidates). */
std::vector<size_t> best_pick(const Xapian::Database& db, const Misspellings& found) {
    // Of all combinations of candidates (few: at most 4^3), take the one
    // whose words occur together most often; ties go to fewer edits and
    // more frequent terms (candidates are sorted that way).
    std::vector<size_t> pick(found.fixes.size(), 0);
    std::vector<size_t> best = pick;
    Xapian::doccount best_count = and_count(db, chosen_terms(found, pick));
    for (;;) {
        size_t i = 0;
        while (i < pick.size() && ++pick[i] == found.fixes[i].candidates.size()) {
            pick[i++] = 0;
        }
        if (i == pick.size()) {
            break;
        }
        const Xapian::doccount count = and_count(db, chosen_terms(found, pick));
        if (count > best_count) {
            best_count = count;
            best = pick;
        }
    }
    return best;
}

/** True when @p corrected matches more documents of @p db than @p original. */
bool finds_more(const Xapian::Database& db, const Xapian::Query& corrected,
                const Xapian::Query& original, Xapian::doccount hits) {
    // Both counts the same way (uncollapsed, without boosts), so the
    // comparison does not depend on how the page itself was matched.
    auto count = [&](const Xapian::Query& query) {
        Xapian::Enquire check(db);
        check.set_query(query);
        return check.get_mset(0, 0, hits + EXACT_TOTAL_MARGIN).get_matches_estimated();
    };
    return count(corrected) > count(original);
}

} // namespace

struct SearchService::Impl {
    explicit Impl(ServiceOptions opts)
        : options(std::move(opts)), source(local_index_source(options.index)) {}

    ServiceOptions options;
    /** Where the searchers' databases come from (index_source.h). */
    std::unique_ptr<IndexSource> source;
    std::mutex mutex;                            // guards pool
    std::vector<std::unique_ptr<Searcher>> pool; // idle searchers
    std::atomic<int64_t> last_reload_ms{0};
    std::mutex live_mutex;                         // guards live_version, reloads
    std::pair<uint64_t, Xapian::rev> live_version; // newest (generation, revision) seen
    uint64_t reloads = 0;

    /** Counts a reload when @p s now serves a newer (generation, revision) than any searcher did. */
    void note_live(const Searcher& s) {
        const std::pair<uint64_t, Xapian::rev> version{s.generation, s.db->get_revision()};
        std::lock_guard lock(live_mutex);
        if (version > live_version) {
            if (live_version.first != 0) {
                ++reloads;
            }
            live_version = version;
        }
        last_reload_ms.store(unix_ms_now());
    }

    /** Borrows a searcher for the current call and gives it back afterwards. */
    class Lease {
      public:
        explicit Lease(Impl& impl) : impl_(impl) {
            std::lock_guard lock(impl_.mutex);
            if (!impl_.pool.empty()) {
                searcher_ = std::move(impl_.pool.back());
                impl_.pool.pop_back();
            }
            if (!searcher_) {
                searcher_ = std::make_unique<Searcher>();
            }
        }
        ~Lease() {
            if (searcher_->db) {
                std::lock_guard lock(impl_.mutex);
                impl_.pool.push_back(std::move(searcher_));
            }
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Searcher& operator*() { return *searcher_; }
        Searcher* operator->() { return searcher_.get(); }

      private:
        Impl& impl_;
        std::unique_ptr<Searcher> searcher_;
    };

    /** Opens generation @p gen of the source into @p s (the schema checked there). */
    Result<void> open(Searcher& s, uint64_t gen) {
        auto opened = source->open(gen);
        if (!opened) {
            return opened.error();
        }
        Schema& schema = opened->schema;
        std::shared_ptr<const IndexContext> context = s.context;
        if (!context || context->schema.json() != schema.json()) {
            auto builder = QueryBuilder::create(schema, synonyms_for(schema), weights());
            if (!builder) {
                return builder.error();
            }
            Ranking ranking = Ranking::create(schema);
            context = std::make_shared<const IndexContext>(
                IndexContext{std::move(schema), std::move(*builder), ranking});
        }
        s.db = std::move(opened->db);
        s.generation = gen;
        s.context = std::move(context);
        note_live(s);
        return {};
    }

    /** Query weights: the defaults, overridden by the options. */
    QueryWeights weights() const {
        QueryWeights w;
        w.synonym = options.synonym_weight.value_or(w.synonym);
        w.exact = options.exact_weight.value_or(w.exact);
        w.phrase = options.phrase_weight.value_or(w.phrase);
        w.title = options.title_weight.value_or(w.title);
        w.derivation = options.derivation_weight.value_or(w.derivation);
        return w;
    }

    /** The synonyms for the schema's query analyzer, loaded once per process. */
    std::shared_ptr<const SynonymMap> synonyms_for(const Schema& schema) const {
        const std::string thesaurus =
            options.thesaurus_file.value_or(std::string(DEFAULT_THESAURUS_FILE));
        const std::string editor = options.synonyms_file.value_or(ANTWORT_SYNONYMS_FILE);
        if (thesaurus.empty() && editor.empty()) {
            return nullptr;
        }
        auto name = QueryBuilder::query_analyzer_name(schema);
        if (!name) {
            return nullptr;
        }
        auto analyzer = analyzers::get_analyzer(*name);
        if (!analyzer) {
            return nullptr;
        }
        return SynonymMap::shared(*name, **analyzer, thesaurus, editor);
    }

    Xapian::BM25Weight bm25(const RankingSpec& ranking) const {
        // k3 = 0: a term's weight does not depend on how often the query
        // holds it (the proximity bonus repeats the words), so each query
        // part scores the same alone as inside the whole query (explain).
        return Xapian::BM25Weight(options.bm25_k1.value_or(ranking.bm25_k1), 0, 0,
                                  options.bm25_b.value_or(ranking.bm25_b), 0.5);
    }

    /** The boost weights for @p s: schema, flags, and what its index makes constant. */
    RankingSpec ranking_spec(const Searcher& s) const {
        return s.context->ranking.effective(resolve_ranking(s.context->schema.ranking(), options),
                                            *s.db);
    }

    /** The ranking boosts for @p s at @p now_unix, built again only when its
     *  context, generation, database revision or month changed (CachedBoosts). */
    const Xapian::Query& boosts(Searcher& s, int64_t now_unix) const {
        const Xapian::rev revision = s.db->get_revision();
        const int64_t month = Ranking::month_of(now_unix);
        if (!s.boosts || s.boosts->context != s.context ||
            s.boosts->generation != s.generation || s.boosts->revision != revision ||
            s.boosts->month != month) {
            s.boosts =
                CachedBoosts{s.context, s.generation, revision, month,
                             s.context->ranking.boosts(ranking_spec(s), *s.db, now_unix)};
        }
        return s.boosts->query;
    }

    /** Weight of each text part of @p built for the document with id term @p id_term. */
    HitExplain explain(Searcher& s, const BuiltQuery& built, const std::string& id_term,
                       const Xapian::Document& doc) const {
        const IndexContext& ctx = *s.context;
        HitExplain out;
        for (const auto& part : built.parts) {
            // Xapian 1.4 has no per-term breakdown of a score: run each part
            // alone, restricted to this document (a boolean filter adds no
            // weight); OR sums the parts, so they add up to the text score.
            Xapian::Enquire enquire = enquire_on(s);
            enquire.set_query(
                Xapian::Query(Xapian::Query::OP_FILTER, part.query, Xapian::Query(id_term)));
            Xapian::MSet mset = enquire.get_mset(0, 1);
            const double weight = mset.empty() ? 0.0 : mset.begin().get_weight();
            out.parts.emplace_back(part.name, weight);
            out.text += weight;
        }
        const BoostParts boosts =
            ctx.ranking.explain(doc, ranking_spec(s), unix_now());
        out.rating = boosts.rating;
        out.type_boost = boosts.type_boost;
        out.recency = boosts.recency;
        return out;
    }

    /** A suggestion is looked for when the query has few hits or a word the
     *  index does not know ("Pasword"). */
    static bool wants_suggestion(Searcher& s, const BuiltQuery& built, uint64_t total) {
        if (built.words.empty()) {
            return false;
        }
        if (total < SUGGEST_BELOW_HITS) {
            return true;
        }
        return std::any_of(built.words.begin(), built.words.end(), [&s](const auto& w) {
            return !w.stop_word && s.db->get_termfreq(w.term) == 0;
        });
    }

    /**
     * "Did you mean": each content word of the query that is not in the index
     * is replaced by the closest index term (spelling.h), written as it
     * appears in the best document holding the corrected words. The corrected
     * query is returned when it matches more documents than @p hits.
     */
    std::optional<std::string> suggest(Searcher& s, const SearchRequest& request,
                                       const BuiltQuery& built, Xapian::doccount hits) const {
        const IndexContext& ctx = *s.context;
        const Misspellings found = find_misspellings(*s.db, built.words);
        if (found.fixes.empty()) {
            return std::nullopt;
        }
        const std::vector<size_t> best = best_pick(*s.db, found);
        const std::string corrected = corrected_query(s, request.q, found, best);
        SearchRequest retry = request;
        retry.q = corrected;
        auto rebuilt = ctx.builder.build(retry, 0.0);
        if (!rebuilt) {
            return std::nullopt;
        }
        if (!finds_more(*s.db, rebuilt->query, built.query, hits)) {
            return std::nullopt;
        }
        return corrected;
    }

    /** The title and the start of the body of the best document for @p query
     *  ("" when none or unreadable): where a term's written form is looked for. */
    std::string top_text(Searcher& s, const Xapian::Query& query) const {
        Xapian::Enquire enquire = enquire_on(s);
        enquire.set_query(query);
        Xapian::MSet top = enquire.get_mset(0, 1);
        if (top.empty()) {
            return {};
        }
        auto doc = parse_document(top.begin().get_document().get_data());
        if (!doc) {
            return {};
        }
        return doc->title + "\n" +
               doc->body.substr(0, std::min(doc->body.size(), SURFACE_SCAN_BYTES));
    }

    /** @p q with each misspelt word replaced by the term @p best picks for it,
     *  as written in a document holding it. */
    std::string corrected_query(Searcher& s, const std::string& q, const Misspellings& found,
                                const std::vector<size_t>& best) const {
        const IndexContext& ctx = *s.context;
        const std::vector<std::string> terms = chosen_terms(found, best);
        // The written form of each corrected term, from a document holding it.
        const std::string text =
            top_text(s, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        std::string corrected = q;
        for (size_t i = 0; i < found.fixes.size(); ++i) {
            const Fix& fix = found.fixes[i];
            const std::string& term = fix.candidates[best[i]];
            auto surface = surface_of(ctx.builder.analyzer(), text, term);
            if (!surface) {
                surface =
                    surface_of(ctx.builder.analyzer(), top_text(s, Xapian::Query(term)), term);
            }
            const std::string replacement = surface ? *surface : term;
            const size_t at = corrected.find(fix.word);
            if (at != std::string::npos) {
                corrected.replace(at, fix.word.size(), replacement);
            }
        }
        return corrected;
    }

    /** Makes sure @p s serves the live generation and revision (rate-limited). */
    Result<void> refresh(Searcher& s, bool force) {
        const auto now = Clock::now();
        if (s.db && !force && s.last_check && now - *s.last_check < options.reload_interval) {
            return {};
        }
        s.last_check = now;
        auto gen = source->live_generation();
        if (!gen) {
            s.db.reset();
            return gen.error();
        }
        if (!s.db || *gen != s.generation) {
            auto opened = open(s, *gen);
            if (!opened) {
                s.db.reset();
            }
            return opened;
        }
        if (s.db->reopen()) {
            note_live(s);
        }
        return {};
    }

    /**
     * Runs @p fn(searcher) on a fresh searcher, translating Xapian errors;
     * on DatabaseModifiedError the database is reopened and @p fn retried once.
     */
    template <typename T, typename Fn> Result<T> with_searcher(Fn&& fn) {
        Lease lease(*this);
        for (int attempt = 0;; ++attempt) {
            try {
                auto fresh = refresh(*lease, attempt > 0);
                if (!fresh) {
                    return fresh.error();
                }
                return fn(*lease);
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt > 0) {
                    return make_error(ErrorCode::Unavailable,
                                      "index changed during the search, try again: " + e.get_msg());
                }
                // The next attempt refreshes with force = true (reopen()).
            } catch (const Xapian::DatabaseError& e) {
                // Corrupt, truncated or unopenable tables (DatabaseCorruptError,
                // DatabaseOpeningError, ...): drop this database, so the next
                // call opens the index afresh (a new generation heals it).
                lease->db.reset();
                return unreadable(source->describe(lease->generation) + ": " +
                                  e.get_description());
            } catch (const Xapian::Error& e) {
                return make_error(ErrorCode::Internal, "search failed: " + e.get_description());
            }
        }
    }

    Result<SearchResponse> search(const SearchRequest& request) {
        const auto started = Clock::now();
        return with_searcher<SearchResponse>([&](Searcher& s) -> Result<SearchResponse> {
            return search_in(s, request, started);
        });
    }

    /** Runs @p request on @p s (search()); @p started is when the request came in. */
    Result<SearchResponse> search_in(Searcher& s, const SearchRequest& request,
                                     Clock::time_point started) const {
        const IndexContext& ctx = *s.context;
        auto built = ctx.builder.build(request, 0.0); // boosts: ranking.h
        if (!built) {
            return built.error();
        }
        // Past the budget the matcher fills the page and stops there.
        const Xapian::doccount first = (request.page - 1) * request.per_page;
        const TimeBudget budget(options.time_budget, started, first + request.per_page);
        const SearchRun run{s, request, *built, budget, unix_now(), first};
        auto facets = FacetCounter::create(ctx.schema, request.facets);
        if (!facets) {
            return facets.error();
        }
        SearchResponse response;
        // The second phase adds the proximity bonus and the boosts, which
        // lift a document by a few points of BM25 score at most: one below
        // the first phase's top (page end + rerank_depth) seldom overtakes
        // the page with them (docs/quality.md, "Two phases").
        auto matched = request.sort == SortOrder::Relevance && options.rerank_depth > 0
                           ? match_in_two_phases(run, *facets, response.phases)
                           : match_in_one_phase(run, *facets, response.phases);
        if (!matched) {
            return matched.error();
        }
        response.query = request.q;
        response.explained = request.explain;
        response.page = request.page;
        response.per_page = request.per_page;
        response.total = matched->total;
        const auto hits_started = Clock::now();
        if (auto hits = add_hits(run, *matched, response); !hits) {
            return hits.error();
        }
        response.phases.hits_ms = ms_since(hits_started);
        finish_response(run, *facets, matched->mset, started, response);
        return response;
    }

    /** An Enquire on @p s ranking with the index's BM25 parameters. */
    Xapian::Enquire enquire_on(Searcher& s) const {
        Xapian::Enquire enquire(*s.db);
        enquire.set_weighting_scheme(bm25(s.context->schema.ranking()));
        return enquire;
    }

    /**
     * The whole query, proximity and boosts included, in one match: for a
     * sort by value (newest, rating), where relevance only breaks ties, and
     * with rerank_depth 0.
     */
    Result<MatchedPage> match_in_one_phase(const SearchRun& run, FacetCounter& facets,
                                           SearchPhases& phases) const {
        const auto started = Clock::now();
        Xapian::Enquire enquire = enquire_on(run.s);
        auto collapsing =
            run.s.context->ranking.configure(enquire, *run.s.db, run.request.collapse,
                                             run.request.sort);
        if (!collapsing) {
            return collapsing.error();
        }
        facets.attach(enquire); // counts need every match seen: check_at_least = all
        enquire.set_query(ranked(run, with_proximity(run.built.query, run.built.proximity)));
        Xapian::MSet mset =
            enquire.get_mset(run.first, run.request.per_page, check_at_least(run, facets,
                                                                             *collapsing));
        if (mset.get_matches_upper_bound() == 0 && !run.built.phrases_rank_only.empty() &&
            !run.budget.expired()) {
            // No document holds the quoted phrases: their words still find answers.
            enquire.set_query(ranked(
                run, with_proximity(run.built.phrases_rank_only, run.built.proximity)));
            mset = enquire.get_mset(run.first, run.request.per_page,
                                    check_at_least(run, facets, *collapsing));
        }
        MatchedPage matched = count_total(run, enquire, *collapsing, mset);
        phases.match_ms = ms_since(started);
        return matched;
    }

    /**
     * A relevance search in two phases. The first matches the text query
     * alone (words, compound parts, title, synonyms, derived forms: sums of
     * term weights, so Xapian skips documents that cannot reach the page)
     * and keeps the page's documents and ServiceOptions::rerank_depth more.
     * The second adds the proximity bonus and the boosts to those
     * candidates' text scores: their scores are the ones a single match of
     * the whole query gives, at the cost of a few hundred documents instead
     * of every match (positions and values are read for the candidates alone).
     */
    Result<MatchedPage> match_in_two_phases(const SearchRun& run, FacetCounter& facets,
                                            SearchPhases& phases) const {
        const auto started = Clock::now();
        const IndexContext& ctx = *run.s.context;
        Xapian::Enquire candidates_enquire = enquire_on(run.s);
        auto collapsing = ctx.ranking.configure(candidates_enquire, *run.s.db, run.request.collapse,
                                                SortOrder::Relevance, RERANK_POSTS_PER_THREAD);
        if (!collapsing) {
            return collapsing.error();
        }
        facets.attach(candidates_enquire); // counts need every match seen: check_at_least = all
        const Xapian::doccount page_end = run.first + run.request.per_page;
        const Xapian::doccount depth =
            (*collapsing ? RERANK_POSTS_PER_THREAD : 1) * page_end + options.rerank_depth;
        const Xapian::doccount at_least =
            std::max(depth, check_at_least(run, facets, *collapsing));
        const Xapian::Query* text = &run.built.query;
        candidates_enquire.set_query(run.budget.filter(*text));
        Xapian::MSet found = candidates_enquire.get_mset(0, depth, at_least);
        if (found.get_matches_upper_bound() == 0 && !run.built.phrases_rank_only.empty() &&
            !run.budget.expired()) {
            // No document holds the quoted phrases: their words still find answers.
            text = &run.built.phrases_rank_only;
            candidates_enquire.set_query(run.budget.filter(*text));
            found = candidates_enquire.get_mset(0, depth, at_least);
        }
        const Xapian::doccount matches = found.get_uncollapsed_matches_upper_bound();
        // Every matching post is a candidate: then threads and posts are counted exactly.
        bool every_post = found.size() >= matches;
        if (*collapsing && matches <= EXACT_COLLAPSED_TOTAL_BELOW && !every_post &&
            !run.budget.expired()) {
            // Few matches: keep every post of every thread, so that the
            // threads and each thread's posts are counted exactly (the facet
            // spies have seen every match already).
            candidates_enquire.clear_matchspies();
            (void)ctx.ranking.configure(candidates_enquire, *run.s.db, true, SortOrder::Relevance,
                                        matches);
            found = candidates_enquire.get_mset(0, matches);
            every_post = true; // asked for at least as many as match
        }
        Candidates candidates(found, *collapsing);
        phases.match_ms = ms_since(started);
        phases.candidates = candidates.docids().size();

        const auto rerank_started = Clock::now();
        Xapian::Enquire rerank = enquire_on(run.s);
        // The candidates carry their text scores from the first phase (the
        // text query is not matched again); proximity and boosts add to them.
        rerank.set_query(Ranking::apply(with_proximity(weighted_candidates(found),
                                                       run.built.proximity),
                                        boosts(run.s, run.now)));
        MatchedPage matched;
        matched.mset = rerank.get_mset(0, static_cast<Xapian::doccount>(candidates.docids().size()));
        // One hit per thread (several candidates share one only when every
        // post was kept, above): the first phase told each candidate's
        // thread, so no value is read again.
        std::unordered_set<std::string_view> threads;
        Xapian::doccount position = 0;
        for (auto it = matched.mset.begin();
             it != matched.mset.end() && matched.page.size() < run.request.per_page; ++it) {
            const std::string& thread = candidates.thread_of(*it);
            if (!thread.empty() && !threads.insert(thread).second) {
                continue;
            }
            if (position++ >= run.first) {
                matched.page.push_back(it);
            }
        }
        matched.total = found.get_matches_estimated();
        if (*collapsing && every_post && candidates.whole()) {
            matched.total = candidates.threads();
        } else if (*collapsing && !found.empty()) {
            // Xapian's estimate counts up to RERANK_POSTS_PER_THREAD posts
            // per thread (and can stray outside its own bounds): scale it by
            // the candidates' threads per post.
            const double threads_per_post = static_cast<double>(candidates.threads()) /
                                            static_cast<double>(found.size());
            const auto estimate = static_cast<uint64_t>(
                std::llround(static_cast<double>(matched.total) * threads_per_post));
            matched.total = std::clamp<uint64_t>(estimate, candidates.threads(),
                                                 std::max<uint64_t>(candidates.threads(),
                                                                    found.get_matches_upper_bound()));
        }
        matched.candidates = std::move(candidates);
        phases.rerank_ms = ms_since(rerank_started);
        return matched;
    }

    /** @p text with the ranking boosts, cut off by the time budget. */
    Xapian::Query ranked(const SearchRun& run, const Xapian::Query& text) const {
        return run.budget.filter(Ranking::apply(text, boosts(run.s, run.now)));
    }

    /** Matches Xapian checks at least: all of them for facets, else a margin beyond the page. */
    static Xapian::doccount check_at_least(const SearchRun& run, const FacetCounter& facets,
                                           bool collapsing) {
        return !facets.empty() ? run.s.db->get_doccount()
               : collapsing    ? run.first + run.request.per_page + COLLAPSED_CHECK_MARGIN
                               : run.first + run.request.per_page + EXACT_TOTAL_MARGIN;
    }

    /** The total of @p mset and where its page starts; a collapsed result with
     *  few matches is matched once more, whole, to count it exactly. */
    static MatchedPage count_total(const SearchRun& run, Xapian::Enquire& enquire,
                                   bool collapsing, const Xapian::MSet& mset) {
        MatchedPage matched{mset, {}, mset.get_matches_estimated(), std::nullopt};
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            matched.page.push_back(it);
        }
        if (!collapsing) {
            return matched;
        }
        // Collapsed, Xapian's estimate is exact when the page is not
        // full and can stray outside its own bounds when it is.
        matched.total = std::clamp<uint64_t>(matched.total, mset.get_matches_lower_bound(),
                                             mset.get_matches_upper_bound());
        const Xapian::doccount matches = mset.get_uncollapsed_matches_upper_bound();
        if (mset.size() >= run.request.per_page && matches <= EXACT_COLLAPSED_TOTAL_BELOW &&
            !run.budget.expired()) {
            // Few matches: one more, small match holding every
            // thread counts them and each thread's posts exactly
            // (the facet spies have seen every match already).
            enquire.clear_matchspies();
            matched.mset = enquire.get_mset(0, matches);
            matched.total = matched.mset.size();
            matched.page.clear();
            for (Xapian::doccount i = run.first; i < matched.mset.size(); ++i) {
                matched.page.push_back(matched.mset[i]);
            }
        }
        return matched;
    }

    /** Adds the hits of the page to @p response; fails on an unreadable stored document. */
    Result<void> add_hits(const SearchRun& run, const MatchedPage& matched,
                          SearchResponse& response) const {
        const unsigned per_page = run.request.per_page;
        const std::optional<unsigned> id_slot =
            run.request.ids_only ? run.s.context->schema.id_slot() : std::nullopt;
        response.hits.reserve(std::min<size_t>(matched.page.size(), per_page));
        for (const Xapian::MSetIterator& it : matched.page) {
            if (response.hits.size() >= per_page) {
                break;
            }
            if (id_slot) {
                // One value read instead of the whole stored document.
                Document doc;
                doc.id = it.get_document().get_value(*id_slot);
                if (!doc.id.empty()) {
                    response.hits.push_back(make_hit(run, matched, it, doc));
                    continue;
                }
            }
            auto doc = parse_document(it.get_document().get_data());
            if (!doc) {
                return make_error(ErrorCode::Corrupt,
                                  "stored document " + std::to_string(*it) +
                                      " is unreadable: " + doc.error().message);
            }
            response.hits.push_back(make_hit(run, matched, it, *doc));
        }
        return {};
    }

    /** The hit for the match at @p it of @p matched, whose stored document is @p doc (moved from). */
    SearchHit make_hit(const SearchRun& run, const MatchedPage& matched,
                       const Xapian::MSetIterator& it, Document& doc) const {
        const IndexContext& ctx = *run.s.context;
        SearchHit hit;
        hit.id = std::move(doc.id);
        hit.type = std::move(doc.type);
        hit.title = std::move(doc.title);
        hit.url = std::move(doc.url);
        hit.score = it.get_weight();
        hit.rating = doc.rating;
        hit.category = std::move(doc.category);
        hit.tags = std::move(doc.tags);
        hit.thread = std::move(doc.thread);
        if (run.request.collapse) {
            hit.thread_hits = matched.candidates
                                  ? matched.candidates->thread_posts(*it)
                                  : it.get_collapse_count() + 1;
        }
        if (run.request.explain) {
            hit.explain =
                explain(run.s, run.built, ctx.schema.id_prefix() + hit.id, it.get_document());
        }
        if (run.request.snippets) {
            set_snippet(hit, doc.body, ctx.builder.analyzer(), run.built.terms,
                        run.built.highlight_prefixes);
        }
        return hit;
    }

    /** Fills in the rest of @p response: words, facets, time-out, spelling suggestion, time. */
    void finish_response(const SearchRun& run, const FacetCounter& facets,
                         const Xapian::MSet& mset, Clock::time_point started,
                         SearchResponse& response) const {
        if (run.request.explain) {
            response.words = run.built.words;
        }
        response.facets = facets.results();
        response.timed_out = run.budget.expired();
        if (run.request.page == 1 && !response.timed_out &&
            wants_suggestion(run.s, run.built, response.total)) {
            response.suggestion =
                suggest(run.s, run.request, run.built, mset.get_uncollapsed_matches_estimated());
        }
        response.timed_out = response.timed_out || run.budget.expired();
        response.took_ms = ms_since(started);
    }

    Result<std::string> get_document(std::string_view id) {
        return with_searcher<std::string>([&](Searcher& s) -> Result<std::string> {
            const std::string term = s.context->schema.id_prefix() + std::string(id);
            Xapian::PostingIterator it = s.db->postlist_begin(term);
            if (it == s.db->postlist_end(term)) {
                return make_error(ErrorCode::NotFound,
                                  "no document with id '" + std::string(id) + "'");
            }
            return s.db->get_document(*it).get_data();
        });
    }

    /** Runs @p fn(IndexView) on a searcher (run_suggest, run_similar). */
    template <typename T, typename Fn> Result<T> with_view(Fn&& fn) {
        return with_searcher<T>([&](Searcher& s) -> Result<T> {
            const IndexContext& ctx = *s.context;
            const Xapian::BM25Weight weight = bm25(ctx.schema.ranking());
            return fn(IndexView{*s.db, ctx.schema, ctx.builder, weight});
        });
    }

    Result<HealthInfo> health() {
        return with_searcher<HealthInfo>([&](Searcher& s) -> Result<HealthInfo> {
            HealthInfo info;
            info.documents = s.db->get_doccount();
            info.generation = s.generation;
            info.last_reload_ms = last_reload_ms.load();
            std::lock_guard lock(live_mutex);
            info.reloads = reloads;
            return info;
        });
    }
};

SearchService::SearchService(ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

SearchService::~SearchService() = default;

Result<SearchResponse> SearchService::search(const SearchRequest& request) const {
    return impl_->search(request);
}

Result<std::string> SearchService::get_document(std::string_view id) const {
    return impl_->get_document(id);
}

Result<SuggestResponse> SearchService::suggest(const SuggestRequest& request) const {
    return impl_->with_view<SuggestResponse>(
        [&](const IndexView& view) { return run_suggest(view, request); });
}

Result<SimilarResponse> SearchService::similar(const SimilarRequest& request) const {
    return impl_->with_view<SimilarResponse>(
        [&](const IndexView& view) { return run_similar(view, request); });
}

Result<HealthInfo> SearchService::health() const {
    return impl_->health();
}

const ServiceOptions& SearchService::options() const {
    return impl_->options;
}

} // namespace antwort::searchd
