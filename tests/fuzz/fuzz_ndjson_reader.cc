/** @file libFuzzer target: NdjsonReader on arbitrary bytes (from a memfd, as from a file). */
#include "antwort/indexer/ndjson_reader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The reader starts with a 16-byte buffer here (1 MiB by default): short inputs
// then go through its refill, move and growth paths, and no input pays for a
// fresh megabyte under ASan.

namespace {

using antwort::indexer::NdjsonReader;

void check(bool ok) {
    if (!ok) {
        __builtin_trap(); // the failed invariant is the calling line in the stack trace
    }
}

} // namespace

/** Every line comes back without its line ending, numbered, and within the input. */
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const int fd = ::memfd_create("fuzz_ndjson_reader", 0);
    if (fd < 0) {
        return 0;
    }
    size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(fd, data + written, size - written);
        if (n <= 0) {
            ::close(fd);
            return 0;
        }
        written += static_cast<size_t>(n);
    }
    auto reader = NdjsonReader::open("/proc/self/fd/" + std::to_string(fd), 16);
    ::close(fd); // the reader holds its own descriptor
    if (!reader) {
        return 0;
    }
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // A byte order mark at the start is skipped; line 1 starts after it.
    size_t offset = input.substr(0, NdjsonReader::UTF8_BOM.size()) == NdjsonReader::UTF8_BOM
                        ? NdjsonReader::UTF8_BOM.size()
                        : 0;
    uint64_t lines = 0;
    std::string_view line;
    while (reader->next(line)) {
        ++lines;
        check(reader->line_number() == lines);
        check(line.find('\n') == std::string_view::npos);
        // The line is the input's bytes from offset up to "\n" or "\r\n" or the end.
        check(input.substr(offset, line.size()) == line);
        offset += line.size();
        if (offset < size && input[offset] == '\r') {
            ++offset;
        }
        if (offset < size) {
            check(input[offset] == '\n');
            ++offset;
        }
        (void)antwort::indexer::is_blank_line(line);
    }
    check(reader->error().empty());
    check(offset == size);
    return 0;
}
