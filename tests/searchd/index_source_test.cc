/** @file LocalIndexSource: the live generation of an index directory, opened and checked. */
#include "antwort/searchd/index_source.h"

#include "fixture_docs.h"
#include "searchd_test_util.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

using testing::TempDir;

TEST(LocalIndexSourceTest, AnEmptyDirectoryHasNoLiveGenerationAndSaysHowToMakeOne) {
    TempDir tmp;
    auto source = local_index_source(tmp.path() / "index");
    auto live = source->live_generation();
    ASSERT_FALSE(live.ok());
    EXPECT_EQ(live.error().code, ErrorCode::Unavailable);
    EXPECT_NE(live.error().message.find("antwort-indexer build"), std::string::npos);
}

TEST(LocalIndexSourceTest, OpensTheLiveGenerationWithItsSchema) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    testing::build_from_lines(index, testing::fixture_docs());
    auto source = local_index_source(index);
    auto live = source->live_generation();
    ASSERT_TRUE(live.ok()) << live.error().message;
    EXPECT_EQ(*live, 2u);
    auto opened = source->open(*live);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->db.get_doccount(), testing::fixture_docs().size());
    EXPECT_EQ(opened->schema.json(), Schema::default_schema().json());
    EXPECT_NE(source->describe(*live).find("gen-000002"), std::string::npos);
}

TEST(LocalIndexSourceTest, AGenerationThatCannotBeOpenedIsCorrupt) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    auto source = local_index_source(index);
    auto opened = source->open(7); // no such generation directory
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::Corrupt);
}

} // namespace
} // namespace antwort::searchd
