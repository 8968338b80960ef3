/** @file Runs the antwort-searchd binary: startup message, serving, clean stop on SIGTERM. */
#include "fixture_docs.h"
#include "searchd_test_util.h"

#include "antwort/analytics_store.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <regex>
#include <sstream>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace antwort::searchd {
namespace {

using testing::TempDir;

/** Starts antwort-searchd with @p args (default: serve @p index) and stderr to @p log. */
pid_t start_daemon(const std::filesystem::path& index, const std::filesystem::path& log,
                   std::vector<std::string> extra = {}) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string binary = std::string(ANTWORT_BIN_DIR) + "antwort-searchd";
    std::vector<std::string> args = {binary};
    if (extra.empty()) {
        extra = {"--index", index.string(), "--listen", "127.0.0.1:0", "--threads", "2"};
    }
    args.insert(args.end(), extra.begin(), extra.end());
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

/**
 * Waits up to 90 s for the "http://127.0.0.1:PORT/" line in @p log: the
 * daemon loads the thesaurus before it listens, which takes long under
 * sanitizers on a loaded machine (52 s seen with ASan at load 16).
 */
int wait_for_port(const std::filesystem::path& log) {
    const std::regex url(R"(http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 9000; ++i) {
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

/** Starts the daemon and waits for its listening line; fails (and kills it) otherwise. */
void start_and_wait(const std::filesystem::path& index, const std::filesystem::path& log,
                    pid_t& pid, int& port) {
    pid = start_daemon(index, log);
    ASSERT_GT(pid, 0);
    port = wait_for_port(log);
    if (port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        FAIL() << "no listening URL on stderr";
    }
}

TEST(DaemonTest, ServesAndStopsCleanlyOnSigterm) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    const auto log = tmp.path() / "stderr.log";
    pid_t pid = -1;
    int port = 0;
    ASSERT_NO_FATAL_FAILURE(start_and_wait(index, log, pid, port));
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
    pid_t pid = -1;
    int port = 0;
    ASSERT_NO_FATAL_FAILURE(start_and_wait(index, log, pid, port));
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

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(DaemonTest, ConfigFileCommandLineOverrideAndRequestLog) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(index, testing::fixture_docs());
    const std::string key = "daemon-test-key-0123456789";
    const auto conf = tmp.path() / "searchd.conf";
    std::ofstream(conf) << "# test\nindex = " << index.string()
                        << "\nlisten = 127.0.0.1:0\nthreads = 2\napi_key = " << key
                        << "\nmax_per_page = 5\nlog_level = info\n";
    const auto log = tmp.path() / "stderr.log";
    const pid_t pid = start_daemon(index, log, {"--config", conf.string(), "--max-per-page", "7"});
    ASSERT_GT(pid, 0);
    const int port = wait_for_port(log);
    if (port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        FAIL() << "no listening URL on stderr:\n" << read_file(log);
    }
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers headers = {{"Authorization", "Bearer " + key},
                                      {"User-Agent", "PrivateAgent/2.0"}};
    auto status = client.Get("/admin/status", headers);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->status, 200) << status->body;
    EXPECT_NE(status->body.find(R"("max_per_page":7)"), std::string::npos) << status->body;
    EXPECT_NE(status->body.find(R"("threads":2)"), std::string::npos) << status->body;
    EXPECT_NE(status->body.find(R"("config_file":")" + conf.string()), std::string::npos);
    EXPECT_EQ(client.Get("/admin/status")->status, 401);
    EXPECT_EQ(client.Get("/search?q=geheimwort&per_page=8", headers)->status, 400);
    EXPECT_EQ(client.Get("/search?q=Haus&per_page=7", headers)->status, 200);

    ASSERT_EQ(kill(pid, SIGTERM), 0);
    const int exit_status = wait_for_exit(pid);
    ASSERT_NE(exit_status, -1);
    EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);

    const std::string text = read_file(log);
    std::istringstream in(text);
    const std::regex logfmt(R"(^time=\S+ level=(error|warn|info|debug) msg=\S+( \w+=\S+)*$)");
    const std::regex request(R"(msg=request method=GET path=(\S+) status=(\d+) )");
    int requests = 0;
    for (std::string line; std::getline(in, line);) {
        EXPECT_TRUE(std::regex_match(line, logfmt)) << line;
        std::smatch m;
        if (std::regex_search(line, m, request)) {
            ++requests;
            EXPECT_EQ(line.find("127.0.0.1"), std::string::npos) << line;
        }
    }
    EXPECT_EQ(requests, 4) << text;
    EXPECT_NE(text.find("level=info msg=serving url=http://127.0.0.1:"), std::string::npos) << text;
    EXPECT_NE(text.find("msg=stopping signal=SIGTERM"), std::string::npos) << text;
    EXPECT_NE(text.find("msg=stopped"), std::string::npos) << text;
    EXPECT_NE(text.find("path=/search status=400"), std::string::npos) << text;
    for (const std::string& secret : {key, std::string("geheimwort"),
                                      std::string("PrivateAgent"), std::string("per_page")}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " logged:\n" << text;
    }
}

TEST(DaemonTest, BadConfigFileExitsWithFileAndLine) {
    TempDir tmp;
    const auto conf = tmp.path() / "bad.conf";
    std::ofstream(conf) << "index = /srv/antwort\n# fine so far\nthreads = lots\n";
    const auto err = tmp.path() / "err";
    const std::string command = std::string(ANTWORT_BIN_DIR) + "antwort-searchd --config " +
                                conf.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
    const std::string text = read_file(err);
    EXPECT_NE(text.find(conf.string() + ":3: --threads"), std::string::npos) << text;
}

/** What a program printed and its exit status. */
struct Finished {
    int status = -1; ///< exit status, -1 if it did not exit normally
    std::string out;
    std::string err;
};

/** Runs @p program from ANTWORT_BIN_DIR with @p args (a shell word list) to the end. */
Finished run_program(const std::string& program, const std::string& args) {
    TempDir tmp;
    const auto out = tmp.path() / "out";
    const auto err = tmp.path() / "err";
    const std::string command = std::string(ANTWORT_BIN_DIR) + program + " " + args + " >" +
                                out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

TEST(DaemonTest, BadOptionExitsWithItsNameOnOneLine) {
    const Finished unknown = run_program("antwort-searchd", "--index /srv/x --frobnicate 1");
    EXPECT_EQ(unknown.status, 2);
    EXPECT_EQ(unknown.err.rfind("antwort-searchd: unknown option --frobnicate\n", 0), 0u)
        << unknown.err;
    EXPECT_NE(unknown.err.find("--config FILE"), std::string::npos) << "usage follows";
    EXPECT_TRUE(unknown.out.empty()) << unknown.out;

    const Finished missing = run_program("antwort-searchd", "--index");
    EXPECT_EQ(missing.status, 2);
    EXPECT_EQ(missing.err.rfind("antwort-searchd: option --index needs a value\n", 0), 0u)
        << missing.err;
}

TEST(DaemonTest, UnknownConfigKeyExitsWithFileAndLine) {
    TempDir tmp;
    const auto conf = tmp.path() / "typo.conf";
    std::ofstream(conf) << "index = /srv/antwort\nthread = 4\n";
    const Finished run = run_program("antwort-searchd", "--config " + conf.string());
    EXPECT_EQ(run.status, 2);
    const std::string expected =
        "antwort-searchd: " + conf.string() + ":2: unknown option --thread\n";
    EXPECT_EQ(run.err.rfind(expected, 0), 0u) << run.err;
}

TEST(DaemonTest, HelpPrintsUsageAndExitsZero) {
    for (const char* flag : {"--help", "-h"}) {
        const Finished run = run_program("antwort-searchd", flag);
        EXPECT_EQ(run.status, 0) << flag;
        EXPECT_NE(run.out.find("--index DIR"), std::string::npos) << run.out;
        EXPECT_NE(run.out.find("--cors-origin ORIGIN"), std::string::npos) << run.out;
        EXPECT_TRUE(run.err.empty()) << run.err;
    }
}

TEST(DaemonTest, EvalServeLinesAnswersEachQueryLineWithRankedIds) {
    TempDir tmp;
    const auto index = tmp.path() / "index";
    testing::build_from_lines(
        index,
        {R"({"id":"faq:drucker einrichten","type":"faq","title":"Drucker einrichten","body":"Den Drucker am Rechner einrichten.","lang":"de"})",
         R"({"id":"faq:2","type":"faq","title":"Passwort ändern","body":"So ändern Sie Ihr Passwort.","lang":"de"})"});
    const auto input = tmp.path() / "queries.txt";
    std::ofstream(input) << "Drucker einrichten\n?!\nPasswort\n";
    const Finished run = run_program("antwort-eval", "--index " + index.string() +
                                                         " --serve-lines --thesaurus '' <" +
                                                         input.string());
    EXPECT_EQ(run.status, 0) << run.err;
    // READY, then one line per query: ids best first, a space inside an id as %20,
    // an empty line for a query without searchable words.
    EXPECT_EQ(run.out, "READY\nfaq:drucker%20einrichten\n\nfaq:2\n") << run.err;
}

TEST(DaemonTest, EvalBadOptionExitsWithItsName) {
    const Finished bad = run_program("antwort-eval", "--index x --queries q --qrels r --k1 abc");
    EXPECT_EQ(bad.status, 2);
    EXPECT_EQ(bad.err.rfind("antwort-eval: option --k1: 'abc' is not a number\n", 0), 0u)
        << bad.err;
    const Finished help = run_program("antwort-eval", "--help");
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("--qrels FILE"), std::string::npos) << help.out;
}

} // namespace
} // namespace antwort::searchd
