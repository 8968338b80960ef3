/** @file libFuzzer target: parse_document, DocumentBuilder and document_to_json on arbitrary bytes. */
#include "antwort/document.h"
#include "antwort/indexer/document_builder.h"
#include "antwort/indexer/ndjson_reader.h" // is_blank_line
#include "antwort/schema.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using antwort::indexer::DocumentBuilder;

/** Names the broken invariant and stops the run (libFuzzer records a crash). */
void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_ndjson: invariant broken: %s\n", what);
        __builtin_trap();
    }
}

const DocumentBuilder& builder() {
    static const DocumentBuilder instance = [] {
        auto created = DocumentBuilder::create(antwort::Schema::default_schema());
        if (!created) {
            std::abort();
        }
        return std::move(*created);
    }();
    return instance;
}

/** parse_document on one line; an accepted line must build and round-trip. */
void fuzz_line(std::string_view line) {
    auto doc = antwort::parse_document(line);
    if (!doc) {
        check(!doc.error().message.empty(), "a rejection names its reason");
        return;
    }
    check(!doc->id.empty(), "the id is required");
    check(!doc->title.empty(), "the title is required");
    if (builder().id_term(doc->id).size() <= DocumentBuilder::MAX_TERM_BYTES) {
        Xapian::Document built = builder().build(*doc);
        (void)built.get_data();
    }
    // The stored document data must parse back to the same document.
    const std::string json = antwort::document_to_json(*doc);
    auto again = antwort::parse_document(json);
    check(static_cast<bool>(again), "document_to_json output parses");
    check(antwort::document_to_json(*again) == json, "document_to_json round-trips");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The whole input as one line, then (if there are several) each line.
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    fuzz_line(input);
    if (input.find('\n') != std::string_view::npos) {
        size_t begin = 0;
        while (begin <= input.size()) {
            size_t end = input.find('\n', begin);
            if (end == std::string_view::npos) {
                end = input.size();
            }
            const std::string_view line = input.substr(begin, end - begin);
            if (!antwort::indexer::is_blank_line(line)) {
                fuzz_line(line);
            }
            begin = end + 1;
        }
    }
    return 0;
}
