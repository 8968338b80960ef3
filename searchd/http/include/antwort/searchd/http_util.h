/** @file Small helpers every HTTP handler of antwort-searchd uses. */
#pragma once

#include "antwort/result.h"

#include <httplib.h>
#include <xapian.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace antwort::searchd {

inline constexpr const char* JSON_TYPE = "application/json; charset=utf-8";

/** The one place where an ErrorCode becomes an HTTP status. */
int to_http_status(ErrorCode code);

/** `{"error":{"code":CODE,"message":MESSAGE}}`. */
std::string error_json(std::string_view code, std::string_view message);

/** Sets @p status and a JSON body. */
void send_json(httplib::Response& res, int status, std::string body);

/** Sends error_json(code, message) with @p status. */
void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view message);

/** Sends @p error with the status to_http_status() gives it. */
void send_error(httplib::Response& res, const Error& error);

/** Runs a handler body; anything it throws becomes a JSON 500 (never a crash). */
template <typename Fn> void guarded(httplib::Response& res, Fn&& fn) {
    try {
        fn();
    } catch (const Xapian::Error& e) {
        send_error(res, 500, "internal", e.get_description());
    } catch (const std::exception& e) {
        send_error(res, 500, "internal", e.what());
    } catch (...) {
        send_error(res, 500, "internal", "unknown exception");
    }
}

/** 405 with an Allow header naming @p allowed (e.g. "GET, HEAD"). */
void method_not_allowed(httplib::Response& res, std::string_view allowed);

} // namespace antwort::searchd
