/** @file Logger: logfmt lines with a UTC timestamp and a level. */
#include "antwort/searchd/logger.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

namespace antwort::searchd {

std::string iso8601_utc(int64_t unix_ms) {
    std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(unix_ms % 1000));
    return out;
}

namespace {

std::string now_iso8601() {
    return iso8601_utc(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
}

} // namespace

std::string logfmt_value(std::string_view value) {
    bool bare = !value.empty();
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= ' ' || c == '"' || c == '=' || c == '\\' || u == 0x7f) {
            bare = false;
            break;
        }
    }
    if (bare) {
        return std::string(value);
    }
    std::string out = "\"";
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < ' ' || u == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

Logger::Logger(LogLevel level, std::ostream* out) : level_(level), out_(out) {}

void Logger::log(LogLevel level, std::string_view message, const LogFields& fields) {
    if (!enabled(level)) {
        return;
    }
    std::string line = "time=" + now_iso8601() + " level=" + log_level_name(level) +
                       " msg=" + logfmt_value(message);
    for (const auto& [key, value] : fields) {
        line += ' ';
        line += key;
        line += '=';
        line += logfmt_value(value);
    }
    line += '\n';
    std::lock_guard lock(mutex_);
    out_->write(line.data(), static_cast<std::streamsize>(line.size()));
    out_->flush();
}

const char* log_level_name(LogLevel level) {
    switch (level) {
    case LogLevel::Error:
        return "error";
    case LogLevel::Warn:
        return "warn";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    }
    return "info";
}

} // namespace antwort::searchd
