/** @file Wilson score lower bound for community votes. */
#include "antwort/rating.h"

#include <cmath>

namespace antwort {

double wilson_lower_bound(int64_t up, int64_t down) {
    if (up < 0) {
        up = 0;
    }
    if (down < 0) {
        down = 0;
    }
    const double n = static_cast<double>(up) + static_cast<double>(down);
    if (n <= 0) {
        return 0.0;
    }
    constexpr double Z = 1.96; // 95 % confidence
    const double p = static_cast<double>(up) / n;
    const double z2 = Z * Z;
    const double centre = p + z2 / (2 * n);
    const double margin = Z * std::sqrt((p * (1 - p) + z2 / (4 * n)) / n);
    const double lower = (centre - margin) / (1 + z2 / n);
    return lower < 0 ? 0.0 : (lower > 1 ? 1.0 : lower);
}

double rating_with_feedback(int64_t up, int64_t down, int64_t helpful_yes, int64_t helpful_no) {
    auto clamp = [](int64_t n) { return n < 0 ? int64_t{0} : n; };
    return wilson_lower_bound(clamp(up) + clamp(helpful_yes), clamp(down) + clamp(helpful_no));
}

} // namespace antwort
