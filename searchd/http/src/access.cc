/** @file AccessGuard: Bearer API keys for /admin/.... */
#include "antwort/searchd/access.h"

#include "antwort/searchd/http_util.h"

#include <algorithm>
#include <cctype>

namespace antwort::searchd {

namespace {

/** The token of an `Authorization: Bearer TOKEN` header, or "" (scheme case-insensitive). */
std::string_view bearer_token(std::string_view header) {
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size()) {
        return {};
    }
    for (size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) {
            return {};
        }
    }
    if (header[scheme.size()] != ' ') {
        return {};
    }
    std::string_view token = header.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    return token;
}

} // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
    // Runs over the longer length whatever the contents; a length mismatch
    // is folded into the result instead of returning early.
    const size_t n = std::max(a.size(), b.size());
    volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

bool AccessGuard::is_protected(std::string_view path) {
    while (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    constexpr std::string_view admin = "admin";
    return path.substr(0, admin.size()) == admin &&
           (path.size() == admin.size() || path[admin.size()] == '/');
}

AccessGuard::Verdict AccessGuard::check(const httplib::Request& req) const {
    if (!is_protected(req.path)) {
        return Verdict::Allowed;
    }
    if (keys_.empty()) {
        return Verdict::Disabled;
    }
    const std::string header = req.get_header_value("Authorization");
    const std::string_view token = bearer_token(header);
    if (token.empty()) {
        return Verdict::Missing;
    }
    bool match = false;
    for (const auto& key : keys_) {
        match = constant_time_equal(token, key) || match; // no short-circuit: try every key
    }
    return match ? Verdict::Allowed : Verdict::Wrong;
}

void AccessGuard::deny(Verdict verdict, httplib::Response& res) {
    switch (verdict) {
    case Verdict::Allowed:
        return;
    case Verdict::Disabled:
        send_error(res, 403, "forbidden",
                   "admin endpoints are disabled: no API key configured (--api-key)");
        return;
    case Verdict::Missing:
        res.set_header("WWW-Authenticate", R"(Bearer realm="antwort-admin")");
        send_error(res, 401, "unauthorized",
                   "this endpoint needs an API key: Authorization: Bearer KEY");
        return;
    case Verdict::Wrong:
        res.set_header("WWW-Authenticate",
                       R"(Bearer realm="antwort-admin", error="invalid_token")");
        send_error(res, 401, "unauthorized", "invalid API key");
        return;
    }
}

} // namespace antwort::searchd
