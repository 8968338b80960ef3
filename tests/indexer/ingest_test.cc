/** @file build_index, update_index, delete_documents, index_stats on real temporary indexes. */
#include "antwort/indexer/indexer.h"

#include "antwort/analyzers/analyzer.h"
#include "antwort/document.h"
#include "antwort/index_layout.h"
#include "indexer_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace antwort::indexer {
namespace {

using testing::doc_line;
using ::testing::HasSubstr;
using testing::open_live;
using testing::split_lines;
using ::testing::StartsWith;
using testing::TempDir;
using testing::write_lines;

namespace fs = std::filesystem;

class IngestTest : public ::testing::Test {
  protected:
    fs::path index() const { return tmp_.path() / "index"; }

    /** Writes @p lines to a fresh input file and returns its path. */
    std::string input(const std::vector<std::string>& lines) {
        const auto path = tmp_.path() / ("input-" + std::to_string(inputs_++) + ".ndjson");
        write_lines(path, lines);
        return path.string();
    }

    IngestOptions options(std::vector<std::string> inputs) {
        IngestOptions o;
        o.index = index();
        o.inputs = std::move(inputs);
        o.diagnostics = &diagnostics_;
        return o;
    }

    IngestStats build(const std::vector<std::string>& lines, uint64_t max_errors = 0) {
        auto o = options({input(lines)});
        o.max_errors = max_errors;
        auto stats = build_index(o, Schema::default_schema());
        EXPECT_TRUE(stats.ok()) << stats.error().message;
        return stats.ok() ? *stats : IngestStats{};
    }

    IngestStats update(const std::vector<std::string>& lines, uint64_t max_errors = 0) {
        auto o = options({input(lines)});
        o.max_errors = max_errors;
        auto stats = update_index(o);
        EXPECT_TRUE(stats.ok()) << stats.error().message;
        return stats.ok() ? *stats : IngestStats{};
    }

    /** Title of the live document with @p id, or "" if absent. */
    std::string live_title(const std::string& id) {
        Xapian::Database db = open_live(index());
        Xapian::PostingIterator it = db.postlist_begin("Q" + id);
        if (it == db.postlist_end("Q" + id)) {
            return "";
        }
        auto doc = parse_document(db.get_document(*it).get_data());
        return doc.ok() ? doc->title : "<bad data>";
    }

    /** Names of the entries of the index directory, sorted. */
    std::vector<std::string> index_entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(index())) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    TempDir tmp_;
    std::ostringstream diagnostics_;
    int inputs_ = 0;
};

TEST_F(IngestTest, BuildIndexesDocumentsAndStoresMetadata) {
    auto stats = build({doc_line("a", "faq", "Drucker"), doc_line("b", "forum", "Scanner")});
    EXPECT_EQ(stats.lines, 2u);
    EXPECT_EQ(stats.indexed, 2u);
    EXPECT_EQ(stats.bad, 0u);
    EXPECT_EQ(stats.generation, 1u);
    EXPECT_FALSE(stats.aborted);
    EXPECT_EQ(diagnostics_.str(), "");

    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_EQ(db.get_metadata(META_SCHEMA), Schema::default_schema().json());
    EXPECT_EQ(db.get_metadata(META_SCHEMA_FORMAT), std::to_string(SCHEMA_FORMAT));
    EXPECT_EQ(db.get_metadata(META_GENERATION), "1");
    EXPECT_EQ(live_title("a"), "Drucker");
    EXPECT_EQ(live_title("b"), "Scanner");
    // Nothing left over but the lock, the link and the generation.
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock", "current", "gen-000001"}));
}

TEST_F(IngestTest, BadLinesAreReportedWithFileAndLineAndSkipped) {
    const std::string path = input({
        doc_line("good-1", "faq", "Eins"),                                 // 1
        R"({"id": "x", "type": "faq", "title": )",                         // 2 invalid JSON
        R"({"type": "faq", "title": "Ohne Id"})",                          // 3 missing id
        "",                                                                // 4 empty: ignored
        R"({"id": "y", "type": "faq"})",                                   // 5 missing title
        R"({"id": "z", "type": "blog", "title": "T"})",                    // 6 unknown type
        R"({"id": "w", "type": "faq", "title": "T", "tags": "einzeln"})",  // 7 wrong JSON type
        "{\"id\": \"u\", \"type\": \"faq\", \"title\": \"Bad \xC3\x28\"}", // 8 invalid UTF-8
        R"({"id": 17, "type": "faq", "title": "T"})",                      // 9 id not a string
        "   ",                                                             // 10 blank: ignored
        R"(["not", "an", "object"])",                                      // 11 not an object
        doc_line("good-2", "article", "Zwei"),                             // 12
    });
    auto o = options({path});
    auto stats = build_index(o, Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_EQ(stats->lines, 10u);
    EXPECT_EQ(stats->indexed, 2u);
    EXPECT_EQ(stats->bad, 8u);
    EXPECT_EQ(stats->generation, 1u);

    const auto lines = split_lines(diagnostics_.str());
    ASSERT_EQ(lines.size(), 8u) << diagnostics_.str();
    EXPECT_THAT(lines[0], StartsWith(path + ":2: error: invalid JSON: "));
    EXPECT_EQ(lines[1], path + ":3: error: missing \"id\"");
    EXPECT_EQ(lines[2], path + ":5: error: missing \"title\"");
    EXPECT_EQ(lines[3], path + ":6: error: \"type\" must be \"faq\", \"forum\" or \"article\", "
                               "not \"blog\"");
    EXPECT_EQ(lines[4], path + ":7: error: \"tags\" must be an array of strings");
    EXPECT_EQ(lines[5], path + ":8: error: invalid UTF-8");
    EXPECT_EQ(lines[6], path + ":9: error: \"id\" must be a string");
    EXPECT_EQ(lines[7], path + ":11: error: line is not a JSON object");

    // The good lines were published.
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_EQ(live_title("good-1"), "Eins");
    EXPECT_EQ(live_title("good-2"), "Zwei");
}

TEST_F(IngestTest, LineNumbersCountPerFile) {
    const std::string first = input({doc_line("a", "faq", "A"), "{broken"});
    const std::string second = input({"{broken", doc_line("b", "faq", "B")});
    auto stats = build_index(options({first, second}), Schema::default_schema());
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->indexed, 2u);
    const auto lines = split_lines(diagnostics_.str());
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_THAT(lines[0], StartsWith(first + ":2: error: "));
    EXPECT_THAT(lines[1], StartsWith(second + ":1: error: "));
}

TEST_F(IngestTest, MaxErrorsAbortsAndKeepsThePreviousGenerationLive) {
    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"), doc_line("c", "faq", "C")});
    auto stats = build({doc_line("d", "faq", "D"), "{bad", "{bad", doc_line("e", "faq", "E")},
                       /*max_errors=*/2);
    EXPECT_TRUE(stats.aborted);
    EXPECT_EQ(stats.bad, 2u);
    EXPECT_EQ(stats.generation, 0u);

    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    EXPECT_EQ(open_live(index()).get_doccount(), 3u);
    EXPECT_EQ(live_title("d"), "");
    // The aborted generation's staging directory is gone.
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock", "current", "gen-000001"}));
}

TEST_F(IngestTest, MaxErrorsNotReachedStillPublishes) {
    auto stats = build({doc_line("a", "faq", "A"), "{bad"}, /*max_errors=*/2);
    EXPECT_FALSE(stats.aborted);
    EXPECT_EQ(stats.generation, 1u);
    EXPECT_EQ(open_live(index()).get_doccount(), 1u);
}

TEST_F(IngestTest, BuildSwapsGenerationsAtomically) {
    build({doc_line("a", "faq", "Alt"), doc_line("b", "faq", "B")});
    const IndexDir dir(index());
    // A reader of the old generation (like searchd) keeps a consistent view.
    Xapian::Database old_reader = open_live(index());
    ASSERT_EQ(old_reader.get_doccount(), 2u);

    auto stats =
        build({doc_line("a", "faq", "Neu"), doc_line("c", "faq", "C"), doc_line("d", "faq", "D")});
    EXPECT_EQ(stats.generation, 2u);
    EXPECT_EQ(dir.current_generation(), 2u);
    EXPECT_EQ(fs::read_symlink(dir.current_link()), fs::path("gen-000002"));
    EXPECT_EQ(open_live(index()).get_doccount(), 3u);
    EXPECT_EQ(live_title("a"), "Neu");
    EXPECT_EQ(live_title("b"), ""); // a rebuild replaces everything

    // The old generation is still on disk and readable.
    EXPECT_EQ(old_reader.get_doccount(), 2u);
    auto it = old_reader.postlist_begin("Qa");
    ASSERT_NE(it, old_reader.postlist_end("Qa"));
    EXPECT_THAT(old_reader.get_document(*it).get_data(), HasSubstr("\"Alt\""));

    // A third build removes generations older than the previous one.
    build({doc_line("x", "faq", "X"), doc_line("y", "faq", "Y")});
    EXPECT_EQ(index_entries(),
              (std::vector<std::string>{".lock", "current", "gen-000002", "gen-000003"}));
}

TEST_F(IngestTest, DuplicateIdsInOneBuildLastOneWins) {
    auto stats = build(
        {doc_line("a", "faq", "Erste"), doc_line("b", "faq", "B"), doc_line("a", "faq", "Zweite")});
    EXPECT_EQ(stats.indexed, 3u); // documents written, counting the replacement
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_EQ(db.get_termfreq("Qa"), 1u);
    EXPECT_EQ(live_title("a"), "Zweite");
}

TEST_F(IngestTest, SequentialAndParallelBuildsAreIdentical) {
    std::vector<std::string> lines;
    for (int i = 0; i < 300; ++i) {
        lines.push_back(doc_line("d" + std::to_string(i % 250), i % 2 ? "faq" : "forum",
                                 "Titel " + std::to_string(i),
                                 "Text über Drucker Nummer " + std::to_string(i)));
        if (i % 97 == 0) {
            lines.push_back("{bad");
        }
    }
    std::vector<std::string> contents[2];
    for (int parallel = 0; parallel < 2; ++parallel) {
        auto o = options({input(lines)});
        o.parallel = parallel == 1;
        auto stats = build_index(o, Schema::default_schema());
        ASSERT_TRUE(stats.ok());
        EXPECT_EQ(stats->indexed, 300u);
        EXPECT_EQ(stats->bad, 4u);
        Xapian::Database db = open_live(index());
        EXPECT_EQ(db.get_doccount(), 250u);
        for (int i = 0; i < 250; ++i) {
            auto it = db.postlist_begin("Qd" + std::to_string(i));
            contents[parallel].push_back(db.get_document(*it).get_data());
        }
    }
    EXPECT_EQ(contents[0], contents[1]);
}

TEST_F(IngestTest, UpdateUpsertsById) {
    build({doc_line("a", "faq", "Drucker", "alt"), doc_line("b", "faq", "B")});
    auto stats = update({doc_line("a", "faq", "Scanner", "neu"), doc_line("c", "forum", "C")});
    EXPECT_EQ(stats.indexed, 2u);
    EXPECT_EQ(stats.generation, 1u); // in place, no new generation
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 3u);
    EXPECT_EQ(db.get_termfreq("Qa"), 1u);
    EXPECT_EQ(live_title("a"), "Scanner");
    EXPECT_EQ(live_title("c"), "C");
    // The old version's terms are gone with it.
    const auto old_title = analyzers::get_analyzer("de_text").value()->analyze("Drucker");
    ASSERT_EQ(old_title.size(), 1u);
    EXPECT_EQ(db.get_termfreq("S" + old_title[0].text), 0u);
    EXPECT_EQ(db.get_termfreq(old_title[0].text), 0u);
    EXPECT_EQ(db.get_termfreq("XTYPEforum"), 1u);

    // The same id twice in one update: one document, the newer content.
    update({doc_line("a", "faq", "Erste"), doc_line("a", "faq", "Zweite")});
    EXPECT_EQ(open_live(index()).get_doccount(), 3u);
    EXPECT_EQ(live_title("a"), "Zweite");
}

TEST_F(IngestTest, UpdateCommitsInBatches) {
    build({doc_line("a", "faq", "A")});
    std::vector<std::string> lines;
    for (int i = 0; i < 25; ++i) {
        lines.push_back(doc_line("n" + std::to_string(i), "faq", "N"));
    }
    auto o = options({input(lines)});
    o.batch_size = 10;
    auto stats = update_index(o);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->indexed, 25u);
    EXPECT_EQ(open_live(index()).get_doccount(), 26u);
}

TEST_F(IngestTest, UpdateCreatesAnIndexWhenThereIsNone) {
    auto stats = update({doc_line("a", "faq", "A")});
    EXPECT_EQ(stats.generation, 1u);
    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_EQ(db.get_metadata(META_SCHEMA), Schema::default_schema().json());
}

TEST_F(IngestTest, UpdateWithMaxErrorsChangesNothingWhenAborted) {
    build({doc_line("a", "faq", "A")});
    auto stats = update({doc_line("a", "faq", "Neu"), doc_line("c", "faq", "C"), "{bad", "{bad"},
                        /*max_errors=*/2);
    EXPECT_TRUE(stats.aborted);
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_EQ(live_title("a"), "A");
    EXPECT_EQ(live_title("c"), "");
}

TEST_F(IngestTest, UpdateRefusesAnotherSchemaFormat) {
    build({doc_line("a", "faq", "A")});
    {
        IndexDir dir(index());
        Xapian::WritableDatabase db(dir.generation_path(1).string(), Xapian::DB_OPEN);
        db.set_metadata(META_SCHEMA_FORMAT, "99");
        db.commit();
    }
    auto o = options({input({doc_line("b", "faq", "B")})});
    auto stats = update_index(o);
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::Unavailable);
    EXPECT_THAT(stats.error().message, HasSubstr("schema format 99"));
    EXPECT_EQ(open_live(index()).get_doccount(), 1u);
}

TEST_F(IngestTest, UpdateUsesTheSchemaStoredInTheIndex) {
    auto custom = Schema::parse(R"({"schema_format":1,"name":"custom","version":3,"fields":[
        {"name":"id","type":"id","prefix":"XID"},
        {"name":"type","type":"keyword","prefix":"XKIND"},
        {"name":"title","type":"text","prefix":"XT","analyzer":"de_text","weight":2}]})");
    ASSERT_TRUE(custom.ok()) << custom.error().message;
    auto built = build_index(options({input({doc_line("a", "faq", "A")})}), *custom);
    ASSERT_TRUE(built.ok()) << built.error().message;
    auto updated = update_index(options({input({doc_line("a", "forum", "A2")})}));
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 1u); // upserted by the custom id prefix
    EXPECT_EQ(db.get_termfreq("XIDa"), 1u);
    EXPECT_EQ(db.get_termfreq("XKINDforum"), 1u);
    EXPECT_EQ(db.get_termfreq("XKINDfaq"), 0u);
}

TEST_F(IngestTest, DeleteRemovesDocumentsById) {
    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"), doc_line("c", "faq", "C")});
    auto deleted = delete_documents(index(), {"a", "missing", "c"});
    ASSERT_TRUE(deleted.ok()) << deleted.error().message;
    EXPECT_EQ(*deleted, 2u);
    Xapian::Database db = open_live(index());
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_EQ(live_title("b"), "B");
    EXPECT_EQ(live_title("a"), "");
}

TEST_F(IngestTest, DeleteWithoutIndexIsNotFound) {
    auto deleted = delete_documents(index(), {"a"});
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(fs::exists(index())); // no directory created as a side effect
}

TEST_F(IngestTest, StatsCountsByType) {
    build({doc_line("f1", "faq", "F"), doc_line("f2", "faq", "F"), doc_line("p1", "forum", "P"),
           doc_line("a1", "article", "A"), doc_line("a2", "article", "A"),
           doc_line("a3", "article", "A")});
    auto stats = index_stats(index());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_EQ(stats->generation, 1u);
    EXPECT_EQ(stats->documents, 6u);
    EXPECT_EQ(stats->by_type,
              (std::map<std::string, uint64_t>{{"article", 3}, {"faq", 2}, {"forum", 1}}));
    EXPECT_EQ(stats->schema_name, Schema::default_schema().name());
    EXPECT_EQ(stats->schema_version, Schema::default_schema().version());
    EXPECT_GT(stats->bytes_on_disk, 10000u);

    ASSERT_TRUE(delete_documents(index(), {"a1"}).ok());
    EXPECT_EQ(index_stats(index())->by_type.at("article"), 2u);
}

TEST_F(IngestTest, StatsWithoutIndexIsNotFound) {
    auto stats = index_stats(index());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::NotFound);
}

TEST_F(IngestTest, BuildFailsWhileAnotherWriterHoldsTheLock) {
    build({doc_line("a", "faq", "A")});
    auto lock = WriterLock::acquire(index());
    ASSERT_TRUE(lock.ok());
    auto stats =
        build_index(options({input({doc_line("b", "faq", "B")})}), Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::Conflict);
    auto updated = update_index(options({input({doc_line("b", "faq", "B")})}));
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().code, ErrorCode::Conflict);
}

TEST_F(IngestTest, MissingInputFileFailsAndLeavesTheIndexUntouched) {
    build({doc_line("a", "faq", "A")});
    const std::string good = input({doc_line("b", "faq", "B")});
    const std::string missing = (tmp_.path() / "missing.ndjson").string();
    auto stats = build_index(options({good, missing}), Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::NotFound);
    EXPECT_THAT(stats.error().message, HasSubstr(missing));
    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    EXPECT_EQ(open_live(index()).get_doccount(), 1u);
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock", "current", "gen-000001"}));
}

// Regression: one wrong path in an editor's cron job published an empty
// generation over the live one and emptied the site search.
TEST_F(IngestTest, BuildOfAnEmptyFileKeepsTheLiveGeneration) {
    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"), doc_line("c", "faq", "C")});
    auto stats = build_index(options({input({})}), Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(stats.error().message, "refusing to publish 0 documents over the live generation "
                                     "of 3 (a 100 % shrink; --allow-shrink publishes anyway)");
    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    EXPECT_EQ(open_live(index()).get_doccount(), 3u);
    // The refused generation's directory is gone.
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock", "current", "gen-000001"}));
}

// Regression: a file of bad lines only published an empty generation (exit 3).
TEST_F(IngestTest, BuildOfOnlyBadLinesKeepsTheLiveGeneration) {
    build({doc_line("a", "faq", "A")});
    auto stats = build_index(options({input({"{bad", R"({"id":"b"})"})}), Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::InvalidArgument);
    EXPECT_THAT(stats.error().message,
                StartsWith("refusing to publish 0 documents (2 bad lines) over the live "
                           "generation of 1 (a 100 % shrink;"));
    EXPECT_EQ(split_lines(diagnostics_.str()).size(), 2u) << "the bad lines are still reported";
    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    EXPECT_EQ(live_title("a"), "A");
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock", "current", "gen-000001"}));
}

TEST_F(IngestTest, FirstBuildOfZeroDocumentsPublishesNothing) {
    auto stats = build_index(options({input({})}), Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(stats.error().message, "refusing to publish 0 documents into " + index().string() +
                                         " (an empty index serves no search; --allow-shrink "
                                         "publishes anyway)");
    EXPECT_FALSE(IndexDir(index()).current_generation());
    EXPECT_EQ(index_entries(), (std::vector<std::string>{".lock"}));
}

TEST_F(IngestTest, BuildShrinkingTheLiveIndexByMoreThanMaxShrinkIsRefused) {
    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"), doc_line("c", "faq", "C"),
           doc_line("d", "faq", "D")});
    // 4 -> 1 document is a 75 % shrink, more than the default 50 %.
    auto smaller =
        build_index(options({input({doc_line("a", "faq", "A2")})}), Schema::default_schema());
    ASSERT_FALSE(smaller.ok());
    EXPECT_EQ(smaller.error().message,
              "refusing to publish 1 document over the live generation of 4 (a 75 % shrink, "
              "more than --max-shrink 50; --allow-shrink publishes anyway)");
    EXPECT_EQ(IndexDir(index()).current_generation(), 1u);
    EXPECT_EQ(live_title("a"), "A");

    // Duplicate ids count once: 4 lines, 2 documents, a 50 % shrink, which is allowed.
    auto half = build({doc_line("a", "faq", "A3"), doc_line("b", "faq", "B"),
                       doc_line("a", "faq", "A3"), doc_line("b", "faq", "B")});
    EXPECT_EQ(half.generation, 2u);
    EXPECT_EQ(open_live(index()).get_doccount(), 2u);

    auto strict = options({input({doc_line("a", "faq", "A4")})});
    strict.max_shrink_percent = 0;
    auto refused = build_index(strict, Schema::default_schema());
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("(a 50 % shrink, more than --max-shrink 0;"));
    strict.max_shrink_percent = 50;
    EXPECT_TRUE(build_index(strict, Schema::default_schema()).ok());
    EXPECT_EQ(live_title("a"), "A4");

    auto growing = options({input({doc_line("x", "faq", "X"), doc_line("y", "faq", "Y")})});
    growing.max_shrink_percent = 0; // growth is no shrink
    EXPECT_TRUE(build_index(growing, Schema::default_schema()).ok());
}

TEST_F(IngestTest, AllowShrinkPublishesAnEmptyOrMuchSmallerGeneration) {
    auto o = options({input({})});
    o.allow_shrink = true;
    auto empty_first = build_index(o, Schema::default_schema());
    ASSERT_TRUE(empty_first.ok()) << empty_first.error().message;
    EXPECT_EQ(open_live(index()).get_doccount(), 0u);

    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"), doc_line("c", "faq", "C")});
    o.inputs = {input({doc_line("a", "faq", "A2")})};
    auto smaller = build_index(o, Schema::default_schema());
    ASSERT_TRUE(smaller.ok()) << smaller.error().message;
    EXPECT_EQ(open_live(index()).get_doccount(), 1u);

    o.inputs = {input({})};
    auto emptied = build_index(o, Schema::default_schema());
    ASSERT_TRUE(emptied.ok()) << emptied.error().message;
    EXPECT_EQ(emptied->generation, 4u);
    EXPECT_EQ(open_live(index()).get_doccount(), 0u);
}

TEST_F(IngestTest, MaxShrinkAbove100IsInvalid) {
    auto o = options({input({doc_line("a", "faq", "A")})});
    o.max_shrink_percent = 101;
    auto stats = build_index(o, Schema::default_schema());
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(fs::exists(index()));
}

TEST_F(IngestTest, UpdateIsNotSubjectToTheShrinkCheck) {
    build({doc_line("a", "faq", "A"), doc_line("b", "faq", "B")});
    auto nothing = update({});
    EXPECT_EQ(nothing.indexed, 0u);
    EXPECT_EQ(open_live(index()).get_doccount(), 2u);
}

// Regression: a UTF-8 byte order mark on the first line was reported as invalid JSON.
TEST_F(IngestTest, BuildAcceptsFilesStartingWithAByteOrderMark) {
    const auto first = tmp_.path() / "bom-1.ndjson";
    const auto second = tmp_.path() / "bom-2.ndjson";
    testing::write_file(first, "\xEF\xBB\xBF" + doc_line("a", "faq", "Drucker") + "\r\n" +
                                   doc_line("b", "faq", "Scanner") + "\r\n");
    testing::write_file(second, "\xEF\xBB\xBF" + doc_line("c", "article", "Maus") + "\n");
    auto stats = build_index(options({first.string(), second.string()}), Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_EQ(stats->bad, 0u) << diagnostics_.str();
    EXPECT_EQ(stats->indexed, 3u);
    EXPECT_EQ(live_title("a"), "Drucker");
    EXPECT_EQ(live_title("c"), "Maus");
}

TEST_F(IngestTest, BundledCorporaIndexWithoutBadLines) {
    std::vector<std::string> inputs;
    for (const char* name : {"faq", "forum", "forum-osm", "articles"}) {
        const fs::path path = fs::path(ANTWORT_CORPORA_DIR) / name / "docs.ndjson";
        if (fs::exists(path)) {
            inputs.push_back(path.string());
        }
    }
    if (inputs.empty()) {
        GTEST_SKIP() << "no bundled corpora in " << ANTWORT_CORPORA_DIR;
    }
    auto stats = build_index(options(inputs), Schema::default_schema());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    EXPECT_EQ(stats->bad, 0u) << diagnostics_.str();
    EXPECT_GT(stats->indexed, 0u);
    auto figures = index_stats(index());
    ASSERT_TRUE(figures.ok());
    uint64_t typed = 0;
    for (const auto& [type, count] : figures->by_type) {
        typed += count;
    }
    EXPECT_EQ(typed, figures->documents); // every document has a known type
}

} // namespace
} // namespace antwort::indexer
