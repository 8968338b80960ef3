/** @file Tests for validation of `GET /search` parameters. */
#include "antwort/searchd/search_request.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

Result<SearchRequest> parse(std::initializer_list<std::pair<const std::string, std::string>> p) {
    return parse_search_params(ParamMap(p));
}

TEST(SearchRequestTest, Defaults) {
    auto r = parse({{"q", "Haus"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->q, "Haus");
    EXPECT_EQ(r->page, 1u);
    EXPECT_EQ(r->per_page, DEFAULT_PER_PAGE);
    EXPECT_FALSE(r->has_filters());
}

TEST(SearchRequestTest, PagingWithinLimits) {
    auto r = parse({{"q", "x"}, {"page", "3"}, {"per_page", "100"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->page, 3u);
    EXPECT_EQ(r->per_page, 100u);
}

TEST(SearchRequestTest, FiltersRepeatAndSplitOnCommas) {
    auto r = parse({{"q", "x"},
                    {"type", "faq, forum"},
                    {"type", "article"},
                    {"tag", "a,,b"},
                    {"category", "Drucken"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->types, (std::vector<std::string>{"faq", "forum", "article"}));
    EXPECT_EQ(r->tags, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(r->categories, (std::vector<std::string>{"Drucken"}));
}

TEST(SearchRequestTest, EmptyQueryNeedsAFilter) {
    auto bare = parse({{"q", "  "}});
    ASSERT_FALSE(bare.ok());
    EXPECT_EQ(bare.error().message, "query has no searchable words");
    EXPECT_TRUE(parse({{"q", ""}, {"type", "faq"}}).ok());
}

TEST(SearchRequestTest, RejectsBadParameters) {
    const std::vector<ParamMap> bad = {
        {},                       // missing q
        {{"q", "a"}, {"q", "b"}}, // repeated q
        {{"q", std::string(MAX_QUERY_BYTES + 1, 'a')}},
        {{"q", "x"}, {"page", "0"}},
        {{"q", "x"}, {"page", "-1"}},
        {{"q", "x"}, {"page", "zwei"}},
        {{"q", "x"}, {"page", "2x"}},
        {{"q", "x"}, {"page", ""}},
        {{"q", "x"}, {"page", "99999999999999999999999"}},
        {{"q", "x"}, {"page", std::to_string(MAX_PAGE + 1)}},
        {{"q", "x"}, {"per_page", "101"}},
        {{"q", "x"}, {"per_page", "0"}},
        {{"q", "x"}, {"per_page", "1"}, {"per_page", "2"}},
    };
    for (const auto& params : bad) {
        auto r = parse_search_params(params);
        ASSERT_FALSE(r.ok()) << ::testing::PrintToString(params);
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_FALSE(r.error().message.empty());
    }
}

TEST(SearchRequestTest, QueryOfExactlyTheLimitIsAccepted) {
    EXPECT_TRUE(parse({{"q", std::string(MAX_QUERY_BYTES, 'a')}}).ok());
}

TEST(SearchRequestTest, ErrorsNameTheParameter) {
    auto r = parse({{"q", "x"}, {"per_page", "500"}});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("per_page"), std::string::npos);
}

} // namespace
} // namespace antwort::searchd
