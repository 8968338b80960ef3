/** @file decode_utf8(), trim() and percent_encode(). */
#include "antwort/text.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

TEST(TextTest, DecodeUtf8GivesCodePointAndLengthOrZeroForMalformedBytes) {
    EXPECT_EQ(decode_utf8("a", 0), (std::pair<char32_t, size_t>{U'a', 1}));
    EXPECT_EQ(decode_utf8("x\xC3\xA4", 1), (std::pair<char32_t, size_t>{U'\u00E4', 2}));
    EXPECT_EQ(decode_utf8("\xE2\x82\xAC", 0), (std::pair<char32_t, size_t>{U'\u20AC', 3}));
    EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80", 0).second, 4u);
    for (const char* bad : {"\x80", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xFF", "\xE2\x82"}) {
        EXPECT_EQ(decode_utf8(bad, 0).second, 0u) << bad;
    }
}

TEST(TextTest, TrimRemovesOnlyTheGivenBlanksAtBothEnds) {
    EXPECT_EQ(trim(" \tDrucker einrichten\t "), "Drucker einrichten");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("\r\nwort\r\n"), "\r\nwort\r\n") << "CR and LF are not blanks by default";
    EXPECT_EQ(trim("\r\nwort \n", " \t\r\n"), "wort");
}

TEST(TextTest, PercentEncodeKeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(percent_encode("Drucker einrichten"), "Drucker%20einrichten");
    EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    EXPECT_EQ(percent_encode("ä&=?/"), "%C3%A4%26%3D%3F%2F");
}

} // namespace
} // namespace antwort
