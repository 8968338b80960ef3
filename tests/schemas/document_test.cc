/** @file Tests for document parsing, validation and serialisation. */
#include "antwort/document.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

TEST(DocumentTest, ParsesAllFields) {
    auto doc = parse_document(
        R"({"id":"f1","type":"forum","title":"Passwort vergessen","body":"Hilfe!","lang":"de",)"
        R"("url":"https://forum.example.org/t/1","tags":["konto","passwort"],"category":"Konten",)"
        R"("created":"2024-01-02T03:04:05Z","updated":null,"rating":{"up":5,"down":2},)"
        R"("thread":"f1","parent":null,"accepted":true,"extra":"ignored"})");
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    EXPECT_EQ(doc->id, "f1");
    EXPECT_EQ(doc->type, "forum");
    EXPECT_EQ(doc->title, "Passwort vergessen");
    EXPECT_EQ(doc->body, "Hilfe!");
    EXPECT_EQ(doc->url, "https://forum.example.org/t/1");
    EXPECT_EQ(doc->tags, (std::vector<std::string>{"konto", "passwort"}));
    EXPECT_EQ(doc->category, "Konten");
    EXPECT_EQ(doc->created, "2024-01-02T03:04:05Z");
    EXPECT_FALSE(doc->updated.has_value());
    ASSERT_TRUE(doc->rating.has_value());
    EXPECT_EQ(doc->rating->up, 5);
    EXPECT_EQ(doc->rating->down, 2);
    EXPECT_EQ(doc->thread, "f1");
    EXPECT_FALSE(doc->parent.has_value());
    EXPECT_EQ(doc->accepted, true);
}

struct BadLine {
    const char* json;
    const char* reason;
};

class DocumentRejectTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(DocumentRejectTest, GivesReason) {
    auto doc = parse_document(GetParam().json);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(doc.error().message.find(GetParam().reason), std::string::npos)
        << doc.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    BadLines, DocumentRejectTest,
    ::testing::Values(BadLine{R"({"id":"a","type":"faq","title":"x")", "invalid JSON"},
                      BadLine{R"([1,2])", "not a JSON object"},
                      BadLine{R"({"type":"faq","title":"x"})", "missing \"id\""},
                      BadLine{R"({"id":"","type":"faq","title":"x"})", "\"id\" is empty"},
                      BadLine{R"({"id":"a","type":"faq"})", "missing \"title\""},
                      BadLine{R"({"id":"a","title":"x"})", "missing \"type\""},
                      BadLine{R"({"id":"a","type":"faq","title":""})", "\"title\" is empty"},
                      BadLine{R"({"id":"a","type":"blog","title":"x"})", "\"type\" must be"},
                      BadLine{R"({"id":7,"type":"faq","title":"x"})", "\"id\" must be a string"},
                      BadLine{R"({"id":"a","type":"faq","title":"x","tags":"t"})", "\"tags\""},
                      BadLine{R"({"id":"a","type":"faq","title":"x","rating":{"up":-1}})",
                              "rating.up"},
                      BadLine{R"({"id":"a","type":"faq","title":"x","accepted":"yes"})",
                              "\"accepted\""},
                      BadLine{R"({"id":"a","type":"faq","title":"x","created":"gestern"})",
                              "ISO 8601"},
                      BadLine{"{\"id\":\"a\",\"type\":\"faq\",\"title\":\"\xC3\x28\"}",
                              "invalid UTF-8"}));

TEST(DocumentTest, RoundTripsThroughJson) {
    Document doc;
    doc.id = "a\"1";
    doc.type = "faq";
    doc.title = "Straße <b>&</b>";
    doc.body = "Zeile 1\nZeile 2\t\\";
    doc.lang = "de";
    doc.tags = {"ä", "b"};
    doc.rating = Rating{200, 10};
    doc.accepted = false;
    auto back = parse_document(document_to_json(doc));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->id, doc.id);
    EXPECT_EQ(back->title, doc.title);
    EXPECT_EQ(back->body, doc.body);
    EXPECT_EQ(back->tags, doc.tags);
    EXPECT_EQ(back->rating->up, 200);
    EXPECT_EQ(back->accepted, false);
    EXPECT_FALSE(back->url.has_value());
}

TEST(Iso8601Test, ParsesCommonForms) {
    EXPECT_EQ(parse_iso8601("1970-01-01"), 0);
    EXPECT_EQ(parse_iso8601("1970-01-02T00:00:00Z"), 86400);
    EXPECT_EQ(parse_iso8601("2015-09-29T10:15:00Z"), 1443521700);
    EXPECT_EQ(parse_iso8601("2015-09-29T12:15:00+02:00"), 1443521700);
    EXPECT_EQ(parse_iso8601("2015-09-29T10:15:00.123Z"), 1443521700);
    EXPECT_EQ(parse_iso8601("2000-02-29T00:00"), 951782400);
}

TEST(Iso8601Test, RejectsGarbage) {
    EXPECT_FALSE(parse_iso8601(""));
    EXPECT_FALSE(parse_iso8601("2015-13-01"));
    EXPECT_FALSE(parse_iso8601("2015-02-30"));
    EXPECT_FALSE(parse_iso8601("2015-09-29T25:00:00Z"));
    EXPECT_FALSE(parse_iso8601("2015-09-29X"));
    EXPECT_FALSE(parse_iso8601("2015-09-29T10:15:00Zjunk"));
}

} // namespace
} // namespace antwort
