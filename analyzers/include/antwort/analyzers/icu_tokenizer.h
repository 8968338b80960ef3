/** @file IcuTokenizer: Unicode word segmentation (UAX #29) with ICU. */
#pragma once

#include "antwort/analyzers/tokenizer.h"
#include "antwort/result.h"

#include <memory>
#include <string>

namespace antwort::analyzers {

/**
 * Cuts text into words with ICU's word BreakIterator and keeps only word-like
 * segments (letters, numbers, kana, ideographs); spaces, punctuation, symbols
 * and emoji are dropped. Example: "Wie ändere ich die Seitenränder?" ->
 * `Wie` `ändere` `ich` `die` `Seitenränder`; "Community-Management" ->
 * `Community` `Management` (the hyphen is punctuation; see
 * HyphenatedCompoundFilter); "Version 1.4.22" -> `Version` `1.4.22`.
 *
 * Text is read as UTF-8 in place (ICU UText), so offsets are byte offsets
 * into the input without any index conversion. Invalid UTF-8 is read as
 * U+FFFD, which is not word-like and therefore never part of a token.
 * Each thread keeps its own BreakIterator (they are not thread-safe and
 * costly to create), so one IcuTokenizer can be shared by all threads.
 */
class IcuTokenizer final : public Tokenizer {
  public:
    /**
     * Creates a tokenizer for @p locale (an ICU locale id such as "de").
     * @return the tokenizer, or ErrorCode::Internal if ICU cannot create a
     *         word BreakIterator (e.g. missing ICU data)
     */
    static Result<std::unique_ptr<IcuTokenizer>> create(std::string locale);

    void tokenize(std::string_view text, std::vector<Token>& out) const override;

  private:
    explicit IcuTokenizer(std::string locale) : locale_(std::move(locale)) {}
    std::string locale_;
};

} // namespace antwort::analyzers
