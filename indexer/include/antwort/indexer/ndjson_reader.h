/** @file Line-by-line reading of NDJSON files or standard input. */
#pragma once

#include "antwort/result.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace antwort::indexer {

/**
 * Streams the lines of one input (a file, or standard input for "-") through
 * a fixed-size buffer, so inputs of any size and pipes work. Line endings
 * ("\n" or "\r\n") are stripped; the last line needs no newline. A UTF-8
 * byte order mark at the start of the input is dropped from line 1.
 */
class NdjsonReader {
  public:
    /** The buffer a reader starts with; it doubles for a longer line. */
    static constexpr size_t DEFAULT_BUFFER_BYTES = size_t{1} << 20;
    /** The UTF-8 byte order mark (U+FEFF), skipped at the start of an input. */
    static constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

    /**
     * Opens @p path ("-" = standard input); fails with NotFound if it cannot be opened.
     * @p buffer_bytes (at least 1) is the initial buffer; small ones serve the fuzz target,
     * which reaches the refill and growth paths with short inputs that way.
     */
    static Result<NdjsonReader> open(const std::string& path,
                                     size_t buffer_bytes = DEFAULT_BUFFER_BYTES);

    NdjsonReader(NdjsonReader&& other) noexcept;
    NdjsonReader& operator=(NdjsonReader&& other) noexcept;
    NdjsonReader(const NdjsonReader&) = delete;
    NdjsonReader& operator=(const NdjsonReader&) = delete;
    ~NdjsonReader();

    /**
     * Reads the next line into @p line (valid until the next call).
     * @return false at end of input; a read error is reported through error().
     */
    bool next(std::string_view& line);

    /** 1-based number of the line last returned by next(). */
    uint64_t line_number() const { return line_number_; }
    /** The name used in diagnostics: the path as given, or "<stdin>". */
    const std::string& display_name() const { return display_name_; }
    /** Non-empty if reading failed (next() then returned false early). */
    const std::string& error() const { return error_; }

  private:
    NdjsonReader(std::FILE* file, bool owned, std::string display_name, size_t buffer_bytes);
    bool fill();

    std::FILE* file_ = nullptr;
    bool owned_ = false;
    bool eof_ = false;
    std::string display_name_;
    std::string error_;
    std::vector<char> buffer_;
    size_t begin_ = 0; ///< start of unread data in buffer_
    size_t end_ = 0;   ///< end of valid data in buffer_
    uint64_t line_number_ = 0;
};

/** True if @p line holds only spaces, tabs and carriage returns (such lines are skipped). */
bool is_blank_line(std::string_view line);

} // namespace antwort::indexer
