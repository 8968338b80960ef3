/** @file Runs the antwort-searchd binary: startup message, serving, clean stop on SIGTERM. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include "antwort/analytics_store.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace antwort::searchd {
namespace {

using testing::TempDir;

/** Starts antwort-searchd with stderr to @p log; returns its pid. */
pid_t start_daemon(const std::filesystem::path& index, const std::filesystem::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string binary = std::string(ANTWORT_BIN_DIR) + "antwort-searchd";
    std::vector<std::string> args = {binary, "--index", index.string(), "--listen",
                                     "127.0.0.1:0", "--threads", "2"};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

/** Waits up to 10 s for the "http://127.0.0.1:PORT/" line in @p log. */
int wait_for_port(const std::filesystem::path& log) {
    const std::regex url(R"(http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 1000; ++i) {
        std::ifstream in(log);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::smatch m;
        if (std::regex_search(text, m, url)) {
            return std::stoi(m[1].str());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

/** Waits up to 10 s for @p pid to exit; returns its wait status or -1. */
int wait_for_exit(pid_t pid) {
    for (int i = 0; i < 1000; ++i) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

TEST(DaemonTest, ServesAndStopsCleanlyOnSigterm) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    const auto log = tmp.path() / "stderr.log";
    const pid_t pid = start_daemon(index, log);
    ASSERT_GT(pid, 0);
    const int port = wait_for_port(log);
    if (port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        FAIL() << "no listening URL on stderr";
    }
    httplib::Client client("127.0.0.1", port);
    auto res = client.Get("/search?q=H%C3%A4user");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("faq:haus"), std::string::npos);

    ASSERT_EQ(kill(pid, SIGTERM), 0);
    const int status = wait_for_exit(pid);
    ASSERT_NE(status, -1) << "did not stop within 10 s";
    EXPECT_TRUE(WIFEXITED(status)) << "status " << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(DaemonTest, SigtermWritesEveryBufferedAnalyticsCount) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    const auto log = tmp.path() / "stderr.log";
    const pid_t pid = start_daemon(index, log);
    ASSERT_GT(pid, 0);
    const int port = wait_for_port(log);
    if (port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        FAIL() << "no listening URL on stderr";
    }
    // Counts are flushed every 5 s; SIGTERM follows at once, so only the
    // shutdown flush can have written them.
    httplib::Client client("127.0.0.1", port);
    constexpr int SEARCHES = 25;
    for (int i = 0; i < SEARCHES; ++i) {
        auto res = client.Get(i % 5 == 0 ? "/search?q=qwzxvjj" : "/search?q=Drucker");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200);
    }
    ASSERT_EQ(kill(pid, SIGTERM), 0);
    const int status = wait_for_exit(pid);
    ASSERT_NE(status, -1) << "did not stop within 10 s";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;

    auto report = build_analytics_report(index, 1, 20, std::time(nullptr));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->searches, SEARCHES);
    EXPECT_EQ(report->zero_results, SEARCHES / 5);
    EXPECT_EQ(report->distinct_queries, 2);
}

TEST(DaemonTest, BadArgumentsExitWithUsage) {
    TempDir tmp;
    const std::string command = std::string(ANTWORT_BIN_DIR) + "antwort-searchd --threads 0 2>" +
                                (tmp.path() / "err").string();
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
}

} // namespace
} // namespace antwort::searchd
