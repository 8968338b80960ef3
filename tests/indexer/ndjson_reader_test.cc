/** @file NdjsonReader: line splitting, line numbers, long lines, BOMs, missing files. */
#include "antwort/indexer/ndjson_reader.h"

#include "indexer_test_util.h"

#include <gtest/gtest.h>

namespace antwort::indexer {
namespace {

using testing::TempDir;
using testing::write_file;

std::vector<std::pair<uint64_t, std::string>>
read_all(const std::string& path, size_t buffer_bytes = NdjsonReader::DEFAULT_BUFFER_BYTES) {
    auto reader = NdjsonReader::open(path, buffer_bytes);
    EXPECT_TRUE(reader.ok());
    std::vector<std::pair<uint64_t, std::string>> lines;
    std::string_view line;
    while (reader->next(line)) {
        lines.emplace_back(reader->line_number(), std::string(line));
    }
    EXPECT_EQ(reader->error(), "");
    return lines;
}

TEST(NdjsonReader, SplitsLinesAndStripsCarriageReturns) {
    TempDir tmp;
    const auto path = (tmp.path() / "in.ndjson").string();
    write_file(path, "a\r\n\nb\nlast-without-newline");
    auto lines = read_all(path);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], (std::pair<uint64_t, std::string>{1, "a"}));
    EXPECT_EQ(lines[1], (std::pair<uint64_t, std::string>{2, ""}));
    EXPECT_EQ(lines[2], (std::pair<uint64_t, std::string>{3, "b"}));
    EXPECT_EQ(lines[3], (std::pair<uint64_t, std::string>{4, "last-without-newline"}));
}

TEST(NdjsonReader, EmptyFileHasNoLines) {
    TempDir tmp;
    const auto path = (tmp.path() / "empty.ndjson").string();
    write_file(path, "");
    EXPECT_TRUE(read_all(path).empty());
}

TEST(NdjsonReader, LinesLongerThanTheBuffer) {
    TempDir tmp;
    const auto path = (tmp.path() / "long.ndjson").string();
    const std::string long_line(3 * 1024 * 1024 + 17, 'x');
    std::string text;
    for (int i = 0; i < 3; ++i) {
        text += long_line + "\n" + std::to_string(i) + "\n";
    }
    write_file(path, text);
    auto lines = read_all(path);
    ASSERT_EQ(lines.size(), 6u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(lines[2 * i].second, long_line);
        EXPECT_EQ(lines[2 * i + 1].second, std::to_string(i));
        EXPECT_EQ(lines[2 * i + 1].first, static_cast<uint64_t>(2 * i + 2));
    }
}

TEST(NdjsonReader, ManyShortLinesAcrossBufferBoundaries) {
    TempDir tmp;
    const auto path = (tmp.path() / "many.ndjson").string();
    std::string text;
    for (int i = 0; i < 200000; ++i) {
        text += "line-" + std::to_string(i) + "\n";
    }
    write_file(path, text);
    auto lines = read_all(path);
    ASSERT_EQ(lines.size(), 200000u);
    EXPECT_EQ(lines[123456].second, "line-123456");
    EXPECT_EQ(lines[123456].first, 123457u);
}

TEST(NdjsonReader, TinyBuffersGiveTheSameLines) {
    TempDir tmp;
    const auto path = (tmp.path() / "tiny.ndjson").string();
    write_file(path, "{\"id\":1}\r\n\n\r\nzwei\nvier-und-zwanzig-zeichen!\nende");
    const auto expected = read_all(path);
    ASSERT_EQ(expected.size(), 6u);
    EXPECT_EQ(expected[3].second, "zwei");
    for (size_t bytes : {0, 1, 2, 3, 7, 16}) {
        EXPECT_EQ(read_all(path, bytes), expected) << "buffer of " << bytes << " bytes";
    }
}

// Regression: a BOM written by a Windows editor made line 1 invalid JSON.
TEST(NdjsonReader, ByteOrderMarkAtTheStartOfTheFileIsSkipped) {
    TempDir tmp;
    const auto path = (tmp.path() / "bom.ndjson").string();
    write_file(path, "\xEF\xBB\xBF{\"id\":1}\r\n\xEF\xBB\xBFzwei\n");
    const std::vector<std::pair<uint64_t, std::string>> expected = {
        {1, "{\"id\":1}"},
        {2, "\xEF\xBB\xBFzwei"}, // only the start of the input is a byte order mark
    };
    for (size_t bytes : {NdjsonReader::DEFAULT_BUFFER_BYTES, size_t{1}, size_t{2}, size_t{4}}) {
        EXPECT_EQ(read_all(path, bytes), expected) << "buffer of " << bytes << " bytes";
    }
    write_file(path, "\xEF\xBB\xBF");
    EXPECT_EQ(read_all(path), (std::vector<std::pair<uint64_t, std::string>>{{1, ""}}));
}

TEST(NdjsonReader, MissingFileIsNotFound) {
    auto reader = NdjsonReader::open("/nonexistent/dir/docs.ndjson");
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error().code, ErrorCode::NotFound);
    EXPECT_NE(reader.error().message.find("/nonexistent/dir/docs.ndjson"), std::string::npos);
}

TEST(NdjsonReader, StdinIsNamedStdin) {
    auto reader = NdjsonReader::open("-");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader->display_name(), "<stdin>");
}

TEST(NdjsonReader, BlankLines) {
    EXPECT_TRUE(is_blank_line(""));
    EXPECT_TRUE(is_blank_line(" \t\r"));
    EXPECT_FALSE(is_blank_line(" {}"));
}

} // namespace
} // namespace antwort::indexer
