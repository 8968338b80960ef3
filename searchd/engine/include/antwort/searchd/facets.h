/** @file FacetCounter: counts of facet values over a whole result set. */
#pragma once

#include "antwort/result.h"
#include "antwort/schema.h"
#include "antwort/searchd/search_request.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace antwort::searchd {

/**
 * Counts facet values over the whole result set with Xapian match spies:
 * `type` and `category` with ValueCountMatchSpy on their value slots; `tags`
 * (several per document) with ValueListCountMatchSpy on the slot holding the
 * serialised tag list (site_terms.h), or, for an index built before tags had
 * a slot, by reading the tag terms of each matching document.
 */
class FacetCounter {
  public:
    /** Fails (InvalidArgument) when the index's schema cannot facet by a name. */
    static Result<FacetCounter> create(const Schema& schema, const std::vector<std::string>& names);
    FacetCounter(FacetCounter&&) noexcept;
    FacetCounter& operator=(FacetCounter&&) noexcept;
    ~FacetCounter();

    bool empty() const;
    /** Adds the spies; the caller must let the match see every document
     *  (check_at_least = document count) for exact counts. */
    void attach(Xapian::Enquire& enquire) const;
    /** The counts, each facet's values by count (descending), then value; at most @p top each. */
    std::vector<Facet> results(size_t top = 20) const;

  private:
    FacetCounter();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace antwort::searchd
