/** @file load_index_schema(): the one check of an index's stored schema; Schema::id_prefix(). */
#include "antwort/stored_schema.h"

#include <gtest/gtest.h>

namespace antwort {
namespace {

Xapian::WritableDatabase in_memory() {
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

TEST(StoredSchemaTest, AnIndexOfThisFormatGivesItsSchema) {
    auto db = in_memory();
    db.set_metadata(META_SCHEMA_FORMAT, std::to_string(SCHEMA_FORMAT));
    db.set_metadata(META_SCHEMA, Schema::default_schema().json());
    auto schema = load_index_schema(db, "searchd");
    ASSERT_TRUE(schema.ok()) << schema.error().message;
    EXPECT_EQ(schema->json(), Schema::default_schema().json());
}

TEST(StoredSchemaTest, AnotherOrAMissingFormatIsUnavailableAndSaysWhoReadsWhat) {
    auto db = in_memory();
    db.set_metadata(META_SCHEMA, Schema::default_schema().json());
    auto none = load_index_schema(db, "searchd");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::Unavailable);
    EXPECT_NE(none.error().message.find("schema format (none), this searchd reads " +
                                        std::to_string(SCHEMA_FORMAT)),
              std::string::npos)
        << none.error().message;
    db.set_metadata(META_SCHEMA_FORMAT, "99");
    auto other = load_index_schema(db, "antwort-indexer");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::Unavailable);
    EXPECT_NE(other.error().message.find("schema format 99, this antwort-indexer reads"),
              std::string::npos)
        << other.error().message;
}

TEST(StoredSchemaTest, AStoredSchemaThatDoesNotParseIsCorrupt) {
    auto db = in_memory();
    db.set_metadata(META_SCHEMA_FORMAT, std::to_string(SCHEMA_FORMAT));
    db.set_metadata(META_SCHEMA, "{");
    auto schema = load_index_schema(db, "searchd");
    ASSERT_FALSE(schema.ok());
    EXPECT_EQ(schema.error().code, ErrorCode::Corrupt);
}

TEST(StoredSchemaTest, IdPrefixIsThePrefixOfTheIdField) {
    EXPECT_EQ(Schema::default_schema().id_prefix(), "Q");
    auto custom = Schema::parse(
        R"({"schema_format":1,"version":1,"fields":[{"name":"id","type":"id","prefix":"XID"}]})");
    ASSERT_TRUE(custom.ok()) << custom.error().message;
    EXPECT_EQ(custom->id_prefix(), "XID");
}

} // namespace
} // namespace antwort
