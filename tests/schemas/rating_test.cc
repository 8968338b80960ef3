/** @file Tests for the Wilson lower bound rating score. */
#include "antwort/rating.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

TEST(WilsonLowerBoundTest, NoVotesScoresZero) { EXPECT_EQ(wilson_lower_bound(0, 0), 0.0); }

TEST(WilsonLowerBoundTest, KnownValues) {
    EXPECT_NEAR(wilson_lower_bound(1, 0), 0.2065, 1e-3);
    EXPECT_NEAR(wilson_lower_bound(200, 10), 0.9143, 1e-3);
    EXPECT_NEAR(wilson_lower_bound(5, 5), 0.2366, 1e-3);
}

TEST(WilsonLowerBoundTest, EvidenceBeatsSingleVote) {
    EXPECT_GT(wilson_lower_bound(200, 10), wilson_lower_bound(1, 0));
    EXPECT_GT(wilson_lower_bound(1, 0), wilson_lower_bound(1, 14));
}

TEST(WilsonLowerBoundTest, StaysInUnitInterval) {
    for (int64_t up : {0, 1, 7, 1000, 1000000}) {
        for (int64_t down : {0, 1, 3, 999999, -5}) {
            const double s = wilson_lower_bound(up, down);
            EXPECT_GE(s, 0.0);
            EXPECT_LE(s, 1.0);
        }
    }
}

} // namespace
} // namespace antwort
