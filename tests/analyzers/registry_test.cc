/** @file Tests of get_analyzer(). */
#include "antwort/analyzers/analyzer.h"
#include "antwort/analyzers/stem_filter.h"

#include <gtest/gtest.h>

namespace antwort::analyzers {
namespace {

TEST(RegistryTest, KnowsTheGermanAnalyzers) {
    EXPECT_TRUE(get_analyzer("de_text").ok());
    EXPECT_TRUE(get_analyzer("de_keyword").ok());
    // Also without /usr/share/dict/ngerman: they then just do not split.
    EXPECT_TRUE(get_analyzer("de_compound").ok());
    EXPECT_TRUE(get_analyzer("de_query").ok());
}

TEST(RegistryTest, ReturnsTheSameSharedInstance) {
    auto a = get_analyzer("de_text");
    auto b = get_analyzer("de_text");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.value().get(), b.value().get());
    EXPECT_NE(a.value().get(), get_analyzer("de_keyword").value().get());
}

TEST(RegistryTest, UnknownNameIsNotFound) {
    auto a = get_analyzer("en_text");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::NotFound);
    EXPECT_NE(a.error().message.find("en_text"), std::string::npos);
}

TEST(StemFilterTest, UnknownLanguageIsInvalidArgument) {
    auto f = StemFilter::create("klingon");
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().code, ErrorCode::InvalidArgument);
}

} // namespace
} // namespace antwort::analyzers
