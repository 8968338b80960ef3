/** @file TimeBudget and DeadlineSource: the matcher stops at the deadline, not before. */
#include "antwort/searchd/time_budget.h"

#include "testing/temp_dir.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <thread>
#include <vector>

namespace antwort::searchd {
namespace {

using namespace std::chrono_literals;
using Clock = DeadlineSource::Clock;

/** A database of @p n documents, each holding "wort" (and "gerade" when even),
 *  with one document deleted in the middle so ids have a gap. */
Xapian::Database make_db(const std::filesystem::path& dir, unsigned n) {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE);
    for (unsigned i = 1; i <= n; ++i) {
        Xapian::Document doc;
        doc.add_term("wort", 1 + i % 5);
        if (i % 2 == 0) {
            doc.add_term("gerade");
        }
        db.add_document(doc);
    }
    db.delete_document(n / 2);
    db.commit();
    return Xapian::Database(dir.string());
}

std::vector<std::pair<Xapian::docid, double>> run(const Xapian::Database& db,
                                                  const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<std::pair<Xapian::docid, double>> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.emplace_back(*it, it.get_weight());
    }
    return out;
}

/** Sleeps on every match it sees, and counts them. */
class SlowSpy : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document&, double) override {
        ++seen;
        std::this_thread::sleep_for(1ms);
    }
    unsigned seen = 0;
};

TEST(TimeBudget, NoBudgetLeavesTheQueryAlone) {
    const Xapian::Query query("wort");
    const TimeBudget budget(0ms, Clock::now() - 1h, 10);
    EXPECT_EQ(budget.filter(query).get_description(), query.get_description());
    EXPECT_FALSE(budget.expired());
}

TEST(TimeBudget, WithinTheBudgetTheResultIsUnchanged) {
    testing::TempDir tmp;
    const auto db = make_db(tmp.path() / "db", 200);
    const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("wort"), Xapian::Query("gerade"));
    const TimeBudget budget(std::chrono::minutes(10), Clock::now(), 10);
    const auto plain = run(db, query);
    const auto filtered = run(db, budget.filter(query));
    ASSERT_EQ(plain.size(), 199u);
    ASSERT_EQ(filtered.size(), plain.size());
    for (size_t i = 0; i < plain.size(); ++i) {
        EXPECT_EQ(filtered[i].first, plain[i].first);
        EXPECT_DOUBLE_EQ(filtered[i].second, plain[i].second) << "the filter adds no weight";
    }
    EXPECT_FALSE(budget.expired());
}

TEST(TimeBudget, PastTheDeadlineOnlyThePageIsFilled) {
    testing::TempDir tmp;
    const auto db = make_db(tmp.path() / "db", 50);
    const TimeBudget late(5ms, Clock::now() - 1s, 7);
    EXPECT_TRUE(late.expired());
    EXPECT_EQ(run(db, late.filter(Xapian::Query("gerade"))).size(), 7u);
    const TimeBudget none_wanted(5ms, Clock::now() - 1s, 0);
    EXPECT_TRUE(run(db, none_wanted.filter(Xapian::Query("gerade"))).empty());
}

TEST(TimeBudget, TheMatcherStopsAtTheDeadline) {
    testing::TempDir tmp;
    const unsigned n = 1000;
    const auto db = make_db(tmp.path() / "db", n);
    const TimeBudget budget(30ms, Clock::now(), 10);
    Xapian::Enquire enquire(db);
    enquire.set_query(budget.filter(Xapian::Query("wort")));
    SlowSpy spy; // 1 ms per match: the whole match would take a second
    enquire.add_matchspy(&spy);
    Xapian::MSet mset = enquire.get_mset(0, 10, n);
    EXPECT_TRUE(budget.expired());
    EXPECT_GT(spy.seen, 0u);
    EXPECT_LT(spy.seen, n - 1) << "the match went on past the deadline";
    EXPECT_EQ(mset.size(), 10u) << "the best matches seen so far fill the page";
}

} // namespace
} // namespace antwort::searchd
