/** @file Finding where one HTTP/1.x request ends in the bytes a connection has sent. */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace antwort::searchd {

/** How large a request may be before it is refused. */
struct FramingLimits {
    /** The request target (path and query); longer is 414. */
    size_t max_target_bytes = 8 * 1024;
    /** Request line and headers together; more is 431. */
    size_t max_head_bytes = 16 * 1024;
    /** Header fields; more is 431. */
    size_t max_headers = 100;
    /** Body after removing chunked framing; more is 413. */
    size_t max_body_bytes = 64 * 1024;
};

/** What frame_request() found at the start of a connection's buffered bytes. */
struct FramedRequest {
    enum class State {
        Incomplete, ///< no error so far; more bytes are needed
        Complete,   ///< one whole request: see consumed and request
        Invalid,    ///< the bytes cannot become a valid request: see status and reason
    };
    State state = State::Incomplete;

    /** Complete: how many input bytes the request took (the rest belongs to the next one). */
    size_t consumed = 0;
    /**
     * Complete: the request rewritten for cpp-httplib: CRLF line ends, the
     * body de-chunked, exactly one Content-Length where a body may be sent,
     * no Transfer-Encoding or Expect header.
     */
    std::string request;

    /** Known once the head is complete. */
    bool head_complete = false;
    std::string method;
    std::string target;
    /** The head asked for "100 Continue" and its body has not fully arrived. */
    bool expects_continue = false;

    /** Invalid: the HTTP status to answer (400, 413, 414, 417, 431, 501, 505). */
    int status = 0;
    /** Invalid: what is wrong, in words for the error body. */
    std::string reason;
};

/**
 * Looks for one whole request at the start of @p input. Pure: the caller
 * keeps the bytes and calls again when more arrive.
 *
 * Stricter than cpp-httplib on purpose, because a front that frames
 * requests must agree with every proxy in front of it about where a
 * request ends: conflicting or malformed Content-Length, Content-Length
 * together with Transfer-Encoding, a transfer coding other than "chunked",
 * obsolete line folding, whitespace before a header's colon and control
 * characters in the head are all refused. Lines may end in LF or CRLF;
 * empty lines before the request line are skipped.
 */
FramedRequest frame_request(std::string_view input, const FramingLimits& limits);

} // namespace antwort::searchd
