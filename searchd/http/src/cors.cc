/** @file CORS allow-list: response headers and preflight answers. */
#include "antwort/searchd/cors.h"

#include <algorithm>
#include <cctype>
#include <memory>

namespace antwort::searchd {

namespace {

constexpr const char* ALLOWED_METHODS = "GET, POST";
constexpr const char* ALLOWED_HEADERS = "Content-Type";
/** How long a browser may reuse a preflight answer (seconds). */
constexpr const char* PREFLIGHT_MAX_AGE = "600";

} // namespace

bool is_valid_cors_origin(std::string_view origin) {
    std::string_view rest;
    if (origin.rfind("https://", 0) == 0) {
        rest = origin.substr(8);
    } else if (origin.rfind("http://", 0) == 0) {
        rest = origin.substr(7);
    } else {
        return false;
    }
    if (rest.empty()) {
        return false;
    }
    auto colon = rest.rfind(':');
    std::string_view host = rest;
    if (colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
        host = rest.substr(0, colon);
        std::string_view port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return false;
        }
    }
    if (host.empty()) {
        return false;
    }
    return std::all_of(host.begin(), host.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) != 0 || c == '.' || c == '-' || c == '[' || c == ']' ||
               c == ':' || u >= 0x80;
    });
}

void install_cors(httplib::Server& server, std::vector<std::string> origins) {
    if (origins.empty()) {
        return;
    }
    auto allowed = std::make_shared<const std::vector<std::string>>(std::move(origins));
    auto is_allowed = [allowed](const httplib::Request& req) -> std::string {
        if (!req.has_header("Origin")) {
            return {};
        }
        std::string origin = req.get_header_value("Origin");
        return std::find(allowed->begin(), allowed->end(), origin) != allowed->end() ? origin
                                                                                    : "";
    };
    // Runs after every handler, error responses included.
    server.set_post_routing_handler([is_allowed](const httplib::Request& req,
                                                 httplib::Response& res) {
        if (!res.has_header("Vary")) {
            res.set_header("Vary", "Origin");
        }
        const std::string origin = is_allowed(req);
        if (origin.empty()) {
            return;
        }
        if (!res.has_header("Access-Control-Allow-Origin")) {
            res.set_header("Access-Control-Allow-Origin", origin);
        }
        // A preflight: OPTIONS on a known path (answered 204 by its route).
        if (req.method == "OPTIONS" && res.status == 204 &&
            req.has_header("Access-Control-Request-Method")) {
            res.set_header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            res.set_header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            res.set_header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE);
        }
    });
}

} // namespace antwort::searchd
