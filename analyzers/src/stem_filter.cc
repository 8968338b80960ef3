/** @file StemFilter: Xapian Snowball stemmer, one per thread. */
#include "antwort/analyzers/stem_filter.h"

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace antwort::analyzers {
namespace {

/**
 * Word -> stem memo of one thread. Snowball costs a few hundred nanoseconds
 * per word while text repeats the same words (Zipf), so remembering recent
 * stems roughly halves the cost of de_text. Bounded: emptied when full.
 */
constexpr std::size_t STEM_CACHE_ENTRIES = 1 << 15;

struct ThreadStemmer {
    std::string language;
    Xapian::Stem stem;
    std::unordered_map<std::string, std::string> memo;
};

/** This thread's stemmer for @p language, created on first use. */
ThreadStemmer& thread_stemmer(const std::string& language) {
    thread_local std::vector<std::unique_ptr<ThreadStemmer>> stemmers;
    for (auto& stemmer : stemmers) {
        if (stemmer->language == language) {
            return *stemmer;
        }
    }
    // create() checked the language, so this does not throw.
    stemmers.push_back(
        std::make_unique<ThreadStemmer>(ThreadStemmer{language, Xapian::Stem(language), {}}));
    stemmers.back()->memo.reserve(STEM_CACHE_ENTRIES);
    return *stemmers.back();
}

} // namespace

Result<std::unique_ptr<StemFilter>> StemFilter::create(std::string language) {
    try {
        Xapian::Stem probe(language);
        if (probe.is_none()) {
            return make_error(ErrorCode::InvalidArgument, "no stemmer named '" + language + "'");
        }
    } catch (const Xapian::Error& e) {
        return make_error(ErrorCode::InvalidArgument,
                          "unknown stemmer language '" + language + "': " + e.get_msg());
    }
    return std::unique_ptr<StemFilter>(new StemFilter(std::move(language)));
}

void StemFilter::apply(std::string_view /*source*/, std::vector<Token>& tokens) const {
    ThreadStemmer& stemmer = thread_stemmer(language_);
    for (Token& token : tokens) {
        auto it = stemmer.memo.find(token.text);
        if (it != stemmer.memo.end()) {
            token.text.assign(it->second);
            continue;
        }
        if (stemmer.memo.size() >= STEM_CACHE_ENTRIES) {
            stemmer.memo.clear();
        }
        std::string stemmed = stemmer.stem(token.text);
        stemmer.memo.emplace(std::move(token.text), stemmed);
        token.text = std::move(stemmed);
    }
}

} // namespace antwort::analyzers
