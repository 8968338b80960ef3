/** @file Tests for make_snippet(). */
#include "antwort/searchd/snippet.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

const analyzers::Analyzer& de_text() {
    return **analyzers::get_analyzer("de_text");
}

/** The analysed form of @p word (its first term). */
std::string term(std::string_view word) {
    return de_text().analyze(word).at(0).text;
}

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) {
            return false;
        }
        for (size_t j = 1; j < len; ++j) {
            if ((static_cast<unsigned char>(s[i + j]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += len;
    }
    return true;
}

TEST(SnippetTest, ShortBodyWithoutMatchIsReturnedWhole) {
    EXPECT_EQ(make_snippet("Ein kurzer Text.", de_text(), {term("Drucker")}), "Ein kurzer Text.");
}

TEST(SnippetTest, CollapsesWhitespace) {
    EXPECT_EQ(make_snippet("Zeile eins\n\n  Zeile\tzwei\n", de_text(), {}),
              "Zeile eins Zeile zwei");
}

TEST(SnippetTest, FindsAnInflectedFormFarIntoTheBody) {
    std::string body;
    for (int i = 0; i < 400; ++i) {
        body += "Füllwort ";
    }
    body += "Die Häuser stehen am Fluss. ";
    for (int i = 0; i < 100; ++i) {
        body += "Nachsatz ";
    }
    const std::string snippet = make_snippet(body, de_text(), {term("Haus")});
    EXPECT_NE(snippet.find("Häuser stehen am Fluss"), std::string::npos) << snippet;
    EXPECT_EQ(snippet.rfind("… ", 0), 0u) << "cut at the front: " << snippet;
    EXPECT_EQ(snippet.substr(snippet.size() - 4), " …") << snippet;
    EXPECT_TRUE(valid_utf8(snippet));
}

TEST(SnippetTest, StaysNearTheRequestedLength) {
    std::string body;
    for (int i = 0; i < 200; ++i) {
        body += "Größenänderung ";
    }
    const std::string snippet = make_snippet(body, de_text(), {}, 200);
    EXPECT_TRUE(valid_utf8(snippet));
    size_t chars = 0;
    for (char c : snippet) {
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    EXPECT_LE(chars, 205u);
    EXPECT_GE(chars, 150u);
    // Cut on a word boundary: the text before " …" ends with a whole word.
    EXPECT_NE(snippet.find("Größenänderung …"), std::string::npos) << snippet;
}

TEST(SnippetTest, NeverSplitsMultiByteCharacters) {
    std::string body;
    for (int i = 0; i < 300; ++i) {
        body += "äöü€𝄞";
    }
    for (size_t max : {1u, 7u, 50u, 200u}) {
        EXPECT_TRUE(valid_utf8(make_snippet(body, de_text(), {term("x")}, max))) << max;
    }
}

TEST(SnippetTest, EmptyBody) {
    EXPECT_EQ(make_snippet("", de_text(), {term("Haus")}), "");
}

} // namespace
} // namespace antwort::searchd
