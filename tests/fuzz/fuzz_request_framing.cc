/** @file libFuzzer target: frame_request() on arbitrary bytes, as a client could send them. */
#include "antwort/searchd/request_framing.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using antwort::searchd::FramedRequest;

void check(bool ok) {
    if (!ok) {
        __builtin_trap(); // the failed invariant is the calling line in the stack trace
    }
}

/** The invariants of one answer for @p input. */
void check_frame(std::string_view input, const antwort::searchd::FramingLimits& limits) {
    const FramedRequest f = antwort::searchd::frame_request(input, limits);
    switch (f.state) {
    case FramedRequest::State::Complete: {
        check(f.consumed > 0 && f.consumed <= input.size());
        check(f.head_complete && !f.method.empty() && !f.target.empty());
        // What cpp-httplib is handed: CRLF lines, a blank line, then the body.
        const size_t head_end = f.request.find("\r\n\r\n");
        check(head_end != std::string::npos);
        check(f.request.size() - head_end - 4 <= limits.max_body_bytes);
        // No header field named Transfer-Encoding (a longer name may contain it).
        std::string head = f.request.substr(0, head_end + 2);
        for (char& c : head) {
            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        check(head.find("\r\ntransfer-encoding:") == std::string::npos);
        // The same bytes framed again give the same request (the loop re-frames leftovers).
        const FramedRequest again =
            antwort::searchd::frame_request(input.substr(0, f.consumed), limits);
        check(again.state == FramedRequest::State::Complete && again.request == f.request);
        break;
    }
    case FramedRequest::State::Invalid:
        check(f.status >= 400 && f.status < 600 && !f.reason.empty());
        break;
    case FramedRequest::State::Incomplete:
        check(f.request.empty());
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    antwort::searchd::FramingLimits limits;
    limits.max_body_bytes = 256; // small, so the fuzzer reaches the limits
    limits.max_head_bytes = 512;
    limits.max_target_bytes = 128;
    limits.max_headers = 8;
    check_frame(input, limits);
    // Every prefix that the loop could have seen first is framed without a crash too.
    for (size_t n = 0; n < size && n < 64; ++n) {
        (void)antwort::searchd::frame_request(input.substr(0, n), limits);
    }
    return 0;
}
