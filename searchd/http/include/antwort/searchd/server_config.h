/** @file Config: the settings of the antwort-searchd daemon (filled by the command line). */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/service_options.h"

#include <chrono>
#include <string>
#include <vector>

namespace antwort::searchd {

/**
 * `POST /feedback` ("Was this helpful?"): abuse limits and how often votes
 * reach the rating slot. The limits keep no personal data: the per-connection
 * bucket is keyed by the connection's address and port in memory only.
 */
struct FeedbackOptions {
    /** How often the applier writes new votes into the live generation
     *  (--feedback-apply-ms). */
    std::chrono::milliseconds apply_interval{1000};
    /** Token bucket per connection: votes per second refilled
     *  (--feedback-rate) and bucket size (--feedback-burst). */
    double rate_per_second = 1.0;
    long burst = 10;
    /** Votes accepted per document per minute, all clients together
     *  (--feedback-doc-limit). */
    long per_document_per_minute = 60;
};

/** Configuration of the antwort-searchd daemon. */
struct Config {
    ServiceOptions service;
    FeedbackOptions feedback;
    std::string host = "127.0.0.1";
    int port = 8080;      ///< 0 picks a free port (printed on startup)
    unsigned threads = 0; ///< worker threads; 0 means max(4, hardware threads)
    /** Origins allowed to call the API from browsers (--cors-origin, repeatable;
     *  see cors.h). Empty: no CORS headers at all. */
    std::vector<std::string> cors_origins;

    /** The --config file the settings came from ("" = none); for /admin/status. */
    std::string config_file;
    /** Keys accepted in `Authorization: Bearer KEY` for /admin/... (--api-key,
     *  repeatable). None: the admin endpoints are disabled (403). */
    std::vector<std::string> api_keys;
    LogLevel log_level = LogLevel::Info; ///< --log-level
    /** Largest request body (--max-body-bytes); larger ones get 413. */
    size_t max_body_bytes = 64 * 1024;
    /** Open connections, idle keep-alive ones included (--max-connections);
     *  more get 503 at once. Waiting connections hold no worker. */
    unsigned max_connections = 256;
    /** From a request's first byte to its last (--request-timeout-ms); a
     *  slower request gets 408 and its connection is closed. */
    std::chrono::milliseconds request_timeout{10'000};
    /** How long a keep-alive connection may wait for its next request
     *  (--idle-timeout-ms). */
    std::chrono::milliseconds idle_timeout{5'000};

    /** Checks ranges (threads, port, ranking parameters, limits, keys). */
    Result<void> validate() const;
};

/** Checks one `--api-key`: at least 16 visible ASCII characters. */
Result<void> check_api_key(const std::string& key);

} // namespace antwort::searchd
