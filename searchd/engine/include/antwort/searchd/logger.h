/** @file Logger: structured (logfmt) log lines of antwort-searchd on stderr. */
#pragma once

#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antwort::searchd {

/** How much antwort-searchd writes to stderr (--log-level). */
enum class LogLevel { Error, Warn, Info, Debug };

/** "error", "warn", "info", "debug". */
const char* log_level_name(LogLevel level);

/** Unix milliseconds as ISO 8601 UTC with milliseconds: 2026-11-25T14:03:07.123Z. */
std::string iso8601_utc(int64_t unix_ms);

/** Key/value pairs of one log line, in order. */
using LogFields = std::vector<std::pair<std::string_view, std::string>>;

/**
 * Writes one logfmt line per event:
 *
 *     time=2026-11-25T13:00:00.123Z level=info msg=request method=GET path=/search status=200 duration_ms=1.42 bytes=913
 *
 * Values holding spaces, quotes, `=` or control characters are quoted and
 * escaped, so each event stays one parseable line. Lines below the level
 * are dropped. Thread-safe: a line is assembled first and written under a
 * mutex, so lines of concurrent requests never interleave.
 *
 * What is logged is up to the caller; the request log (operations.h) writes
 * no query string, client address, user agent or Authorization header.
 */
class Logger {
  public:
    /** Logs to @p out (not owned; nullptr = nowhere) at @p level and above. */
    explicit Logger(LogLevel level, std::ostream* out);

    bool enabled(LogLevel level) const { return out_ != nullptr && level <= level_; }
    void log(LogLevel level, std::string_view message, const LogFields& fields = {});

    void error(std::string_view message, const LogFields& fields = {}) {
        log(LogLevel::Error, message, fields);
    }
    void warn(std::string_view message, const LogFields& fields = {}) {
        log(LogLevel::Warn, message, fields);
    }
    void info(std::string_view message, const LogFields& fields = {}) {
        log(LogLevel::Info, message, fields);
    }
    void debug(std::string_view message, const LogFields& fields = {}) {
        log(LogLevel::Debug, message, fields);
    }

  private:
    LogLevel level_;
    std::ostream* out_;
    std::mutex mutex_;
};

/** @p value as a logfmt value: bare when it can be, else quoted with \" \\ \n \t \xNN escapes. */
std::string logfmt_value(std::string_view value);

} // namespace antwort::searchd
