/** @file StemFilter: Snowball stemming through Xapian::Stem. */
#pragma once

#include "antwort/analyzers/token_filter.h"
#include "antwort/result.h"

#include <memory>
#include <string>

namespace antwort::analyzers {

/**
 * Replaces each token by its Snowball stem. Example (German, after
 * GermanNormalizationFilter): `hauser` -> `haus`, `einstellungen` ->
 * `einstell`, `muller` -> `mull`. Every token is stemmed, capitalised nouns
 * included (unlike Xapian::QueryParser, which skips capitalised words).
 * A Xapian::Stem carries Snowball state and is not thread-safe, so each thread
 * uses its own stemmer, with a bounded memo of recent word -> stem results.
 */
class StemFilter final : public TokenFilter {
  public:
    /**
     * Creates a filter for @p language (a Xapian::Stem name such as "german").
     * @return the filter, or ErrorCode::InvalidArgument for an unknown language
     */
    static Result<std::unique_ptr<StemFilter>> create(std::string language);

    void apply(std::string_view source, std::vector<Token>& tokens) const override;

  private:
    explicit StemFilter(std::string language) : language_(std::move(language)) {}
    std::string language_;
};

} // namespace antwort::analyzers
