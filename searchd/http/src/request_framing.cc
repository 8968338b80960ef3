/** @file frame_request(): where one HTTP/1.x request ends, and whether it is acceptable. */
#include "antwort/searchd/request_framing.h"

#include "antwort/text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace antwort::searchd {

namespace {

/** RFC 9110 tchar: the characters of a method or a header name. */
bool is_tchar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}


/** A field value may hold visible characters, spaces, tabs and obs-text; no other controls. */
bool is_field_value(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

/** The request target: visible ASCII and obs-text only, no spaces or controls. */
bool is_target(std::string_view s) {
    return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f;
    });
}

/** Decimal digits only, at most 18 of them (so it fits); nullopt otherwise. */
std::optional<uint64_t> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 18) {
        return std::nullopt;
    }
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

/** Hexadecimal digits only, at most 15 of them; nullopt otherwise. */
std::optional<uint64_t> parse_hex(std::string_view s) {
    if (s.empty() || s.size() > 15) {
        return std::nullopt;
    }
    uint64_t v = 0;
    for (char c : s) {
        int d = 0;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return std::nullopt;
        }
        v = v * 16 + static_cast<uint64_t>(d);
    }
    return v;
}

/** Methods cpp-httplib parses; anything else is 501. */
bool is_known_method(std::string_view m) {
    static constexpr std::array<std::string_view, 9> known = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};
    return std::find(known.begin(), known.end(), m) != known.end();
}

/** Headers cpp-httplib sets itself from the connection: a client's copies are dropped. */
bool is_connection_header(std::string_view name) {
    static constexpr std::array<std::string_view, 4> own = {"REMOTE_ADDR", "REMOTE_PORT",
                                                            "LOCAL_ADDR", "LOCAL_PORT"};
    return std::any_of(own.begin(), own.end(),
                       [name](std::string_view n) { return iequals(n, name); });
}

/** Reads lines (LF or CRLF) from a position in the input. */
class LineCursor {
  public:
    LineCursor(std::string_view input, size_t pos) : input_(input), pos_(pos) {}

    /** The next line without its line end, or nullopt when no line end has arrived yet. */
    std::optional<std::string_view> next() {
        const size_t nl = input_.find('\n', pos_);
        if (nl == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view line = input_.substr(pos_, nl - pos_);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        pos_ = nl + 1;
        return line;
    }
    size_t pos() const { return pos_; }

  private:
    std::string_view input_;
    size_t pos_;
};

FramedRequest invalid(FramedRequest f, int status, std::string reason) {
    f.state = FramedRequest::State::Invalid;
    f.status = status;
    f.reason = std::move(reason);
    f.request.clear();
    return f;
}

/** The parts of the head that decide how the body is framed. */
struct BodyFraming {
    std::optional<uint64_t> content_length;
    bool chunked = false;
};

enum class ChunkResult { Incomplete, Complete, Invalid };

/**
 * De-chunks the body that starts at @p pos into @p body. Complete: @p end is
 * past the last chunk and the trailer fields (which are dropped). Invalid:
 * @p f holds the status and reason.
 */
ChunkResult read_chunked(std::string_view input, size_t pos, const FramingLimits& limits,
                         std::string& body, size_t& end, FramedRequest& f) {
    LineCursor lines(input, pos);
    for (;;) {
        auto size_line = lines.next();
        if (!size_line) {
            // A chunk-size line is short; a long one without a line end is garbage.
            if (input.size() - lines.pos() > 1024) {
                f = invalid(std::move(f), 400, "malformed chunk size");
                return ChunkResult::Invalid;
            }
            return ChunkResult::Incomplete;
        }
        std::string_view size_text = *size_line;
        if (auto semi = size_text.find(';'); semi != std::string_view::npos) {
            size_text = size_text.substr(0, semi); // chunk extensions are ignored
        }
        auto size = parse_hex(trim(size_text));
        if (!size) {
            f = invalid(std::move(f), 400, "malformed chunk size");
            return ChunkResult::Invalid;
        }
        if (*size == 0) {
            // Trailer fields up to an empty line; they are read and dropped.
            size_t trailers = 0;
            for (;;) {
                auto trailer = lines.next();
                if (!trailer) {
                    if (input.size() - lines.pos() > limits.max_head_bytes) {
                        f = invalid(std::move(f), 431, "chunked trailer too large");
                        return ChunkResult::Invalid;
                    }
                    return ChunkResult::Incomplete;
                }
                if (trailer->empty()) {
                    end = lines.pos();
                    return ChunkResult::Complete;
                }
                if (++trailers > limits.max_headers) {
                    f = invalid(std::move(f), 431, "too many trailer fields");
                    return ChunkResult::Invalid;
                }
            }
        }
        if (body.size() + *size > limits.max_body_bytes) {
            f = invalid(std::move(f), 413, "request body too large");
            return ChunkResult::Invalid;
        }
        const size_t data = lines.pos();
        if (input.size() - data < *size + 1) {
            return ChunkResult::Incomplete;
        }
        body.append(input.substr(data, *size));
        // The chunk's data ends with CRLF (or LF).
        size_t after = data + *size;
        if (input[after] == '\r') {
            if (input.size() - after < 2) {
                return ChunkResult::Incomplete;
            }
            ++after;
        }
        if (input[after] != '\n') {
            f = invalid(std::move(f), 400, "chunk data not followed by a line end");
            return ChunkResult::Invalid;
        }
        lines = LineCursor(input, after + 1);
    }
}

} // namespace

FramedRequest frame_request(std::string_view input, const FramingLimits& limits) {
    FramedRequest f;
    // Empty lines before a request are allowed (RFC 9112, 2.2).
    size_t start = 0;
    while (start < input.size() && (input[start] == '\r' || input[start] == '\n')) {
        ++start;
    }
    LineCursor lines(input, start);

    // --- request line
    auto request_line = lines.next();
    if (!request_line) {
        if (input.size() - start > limits.max_target_bytes + 32) {
            return invalid(std::move(f), 414, "request target longer than " +
                                                  std::to_string(limits.max_target_bytes) +
                                                  " bytes");
        }
        return f;
    }
    const size_t sp1 = request_line->find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line->find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos ||
        request_line->find(' ', sp2 + 1) != std::string_view::npos) {
        return invalid(std::move(f), 400, "malformed request line");
    }
    const std::string_view method = request_line->substr(0, sp1);
    const std::string_view target = request_line->substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = request_line->substr(sp2 + 1);
    if (!is_token(method) || !is_target(target)) {
        return invalid(std::move(f), 400, "malformed request line");
    }
    if (target.size() > limits.max_target_bytes) {
        return invalid(std::move(f), 414,
                       "request target longer than " + std::to_string(limits.max_target_bytes) +
                           " bytes");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const bool looks_like_http = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                                     version[5] >= '0' && version[5] <= '9' &&
                                     version[6] == '.' && version[7] >= '0' && version[7] <= '9';
        if (looks_like_http) {
            return invalid(std::move(f), 505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        return invalid(std::move(f), 400, "malformed request line");
    }
    if (!is_known_method(method)) {
        return invalid(std::move(f), 501, "method not implemented");
    }
    if (target.front() != '/' && !(target == "*" && method == "OPTIONS")) {
        return invalid(std::move(f), 400, "request target must be a path");
    }
    f.method = std::string(method);
    f.target = std::string(target);

    // --- header fields
    std::string head;
    head.reserve(lines.pos() - start + 256);
    head.append(*request_line).append("\r\n");
    BodyFraming framing;
    bool expect_continue = false;
    size_t fields = 0;
    for (;;) {
        auto line = lines.next();
        if (!line) {
            if (input.size() - start > limits.max_head_bytes) {
                return invalid(std::move(f), 431, "request header fields too large");
            }
            return f;
        }
        if (lines.pos() - start > limits.max_head_bytes) {
            return invalid(std::move(f), 431, "request header fields too large");
        }
        if (line->empty()) {
            break;
        }
        if (++fields > limits.max_headers) {
            return invalid(std::move(f), 431, "too many header fields");
        }
        if (line->front() == ' ' || line->front() == '\t') {
            return invalid(std::move(f), 400, "obsolete line folding in header");
        }
        const size_t colon = line->find(':');
        if (colon == std::string_view::npos) {
            return invalid(std::move(f), 400, "malformed header field");
        }
        const std::string_view name = line->substr(0, colon);
        const std::string_view value = trim(line->substr(colon + 1));
        if (!is_token(name)) {
            // Includes "Name : value", which proxies disagree about.
            return invalid(std::move(f), 400, "malformed header field name");
        }
        if (!is_field_value(value)) {
            return invalid(std::move(f), 400, "control character in header field");
        }
        if (iequals(name, "Content-Length")) {
            auto length = parse_decimal(value);
            if (!length) {
                return invalid(std::move(f), 400, "malformed Content-Length");
            }
            if (framing.content_length && *framing.content_length != *length) {
                return invalid(std::move(f), 400, "conflicting Content-Length headers");
            }
            framing.content_length = length;
            continue;
        }
        if (iequals(name, "Transfer-Encoding")) {
            if (!iequals(value, "chunked") || framing.chunked) {
                return invalid(std::move(f), 501, "only the chunked transfer coding is served");
            }
            framing.chunked = true;
            continue;
        }
        if (iequals(name, "Expect")) {
            if (!iequals(value, "100-continue")) {
                return invalid(std::move(f), 417, "only \"Expect: 100-continue\" is served");
            }
            expect_continue = true;
            continue;
        }
        if (is_connection_header(name)) {
            continue;
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }
    if (framing.chunked && framing.content_length) {
        return invalid(std::move(f), 400, "both Content-Length and Transfer-Encoding");
    }
    if (framing.chunked && version == "HTTP/1.0") {
        return invalid(std::move(f), 400, "Transfer-Encoding in an HTTP/1.0 request");
    }
    f.head_complete = true;

    // --- body
    const size_t body_start = lines.pos();
    std::string body;
    size_t end = body_start;
    if (framing.chunked) {
        switch (read_chunked(input, body_start, limits, body, end, f)) {
        case ChunkResult::Invalid:
            return f;
        case ChunkResult::Incomplete:
            f.expects_continue = expect_continue;
            return f;
        case ChunkResult::Complete:
            break;
        }
    } else if (framing.content_length) {
        if (*framing.content_length > limits.max_body_bytes) {
            return invalid(std::move(f), 413, "request body too large");
        }
        const auto length = static_cast<size_t>(*framing.content_length);
        if (input.size() - body_start < length) {
            f.expects_continue = expect_continue && length > 0;
            return f;
        }
        body.assign(input.substr(body_start, length));
        end = body_start + length;
    }
    // A request without Content-Length or Transfer-Encoding has no body
    // (RFC 9112, 6.3); cpp-httplib would wait for one on POST/PUT/PATCH.
    const bool may_have_body = method == "POST" || method == "PUT" || method == "PATCH" ||
                               method == "DELETE";
    if (may_have_body || !body.empty()) {
        head.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    head.append("\r\n");
    head.append(body);
    f.state = FramedRequest::State::Complete;
    f.consumed = end;
    f.request = std::move(head);
    return f;
}

} // namespace antwort::searchd
