/** @file libFuzzer target: searchd's QueryBuilder on arbitrary query text (no index needed). */
#include "antwort/schema.h"
#include "antwort/searchd/query_builder.h"
#include "antwort/searchd/search_request.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using antwort::searchd::QueryBuilder;

const QueryBuilder& query_builder() {
    static const QueryBuilder instance = [] {
        auto created = QueryBuilder::create(antwort::Schema::default_schema());
        if (!created) {
            std::abort();
        }
        return std::move(*created);
    }();
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    antwort::searchd::SearchRequest request;
    request.q = text;
    auto built = query_builder().build(request, 1.0);
    if (built) {
        (void)built->query.get_description();
    }
    // The same bytes as filter values (type, category, tag) beside the text.
    request.types = {text};
    request.categories = {text};
    request.tags = {text};
    auto filtered = query_builder().build(request, 0.0);
    if (filtered) {
        (void)filtered->query.get_description();
    }
    return 0;
}
