/** @file Crash safety: the real antwort-indexer killed with SIGKILL during build and update. */
#include "antwort/index_layout.h"
#include "antwort/indexer/indexer.h"
#include "indexer_test_util.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <set>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace antwort::indexer {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;
using testing::write_lines;

/** Documents per generated input: enough that a build takes a noticeable moment. */
constexpr int BUILD_DOCS = 3000;
constexpr int UPDATE_DOCS = 1000;
constexpr int UPDATE_BATCH = 100;

using IdSet = std::set<std::string>;

/** Writes @p count small documents with ids PREFIX-0 ... and returns their ids. */
IdSet write_input(const fs::path& path, const std::string& prefix, int count) {
    static const char* const TYPES[] = {"faq", "forum", "article"};
    std::vector<std::string> lines;
    IdSet ids;
    for (int i = 0; i < count; ++i) {
        const std::string id = prefix + "-" + std::to_string(i);
        lines.push_back(testing::doc_line(id, TYPES[i % 3], "Titel " + std::to_string(i),
                                          "Wie installiere ich Pakete " + prefix + " " +
                                              std::to_string(i * 7919 % 1000)));
        ids.insert(id);
    }
    write_lines(path, lines);
    return ids;
}

/** The first @p n ids of write_input(..., prefix, ...). */
IdSet prefix_ids(const std::string& prefix, int n) {
    IdSet ids;
    for (int i = 0; i < n; ++i) {
        ids.insert(prefix + "-" + std::to_string(i));
    }
    return ids;
}

IdSet join(IdSet a, const IdSet& b) {
    a.insert(b.begin(), b.end());
    return a;
}

/** How a child run ended. */
struct RunResult {
    bool killed = false; ///< ended by SIGKILL
    int status = -1;     ///< exit status otherwise
    std::string log;     ///< its stderr
};

/**
 * Runs antwort-indexer with @p args and the extra environment @p env (NAME=VALUE),
 * stderr into @p log. With @p kill_after, sends SIGKILL after that long.
 */
RunResult run_indexer(const std::vector<std::string>& args, const std::vector<std::string>& env,
                      const fs::path& log,
                      std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
    const std::string binary = std::string(ANTWORT_BIN_DIR) + "antwort-indexer";
    std::vector<std::string> argv_store = {binary};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_store) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    std::vector<std::string> env_store = env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        if (entry.rfind("ANTWORT_TEST_", 0) != 0) {
            env_store.push_back(entry);
        }
    }
    std::vector<char*> envp;
    for (auto& entry : env_store) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(),
                                    envp.data());
    posix_spawn_file_actions_destroy(&actions);
    RunResult result;
    if (spawned != 0) {
        ADD_FAILURE() << "posix_spawn " << binary << " failed: " << spawned;
        return result;
    }
    if (kill_after) {
        std::this_thread::sleep_for(*kill_after);
        ::kill(pid, SIGKILL);
    }
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    result.killed = WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    result.log = read_file(log);
    return result;
}

/** The ids in the live generation; checks it opens and passes Xapian's consistency check. */
IdSet live_ids(const fs::path& index) {
    IndexDir dir(index);
    auto gen = dir.current_generation();
    if (!gen) {
        ADD_FAILURE() << "no live generation in " << index;
        return {};
    }
    const std::string path = dir.generation_path(*gen).string();
    EXPECT_EQ(Xapian::Database::check(path, 0, nullptr), 0u) << path;
    Xapian::Database db(path);
    EXPECT_EQ(db.get_metadata("antwort.generation"), std::to_string(*gen));
    IdSet ids;
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
        ids.insert((*it).substr(1));
    }
    EXPECT_EQ(ids.size(), db.get_doccount()) << "every document has one id term";
    auto stats = index_stats(index);
    EXPECT_TRUE(static_cast<bool>(stats)) << stats.error().message;
    return ids;
}

/** Names in @p index that only a killed run leaves: gen-N.tmp, temporary links. */
std::vector<std::string> staging_leftovers(const fs::path& index) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(index)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".tmp") || name.rfind(".current.", 0) == 0) {
            names.push_back(name);
        }
    }
    return names;
}

/** Generation directories (published or not) in @p index. */
std::vector<std::string> generation_dirs(const fs::path& index) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(index)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("gen-", 0) == 0 && !name.ends_with(".tmp")) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

class CrashSafetyTest : public ::testing::Test {
  protected:
    void SetUp() override {
        first_ids_ = write_input(tmp_.path() / "first.ndjson", "a", BUILD_DOCS);
        second_ids_ = write_input(tmp_.path() / "second.ndjson", "b", BUILD_DOCS);
        update_ids_ = write_input(tmp_.path() / "update.ndjson", "u", UPDATE_DOCS);
    }

    std::vector<std::string> build_args(const std::string& input) const {
        return {"build", "--index", index_.string(), "--no-progress",
                (tmp_.path() / input).string()};
    }
    std::vector<std::string> update_args(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args = {"update", "--index", index_.string(), "--no-progress",
                                         "--batch-size", std::to_string(UPDATE_BATCH)};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back((tmp_.path() / "update.ndjson").string());
        return args;
    }
    RunResult run(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                  std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
        return run_indexer(args, env, tmp_.path() / "stderr.log", kill_after);
    }
    /** Runs to completion and expects success. */
    void run_ok(const std::vector<std::string>& args) {
        const RunResult result = run(args);
        ASSERT_FALSE(result.killed) << result.log;
        ASSERT_EQ(result.status, 0) << result.log;
    }
    /** Runs with a kill hook and expects the kill to have happened. */
    void run_killed(const std::vector<std::string>& args, const std::string& env) {
        const RunResult result = run(args, {env});
        ASSERT_TRUE(result.killed) << env << " did not kill the run (status " << result.status
                                   << "): " << result.log;
    }

    TempDir tmp_;
    fs::path index_ = tmp_.path() / "index";
    IdSet first_ids_;
    IdSet second_ids_;
    IdSet update_ids_;
};

TEST_F(CrashSafetyTest, KilledFirstBuildPublishesNothingAndTheRerunCompletes) {
    run_killed(build_args("first.ndjson"), "ANTWORT_TEST_KILL_AFTER_DOCS=1000");
    EXPECT_FALSE(IndexDir(index_).current_generation()) << "nothing was published";
    run_killed(build_args("first.ndjson"), "ANTWORT_TEST_KILL_AT=renamed");
    EXPECT_FALSE(IndexDir(index_).current_generation()) << "nothing was published";
    EXPECT_FALSE(generation_dirs(index_).empty()) << "the unpublished gen-N is left";

    run_ok(build_args("first.ndjson"));
    EXPECT_EQ(live_ids(index_), first_ids_);
    EXPECT_TRUE(staging_leftovers(index_).empty());
    EXPECT_EQ(generation_dirs(index_).size(), 1u) << "the unpublished generation was removed";
}

TEST_F(CrashSafetyTest, KilledRebuildLeavesThePreviousGenerationLive) {
    run_ok(build_args("first.ndjson"));
    const auto first_gen = IndexDir(index_).current_generation();
    ASSERT_TRUE(first_gen);

    // Killed while indexing, after the final commit, after the rename to gen-N:
    // the old generation stays live and complete.
    for (const char* env :
         {"ANTWORT_TEST_KILL_AFTER_DOCS=1", "ANTWORT_TEST_KILL_AFTER_DOCS=1500",
          "ANTWORT_TEST_KILL_AFTER_DOCS=3000", "ANTWORT_TEST_KILL_AT=committed",
          "ANTWORT_TEST_KILL_AT=renamed"}) {
        SCOPED_TRACE(env);
        run_killed(build_args("second.ndjson"), env);
        EXPECT_EQ(IndexDir(index_).current_generation(), first_gen);
        EXPECT_EQ(live_ids(index_), first_ids_);
        // Each run clears the previous run's leftovers before it starts: at
        // most the killed run's own staging directory is there.
        EXPECT_LE(staging_leftovers(index_).size(), 1u);
        EXPECT_LE(generation_dirs(index_).size(), 2u);
    }

    // A rebuild after the rename leftover: the gen-N never served must not
    // count as "the previous generation" (the first one must be kept instead).
    run_ok(build_args("second.ndjson"));
    EXPECT_EQ(live_ids(index_), second_ids_);
    EXPECT_TRUE(staging_leftovers(index_).empty());
    const auto gens = generation_dirs(index_);
    ASSERT_EQ(gens.size(), 2u);
    EXPECT_EQ(gens.front(), IndexDir(index_).generation_path(*first_gen).filename());

    // Killed after publishing, before the cleanup: the new generation is live.
    run_killed(build_args("first.ndjson"), "ANTWORT_TEST_KILL_AT=published");
    EXPECT_EQ(live_ids(index_), first_ids_);
    run_ok(build_args("first.ndjson"));
    EXPECT_EQ(live_ids(index_), first_ids_);
    EXPECT_TRUE(staging_leftovers(index_).empty());
    EXPECT_EQ(generation_dirs(index_).size(), 2u);
}

TEST_F(CrashSafetyTest, KilledAtRandomMomentsTheLiveSetIsOneOfTheBuilds) {
    run_ok(build_args("first.ndjson"));
    for (int ms : {5, 60, 200, 450}) {
        SCOPED_TRACE(ms);
        const RunResult result = run(build_args("second.ndjson"), {}, std::chrono::milliseconds(ms));
        const IdSet live = live_ids(index_);
        EXPECT_TRUE(live == first_ids_ || live == second_ids_) << live.size() << " documents";
        if (!result.killed) {
            EXPECT_EQ(result.status, 0) << result.log;
        }
    }
    run_ok(build_args("second.ndjson"));
    EXPECT_EQ(live_ids(index_), second_ids_);
    EXPECT_TRUE(staging_leftovers(index_).empty());
}

TEST_F(CrashSafetyTest, KilledUpdateKeepsThePrefixOfCommittedBatches) {
    run_ok(build_args("first.ndjson"));
    // A killed rebuild leaves gen-N.tmp behind; the next update removes it.
    run_killed(build_args("second.ndjson"), "ANTWORT_TEST_KILL_AFTER_DOCS=100");
    ASSERT_EQ(staging_leftovers(index_).size(), 1u);

    // 250 documents written: batches of 100 committed twice.
    run_killed(update_args(), "ANTWORT_TEST_KILL_AFTER_DOCS=250");
    EXPECT_TRUE(staging_leftovers(index_).empty()) << "the update removed gen-N.tmp";
    EXPECT_EQ(live_ids(index_), join(first_ids_, prefix_ids("u", 200)));

    // Killed right after the commit of batch 6.
    run_killed(update_args(), "ANTWORT_TEST_KILL_AFTER_DOCS=600");
    EXPECT_EQ(live_ids(index_), join(first_ids_, prefix_ids("u", 600)));

    // Killed before its first commit: the earlier batches stay.
    run_killed(update_args(), "ANTWORT_TEST_KILL_AFTER_DOCS=99");
    EXPECT_EQ(live_ids(index_), join(first_ids_, prefix_ids("u", 600)));

    run_ok(update_args());
    EXPECT_EQ(live_ids(index_), join(first_ids_, update_ids_)) << "documents lost: none";
}

TEST_F(CrashSafetyTest, KilledTransactionalUpdateChangesNothing) {
    run_ok(build_args("first.ndjson"));
    // --max-errors makes the update one transaction: a kill keeps the index as it was.
    run_killed(update_args({"--max-errors", "5"}), "ANTWORT_TEST_KILL_AFTER_DOCS=700");
    EXPECT_EQ(live_ids(index_), first_ids_);
    run_ok(update_args({"--max-errors", "5"}));
    EXPECT_EQ(live_ids(index_), join(first_ids_, update_ids_));
}

} // namespace
} // namespace antwort::indexer
