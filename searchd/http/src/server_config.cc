/** @file Config::validate() and the API key rule of antwort-searchd's settings. */
#include "antwort/searchd/server_config.h"

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/** A key may be sent in a header: visible ASCII, no spaces, long enough to resist guessing. */
constexpr size_t MIN_API_KEY_BYTES = 16;

} // namespace

Result<void> check_api_key(const std::string& key) {
    if (key.size() < MIN_API_KEY_BYTES) {
        return bad("--api-key: keys must be at least " + std::to_string(MIN_API_KEY_BYTES) +
                   " characters long");
    }
    for (char c : key) {
        if (c <= ' ' || c > '~') {
            return bad("--api-key: keys may only hold visible ASCII characters (no spaces)");
        }
    }
    return {};
}

Result<void> Config::validate() const {
    auto s = validate_service_options(service);
    if (!s) {
        return s;
    }
    if (port < 0 || port > 65535) {
        return bad("port out of range");
    }
    if (threads > 1024) {
        return bad("--threads must be between 1 and 1024");
    }
    for (const auto& key : api_keys) {
        auto k = check_api_key(key);
        if (!k) {
            return k;
        }
    }
    if (max_connections < 1 || max_body_bytes < 1 || service.limits.max_query_bytes < 1 ||
        service.limits.max_per_page < 1) {
        return bad("limits (--max-connections, --max-body-bytes, --max-query-bytes, "
                   "--max-per-page) must be >= 1");
    }
    return {};
}

} // namespace antwort::searchd
