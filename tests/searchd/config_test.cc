/** @file Tests for antwort-searchd / antwort-eval argument parsing. */
#include "antwort/searchd/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

namespace antwort::searchd {
namespace {

TEST(ConfigTest, ParsesAllSearchdOptions) {
    auto config =
        parse_searchd_args({"--index", "/tmp/idx", "--listen", "0.0.0.0:9090", "--threads=3",
                            "--rating-weight", "0.5", "--k1", "1.2", "--b=0.75"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->service.index, "/tmp/idx");
    EXPECT_EQ(config->host, "0.0.0.0");
    EXPECT_EQ(config->port, 9090);
    EXPECT_EQ(config->threads, 3u);
    EXPECT_DOUBLE_EQ(*config->service.rating_weight, 0.5);
    EXPECT_DOUBLE_EQ(*config->service.bm25_k1, 1.2);
    EXPECT_DOUBLE_EQ(*config->service.bm25_b, 0.75);
}

TEST(ConfigTest, DefaultsLeaveRankingToTheSchema) {
    auto config = parse_searchd_args({"--index", "x"});
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->host, "127.0.0.1");
    EXPECT_EQ(config->port, 8080);
    EXPECT_GE(config->threads, 4u);
    EXPECT_FALSE(config->service.rating_weight);
    EXPECT_FALSE(config->service.bm25_k1);
}

TEST(ConfigTest, ParsesFeedbackOptions) {
    auto defaults = parse_searchd_args({"--index", "x"});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->feedback.apply_interval, std::chrono::milliseconds(1000));
    EXPECT_DOUBLE_EQ(defaults->feedback.rate_per_second, 1.0);
    EXPECT_EQ(defaults->feedback.burst, 10);
    EXPECT_EQ(defaults->feedback.per_document_per_minute, 60);

    auto config = parse_searchd_args({"--index", "x", "--feedback-apply-ms", "50",
                                      "--feedback-rate=0.5", "--feedback-burst", "3",
                                      "--feedback-doc-limit", "7"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->feedback.apply_interval, std::chrono::milliseconds(50));
    EXPECT_DOUBLE_EQ(config->feedback.rate_per_second, 0.5);
    EXPECT_EQ(config->feedback.burst, 3);
    EXPECT_EQ(config->feedback.per_document_per_minute, 7);

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"--feedback-apply-ms", "0"},
             {"--feedback-rate", "-1"},
             {"--feedback-burst", "many"},
             {"--feedback-doc-limit", "0"}}) {
        std::vector<std::string> args = {"--index", "x"};
        args.insert(args.end(), bad.begin(), bad.end());
        auto rejected = parse_searchd_args(args);
        ASSERT_FALSE(rejected.ok()) << bad[0] << ' ' << bad[1];
        EXPECT_EQ(rejected.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(rejected.error().message.find(bad[0]), std::string::npos);
    }
}

TEST(ConfigTest, ParsesBracketedIpv6Listen) {
    auto config = parse_searchd_args({"--index", "x", "--listen", "[::1]:0"});
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->host, "::1");
    EXPECT_EQ(config->port, 0);
}

TEST(ConfigTest, RejectsBadInput) {
    const std::vector<std::vector<std::string>> bad = {
        {},
        {"--index"},
        {"--index", "x", "--threads", "0"},
        {"--index", "x", "--threads", "many"},
        {"--index", "x", "--listen", "localhost"},
        {"--index", "x", "--listen", "h:70000"},
        {"--index", "x", "--rating-weight", "-1"},
        {"--index", "x", "--b", "1.5"},
        {"--index", "x", "--k1", "abc"},
        {"--index", "x", "--frobnicate", "1"},
        {"stray"},
    };
    for (const auto& args : bad) {
        auto config = parse_searchd_args(args);
        ASSERT_FALSE(config.ok()) << "accepted: " << ::testing::PrintToString(args);
        EXPECT_EQ(config.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(ConfigTest, HelpIsNotAnError) {
    auto config = parse_searchd_args({"--help"});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().code, ErrorCode::NotFound);
}

TEST(ConfigTest, EvalNeedsQueriesAndQrels) {
    EXPECT_FALSE(parse_eval_args({"--index", "x", "--queries", "q.tsv"}).ok());
    auto config = parse_eval_args(
        {"--index", "x", "--queries", "q.tsv", "--qrels", "r.tsv", "--run", "out", "--k1", "1"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->queries, "q.tsv");
    EXPECT_EQ(config->qrels, "r.tsv");
    EXPECT_EQ(config->run, "out");
    EXPECT_DOUBLE_EQ(*config->service.bm25_k1, 1.0);
    EXPECT_EQ(config->page.per_page, MAX_PER_PAGE); // ids of the top 100 by default
    EXPECT_FALSE(config->page.snippets);
    EXPECT_EQ(config->service.rerank_depth, DEFAULT_RERANK_DEPTH);
}

TEST(ConfigTest, EvalPageAndRerankDepth) {
    auto config = parse_eval_args({"--index", "x", "--queries", "q", "--qrels", "r", "--per-page",
                                   "10", "--snippets", "--rerank-depth", "0"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->page.per_page, 10u);
    EXPECT_TRUE(config->page.snippets);
    EXPECT_EQ(config->service.rerank_depth, 0u);
    const SearchRequest request = evaluation_request("Drucker", config->page);
    EXPECT_EQ(request.per_page, 10u);
    EXPECT_TRUE(request.snippets);
    EXPECT_FALSE(request.ids_only);
    EXPECT_TRUE(evaluation_request("Drucker").ids_only);
    auto bad = parse_eval_args({"--index", "x", "--queries", "q", "--qrels", "r", "--per-page",
                                "101"});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("--per-page"), std::string::npos) << bad.error().message;
    auto searchd = parse_searchd_args({"--index", "x", "--rerank-depth", "200"});
    ASSERT_TRUE(searchd.ok()) << searchd.error().message;
    EXPECT_EQ(searchd->service.rerank_depth, 200u);
}

TEST(ConfigTest, OptionErrorsNameTheOption) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--index"}, "option --index needs a value"},
        {{"--index", "x", "--frobnicate", "1"}, "unknown option --frobnicate"},
        {{"--index", "x", "--frobnicate=1", "--threads", "0"}, "unknown option --frobnicate"},
        {{"--index", "x", "stray"}, "unexpected argument 'stray'"},
        {{"--index", "x", "--threads=0"}, "--threads must be between 1 and 1024"},
        {{"--index", "x", "--k1", "abc"}, "option --k1: 'abc' is not a number"},
        {{"--index", "x", "--max-connections", "-4"},
         "--max-connections must be an integer between 1 and 100000, got '-4'"},
        {{"--index", "x", "--log-level", "loud"},
         "--log-level must be error, warn, info or debug, got 'loud'"},
    };
    for (const auto& [args, message] : cases) {
        auto config = parse_searchd_args(args);
        ASSERT_FALSE(config.ok()) << ::testing::PrintToString(args);
        EXPECT_EQ(config.error().code, ErrorCode::InvalidArgument);
        EXPECT_EQ(config.error().message, message);
    }
    auto eval = parse_eval_args({"--index", "x", "--queries", "q", "--qrels", "r", "--similar=1"});
    ASSERT_FALSE(eval.ok());
    EXPECT_EQ(eval.error().message.rfind("--similar", 0), 0u) << eval.error().message;
    eval = parse_eval_args({"--index", "x", "--queries", "q", "--qrels", "r", "--threads", "2"});
    ASSERT_FALSE(eval.ok());
    EXPECT_EQ(eval.error().message, "unknown option --threads");
}

TEST(ConfigTest, ValuesMayBeEmptyOrStartWithADash) {
    auto config = parse_searchd_args(
        {"--index", "x", "--synonyms=", "--thesaurus", "", "--api-key", "-dash-key-0123456789"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->service.synonyms_file, "");
    EXPECT_EQ(config->service.thesaurus_file, "");
    EXPECT_EQ(config->api_keys, std::vector<std::string>{"-dash-key-0123456789"});
}

TEST(ConfigTest, HelpWinsOverLaterArguments) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"-h"},
                                                 {"--help", "--threads", "0"},
                                                 {"--index", "x", "--help"}}) {
        auto config = parse_searchd_args(args);
        ASSERT_FALSE(config.ok());
        EXPECT_EQ(config.error().code, ErrorCode::NotFound) << ::testing::PrintToString(args);
    }
    auto eval = parse_eval_args({"--help"});
    ASSERT_FALSE(eval.ok());
    EXPECT_EQ(eval.error().code, ErrorCode::NotFound);
}

TEST(ConfigTest, UsageListsEveryOption) {
    const std::string searchd = searchd_usage();
    for (const char* option :
         {"--index DIR", "--listen HOST:PORT", "--threads N", "--rating-weight W", "--k1 X",
          "--b Y", "--synonyms FILE", "--thesaurus FILE", "--synonym-weight W", "--exact-weight W",
          "--phrase-weight W", "--title-weight W", "--derivation-weight W",
          "--feedback-apply-ms MS", "--feedback-rate R", "--feedback-burst N",
          "--feedback-doc-limit N", "--config FILE", "--api-key KEY", "--log-level L",
          "--max-body-bytes N", "--max-query-bytes N", "--max-per-page N", "--time-budget-ms N", "--rerank-depth N",
          "--max-connections N", "--request-timeout-ms N", "--idle-timeout-ms N",
          "--thread-rating-share S", "--type-boost KIND=W[,...]", "--recency-weight W",
          "--recency-half-life DAYS", "--cors-origin ORIGIN", "--help"}) {
        EXPECT_NE(searchd.find(option), std::string::npos) << option;
    }
    const std::string eval = eval_usage();
    for (const char* option : {"--index DIR", "--queries FILE", "--qrels FILE", "--run FILE",
                               "--similar", "--rating-weight W", "--k1 X", "--b Y", "--help"}) {
        EXPECT_NE(eval.find(option), std::string::npos) << option;
    }
    EXPECT_EQ(eval.find("--threads"), std::string::npos);
}

} // namespace
} // namespace antwort::searchd

namespace antwort::searchd {
namespace {

/** Writes @p text to a fresh file and deletes it afterwards. */
class ConfigFile {
  public:
    explicit ConfigFile(const std::string& text) {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("antwort-config-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + ".conf");
        std::ofstream(path_) << text;
    }
    ~ConfigFile() { std::filesystem::remove(path_); }
    ConfigFile(const ConfigFile&) = delete;
    ConfigFile& operator=(const ConfigFile&) = delete;
    std::string path() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

const char* FULL_CONFIG = R"(# antwort-searchd test configuration
index = /srv/antwort

listen = 0.0.0.0:9191
threads = 3
  log_level = debug
api_key = first-key-0123456789
api-key = "second key is quoted"
rating_weight = 0.25
k1 = 1.1
synonyms = ""
max_body_bytes = 2048
max_query_bytes = 300
max_per_page = 50
time_budget_ms = 750
max_connections = 9
rerank_depth = 20
)";

TEST(ConfigFileTest, AppliesEveryValue) {
    ConfigFile file(FULL_CONFIG);
    auto config = parse_searchd_args({"--config", file.path()});
    ASSERT_FALSE(config.ok()) << "a key with a space must be refused";
    EXPECT_NE(config.error().message.find(file.path() + ":8: "), std::string::npos)
        << config.error().message;

    std::string text = FULL_CONFIG;
    text.replace(text.find("\"second key is quoted\""), 22, "\"second-key-quoted-0123\"");
    ConfigFile fixed(text);
    config = parse_searchd_args({"--config=" + fixed.path()});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->config_file, fixed.path());
    EXPECT_EQ(config->service.index, "/srv/antwort");
    EXPECT_EQ(config->host, "0.0.0.0");
    EXPECT_EQ(config->port, 9191);
    EXPECT_EQ(config->threads, 3u);
    EXPECT_EQ(config->log_level, LogLevel::Debug);
    EXPECT_EQ(config->api_keys,
              (std::vector<std::string>{"first-key-0123456789", "second-key-quoted-0123"}));
    EXPECT_DOUBLE_EQ(*config->service.rating_weight, 0.25);
    EXPECT_DOUBLE_EQ(*config->service.bm25_k1, 1.1);
    ASSERT_TRUE(config->service.synonyms_file);
    EXPECT_EQ(*config->service.synonyms_file, "");
    EXPECT_EQ(config->max_body_bytes, 2048u);
    EXPECT_EQ(config->service.limits.max_query_bytes, 300u);
    EXPECT_EQ(config->service.limits.max_per_page, 50u);
    EXPECT_EQ(config->service.time_budget, std::chrono::milliseconds(750));
    EXPECT_EQ(config->max_connections, 9u);
    EXPECT_EQ(config->service.rerank_depth, 20u);
}

TEST(ConfigFileTest, DefaultsWithoutAFile) {
    auto config = parse_searchd_args({"--index", "x"});
    ASSERT_TRUE(config.ok());
    EXPECT_TRUE(config->config_file.empty());
    EXPECT_TRUE(config->api_keys.empty());
    EXPECT_EQ(config->log_level, LogLevel::Info);
    EXPECT_EQ(config->service.limits.max_query_bytes, MAX_QUERY_BYTES);
    EXPECT_EQ(config->service.limits.max_per_page, MAX_PER_PAGE);
    EXPECT_EQ(config->service.time_budget, DEFAULT_TIME_BUDGET);
}

TEST(ConfigFileTest, CommandLineOverridesTheFile) {
    ConfigFile file("index = /from/file\nthreads = 3\nmax_per_page = 50\n"
                    "api_key = file-key-0123456789\nlog_level = warn\n");
    // --config may come anywhere: the file is always read first.
    auto config = parse_searchd_args({"--threads", "5", "--config", file.path(), "--index",
                                      "/from/cli", "--api-key", "cli-key-0123456789ab"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->threads, 5u);
    EXPECT_EQ(config->service.index, "/from/cli");
    EXPECT_EQ(config->service.limits.max_per_page, 50u);
    EXPECT_EQ(config->log_level, LogLevel::Warn);
    EXPECT_EQ(config->api_keys,
              (std::vector<std::string>{"file-key-0123456789", "cli-key-0123456789ab"}));
}

TEST(ConfigFileTest, BadLinesAreRejectedWithFileAndLine) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"index = x\nthreads\n", ":2: expected 'name = value'"},
        {"index = x\n\n# c\nfrobnicate = 1\n", ":4: unknown option --frobnicate"},
        {"threads = many\nindex = x\n", ":1: --threads"},
        {"index = x\nrating_weight = heavy\n", ":2: option --rating-weight"},
        {"index = x\nlog_level = loud\n", ":2: --log-level"},
        {"index = x\napi_key = short\n", ":2: --api-key"},
        {"index = x\nmax_per_page = 0\n", ":2: --max-per-page"},
        {"index = x\nmax_connections = -4\n", ":2: --max-connections"},
        {"index = x\nconfig = other.conf\n", ":2: 'config' is not allowed"},
        {"index = x\nListen = 1.2.3.4:5\n", ":2: bad option name 'Listen'"},
        {"index = x\nlisten = nowhere\n", ":2: --listen"},
    };
    for (const auto& [text, expected] : cases) {
        ConfigFile file(text);
        auto config = parse_searchd_args({"--config", file.path()});
        ASSERT_FALSE(config.ok()) << text;
        EXPECT_EQ(config.error().code, ErrorCode::InvalidArgument);
        EXPECT_EQ(config.error().message.rfind(file.path() + expected, 0), 0u)
            << "got: " << config.error().message << "\nwanted: " << expected;
    }
}

TEST(ConfigFileTest, MissingFileAndRepeatedConfigAreErrors) {
    auto missing = parse_searchd_args({"--config", "/nonexistent/antwort.conf"});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("/nonexistent/antwort.conf"), std::string::npos);
    ConfigFile file("index = x\n");
    auto twice = parse_searchd_args({"--config", file.path(), "--config", file.path()});
    EXPECT_FALSE(twice.ok());
    EXPECT_FALSE(parse_searchd_args({"--config"}).ok());
}

TEST(ConfigFileTest, TheShippedExampleIsValid) {
    const std::string example = std::string(ANTWORT_CORPORA_DIR) + "../docs/searchd.conf.example";
    auto config = parse_searchd_args({"--config", example});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->service.index, "/var/lib/antwort/index");
    EXPECT_EQ(config->port, 8080);
    EXPECT_EQ(config->threads, 8u);
    EXPECT_EQ(config->api_keys.size(), 1u);
    EXPECT_EQ(config->service.time_budget, std::chrono::milliseconds(2000));
    EXPECT_EQ(config->max_connections, 256u);
}

TEST(ConfigFileTest, RepeatableOptionsAddToTheFilesList) {
    ConfigFile file("index = x\ncors_origin = https://a.example.de\ntype_boost = faq=2\n"
                    "cors-origin = https://b.example.de\n");
    auto config = parse_searchd_args({"--cors-origin", "https://c.example.de", "--config",
                                      file.path(), "--type-boost", "article=3"});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->cors_origins,
              (std::vector<std::string>{"https://a.example.de", "https://b.example.de",
                                        "https://c.example.de"}));
    EXPECT_EQ(config->service.type_boost,
              (std::map<std::string, double>{{"article", 3}, {"faq", 2}}));
}

TEST(ConfigFileTest, ValuesAreTakenAsTheyAre) {
    // A value is never read as an option, whatever it looks like.
    ConfigFile file("index = --listen=1.2.3.4:5\nsynonyms =\nthesaurus = --x=\n");
    auto config = parse_searchd_args({"--config", file.path()});
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->service.index, "--listen=1.2.3.4:5");
    EXPECT_EQ(config->port, 8080);
    EXPECT_EQ(config->service.synonyms_file, "");
    EXPECT_EQ(config->service.thesaurus_file, "--x=");
}

TEST(ConfigFileTest, CommandLineErrorsHaveNoLocation) {
    auto config = parse_searchd_args({"--index", "x", "--max-query-bytes", "0"});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message.rfind("--max-query-bytes", 0), 0u) << config.error().message;
}

} // namespace
} // namespace antwort::searchd
