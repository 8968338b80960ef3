/** @file ParamMap: query-string parameters, and reading single values, lists and limits from them. */
#pragma once

#include "antwort/result.h"

#include <map>
#include <string>
#include <vector>

namespace antwort::searchd {

/** Query-string parameters as cpp-httplib delivers them (httplib::Params). */
using ParamMap = std::multimap<std::string, std::string>;

/** The single value of @p name (nullptr when absent); a repeated one is InvalidArgument. */
Result<const std::string*> single_value(const ParamMap& params, const std::string& name);

/** All values of @p name, split on commas, trimmed, empties dropped. */
std::vector<std::string> list_values(const ParamMap& params, const std::string& name);

/** `limit`: an integer in 1..@p max, @p fallback when absent; InvalidArgument otherwise. */
Result<unsigned> parse_limit(const ParamMap& params, unsigned fallback, unsigned max);

} // namespace antwort::searchd
