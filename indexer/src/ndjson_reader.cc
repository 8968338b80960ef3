/** @file NdjsonReader: buffered line reader over a FILE*. */
#include "antwort/indexer/ndjson_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace antwort::indexer {

Result<NdjsonReader> NdjsonReader::open(const std::string& path, size_t buffer_bytes) {
    buffer_bytes = std::max<size_t>(buffer_bytes, 1);
    if (path == "-") {
        return NdjsonReader(stdin, false, "<stdin>", buffer_bytes);
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return make_error(ErrorCode::NotFound, "cannot open " + path + ": " + std::strerror(errno));
    }
    return NdjsonReader(file, true, path, buffer_bytes);
}

NdjsonReader::NdjsonReader(std::FILE* file, bool owned, std::string display_name,
                           size_t buffer_bytes)
    : file_(file), owned_(owned), display_name_(std::move(display_name)), buffer_(buffer_bytes) {}

NdjsonReader::NdjsonReader(NdjsonReader&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), owned_(other.owned_), eof_(other.eof_),
      display_name_(std::move(other.display_name_)), error_(std::move(other.error_)),
      buffer_(std::move(other.buffer_)), begin_(other.begin_), end_(other.end_),
      line_number_(other.line_number_) {}

NdjsonReader& NdjsonReader::operator=(NdjsonReader&& other) noexcept {
    if (this != &other) {
        if (owned_ && file_ != nullptr) {
            std::fclose(file_);
        }
        file_ = std::exchange(other.file_, nullptr);
        owned_ = other.owned_;
        eof_ = other.eof_;
        display_name_ = std::move(other.display_name_);
        error_ = std::move(other.error_);
        buffer_ = std::move(other.buffer_);
        begin_ = other.begin_;
        end_ = other.end_;
        line_number_ = other.line_number_;
    }
    return *this;
}

NdjsonReader::~NdjsonReader() {
    if (owned_ && file_ != nullptr) {
        std::fclose(file_);
    }
}

bool NdjsonReader::fill() {
    // Move the unread tail to the front, grow if a single line fills the buffer.
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) {
        buffer_.resize(buffer_.size() * 2);
    }
    const size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    end_ += n;
    if (n == 0) {
        if (std::ferror(file_) != 0) {
            error_ = "read error on " + display_name_ + ": " + std::strerror(errno);
        }
        eof_ = true;
        return false;
    }
    return true;
}

bool NdjsonReader::next(std::string_view& line) {
    if (file_ == nullptr) {
        return false;
    }
    size_t scanned = begin_;
    for (;;) {
        const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
        if (nl != nullptr) {
            const auto pos = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data());
            line = std::string_view(buffer_.data() + begin_, pos - begin_);
            begin_ = pos + 1;
            break;
        }
        if (eof_) {
            if (begin_ == end_ || !error_.empty()) {
                return false;
            }
            line = std::string_view(buffer_.data() + begin_, end_ - begin_);
            begin_ = end_;
            break;
        }
        const size_t already = end_ - begin_;
        fill();
        scanned = begin_ + already; // fill() moved the data to the front
    }
    if (line_number_ == 0 && line.starts_with(UTF8_BOM)) {
        line.remove_prefix(UTF8_BOM.size()); // written by some Windows editors and exports
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    ++line_number_;
    return true;
}

bool is_blank_line(std::string_view line) {
    for (char c : line) {
        if (c != ' ' && c != '\t' && c != '\r') {
            return false;
        }
    }
    return true;
}

} // namespace antwort::indexer
