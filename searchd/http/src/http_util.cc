/** @file JSON answers and errors, and the one ErrorCode → HTTP status mapping. */
#include "antwort/searchd/http_util.h"

#include "antwort/json_writer.h"

namespace antwort::searchd {

void send_json(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), JSON_TYPE);
}

void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view message) {
    send_json(res, status, error_json(code, message));
}

void send_error(httplib::Response& res, const Error& error) {
    send_error(res, to_http_status(error.code), error_code_name(error.code), error.message);
}


void method_not_allowed(httplib::Response& res, std::string_view allowed) {
    res.set_header("Allow", std::string(allowed));
    send_error(res, 405, "method_not_allowed",
               "method not allowed here; allowed: " + std::string(allowed));
}

int to_http_status(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument:
        return 400;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::Unavailable:
    case ErrorCode::Corrupt: // stored data that cannot be read cannot serve anyone
        return 503;
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

std::string error_json(std::string_view code, std::string_view message) {
    JsonWriter w;
    w.begin_object().key("error").begin_object();
    w.key("code").value(code).key("message").value(message);
    w.end_object().end_object();
    return w.take();
}

} // namespace antwort::searchd
