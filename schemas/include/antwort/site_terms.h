/** @file Index conventions of the site-search features shared by indexer and searchd. */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace antwort {

/**
 * Prefix of the surface-word terms that feed autocomplete (`GET /suggest`):
 * SURFACE_TERM_PREFIX + lower_case(word) + ' ' + word as written, e.g.
 * "XWpasswort Passwort", one per distinct written word of the text fields
 * marked "suggest", without positions and with wdf 0 (so document lengths,
 * and with them BM25 scores, do not change). The lower-cased key makes prefix lookups case-blind,
 * the written form gives the suggestion its usual capitalisation; the term
 * frequency (documents) ranks completions.
 */
inline constexpr std::string_view SURFACE_TERM_PREFIX = "XW";

/**
 * Several values in one value slot (a multi-valued keyword field such as
 * tags, for facets): each value as its byte length (LEB128 varint) and bytes.
 */
std::string serialise_value_list(const std::vector<std::string_view>& values);

/** The values of serialise_value_list(); stops quietly at a truncated entry. */
std::vector<std::string_view> unserialise_value_list(std::string_view data);

} // namespace antwort
