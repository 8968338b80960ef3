/** @file Helpers shared by the indexer tests: temporary directories and NDJSON fixtures. */
#pragma once

#include "testing/temp_dir.h"

#include "antwort/index_layout.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace antwort::indexer::testing {

using antwort::testing::TempDir;

/** Writes @p text to @p path as is. */
inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/** Writes @p lines, each followed by "\n". */
inline void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line;
        text += '\n';
    }
    write_file(path, text);
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/** One valid NDJSON document line. */
inline std::string doc_line(const std::string& id, const std::string& type,
                            const std::string& title, const std::string& body = "Text") {
    return R"({"id":")" + id + R"(","type":")" + type + R"(","title":")" + title + R"(","body":")" +
           body + R"(","lang":"de"})";
}

/** The live generation of @p index opened for reading. */
inline Xapian::Database open_live(const std::filesystem::path& index) {
    IndexDir dir(index);
    auto gen = dir.current_generation();
    if (!gen) {
        throw std::runtime_error("no live generation in " + index.string());
    }
    return Xapian::Database(dir.generation_path(*gen).string());
}

/** Splits @p text into lines (without the newlines). */
inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

} // namespace antwort::indexer::testing
