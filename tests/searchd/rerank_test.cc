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

TEST(CandidateSource, MatchesOnlyTheCandidatesWithTheirWholeQueryWeights) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 60);
    const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("wort"), Xapian::Query("drei"));
    const auto all = weights(db, query);
    // Unsorted, repeated, and one id (999) that is no document.
    const auto restricted = weights(db, restrict_to(query, {42, 3, 17, 3, 60, 999, 1}));
    ASSERT_EQ(restricted.size(), 5u);
    for (Xapian::docid id : {1u, 3u, 17u, 42u, 60u}) {
        ASSERT_EQ(restricted.count(id), 1u) << id;
        EXPECT_DOUBLE_EQ(restricted.at(id), all.at(id)) << id;
    }
}

TEST(CandidateSource, CandidatesTheQueryDoesNotMatchStayOut) {
    testing::TempDir tmp;
    const Xapian::Database db = make_db(tmp.path() / "db", 30);
    // "drei" is in 3, 6, 9, ...: of 2, 3, 4, 9 only 3 and 9 match.
    const auto restricted = weights(db, restrict_to(Xapian::Query("drei"), {2, 3, 4, 9}));
    ASSERT_EQ(restricted.size(), 2u);
    EXPECT_EQ(restricted.count(3), 1u);
    EXPECT_EQ(restricted.count(9), 1u);
    EXPECT_TRUE(weights(db, restrict_to(Xapian::Query("wort"), {})).empty());
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
