/** @file CORS for support sites that call antwort-searchd from their own pages. */
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/**
 * Whether @p origin is a valid `--cors-origin` value: a serialised origin,
 * `http://` or `https://` followed by a host and an optional `:port`, with
 * no path, no trailing slash, no query and no whitespace
 * (e.g. "https://hilfe.example.de").
 */
bool is_valid_cors_origin(std::string_view origin);

/**
 * Lets the pages of @p origins call @p server from the browser. A request
 * whose `Origin` header is in the list gets `Access-Control-Allow-Origin:
 * <origin>`; every response gets `Vary: Origin`; a preflight (`OPTIONS`
 * with `Access-Control-Request-Method`) from such an origin is answered 204
 * with the allowed methods (GET, POST) and header (Content-Type). Other
 * origins get no CORS headers, so browsers keep refusing them. An empty list
 * installs nothing. Origins compare exactly (scheme, host and port).
 */
void install_cors(httplib::Server& server, std::vector<std::string> origins);

} // namespace antwort::searchd
