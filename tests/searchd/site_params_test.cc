/** @file Tests for the site-search parameters (facets, updated_after, /suggest, /similar). */
#include "antwort/searchd/similar.h"
#include "antwort/searchd/suggest.h"
#include "antwort/site_terms.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

ParamMap params(std::initializer_list<std::pair<const std::string, std::string>> list) {
    return ParamMap(list);
}

TEST(SiteParamsTest, FacetsAreValidatedAndDeduplicated) {
    auto r = parse_search_params(params({{"q", "x"}, {"facets", "type, tags,type"}}));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->facets, (std::vector<std::string>{"type", "tags"}));
    auto bad = parse_search_params(params({{"q", "x"}, {"facets", "type,bogus"}}));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("bogus"), std::string::npos);
}

TEST(SiteParamsTest, UpdatedAfterTakesDatesAndDateTimes) {
    auto day = parse_search_params(params({{"q", "x"}, {"updated_after", "2024-01-02"}}));
    ASSERT_TRUE(day.ok());
    EXPECT_EQ(day->updated_after, 1704153600);
    auto full =
        parse_search_params(params({{"q", "x"}, {"updated_after", "2024-01-02T01:00:00+01:00"}}));
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->updated_after, 1704153600);
    for (const char* bad : {"notadate", "2024-13-01", "", "2024-01-02T"}) {
        auto r = parse_search_params(params({{"q", "x"}, {"updated_after", bad}}));
        EXPECT_FALSE(r.ok()) << bad;
    }
}

TEST(SiteParamsTest, UpdatedAfterAloneIsAFilter) {
    auto r = parse_search_params(params({{"q", ""}, {"updated_after", "2024-01-02"}}));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->has_filters());
}

TEST(SiteParamsTest, SuggestParams) {
    auto ok = parse_suggest_params(params({{"q", "Passw"}, {"limit", "3"}}));
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->q, "Passw");
    EXPECT_EQ(ok->limit, 3u);
    EXPECT_EQ(parse_suggest_params(params({{"q", "P"}}))->limit, DEFAULT_SUGGEST_LIMIT);
    EXPECT_FALSE(parse_suggest_params(params({})).ok());
    for (const char* limit : {"abc", "0", "-1", "21", "3x", "99999999999999999999"}) {
        EXPECT_FALSE(parse_suggest_params(params({{"q", "P"}, {"limit", limit}})).ok()) << limit;
    }
    EXPECT_FALSE(
        parse_suggest_params(params({{"q", std::string(MAX_SUGGEST_QUERY_BYTES + 1, 'a')}})).ok());
    EXPECT_FALSE(parse_suggest_params(params({{"q", "a"}, {"q", "b"}})).ok());
}

TEST(SiteParamsTest, SimilarNeedsExactlyOneOfIdAndText) {
    EXPECT_TRUE(parse_similar_params(params({{"id", "faq:1"}})).ok());
    EXPECT_TRUE(parse_similar_params(params({{"text", "Drucker geht nicht"}})).ok());
    EXPECT_FALSE(parse_similar_params(params({})).ok());
    EXPECT_FALSE(parse_similar_params(params({{"id", "a"}, {"text", "b"}})).ok());
    EXPECT_FALSE(parse_similar_params(params({{"id", ""}})).ok());
    EXPECT_FALSE(parse_similar_params(params({{"text", "  "}})).ok());
    EXPECT_FALSE(
        parse_similar_params(params({{"text", std::string(MAX_SIMILAR_TEXT_BYTES + 1, 'a')}})).ok());
    EXPECT_FALSE(parse_similar_params(params({{"id", "a"}, {"limit", "abc"}})).ok());
}

TEST(ValueListTest, RoundTripsValuesOfAnyLength) {
    const std::string long_value(300, 'x');
    const std::string data = serialise_value_list({"a", "", "Konten & Sicherheit", long_value});
    const auto values = unserialise_value_list(data);
    ASSERT_EQ(values.size(), 4u);
    EXPECT_EQ(values[0], "a");
    EXPECT_EQ(values[1], "");
    EXPECT_EQ(values[2], "Konten & Sicherheit");
    EXPECT_EQ(values[3], long_value);
    // Truncated data yields the complete entries only.
    EXPECT_EQ(unserialise_value_list(data.substr(0, data.size() - 1)).size(), 3u);
}

} // namespace
} // namespace antwort::searchd
