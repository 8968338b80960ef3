/** @file Tests for the index directory layout and writer lock. */
#include "antwort/index_layout.h"

#include <gtest/gtest.h>

#include <thread>
#include <unistd.h>

namespace antwort {
namespace {

namespace fs = std::filesystem;

class IndexDirTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("antwort-layout-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

TEST_F(IndexDirTest, EmptyDirectoryHasNoGeneration) {
    IndexDir dir(root_);
    EXPECT_FALSE(dir.current_generation().has_value());
    EXPECT_EQ(dir.next_generation(), 1u);
}

TEST_F(IndexDirTest, PublishSwapsCurrent) {
    IndexDir dir(root_);
    fs::create_directories(dir.generation_path(1));
    ASSERT_TRUE(dir.publish(1).ok());
    EXPECT_EQ(dir.current_generation(), 1u);
    fs::create_directories(dir.generation_path(2));
    ASSERT_TRUE(dir.publish(2).ok());
    EXPECT_EQ(dir.current_generation(), 2u);
    EXPECT_EQ(fs::canonical(dir.current_link()), fs::canonical(dir.generation_path(2)));
    EXPECT_EQ(dir.next_generation(), 3u);
}

TEST_F(IndexDirTest, PublishRefusesMissingGeneration) {
    IndexDir dir(root_);
    EXPECT_FALSE(dir.publish(5).ok());
    EXPECT_FALSE(dir.current_generation().has_value());
}

TEST_F(IndexDirTest, StagingCountsForNextGeneration) {
    IndexDir dir(root_);
    fs::create_directories(dir.staging_path(4));
    EXPECT_EQ(dir.next_generation(), 5u);
}

TEST_F(IndexDirTest, RemoveStaleKeepsCurrentAndPrevious) {
    IndexDir dir(root_);
    for (uint64_t g = 1; g <= 4; ++g) {
        fs::create_directories(dir.generation_path(g));
    }
    fs::create_directories(dir.staging_path(5));
    ASSERT_TRUE(dir.publish(4).ok());
    dir.remove_stale();
    EXPECT_FALSE(fs::exists(dir.generation_path(1)));
    EXPECT_FALSE(fs::exists(dir.generation_path(2)));
    EXPECT_TRUE(fs::exists(dir.generation_path(3)));
    EXPECT_TRUE(fs::exists(dir.generation_path(4)));
    EXPECT_FALSE(fs::exists(dir.staging_path(5)));
}

TEST_F(IndexDirTest, WriterLockIsExclusive) {
    auto first = WriterLock::acquire(root_);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = WriterLock::acquire(root_);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::Conflict);
    {
        WriterLock released = std::move(first).value();
    }
    EXPECT_TRUE(WriterLock::acquire(root_).ok());
}

TEST_F(IndexDirTest, WriterLockWaitsForAShortHolder) {
    auto first = WriterLock::acquire(root_);
    ASSERT_TRUE(first.ok());
    auto timed_out = WriterLock::acquire(root_, std::chrono::milliseconds(50));
    ASSERT_FALSE(timed_out.ok());
    EXPECT_EQ(timed_out.error().code, ErrorCode::Conflict);
    std::thread holder([lock = std::move(first).value()]() mutable {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        WriterLock released = std::move(lock);
    });
    auto waited = WriterLock::acquire(root_, std::chrono::seconds(10));
    holder.join();
    EXPECT_TRUE(waited.ok()) << waited.error().message;
}

} // namespace
} // namespace antwort
