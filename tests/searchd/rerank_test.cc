/** @file CandidateSource and Candidates: the second phase scores exactly the first phase's documents. */
#include "antwort/searchd/rerank.h"

#include "testing/temp_dir.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace antwort::searchd {
namespace {

/** Documents 1..@p n, each holding "wort" (wdf 1 + i % 4) and, when i % 3 == 0,
 *  "drei"; thread "t<i % 5>" in value slot 0 for odd i, none for even i. */
Xapian::Database make_db(const std::filesystem::path& dir, unsigned n) {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE);
    for (unsigned i = 1; i <= n; ++i) {
        Xapian::Document doc;
        doc.add_term("wort", 1 + i % 4);
        if (i % 3 == 0) {
            doc.add_term("drei");
        }
        if (i % 2 == 1) {
            doc.add_value(0, "t" + std::to_string(i % 5));
        }
        db.add_document(doc);
    }
    db.commit();
    return Xapian::Database(dir.string());
}

std::map<Xapian::docid, double> weights(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::map<Xapian::docid, double> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out[*it] = it.get_weight();
    }
    return out;
}

/** The best @p n documents of @p db for @p query. */
Xapian::MSet top_of(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount n) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    return enquire.get_mset(0, n);
}

/** The weights of @p top's documents with @p more added on them (OP_AND_MAYBE). */
std::map<Xapian::docid, double> reranked(const Xapian::Database& db, const Xapian::MSet& top,
                                         const Xapian::Query& more) {
    return weights(db,
                   Xapian::Query(Xapian::Query::OP_AND_MAYBE, weighted_candidates(top), more));
}

TEST(CandidateSource, WeightedCandidatesMatchTheirDocumentsOnly) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 60);
    const Xapian::MSet top = top_of(db, Xapian::Query("drei"), 5);
    ASSERT_EQ(top.size(), 5u);
    // "wort" is in every document, yet only the five candidates match.
    const auto scored = reranked(db, top, Xapian::Query("wort"));
    ASSERT_EQ(scored.size(), 5u);
    for (auto it = top.begin(); it != top.end(); ++it) {
        ASSERT_EQ(scored.count(*it), 1u) << *it;
        EXPECT_GT(scored.at(*it), it.get_weight()) << *it; // "wort" added its weight
    }
    EXPECT_TRUE(weights(db, weighted_candidates(top_of(db, Xapian::Query("nirgends"), 10))).empty());
}

TEST(CandidateSource, WeightedCandidatesStandForTheQueryThatScoredThem) {
    // "wort" scored first, then "drei" added on its candidates: the same
    // weights as one match of "wort" OR "drei" over the documents holding "wort".
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 60);
    const Xapian::MSet top = top_of(db, Xapian::Query("wort"), 40);
    ASSERT_EQ(top.size(), 40u);
    const auto scored = reranked(db, top, Xapian::Query("drei"));
    const auto whole =
        weights(db, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("wort"), Xapian::Query("drei")));
    ASSERT_EQ(scored.size(), 40u);
    size_t with_drei = 0;
    for (auto it = top.begin(); it != top.end(); ++it) {
        ASSERT_EQ(scored.count(*it), 1u) << *it;
        EXPECT_NEAR(scored.at(*it), whole.at(*it), 1e-12) << *it;
        with_drei += *it % 3 == 0 ? 1 : 0;
    }
    EXPECT_GT(with_drei, 0u); // the second query did add weight somewhere
}

TEST(Candidates, CountTheThreadsAndTheirPostsOfACollapsedMatch) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 40);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("wort"));
    enquire.set_collapse_key(0);
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    const Candidates candidates(mset, true);
    // 20 even documents without a thread, and one post for each of the 5 threads.
    EXPECT_EQ(candidates.docids().size(), 25u);
    EXPECT_EQ(candidates.threads(), 25u);
    EXPECT_FALSE(candidates.whole());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::docid id = *it;
        if (id % 2 == 0) {
            EXPECT_EQ(candidates.thread_of(id), "") << id;
            EXPECT_EQ(candidates.thread_posts(id), 1u) << id;
        } else {
            EXPECT_EQ(candidates.thread_of(id), "t" + std::to_string(id % 5)) << id;
            // 20 odd documents over 5 threads: 4 posts each, all matched
            // ("wort" is in every document, so Xapian skipped none).
            EXPECT_EQ(candidates.thread_posts(id), 4u) << id;
        }
    }
}

TEST(Candidates, EveryPostKeptIsWholeAndCountedExactly) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 40);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("wort"));
    enquire.set_collapse_key(0, 40);
    const Candidates candidates(enquire.get_mset(0, 100), true);
    EXPECT_TRUE(candidates.whole());
    EXPECT_EQ(candidates.docids().size(), 40u);
    EXPECT_EQ(candidates.threads(), 25u);
    EXPECT_EQ(candidates.thread_posts(1), 4u);
    EXPECT_EQ(candidates.thread_posts(2), 1u);
}

TEST(Candidates, WithoutCollapsingEachDocumentIsItsOwnThread) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 12);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("drei"));
    const Candidates candidates(enquire.get_mset(0, 100), false);
    EXPECT_EQ(candidates.docids().size(), 4u);
    EXPECT_EQ(candidates.threads(), 4u);
    EXPECT_TRUE(candidates.whole());
    EXPECT_EQ(candidates.thread_of(3), "");
    EXPECT_EQ(candidates.thread_posts(3), 1u);
}

} // namespace
} // namespace antwort::searchd
