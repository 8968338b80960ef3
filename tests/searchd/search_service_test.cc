/** @file End-to-end tests of SearchService on indexes built by antwort::indexer. */
#include "antwort/searchd/search_service.h"

#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <xapian.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <utility>
#include <string>
#include <vector>

namespace antwort::searchd {
namespace {

using testing::TempDir;

class SearchServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, testing::fixture_docs());
    }

    ServiceOptions options() const {
        ServiceOptions o;
        o.index = index_;
        o.reload_interval = std::chrono::milliseconds(0);
        o.thesaurus_file = "";
        o.synonyms_file = "";
        return o;
    }

    std::vector<std::string> ids(const SearchRequest& request, const SearchService& service) {
        auto response = service.search(request);
        EXPECT_TRUE(response.ok()) << response.error().message;
        std::vector<std::string> out;
        if (response.ok()) {
            for (const auto& hit : response->hits) {
                out.push_back(hit.id);
            }
        }
        return out;
    }

    std::vector<std::string> ids(const std::string& q) {
        SearchService service(options());
        SearchRequest request;
        request.q = q;
        return ids(request, service);
    }

    TempDir tmp_;
    std::filesystem::path index_;
};

TEST_F(SearchServiceTest, StemmingFindsPluralAndUmlaut) {
    auto hits = ids("Häuser");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits.front(), "faq:haus");
}

TEST_F(SearchServiceTest, SharpSFoldsToSs) {
    EXPECT_EQ(ids("Strasse"), std::vector<std::string>{"faq:strasse"});
    EXPECT_EQ(ids("STRASSE"), std::vector<std::string>{"faq:strasse"});
}

TEST_F(SearchServiceTest, TitleMatchRanksAboveBodyMatch) {
    auto hits = ids("Drucker einrichten");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], "art:drucker-titel");
    EXPECT_EQ(hits[1], "art:drucker-body");
}

TEST_F(SearchServiceTest, BetterRatingWinsWhenTextIsEqual) {
    auto hits = ids("Passwort vergessen");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], "forum:pw-high");
    EXPECT_EQ(hits[1], "forum:pw-low");
}

TEST_F(SearchServiceTest, WithoutRatingWeightDocidOrderDecidesTies) {
    // Proves the previous test depends on the rating boost, not on luck.
    ServiceOptions o = options();
    o.rating_weight = 0.0;
    SearchService service(o);
    SearchRequest request;
    request.q = "Passwort vergessen";
    auto response = service.search(request);
    ASSERT_TRUE(response.ok());
    ASSERT_EQ(response->hits.size(), 2u);
    EXPECT_DOUBLE_EQ(response->hits[0].score, response->hits[1].score);
}

TEST_F(SearchServiceTest, RatingBoostIsBoundedByItsWeight) {
    SearchService service(options());
    SearchRequest request;
    request.q = "Passwort vergessen";
    auto boosted = service.search(request);
    ServiceOptions o = options();
    o.rating_weight = 0.0;
    SearchService plain(o);
    auto unboosted = plain.search(request);
    ASSERT_TRUE(boosted.ok() && unboosted.ok());
    const double base = unboosted->hits[0].score;
    for (const auto& hit : boosted->hits) {
        EXPECT_GT(hit.score, base);
        EXPECT_LE(hit.score, base + 1.0 + 1e-9); // rating_weight 1.0 from the schema
    }
}

TEST_F(SearchServiceTest, StrongTextMatchBeatsHighRating) {
    auto hits = ids("Kernel kompilieren");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], "faq:kernel-strong");
    EXPECT_EQ(hits[1], "forum:kernel-weak");
}

TEST_F(SearchServiceTest, OrSemanticsRanksMoreMatchedWordsHigher) {
    auto hits = ids("Kernel Tastatur Netzwerk");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], "forum:kernel-weak");
}

TEST_F(SearchServiceTest, FiltersCombine) {
    SearchService service(options());
    SearchRequest request;
    request.q = "Kernel Drucker Passwort Haus";
    request.types = {"faq"};
    auto faq = ids(request, service);
    EXPECT_EQ(faq.size(), 2u);
    for (const auto& id : faq) {
        EXPECT_EQ(id.rfind("faq:", 0), 0u) << id;
    }
    request.types = {"FAQ", "forum"};
    EXPECT_EQ(ids(request, service).size(), 5u);
    request.types.clear();
    request.categories = {"hardware"};
    auto hardware = ids(request, service);
    std::sort(hardware.begin(), hardware.end());
    EXPECT_EQ(hardware, (std::vector<std::string>{"art:drucker-body", "art:drucker-titel"}));
    request.categories.clear();
    request.tags = {"farbe"};
    EXPECT_EQ(ids(request, service), std::vector<std::string>{"faq:haus"});
    request.types = {"forum"};
    EXPECT_TRUE(ids(request, service).empty());
}

TEST_F(SearchServiceTest, EmptyQueryWithFilterListsBestRatedFirst) {
    SearchService service(options());
    SearchRequest request;
    request.types = {"forum"};
    auto hits = ids(request, service);
    EXPECT_EQ(hits,
              (std::vector<std::string>{"forum:kernel-weak", "forum:pw-high", "forum:pw-low"}));
}

TEST_F(SearchServiceTest, PagesAreDisjointAndTotalIsExact) {
    SearchService service(options());
    SearchRequest request;
    request.q = "Kernel Drucker Passwort Haus";
    request.per_page = 3;
    std::vector<std::string> all;
    for (unsigned page = 1; page <= 3; ++page) {
        request.page = page;
        auto response = service.search(request);
        ASSERT_TRUE(response.ok());
        EXPECT_EQ(response->total, 7u);
        EXPECT_EQ(response->page, page);
        EXPECT_EQ(response->hits.size(), page < 3 ? 3u : 1u);
        for (const auto& hit : response->hits) {
            all.push_back(hit.id);
        }
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::unique(all.begin(), all.end()), all.end());
    EXPECT_EQ(all.size(), 7u);
    request.page = 4;
    auto beyond = service.search(request);
    ASSERT_TRUE(beyond.ok());
    EXPECT_TRUE(beyond->hits.empty());
    EXPECT_EQ(beyond->total, 7u);
}

TEST_F(SearchServiceTest, HitsCarryStoredFieldsAndASnippet) {
    SearchService service(options());
    SearchRequest request;
    request.q = "Installation";
    auto response = service.search(request);
    ASSERT_TRUE(response.ok());
    ASSERT_EQ(response->hits.size(), 1u);
    const SearchHit& hit = response->hits[0];
    EXPECT_EQ(hit.id, "art:drucker-titel");
    EXPECT_EQ(hit.type, "article");
    EXPECT_EQ(hit.title, "Drucker einrichten unter Linux");
    EXPECT_EQ(hit.url, "https://example.org/drucker");
    EXPECT_EQ(hit.category, "Hardware");
    EXPECT_EQ(hit.tags, std::vector<std::string>{"cups"});
    EXPECT_FALSE(hit.rating);
    EXPECT_NE(hit.snippet.find("Installation"), std::string::npos) << hit.snippet;
    EXPECT_GT(hit.score, 0);
    EXPECT_GE(response->took_ms, 0);
}

TEST_F(SearchServiceTest, GetDocumentReturnsStoredJson) {
    SearchService service(options());
    auto doc = service.get_document("lo-help-de:text/sbasic/guide/access2base");
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    auto parsed = parse_document(*doc);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->title, "Access2Base");
    auto missing = service.get_document("nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(SearchServiceTest, HealthReportsCountAndGeneration) {
    SearchService service(options());
    auto health = service.health();
    ASSERT_TRUE(health.ok());
    EXPECT_EQ(health->documents, testing::fixture_docs().size());
    EXPECT_EQ(health->generation, *IndexDir(index_).current_generation());
    EXPECT_GT(health->last_reload_ms, 0);
}

TEST_F(SearchServiceTest, MissingIndexIsUnavailable) {
    ServiceOptions o;
    o.index = tmp_.path() / "nothing-here";
    SearchService service(o);
    SearchRequest request;
    request.q = "Haus";
    auto response = service.search(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::Unavailable);
    EXPECT_FALSE(service.health().ok());
}

TEST_F(SearchServiceTest, RefusesIndexWithOtherSchemaFormat) {
    {
        auto gen = IndexDir(index_).current_generation();
        Xapian::WritableDatabase db(IndexDir(index_).generation_path(*gen).string());
        db.set_metadata(META_SCHEMA_FORMAT, "99");
        db.commit();
    }
    SearchService service(options());
    SearchRequest request;
    request.q = "Haus";
    auto response = service.search(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::Unavailable);
    EXPECT_NE(response.error().message.find("schema format 99, this searchd reads " +
                                            std::to_string(SCHEMA_FORMAT) +
                                            "; rebuild it with antwort-indexer build"),
              std::string::npos)
        << response.error().message;
}

TEST_F(SearchServiceTest, RefusesIndexWithoutSchema) {
    {
        auto gen = IndexDir(index_).current_generation();
        Xapian::WritableDatabase db(IndexDir(index_).generation_path(*gen).string());
        db.set_metadata(META_SCHEMA_FORMAT, "");
        db.commit();
    }
    SearchService service(options());
    auto health = service.health();
    ASSERT_FALSE(health.ok());
    EXPECT_NE(health.error().message.find("(none)"), std::string::npos) << health.error().message;
}

TEST_F(SearchServiceTest, BundledCorporaAnswerGermanQueries) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    indexer::IngestOptions ingest;
    ingest.index = index;
    for (const char* part : {"faq", "articles", "forum"}) {
        ingest.inputs.push_back(std::string(ANTWORT_CORPORA_DIR) + part + "/docs.ndjson");
    }
    auto stats = indexer::build_index(ingest, Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    ServiceOptions o;
    o.index = index;
    SearchService service(o);
    SearchRequest request;
    request.q = "Was ist Debian?";
    auto response = service.search(request);
    ASSERT_TRUE(response.ok()) << response.error().message;
    ASSERT_FALSE(response->hits.empty());
    EXPECT_EQ(response->hits[0].id.rfind("debian-faq-de:", 0), 0u) << response->hits[0].id;
    request.q = "Pakete installieren";
    request.types = {"faq"};
    response = service.search(request);
    ASSERT_TRUE(response.ok());
    EXPECT_FALSE(response->hits.empty());
    for (const auto& hit : response->hits) {
        EXPECT_EQ(hit.type, "faq");
    }
}

/** An index of the bundled corpora (FAQs, articles, two forums) in @p dir. */
std::filesystem::path build_bundled(const TempDir& dir) {
    const auto index = dir.path() / "index";
    indexer::IngestOptions ingest;
    ingest.index = index;
    for (const char* part : {"faq", "articles", "forum", "forum-osm"}) {
        ingest.inputs.push_back(std::string(ANTWORT_CORPORA_DIR) + part + "/docs.ndjson");
    }
    auto stats = indexer::build_index(ingest, Schema::default_schema());
    EXPECT_TRUE(stats.ok()) << stats.error().message;
    return index;
}

/** The title of every @p nth document of the bundled corpora: varied German queries. */
std::vector<std::string> bundled_titles(size_t nth) {
    std::vector<std::string> titles;
    for (const char* part : {"faq", "articles", "forum", "forum-osm"}) {
        std::ifstream in(std::string(ANTWORT_CORPORA_DIR) + part + "/docs.ndjson");
        std::string line;
        for (size_t i = 0; std::getline(in, line); ++i) {
            auto doc = parse_document(line);
            if (i % nth == 0 && doc && !doc->title.empty()) {
                titles.push_back(doc->title);
            }
        }
    }
    return titles;
}

TEST(TwoPhaseSearch, RanksLikeOneMatchOfTheWholeQuery) {
    // The second phase scores the first phase's candidates with the whole
    // query, so its pages are those of one match over every document
    // (rerank_depth 0) unless the boosts lift a document from below the
    // candidates (a forum post with many votes that matches only a stop
    // word) or a thread's best post by the whole score was not among its
    // first posts by text: each hit still has the whole query's score.
    TempDir tmp;
    ServiceOptions two_phases;
    two_phases.index = build_bundled(tmp);
    two_phases.thesaurus_file = "";
    ServiceOptions one_phase = two_phases;
    one_phase.rerank_depth = 0;
    const SearchService reranked(two_phases);
    const SearchService whole(one_phase);
    const std::vector<std::string> queries = bundled_titles(7);
    ASSERT_GE(queries.size(), 80u);
    size_t pages = 0;
    size_t same_pages = 0;
    size_t same_top3 = 0;
    for (const auto& q : queries) {
        for (bool collapse : {true, false}) {
            for (unsigned page : {1u, 2u}) {
                SearchRequest request;
                request.q = q;
                request.collapse = collapse;
                request.page = page;
                request.snippets = false;
                auto a = reranked.search(request);
                auto b = whole.search(request);
                ASSERT_TRUE(a.ok() && b.ok()) << q;
                ASSERT_EQ(a->hits.size(), b->hits.size()) << q << " page " << page;
                // Both totals are exact when few posts match, else
                // estimates (Xapian rounds its own) of the same size.
                SearchRequest posts = request;
                posts.collapse = false;
                auto matching_posts = whole.search(posts);
                ASSERT_TRUE(matching_posts.ok());
                if (matching_posts->total <= 50) {
                    EXPECT_EQ(a->total, b->total) << q;
                } else {
                    EXPECT_NEAR(double(a->total), double(b->total), 0.5 * double(b->total)) << q;
                }
                EXPECT_GE(a->phases.candidates, std::min<uint64_t>(a->total, page * 10)) << q;
                EXPECT_EQ(b->phases.candidates, 0u) << q;
                std::map<std::string, double> score_of;
                for (const auto& hit : b->hits) {
                    score_of[hit.id] = hit.score;
                }
                bool same = true;
                for (size_t i = 0; i < a->hits.size(); ++i) {
                    const bool here = a->hits[i].id == b->hits[i].id;
                    same = same && here;
                    if (i == 2 && same && page == 1) {
                        ++same_top3;
                    }

                    if (i > 0) {
                        EXPECT_GE(a->hits[i - 1].score, a->hits[i].score) << q << " #" << i;
                    }
                    if (score_of.count(a->hits[i].id) != 0) {
                        EXPECT_NEAR(a->hits[i].score, score_of[a->hits[i].id], 1e-9)
                            << q << " #" << i;
                    }
                }
                same_pages += same ? 1 : 0;
                ++pages;
            }
        }
    }
    // Measured: 356 of 368 pages the same, and the top 3 of 181 of 184
    // first pages (the rest: a thread shown by another of its posts).
    EXPECT_GE(same_pages * 100, pages * 95) << same_pages << " of " << pages;
    EXPECT_GE(same_top3 * 100, (pages / 2) * 97) << same_top3 << " of " << pages / 2;
}

/** The ids and scores of @p request's hits on @p service, and whether any hit had a title. */
std::pair<std::vector<std::pair<std::string, double>>, bool> ranked_ids(
    const SearchService& service, const SearchRequest& request) {
    auto response = service.search(request);
    EXPECT_TRUE(response.ok()) << response.error().message;
    std::vector<std::pair<std::string, double>> out;
    bool titled = false;
    if (response.ok()) {
        for (const auto& hit : response->hits) {
            out.emplace_back(hit.id, hit.score);
            titled = titled || !hit.title.empty();
        }
    }
    return {out, titled};
}

TEST(IdsOnlySearch, GivesTheSameRankingFromTheIdSlotOrTheDocuments) {
    TempDir tmp;
    ServiceOptions options;
    options.index = build_bundled(tmp);
    options.thesaurus_file = "";
    ASSERT_TRUE(Schema::default_schema().id_slot());
    // The same documents under a schema without the id slot (an index
    // built before it): ids then come from the stored documents.
    std::string json = Schema::default_schema().json();
    const std::string slot = R"(, "value_slot": 14)";
    const size_t at = json.find(slot);
    ASSERT_NE(at, std::string::npos);
    json.erase(at, slot.size());
    auto old_schema = Schema::parse(json);
    ASSERT_TRUE(old_schema.ok()) << old_schema.error().message;
    ASSERT_FALSE(old_schema->id_slot());
    ServiceOptions old_options = options;
    old_options.index = tmp.path() / "old";
    indexer::IngestOptions ingest;
    ingest.index = old_options.index;
    for (const char* part : {"faq", "articles", "forum", "forum-osm"}) {
        ingest.inputs.push_back(std::string(ANTWORT_CORPORA_DIR) + part + "/docs.ndjson");
    }
    ASSERT_TRUE(indexer::build_index(ingest, *old_schema).ok());
    const SearchService service(options);
    const SearchService old_service(old_options);
    for (const char* q : {"Passwort vergessen", "Karte bearbeiten", "Pakete installieren"}) {
        SearchRequest request;
        request.q = q;
        request.per_page = 50;
        const auto full = ranked_ids(service, request);
        request.ids_only = true;
        const auto from_slot = ranked_ids(service, request);
        const auto from_documents = ranked_ids(old_service, request);
        ASSERT_FALSE(full.first.empty()) << q;
        EXPECT_EQ(from_slot.first, full.first) << q;
        EXPECT_EQ(from_documents.first, full.first) << q;
        EXPECT_TRUE(full.second) << q;
        EXPECT_FALSE(from_slot.second) << q << ": the documents were not read";
        EXPECT_TRUE(from_documents.second) << q;
    }
}

TEST(TwoPhaseSearch, ShallowRerankStillScoresEveryHitWithTheWholeQuery) {
    // With no candidates beyond the page, the page may differ from one
    // match's, but each hit keeps the whole query's score (boosts included).
    TempDir tmp;
    ServiceOptions shallow;
    shallow.index = build_bundled(tmp);
    shallow.thesaurus_file = "";
    shallow.rerank_depth = 1;
    ServiceOptions one_phase = shallow;
    one_phase.rerank_depth = 0;
    const SearchService reranked(shallow);
    const SearchService whole(one_phase);
    SearchRequest request;
    request.q = "Passwort vergessen";
    request.per_page = 100;
    request.collapse = false;
    auto all = whole.search(request);
    ASSERT_TRUE(all.ok());
    std::map<std::string, double> score_of;
    for (const auto& hit : all->hits) {
        score_of[hit.id] = hit.score;
    }
    request.per_page = 5;
    auto page = reranked.search(request);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->hits.size(), 5u);
    EXPECT_EQ(page->phases.candidates, 6u);
    for (const auto& hit : page->hits) {
        ASSERT_TRUE(score_of.count(hit.id)) << hit.id;
        EXPECT_NEAR(hit.score, score_of[hit.id], 1e-9) << hit.id;
    }
}

} // namespace
} // namespace antwort::searchd
