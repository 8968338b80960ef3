/** @file trim() and percent_encode(). */
#include "antwort/text.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

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
