/** @file IcuTokenizer: ICU word BreakIterator over UTF-8 text. */
#include "antwort/analyzers/icu_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace antwort::analyzers {
namespace {

std::unique_ptr<icu::BreakIterator> make_word_iterator(const std::string& locale) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale(locale.c_str()), status));
    if (U_FAILURE(status)) {
        return nullptr;
    }
    return it;
}

/** This thread's word BreakIterator for @p locale, created on first use. */
icu::BreakIterator* thread_word_iterator(const std::string& locale) {
    thread_local std::vector<std::pair<std::string, std::unique_ptr<icu::BreakIterator>>> cache;
    for (auto& [name, it] : cache) {
        if (name == locale) {
            return it.get();
        }
    }
    auto it = make_word_iterator(locale);
    if (!it) {
        return nullptr;
    }
    cache.emplace_back(locale, std::move(it));
    return cache.back().second.get();
}

/** Letters, numbers, kana and ideographs; not spaces, punctuation or symbols. */
bool is_word_like(int32_t rule_status) {
    return rule_status >= UBRK_WORD_NONE_LIMIT && rule_status < UBRK_WORD_IDEO_LIMIT;
}

/** Closes a UText when leaving scope. */
struct UTextCloser {
    UText* text;
    ~UTextCloser() { utext_close(text); }
};

} // namespace

Result<std::unique_ptr<IcuTokenizer>> IcuTokenizer::create(std::string locale) {
    if (!make_word_iterator(locale)) {
        return make_error(ErrorCode::Internal,
                          "ICU cannot create a word BreakIterator for locale '" + locale +
                              "' (ICU data missing?)");
    }
    return std::unique_ptr<IcuTokenizer>(new IcuTokenizer(std::move(locale)));
}

void IcuTokenizer::tokenize(std::string_view text, std::vector<Token>& out) const {
    // Token offsets are 32-bit; nothing sane is longer, so ignore any excess.
    if (text.size() > std::numeric_limits<int32_t>::max()) {
        text = text.substr(0, std::numeric_limits<int32_t>::max());
    }
    if (text.empty()) {
        return;
    }
    icu::BreakIterator* words = thread_word_iterator(locale_);
    if (words == nullptr) {
        return; // create() proved ICU works; only memory exhaustion gets here
    }
    UErrorCode status = U_ZERO_ERROR;
    UText utext = UTEXT_INITIALIZER;
    utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
    UTextCloser closer{&utext};
    // The iterator keeps a shallow clone of the UText pointing at `text`; it is
    // only used again after the next setText().
    words->setText(&utext, status);
    if (U_FAILURE(status)) {
        return;
    }
    uint32_t position = 0;
    int32_t begin = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         begin = end, end = words->next()) {
        if (!is_word_like(words->getRuleStatus())) {
            continue;
        }
        // Native indices of a UTF-8 UText are byte offsets into `text`.
        Token& token = out.emplace_back();
        token.text.assign(text.data() + begin, static_cast<std::size_t>(end - begin));
        token.byte_begin = static_cast<uint32_t>(begin);
        token.byte_end = static_cast<uint32_t>(end);
        token.position = position++;
    }
}

} // namespace antwort::analyzers
