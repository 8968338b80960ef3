/** @file Tests for JsonWriter and string escaping. */
#include "antwort/json_writer.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

TEST(JsonWriterTest, WritesNestedStructures) {
    JsonWriter w;
    w.begin_object().key("a").value(1).key("b").begin_array().value("x").null().value(true);
    w.end_array().key("c").begin_object().end_object().key("d").value(0.5).end_object();
    EXPECT_EQ(w.str(), R"({"a":1,"b":["x",null,true],"c":{},"d":0.5})");
}

TEST(JsonWriterTest, EscapesControlAndHtmlCharacters) {
    std::string out;
    append_json_string(out, "a\"b\\c\n<script>&\x01");
    EXPECT_EQ(out, R"("a\"b\\c\n\u003cscript\u003e\u0026\u0001")");
}

TEST(JsonWriterTest, ReplacesInvalidUtf8) {
    std::string out;
    append_json_string(out, "gr\xC3\xBC\xC3 \xFF");
    EXPECT_EQ(out, "\"gr\xC3\xBC\xEF\xBF\xBD \xEF\xBF\xBD\"");
}

TEST(JsonWriterTest, NonFiniteNumbersBecomeNull) {
    JsonWriter w;
    w.begin_array().value(1.0 / 0.0).end_array();
    EXPECT_EQ(w.str(), "[null]");
}

} // namespace
} // namespace antwort
