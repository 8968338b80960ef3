/** @file IndexView: what suggest, similar and facets borrow of an open index. */
#pragma once

#include "antwort/schema.h"
#include "antwort/searchd/query_builder.h"

#include <xapian.h>

namespace antwort::searchd {

/**
 * What suggest, similar and facets need of an open index; SearchService lends
 * one per call (its searcher stays private to the service).
 */
struct IndexView {
    const Xapian::Database& db;
    const Schema& schema;
    const QueryBuilder& builder;
    const Xapian::Weight& weight; ///< the service's BM25 settings
};

} // namespace antwort::searchd
