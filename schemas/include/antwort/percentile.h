/** @file percentile(): latency figures of benchmarks and antwort-eval. */
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace antwort {

/** The value at fraction @p p (0..1) of @p values sorted, nearest rank; 0 when empty. */
inline double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

} // namespace antwort
