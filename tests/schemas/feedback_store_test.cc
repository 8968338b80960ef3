/** @file Tests for FeedbackStore: counts, change sequence, durability, no personal data. */
#include "antwort/feedback_store.h"
#include "antwort/rating.h"
#include "antwort/sqlite.h"

#include "testing/temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

namespace antwort {
namespace {

using testing::TempDir;

TEST(FeedbackStoreTest, CountsVotesPerDocument) {
    TempDir tmp;
    auto store = FeedbackStore::open(FeedbackStore::path_for_index(tmp.path() / "index"));
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ(*store->counts("faq:1"), (HelpfulCounts{0, 0}));
    EXPECT_EQ(*store->vote("faq:1", true), (HelpfulCounts{1, 0}));
    EXPECT_EQ(*store->vote("faq:1", true), (HelpfulCounts{2, 0}));
    EXPECT_EQ(*store->vote("faq:1", false), (HelpfulCounts{2, 1}));
    EXPECT_EQ(*store->vote("faq:2", false), (HelpfulCounts{0, 1}));
    EXPECT_EQ(*store->counts("faq:1"), (HelpfulCounts{2, 1}));
    auto many = store->counts(std::vector<std::string>{"faq:1", "faq:2", "faq:none"});
    ASSERT_TRUE(many.ok());
    EXPECT_EQ(many->size(), 2u);
    EXPECT_EQ(many->at("faq:2"), (HelpfulCounts{0, 1}));
}

TEST(FeedbackStoreTest, ChangesSinceFollowTheSequence) {
    TempDir tmp;
    auto store = FeedbackStore::open(tmp.path() / "feedback.sqlite");
    ASSERT_TRUE(store.ok());
    auto none = store->changes_since(0);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->changes.empty());
    EXPECT_EQ(none->sequence, 0u);

    ASSERT_TRUE(store->vote("a", true).ok());
    ASSERT_TRUE(store->vote("b", true).ok());
    auto first = store->changes_since(0);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->changes.size(), 2u);
    EXPECT_EQ(first->sequence, 2u);

    ASSERT_TRUE(store->vote("a", false).ok());
    auto later = store->changes_since(first->sequence);
    ASSERT_TRUE(later.ok());
    ASSERT_EQ(later->changes.size(), 1u);
    EXPECT_EQ(later->changes[0].id, "a");
    EXPECT_EQ(later->changes[0].counts, (HelpfulCounts{1, 1}));
    EXPECT_EQ(later->sequence, 3u);
    auto nothing = store->changes_since(later->sequence);
    ASSERT_TRUE(nothing.ok());
    EXPECT_TRUE(nothing->changes.empty());
}

TEST(FeedbackStoreTest, SurvivesReopening) {
    TempDir tmp;
    const auto path = tmp.path() / "feedback.sqlite";
    {
        auto store = FeedbackStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->vote("x", true).ok());
        ASSERT_TRUE(store->vote("x", false).ok());
    }
    auto again = FeedbackStore::open_existing(path);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again->counts("x"), (HelpfulCounts{1, 1}));
    EXPECT_EQ(again->changes_since(0)->sequence, 2u);
}

TEST(FeedbackStoreTest, OpenExistingDoesNotCreate) {
    TempDir tmp;
    auto missing = FeedbackStore::open_existing(tmp.path() / "feedback.sqlite");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(std::filesystem::exists(tmp.path() / "feedback.sqlite"));
}

TEST(FeedbackStoreTest, ConcurrentVotesAreAllCounted) {
    TempDir tmp;
    auto store = FeedbackStore::open(tmp.path() / "feedback.sqlite");
    ASSERT_TRUE(store.ok());
    constexpr int THREADS = 8;
    constexpr int VOTES = 40;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&store, t] {
            for (int i = 0; i < VOTES; ++i) {
                ASSERT_TRUE(store->vote("doc", (t + i) % 3 != 0).ok());
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    auto counts = store->counts("doc");
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->yes + counts->no, THREADS * VOTES);
    // Every vote got its own sequence number.
    EXPECT_EQ(store->changes_since(0)->sequence, static_cast<uint64_t>(THREADS * VOTES));
}

TEST(FeedbackStoreTest, TableHoldsOnlyIdCountsAndSequence) {
    TempDir tmp;
    const auto path = tmp.path() / "feedback.sqlite";
    {
        auto store = FeedbackStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->vote("faq:1", true).ok());
    }
    auto db = sqlite::Database::open(path);
    ASSERT_TRUE(db.ok());
    auto tables = db->prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    ASSERT_TRUE(tables.ok());
    std::set<std::string> table_names;
    while (*tables->step()) {
        table_names.insert(tables->column_text(0));
    }
    EXPECT_EQ(table_names, (std::set<std::string>{"feedback"}));
    auto columns = db->prepare("SELECT name FROM pragma_table_info('feedback')");
    ASSERT_TRUE(columns.ok());
    std::set<std::string> names;
    while (*columns->step()) {
        names.insert(columns->column_text(0));
    }
    EXPECT_EQ(names, (std::set<std::string>{"doc_id", "helpful_yes", "helpful_no", "seq"}));
}

TEST(RatingSlotScoreTest, PoolsVotesAndHelpfulAnswers) {
    EXPECT_FALSE(rating_slot_score(std::nullopt, {}).has_value());
    EXPECT_DOUBLE_EQ(*rating_slot_score(Rating{0, 0}, {}), 0.0);
    EXPECT_DOUBLE_EQ(*rating_slot_score(std::nullopt, {3, 1}), wilson_lower_bound(3, 1));
    EXPECT_DOUBLE_EQ(*rating_slot_score(Rating{10, 2}, {5, 4}), wilson_lower_bound(15, 6));
    EXPECT_GT(*rating_slot_score(Rating{1, 0}, {20, 0}), *rating_slot_score(Rating{1, 0}, {}));
    EXPECT_LT(*rating_slot_score(Rating{1, 0}, {0, 20}), *rating_slot_score(Rating{1, 0}, {}));
}

} // namespace
} // namespace antwort
