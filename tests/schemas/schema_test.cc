/** @file Tests for schema parsing and the embedded default schema. */
#include "antwort/schema.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

TEST(SchemaTest, DefaultSchemaIsValid) {
    const Schema& s = Schema::default_schema();
    EXPECT_EQ(s.format(), SCHEMA_FORMAT);
    const FieldSpec* title = s.field("title");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->type, FieldType::Text);
    EXPECT_EQ(title->prefix, "S");
    const FieldSpec* body = s.field("body");
    ASSERT_NE(body, nullptr);
    EXPECT_GT(title->weight, body->weight) << "title must weigh more than body";
    ASSERT_NE(s.field("rating"), nullptr);
    EXPECT_TRUE(s.field("rating")->value_slot.has_value());
    EXPECT_TRUE(s.field("thread")->value_slot.has_value());
    EXPECT_EQ(s.field("id")->prefix, "Q");
}

std::string with_fields(const std::string& fields) {
    return R"({"schema_format":1,"version":1,"fields":[{"name":"id","type":"id","prefix":"Q"})" +
           fields + "]}";
}

TEST(SchemaTest, RejectsBadSchemas) {
    EXPECT_FALSE(Schema::parse("{").ok());
    EXPECT_FALSE(Schema::parse(R"({"schema_format":99,"version":1,"fields":[]})").ok());
    EXPECT_FALSE(Schema::parse(R"({"schema_format":1,"version":1,"fields":[]})").ok())
        << "an id field is required";
    EXPECT_FALSE(Schema::parse(with_fields(R"(,{"name":"t","type":"text"})")).ok())
        << "text without analyzer";
    EXPECT_FALSE(Schema::parse(with_fields(R"(,{"name":"k","type":"keyword","prefix":"Q"})")).ok())
        << "duplicate prefix";
    EXPECT_FALSE(Schema::parse(with_fields(R"(,{"name":"k","type":"keyword","prefix":"xk"})")).ok())
        << "lower-case prefix";
    EXPECT_FALSE(Schema::parse(with_fields(R"(,{"name":"d","type":"date"})")).ok())
        << "date without slot";
    EXPECT_FALSE(Schema::parse(with_fields(R"(,{"name":"id","type":"stored"})")).ok())
        << "duplicate name";
}

TEST(SchemaTest, ErrorMessageNamesTheField) {
    auto s = Schema::parse(with_fields(R"(,{"name":"gewicht","type":"text","analyzer":"de_text","weight":0})"));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("gewicht"), std::string::npos) << s.error().message;
}

TEST(SchemaTest, KeepsSourceJson) {
    auto s = Schema::parse(with_fields(""));
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->json(), with_fields(""));
    EXPECT_EQ(s->ranking().rating_weight, RankingSpec{}.rating_weight);
}

} // namespace
} // namespace antwort
