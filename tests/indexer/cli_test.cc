/** @file The antwort-indexer binary: exit statuses, messages, stdin input, stats output. */
#include "indexer_test_util.h"

#include "antwort/analytics_store.h"
#include "antwort/indexer/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <sstream>
#include <sys/wait.h>

namespace antwort::indexer {
namespace {

using testing::doc_line;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::read_file;
using testing::split_lines;
using ::testing::StartsWith;
using testing::TempDir;
using testing::write_lines;

namespace fs = std::filesystem;

struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

class CliTest : public ::testing::Test {
  protected:
    /** Runs the binary with @p args (a shell fragment), capturing its output. */
    CliRun run(const std::string& args) {
        const fs::path out = tmp_.path() / "stdout.txt";
        const fs::path err = tmp_.path() / "stderr.txt";
        const std::string command = std::string("'") + ANTWORT_BIN_DIR + "antwort-indexer' " +
                                    args + " >'" + out.string() + "' 2>'" + err.string() + "'";
        const int raw = std::system(command.c_str());
        CliRun result;
        result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        result.out = read_file(out);
        result.err = read_file(err);
        return result;
    }

    std::string input(const std::vector<std::string>& lines) {
        const auto path = tmp_.path() / ("in-" + std::to_string(inputs_++) + ".ndjson");
        write_lines(path, lines);
        return path.string();
    }

    std::string index() const { return (tmp_.path() / "index").string(); }

    TempDir tmp_;
    int inputs_ = 0;
};

TEST_F(CliTest, HelpAndVersion) {
    auto help = run("--help");
    EXPECT_EQ(help.status, 0);
    EXPECT_THAT(help.out, StartsWith("Usage: antwort-indexer"));
    EXPECT_THAT(help.out, HasSubstr("--max-shrink PERCENT"));
    EXPECT_THAT(help.out, HasSubstr("--allow-shrink"));
    EXPECT_EQ(help.err, "");
    auto version = run("--version");
    EXPECT_EQ(version.status, 0);
    EXPECT_THAT(version.out, StartsWith("antwort-indexer "));
    EXPECT_THAT(version.out, HasSubstr("Xapian"));
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
    const std::string file = input({doc_line("a", "faq", "A")});
    for (const std::string& args : {
             std::string(""),
             std::string("frobnicate --index ") + index(),
             std::string("build ") + file,
             std::string("build --index ") + index(),
             std::string("build --index ") + index() + " --bogus " + file,
             std::string("build --index ") + index() + " --max-errors many " + file,
             std::string("build --index ") + index() + " --json " + file,
             std::string("build --index ") + index() + " --max-shrink 101 " + file,
             std::string("build --index ") + index() + " --max-shrink half " + file,
             std::string("build --index ") + index() + " --allow-shrink=yes " + file,
             std::string("update --index ") + index() + " --allow-shrink " + file,
             std::string("update --index ") + index() + " --max-shrink 10 " + file,
             std::string("stats --index ") + index() + " --schema x.json",
             std::string("delete --index ") + index(),
             std::string("build --index"),
         }) {
        SCOPED_TRACE(args);
        auto r = run(args);
        EXPECT_EQ(r.status, 2);
        EXPECT_THAT(r.err, StartsWith("antwort-indexer: "));
        EXPECT_THAT(r.err, HasSubstr("Usage: antwort-indexer"));
        EXPECT_EQ(r.out, "");
    }
    EXPECT_FALSE(fs::exists(index()));
}

TEST_F(CliTest, OptionErrorsNameTheOptionInOneLineAndExitWithTwo) {
    const std::string file = input({doc_line("a", "faq", "A")});
    const std::string at = " --index " + index() + " ";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"stats" + at + "--bogus", "unexpected argument '--bogus' for stats"},
        {"update" + at + "--max-shrink 10 " + file,
         "unexpected argument '--max-shrink' for update"},
        {"report" + at + "extra", "unexpected argument 'extra' for report"},
        {"build" + at + "--max-shrink 101 " + file, "--max-shrink: 101 not in 0..100"},
        {"report" + at + "--days 3661", "--days: 3661 not in 1..3660"},
        {"report" + at + "--limit=1001", "--limit: 1001 not in 1..1000"},
        {"build" + at + "--max-errors 1.5 " + file,
         "--max-errors: needs a non-negative integer, not '1.5'"},
        {"build" + at + "--max-errors -1 " + file,
         "--max-errors: needs a non-negative integer, not '-1'"},
        {"update" + at + "--no-progress=no " + file, "--no-progress: takes no value"},
        {"frobnicate" + at, "unknown command 'frobnicate'"},
        {"", "missing command"},
    };
    for (const auto& [args, message] : cases) {
        SCOPED_TRACE(args);
        auto r = run(args);
        EXPECT_EQ(r.status, 2);
        EXPECT_EQ(split_lines(r.err).at(0), "antwort-indexer: error: " + message);
        EXPECT_THAT(r.err, HasSubstr("Usage: antwort-indexer"));
        EXPECT_EQ(r.out, "");
    }
    auto missing = run("stats --index");
    EXPECT_EQ(missing.status, 2);
    EXPECT_THAT(missing.err, StartsWith("antwort-indexer: error: --index"));
    EXPECT_FALSE(fs::exists(index()));
}

TEST_F(CliTest, EachCommandHasItsHelp) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
        {"build", {"--index DIR", "--schema FILE", "--max-errors N", "--batch-size N",
                   "--no-progress", "--max-shrink PERCENT", "--allow-shrink", "FILE"}},
        {"update", {"--index DIR", "--schema FILE", "--max-errors N", "--batch-size N",
                    "--no-progress", "FILE"}},
        {"delete", {"--index DIR", "ID"}},
        {"stats", {"--index DIR", "--json"}},
        {"report", {"--index DIR", "--days N", "--limit N", "--json"}},
    };
    const std::string top = run("-h").out; // every command with its options
    for (const auto& [command, options] : commands) {
        SCOPED_TRACE(command);
        auto help = run(command + " --help");
        EXPECT_EQ(help.status, 0);
        EXPECT_THAT(help.out, HasSubstr("Usage: antwort-indexer " + command + " "));
        EXPECT_THAT(top, HasSubstr("\n" + command + "\n"));
        for (const std::string& option : options) {
            EXPECT_THAT(help.out, HasSubstr(option));
            EXPECT_THAT(top, HasSubstr(option));
        }
        EXPECT_THAT(help.out, HasSubstr("Exit status: 0 done;"));
        EXPECT_EQ(help.err, "");
    }
}

// CLI11 alone reads "010" as octal 8 and "-1" as 2^64-1.
TEST_F(CliTest, CountsAreReadInDecimal) {
    const std::vector<std::string> bad(12, "{oops");
    auto r = run("build --index " + index() + " --max-errors 010 " + input(bad));
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("aborted after 10 bad lines (--max-errors 10)"));
}

// run_cli() itself, as the antwort::indexer_cli library: no binary, no index touched.
TEST(RunCliTest, ReturnsTheUsageStatusWithoutRunningTheCommand) {
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_cli({"report", "--index", "/nonexistent/index", "--limit", "0"}, out, err, false),
              static_cast<int>(ExitStatus::Usage));
    EXPECT_THAT(err.str(), StartsWith("antwort-indexer: error: --limit: 0 not in 1..1000\n"));
    EXPECT_EQ(out.str(), "");

    std::ostringstream help;
    EXPECT_EQ(run_cli({"--help"}, help, err, false), static_cast<int>(ExitStatus::Ok));
    EXPECT_EQ(help.str(), usage_text());
}

TEST_F(CliTest, BuildPrintsASummaryAndExitsZero) {
    auto r = run("build --index " + index() + " " +
                 input({doc_line("a", "faq", "A"), doc_line("b", "forum", "B")}));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err,
                MatchesRegex("antwort-indexer: indexed 2 documents \\(0 bad lines\\) in "
                             "[0-9]+\\.[0-9][0-9] s \\([0-9]+ docs/s\\) into generation 1\n"));
    // stderr is not a terminal here: no progress line.
    EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

TEST_F(CliTest, BadLinesAreReportedAndExitThree) {
    const std::string file = input({doc_line("a", "faq", "A"), R"({"id":"b","type":"faq"})"});
    auto r = run("build --index=" + index() + " " + file);
    EXPECT_EQ(r.status, 3);
    const auto lines = split_lines(r.err);
    ASSERT_EQ(lines.size(), 2u) << r.err;
    EXPECT_EQ(lines[0], file + ":2: error: missing \"title\"");
    EXPECT_THAT(lines[1], StartsWith("antwort-indexer: indexed 1 documents (1 bad line) in "));
    EXPECT_EQ(run("stats --json --index " + index()).status, 0);
}

TEST_F(CliTest, MaxErrorsAbortsWithOneAndKeepsTheLiveIndex) {
    ASSERT_EQ(run("build --index " + index() + " " + input({doc_line("a", "faq", "A")})).status, 0);
    auto r = run("build --index " + index() + " --max-errors 1 " +
                 input({doc_line("b", "faq", "B"), "{oops"}));
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("aborted after 1 bad lines (--max-errors 1); the index is "
                                 "unchanged"));
    auto stats = run("stats --index " + index());
    EXPECT_THAT(stats.out, HasSubstr("generation:  1\n"));
    EXPECT_THAT(stats.out, HasSubstr("documents:   1\n"));
}

// Regression: `build` of an empty file published an empty generation with exit 0.
TEST_F(CliTest, EmptyInputIsRefusedWithOneAndTheLiveIndexKeepsServing) {
    ASSERT_EQ(run("build --index " + index() + " " +
                  input({doc_line("a", "faq", "A"), doc_line("b", "faq", "B")}))
                  .status,
              0);
    const std::string empty = input({});
    auto r = run("build --index " + index() + " " + empty);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "antwort-indexer: error: refusing to publish 0 documents over the live "
                     "generation of 2 (a 100 % shrink; --allow-shrink publishes anyway)\n");
    auto stats = run("stats --index " + index());
    EXPECT_THAT(stats.out, HasSubstr("generation:  1\n"));
    EXPECT_THAT(stats.out, HasSubstr("documents:   2\n"));

    auto allowed = run("build --index " + index() + " --allow-shrink " + empty);
    EXPECT_EQ(allowed.status, 0) << allowed.err;
    EXPECT_THAT(run("stats --index " + index()).out, HasSubstr("documents:   0\n"));
}

// Regression: `build` of bad lines only published an empty generation with exit 3.
TEST_F(CliTest, OnlyBadLinesAreRefusedWithOneNotThree) {
    ASSERT_EQ(run("build --index " + index() + " " + input({doc_line("a", "faq", "A")})).status, 0);
    const std::string file = input({"{oops", "not json"});
    auto r = run("build --index " + index() + " " + file);
    EXPECT_EQ(r.status, 1);
    const auto lines = split_lines(r.err);
    ASSERT_EQ(lines.size(), 3u) << r.err;
    EXPECT_THAT(lines[0], StartsWith(file + ":1: error: "));
    EXPECT_THAT(lines[1], StartsWith(file + ":2: error: "));
    EXPECT_THAT(lines[2], StartsWith("antwort-indexer: error: refusing to publish 0 documents "
                                     "(2 bad lines) over the live generation of 1"));
    EXPECT_THAT(run("stats --index " + index()).out, HasSubstr("documents:   1\n"));
}

TEST_F(CliTest, MaxShrinkSetsTheLargestShrinkPublished) {
    ASSERT_EQ(run("build --index " + index() + " " +
                  input({doc_line("a", "faq", "A"), doc_line("b", "faq", "B"),
                         doc_line("c", "faq", "C"), doc_line("d", "faq", "D")}))
                  .status,
              0);
    const std::string one = input({doc_line("a", "faq", "A")});
    auto refused = run("build --index " + index() + " --max-shrink 60 " + one);
    EXPECT_EQ(refused.status, 1);
    EXPECT_EQ(refused.err, "antwort-indexer: error: refusing to publish 1 document over the "
                           "live generation of 4 (a 75 % shrink, more than --max-shrink 60; "
                           "--allow-shrink publishes anyway)\n");
    auto published = run("build --index=" + index() + " --max-shrink=75 " + one);
    EXPECT_EQ(published.status, 0) << published.err;
    EXPECT_THAT(run("stats --index " + index()).out, HasSubstr("documents:   1\n"));
}

TEST_F(CliTest, BuildFromStandardInput) {
    const std::string file =
        input({doc_line("a", "faq", "A"), "not json", doc_line("b", "article", "B")});
    auto r = run("build --index " + index() + " - < '" + file + "'");
    EXPECT_EQ(r.status, 3);
    EXPECT_THAT(r.err, StartsWith("<stdin>:2: error: invalid JSON: "));
    auto stats = run("stats --index " + index());
    EXPECT_THAT(stats.out, HasSubstr("documents:   2\n"));
}

TEST_F(CliTest, UpdateDeleteAndStats) {
    ASSERT_EQ(run("build --index " + index() + " " +
                  input({doc_line("a", "faq", "A"), doc_line("b", "forum", "B")}))
                  .status,
              0);
    auto update = run("update --index " + index() + " --batch-size 1 " +
                      input({doc_line("a", "faq", "A2"), doc_line("c", "article", "C")}));
    EXPECT_EQ(update.status, 0) << update.err;
    EXPECT_THAT(update.err, StartsWith("antwort-indexer: updated 2 documents (0 bad lines) in "));
    EXPECT_THAT(update.err, HasSubstr(" in generation 1\n"));

    auto del = run("delete --index " + index() + " b nope");
    EXPECT_EQ(del.status, 0) << del.err;
    EXPECT_EQ(del.err, "antwort-indexer: deleted 1 of 2 documents (1 not found)\n");

    auto text = run("stats --index " + index());
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("documents:   2\n"));
    EXPECT_THAT(text.out, HasSubstr("  faq:       1\n"));
    EXPECT_THAT(text.out, HasSubstr("  forum:     0\n"));
    EXPECT_THAT(text.out, HasSubstr("  article:   1\n"));
    EXPECT_THAT(text.out, HasSubstr("schema:      antwort-community v1\n"));

    auto json = run("stats --index " + index() + " --json");
    EXPECT_EQ(json.status, 0) << json.err;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(json.out).get(root), simdjson::SUCCESS) << json.out;
    EXPECT_EQ(int64_t(root["generation"]), 1);
    EXPECT_EQ(int64_t(root["documents"]), 2);
    EXPECT_EQ(int64_t(root["by_type"]["faq"]), 1);
    EXPECT_EQ(int64_t(root["by_type"]["article"]), 1);
    EXPECT_EQ(std::string_view(root["schema"]["name"]), "antwort-community");
    EXPECT_GT(int64_t(root["bytes_on_disk"]), 0);
}

TEST_F(CliTest, CommandsOnAMissingIndexFailWithOne) {
    for (const std::string& command : {std::string("stats"), std::string("delete")}) {
        SCOPED_TRACE(command);
        auto r = run(command + " --index " + index() + (command == "delete" ? " a" : ""));
        EXPECT_EQ(r.status, 1);
        EXPECT_THAT(r.err, StartsWith("antwort-indexer: error: no index in "));
    }
    EXPECT_FALSE(fs::exists(index()));
}

TEST_F(CliTest, MissingInputOrSchemaFailsWithOne) {
    auto r = run("build --index " + index() + " /nonexistent/docs.ndjson");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("error: cannot open /nonexistent/docs.ndjson"));
    auto s = run("build --index " + index() + " --schema /nonexistent/schema.json " +
                 input({doc_line("a", "faq", "A")}));
    EXPECT_EQ(s.status, 1);
    EXPECT_THAT(s.err, HasSubstr("/nonexistent/schema.json"));
}

TEST_F(CliTest, ReportPrintsTheAnalyticsAsTextAndJson) {
    const fs::path dir = index();
    fs::create_directories(dir);
    {
        auto store = AnalyticsStore::open(AnalyticsStore::path_in(dir));
        ASSERT_TRUE(store.ok()) << store.error().message;
        const std::time_t now = std::time(nullptr);
        AnalyticsDelta today{utc_day(now), "and pass wort", {6, 0, 2}, "passwort ändern", 6};
        AnalyticsDelta zero{utc_day(now), "qwzx", {3, 3, 0}, "qwzx", 3};
        AnalyticsDelta old{utc_day(now, -10), "alt", {50, 0, 0}, "alt", 50};
        ASSERT_TRUE(store->add({today, zero, old}).ok());
    }
    auto text = run("report --index " + dir.string() + " --days 7");
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("(7 days, UTC)"));
    EXPECT_THAT(text.out, HasSubstr("9 searches, 3 without results, 2 marked not helpful"));
    EXPECT_THAT(text.out, HasSubstr("         6           0            2  passwort ändern"));
    EXPECT_THAT(text.out, HasSubstr("Top queries without results\n"));
    EXPECT_EQ(text.out.find("alt"), std::string::npos) << "10 days back is outside --days 7";

    auto json = run("report --index " + dir.string() + " --json --limit 1");
    EXPECT_EQ(json.status, 0) << json.err;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(json.out).get(root), simdjson::SUCCESS) << json.out;
    EXPECT_EQ(int64_t(root["days"]), 30); // the default
    EXPECT_EQ(int64_t(root["totals"]["searches"]), 59);
    simdjson::dom::array top = root["top_queries"];
    ASSERT_EQ(top.size(), 1u); // --limit 1
    EXPECT_EQ(std::string_view(top.at(0)["query"]), "alt");
}

// Regression: ESC and BEL bytes of search queries reached the editor's terminal.
TEST_F(CliTest, ReportPrintsNoRawControlBytesFromQueries) {
    const fs::path dir = index();
    fs::create_directories(dir);
    {
        auto store = AnalyticsStore::open(AnalyticsStore::path_in(dir));
        ASSERT_TRUE(store.ok()) << store.error().message;
        const std::string day = utc_day(std::time(nullptr));
        ASSERT_TRUE(store
                        ->add({
                            {day, "titel", {9, 0, 0}, "\x1b]0;titel\x07\x1b[2Jrot", 9},
                            {day, "csi", {8, 8, 0}, "\u009b31mcsi\x7F", 8},
                            {day, "zeile zwei", {7, 0, 7}, "zeile\nzwei\tdrei", 7},
                            {day, "kaputt", {6, 0, 0}, "kap\xFFutt\xC3", 6},
                            {day, "grusse", {5, 0, 0}, "Grüße an Ärzte", 5},
                            {day, "\x1b[31m", {4, 0, 0}, "", 4},
                        })
                        .ok());
    }
    auto text = run("report --index " + dir.string());
    EXPECT_EQ(text.status, 0) << text.err;
    for (size_t i = 0; i < text.out.size(); ++i) {
        const auto c = static_cast<unsigned char>(text.out[i]);
        EXPECT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7F)) << "raw byte " << int(c) << " at " << i;
        const auto next = i + 1 < text.out.size() ? static_cast<unsigned char>(text.out[i + 1]) : 0;
        EXPECT_FALSE(c == 0xC2 && next >= 0x80 && next < 0xA0) << "raw C1 control at " << i;
    }
    EXPECT_THAT(text.out, HasSubstr("  \\x1b]0;titel\\x07\\x1b[2Jrot   [titel]\n"));
    EXPECT_THAT(text.out, HasSubstr("  \\u009b31mcsi\\x7f   [csi]\n"));
    EXPECT_THAT(text.out, HasSubstr("  zeile\\x0azwei\\x09drei   [zeile zwei]\n"));
    EXPECT_THAT(text.out, HasSubstr("  kap\uFFFDutt\uFFFD   [kaputt]\n"));
    EXPECT_THAT(text.out, HasSubstr("  Grüße an Ärzte   [grusse]\n"));
    EXPECT_THAT(text.out, HasSubstr("  \\x1b[31m   [\\x1b[31m]\n")); // the key when no display
    // JSON escapes control characters itself and stays as it was.
    auto json = run("report --index " + dir.string() + " --json");
    EXPECT_EQ(json.status, 0) << json.err;
    EXPECT_THAT(json.out, HasSubstr(R"("query":"\u001b]0;titel\u0007\u001b[2Jrot")"));
}

TEST_F(CliTest, ReportUsageAndMissingData) {
    EXPECT_EQ(run("report --index " + index() + " --days 0").status, 2);
    EXPECT_EQ(run("report --index " + index() + " --limit 0").status, 2);
    EXPECT_EQ(run("report --index " + index() + " extra").status, 2);
    EXPECT_EQ(run("report --index " + index() + " --schema x.json").status, 2);
    auto missing = run("report --index " + index());
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.err, HasSubstr("no index directory"));
    fs::create_directories(index());
    auto empty = run("report --index " + index());
    EXPECT_EQ(empty.status, 0) << empty.err;
    EXPECT_THAT(empty.out, HasSubstr("0 searches"));
}

} // namespace
} // namespace antwort::indexer
