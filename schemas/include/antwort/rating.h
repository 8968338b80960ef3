/** @file The community rating score stored in the rating value slot. */
#pragma once

#include <cstdint>

namespace antwort {

/**
 * Lower bound of the Wilson score interval (95 %, z = 1.96) for the share of
 * up-votes. It is 0 with no votes and grows with evidence: 1 up / 0 down gives
 * 0.21, 200 up / 10 down gives 0.91. The result lies in [0, 1].
 */
double wilson_lower_bound(int64_t up, int64_t down);

/**
 * The value of the rating slot: community votes and "Was this helpful?"
 * answers (feedback_store.h) pooled into one Wilson lower bound, a "yes"
 * counting as an up-vote and a "no" as a down-vote. The indexer (at build
 * time) and searchd's feedback applier (between builds) both use this.
 */
double rating_with_feedback(int64_t up, int64_t down, int64_t helpful_yes, int64_t helpful_no);

} // namespace antwort
