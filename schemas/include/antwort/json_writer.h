/** @file A small streaming JSON writer (simdjson 3.0 parses but does not build JSON). */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort {

/**
 * Appends JSON to a string. Commas are inserted automatically; strings are
 * escaped (control characters, quotes, backslashes, and '<', '>', '&' as \u
 * escapes so that JSON can be embedded in HTML safely). Invalid UTF-8 is
 * replaced by U+FFFD.
 */
class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    /** Writes an object key; the next call writes its value. */
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(int64_t n);
    JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
    JsonWriter& value(uint64_t n);
    JsonWriter& value(unsigned n) { return value(static_cast<uint64_t>(n)); }
    JsonWriter& value(double d);
    JsonWriter& value(bool b);
    JsonWriter& null();
    /** Writes the string, or null when @p s holds none. */
    JsonWriter& value(const std::optional<std::string>& s) { return s ? value(*s) : null(); }
    /** Inserts already-serialised JSON as a value. */
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    void before_value();
    std::string out_;
    std::vector<bool> first_; // per open container: no element written yet
    bool after_key_ = false;
};

/** Appends @p s to @p out as a quoted, escaped JSON string. */
void append_json_string(std::string& out, std::string_view s);

} // namespace antwort
