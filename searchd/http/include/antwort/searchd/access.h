/** @file AccessGuard: API keys for the admin endpoints (`/admin/...`). */
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace antwort::searchd {

/**
 * Decides whether a request may reach a protected endpoint. Every path under
 * `/admin` is protected (checked before routing, so admin routes added later
 * are covered without registering them here); search, documents, suggest,
 * `POST /feedback`, health, readiness and metrics stay public.
 *
 * A request is allowed when it carries `Authorization: Bearer KEY` with one of
 * the configured keys. Keys are compared in time independent of where they
 * differ, and every key is tried, so timing does not reveal a key's prefix.
 * With no key configured the admin endpoints are disabled (403), never open.
 */
class AccessGuard {
  public:
    enum class Verdict {
        Allowed,  ///< public path, or a valid key
        Disabled, ///< protected path, but no key is configured: 403
        Missing,  ///< protected path, no Bearer credentials: 401
        Wrong,    ///< protected path, a key that is not configured: 401
    };

    explicit AccessGuard(std::vector<std::string> keys) : keys_(std::move(keys)) {}

    /** True for `/admin` and everything below it (repeated slashes ignored). */
    static bool is_protected(std::string_view path);

    /** The verdict on @p req (path and Authorization header). */
    Verdict check(const httplib::Request& req) const;

    /** Fills @p res with the JSON 401 (with `WWW-Authenticate: Bearer`) or 403 for @p verdict. */
    static void deny(Verdict verdict, httplib::Response& res);

  private:
    std::vector<std::string> keys_;
};

/** Compares @p a and @p b without returning early on the first difference. */
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace antwort::searchd
