/** @file frame_request(): where a request ends, what is refused, what cpp-httplib is handed. */
#include "antwort/searchd/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace antwort::searchd {
namespace {

using State = FramedRequest::State;

FramedRequest frame(std::string_view input, size_t max_body = 1024) {
    FramingLimits limits;
    limits.max_body_bytes = max_body;
    return frame_request(input, limits);
}

/** Expects @p f to refuse its input with @p status. */
void expect_refused(const FramedRequest& f, int status, std::string_view input = {}) {
    EXPECT_EQ(f.state, State::Invalid) << input;
    EXPECT_EQ(f.status, status) << input << " (" << f.reason << ")";
}

TEST(RequestFraming, AWholeGetIsCompleteAndTheNextRequestIsLeftOver) {
    const std::string first = "GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string input = first + "GET /healthz HTTP/1.1\r\n";
    auto f = frame(input);
    ASSERT_EQ(f.state, State::Complete) << f.reason;
    EXPECT_EQ(f.consumed, first.size());
    EXPECT_EQ(f.method, "GET");
    EXPECT_EQ(f.target, "/search?q=Drucker");
    EXPECT_EQ(f.request, first);
}

TEST(RequestFraming, EveryPrefixOfARequestIsIncomplete) {
    const std::string input =
        "POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n{\"id\":\"a\"}\n";
    for (size_t n = 0; n < input.size(); ++n) {
        auto f = frame(input.substr(0, n));
        EXPECT_EQ(f.state, State::Incomplete) << n;
    }
    EXPECT_EQ(frame(input).state, State::Complete);
}

TEST(RequestFraming, BareLineFeedsAreAcceptedAndRewrittenAsCrLf) {
    auto f = frame("\r\nGET / HTTP/1.1\nHost: x\n\n");
    ASSERT_EQ(f.state, State::Complete) << f.reason;
    EXPECT_EQ(f.request, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
}

TEST(RequestFraming, ConflictingContentLengthHeadersAre400) {
    auto f = frame("POST /feedback HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n");
    expect_refused(f, 400);
    EXPECT_NE(f.reason.find("Content-Length"), std::string::npos) << f.reason;
    // The same value twice is one length.
    auto same = frame("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab");
    ASSERT_EQ(same.state, State::Complete) << same.reason;
    EXPECT_NE(same.request.find("Content-Length: 2\r\n\r\nab"), std::string::npos);
}

TEST(RequestFraming, MalformedContentLengthIs400) {
    for (const char* value : {"-1", "1e3", "0x10", "", "1 2", "99999999999999999999"}) {
        auto f = frame(std::string("POST /x HTTP/1.1\r\nContent-Length: ") + value + "\r\n\r\n");
        expect_refused(f, 400, value);
    }
}

TEST(RequestFraming, ContentLengthTogetherWithTransferEncodingIs400) {
    auto f = frame("POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
    expect_refused(f, 400);
}

TEST(RequestFraming, ChunkedBodiesAreDechunked) {
    const std::string input = "POST /feedback HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "4\r\n{\"id\r\n7;ext=1\r\n\":\"a\"}\n\r\n0\r\nX-Trailer: t\r\n\r\n";
    auto f = frame(input + "GET");
    ASSERT_EQ(f.state, State::Complete) << f.reason;
    EXPECT_EQ(f.consumed, input.size());
    EXPECT_EQ(f.request,
              "POST /feedback HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"id\":\"a\"}\n");
    for (size_t n = 0; n < input.size(); ++n) {
        EXPECT_EQ(frame(input.substr(0, n)).state, State::Incomplete) << n;
    }
}

TEST(RequestFraming, BadChunkSizeIs400AndOtherCodingsAre501) {
    auto bad = frame("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    expect_refused(bad, 400);
    auto gzip = frame("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
    expect_refused(gzip, 501);
}

TEST(RequestFraming, PutWithoutABodyIsCompleteAtOnceWithContentLengthZero) {
    auto f = frame("PUT /search HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(f.state, State::Complete) << f.reason;
    EXPECT_EQ(f.request, "PUT /search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
}

TEST(RequestFraming, BodiesOverTheLimitAre413BeforeTheyArrive) {
    auto f = frame("POST /x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", 1024);
    expect_refused(f, 413);
    std::string chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) {
        chunked += "100\r\n" + std::string(256, 'x') + "\r\n";
    }
    auto g = frame(chunked, 1024);
    expect_refused(g, 413);
}

TEST(RequestFraming, HugeHeadsAre431AndHugeRequestLinesAre414) {
    FramingLimits limits;
    limits.max_head_bytes = 512;
    limits.max_target_bytes = 256;
    auto line = frame_request("GET /" + std::string(600, 'a'), limits);
    expect_refused(line, 414);
    auto whole = frame_request("GET /" + std::string(300, 'a') + " HTTP/1.1\r\n\r\n", limits);
    expect_refused(whole, 414);
    auto head = frame_request("GET / HTTP/1.1\r\nX: " + std::string(600, 'a'), limits);
    expect_refused(head, 431);
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) {
        many += "A: b\r\n";
    }
    auto fields = frame(many);
    expect_refused(fields, 431);
}

TEST(RequestFraming, MalformedHeadsAre400) {
    for (const char* head : {"GET / HTTP/1.1\r\nHost : x\r\n\r\n",          // space before colon
                             "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",        // obsolete folding
                             "GET / HTTP/1.1\r\nNoColon\r\n\r\n",           // no colon
                             "GET / HTTP/1.1\r\nA: b\x01 c\r\n\r\n",        // control character
                             "GET  / HTTP/1.1\r\n\r\n",                     // two spaces
                             "GET /a b HTTP/1.1\r\n\r\n",                   // space in target
                             "GET search HTTP/1.1\r\n\r\n",                 // not a path
                             "GET / FTP/1.0\r\n\r\n",                       // not HTTP
                             "G\xC3\x9C T / HTTP/1.1\r\n\r\n"}) {           // not a token
        auto f = frame(head);
        expect_refused(f, 400, head);
    }
}

TEST(RequestFraming, OtherVersionsAre505AndUnknownMethodsAre501) {
    auto v2 = frame("GET / HTTP/2.0\r\n\r\n");
    expect_refused(v2, 505);
    auto brew = frame("BREW /pot HTTP/1.1\r\n\r\n");
    expect_refused(brew, 501);
    // TRACE is framed; the server answers it 405.
    EXPECT_EQ(frame("TRACE /search HTTP/1.1\r\n\r\n").state, State::Complete);
}

TEST(RequestFraming, ExpectContinueIsFlaggedUntilTheBodyArrives) {
    const std::string head =
        "POST /feedback HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
    auto waiting = frame(head);
    EXPECT_EQ(waiting.state, State::Incomplete);
    EXPECT_TRUE(waiting.head_complete);
    EXPECT_TRUE(waiting.expects_continue);
    auto done = frame(head + "{}");
    ASSERT_EQ(done.state, State::Complete);
    EXPECT_EQ(done.request.find("Expect"), std::string::npos) << done.request;
    auto other = frame("POST /x HTTP/1.1\r\nExpect: something\r\n\r\n");
    EXPECT_EQ(other.status, 417);
}

TEST(RequestFraming, ClientCopiesOfTheConnectionHeadersAreDropped) {
    auto f = frame("GET / HTTP/1.1\r\nREMOTE_ADDR: 10.0.0.1\r\nremote_port: 1\r\nA: b\r\n\r\n");
    ASSERT_EQ(f.state, State::Complete);
    EXPECT_EQ(f.request, "GET / HTTP/1.1\r\nA: b\r\n\r\n");
}

} // namespace
} // namespace antwort::searchd
