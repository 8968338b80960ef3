/** @file validate_service_options(): the ranges of ServiceOptions. */
#include "antwort/searchd/service_options.h"

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

} // namespace

Result<void> validate_service_options(const ServiceOptions& s) {
    if (s.index.empty()) {
        return bad("--index DIR is required");
    }
    if (s.rating_weight && *s.rating_weight < 0) {
        return bad("--rating-weight must be >= 0");
    }
    for (const auto* w : {&s.synonym_weight, &s.exact_weight, &s.phrase_weight,
                          &s.title_weight, &s.derivation_weight}) {
        if (*w && **w < 0) {
            return bad("query term weights (--synonym-weight, --exact-weight, "
                       "--phrase-weight, --title-weight, --derivation-weight) must be >= 0");
        }
    }
    if (s.thread_rating_share && (*s.thread_rating_share < 0 || *s.thread_rating_share > 1)) {
        return bad("--thread-rating-share must be between 0 and 1");
    }
    if (s.recency_weight && *s.recency_weight < 0) {
        return bad("--recency-weight must be >= 0");
    }
    if (s.recency_half_life_days && !(*s.recency_half_life_days > 0)) {
        return bad("--recency-half-life must be > 0 (days)");
    }
    if (s.bm25_k1 && *s.bm25_k1 < 0) {
        return bad("--k1 must be >= 0");
    }
    if (s.bm25_b && (*s.bm25_b < 0 || *s.bm25_b > 1)) {
        return bad("--b must be between 0 and 1");
    }
    return {};
}

} // namespace antwort::searchd
