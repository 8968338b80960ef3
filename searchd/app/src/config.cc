/** @file Options of antwort-searchd and antwort-eval: CLI11, plus searchd's config file. */
#include "antwort/searchd/config.h"

#include "antwort/text.h"

#include "antwort/searchd/cors.h"
#include "antwort/searchd/ranking.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/** Stops the parse with @p message; CLI11 hands the exception on unchanged. */
[[noreturn]] void reject(std::string message) {
    throw CLI::ValidationError(std::move(message));
}

void check(const Result<void>& result) {
    if (!result) {
        reject(result.error().message);
    }
}

std::optional<double> parse_double(std::string_view text) {
    double d = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(d)) {
        return std::nullopt;
    }
    return d;
}

std::optional<long> parse_long(std::string_view text) {
    long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

/**
 * Adds the option @p name with one value, which @p apply checks (reject())
 * and stores. @p apply runs as each occurrence is parsed (trigger_on_parse),
 * so values are checked in the order given, the last one wins, repeatable
 * options collect every value, and all of this carries over from one
 * parse() to the next: the config file's lines, then the command line.
 */
CLI::Option* add_value(CLI::App& app, const std::string& name, const std::string& type,
                       const std::string& description,
                       const std::function<void(const std::string&)>& apply) {
    return app.add_option_function<std::string>(name, apply, description)
        ->type_name(type)
        ->trigger_on_parse();
}

/** Adds @p name, a number for @p target; its range is checked by the validate functions. */
void add_number(CLI::App& app, const std::string& name, const std::string& type,
                const std::string& description, std::optional<double>& target) {
    add_value(app, name, type, description, [name, &target](const std::string& value) {
        auto d = parse_double(value);
        if (!d) {
            reject("option " + name + ": '" + value + "' is not a number");
        }
        target = *d;
    });
}

/** Adds @p name, a number in @p min..@p max handed to @p set. */
void add_bounded_number(CLI::App& app, const std::string& name, const std::string& type,
                        const std::string& description, double min, double max,
                        const std::function<void(double)>& set) {
    add_value(app, name, type, description, [=](const std::string& value) {
        auto d = parse_double(value);
        if (!d || *d < min || *d > max) {
            char range[64];
            std::snprintf(range, sizeof range, "%g and %g", min, max);
            reject("option " + name + ": '" + value + "' is not a number between " + range);
        }
        set(*d);
    });
}

/** Adds @p name, an integer in @p min..@p max handed to @p set. */
void add_integer(CLI::App& app, const std::string& name, const std::string& description, long min,
                 long max, const std::function<void(long)>& set) {
    add_value(app, name, "N", description, [=](const std::string& value) {
        auto n = parse_long(value);
        if (!n || *n < min || *n > max) {
            reject(name + " must be an integer between " + std::to_string(min) + " and " +
                   std::to_string(max) + ", got '" + value + "'");
        }
        set(*n);
    });
}

/**
 * -h, --help. CLI11's own help flag is looked at after every other option
 * has been checked; this one stops at once, so `--help --threads 0` prints
 * help as it always did.
 */
void add_help(CLI::App& app) {
    app.set_help_flag();
    const auto stop = [] { throw CLI::CallForHelp(); };
    app.add_flag_callback("-h,--help", stop, "print this help")->trigger_on_parse();
}

void add_index(CLI::App& app, ServiceOptions& service) {
    add_value(app, "--index", "DIR", "index directory written by antwort-indexer",
              [&service](const std::string& dir) { service.index = dir; })
        ->option_text("DIR REQUIRED"); // checked by validate_service_options()
}

/** The ranking and query options both programs take. */
void add_ranking_options(CLI::App& app, ServiceOptions& service) {
    app.option_defaults()->group("Ranking (default: as stored with the index's schema)");
    add_number(app, "--rating-weight", "W", "weight of the community rating boost",
               service.rating_weight);
    add_number(app, "--k1", "X", "BM25 k1", service.bm25_k1);
    add_number(app, "--b", "Y", "BM25 b, 0..1", service.bm25_b);
    add_number(app, "--thread-rating-share", "S",
               "share of the rating boost from the thread's best\nrated post, 0..1",
               service.thread_rating_share);
    add_value(app, "--type-boost", "KIND=W[,...]",
              "boost per kind: faq, article, accepted, answered,\nunanswered; repeatable",
              [&service](const std::string& value) {
                  check(parse_type_boosts(value, service.type_boost));
              });
    add_number(app, "--recency-weight", "W", "largest recency boost of forum posts",
               service.recency_weight);
    add_number(app, "--recency-half-life", "DAYS", "days until it halves",
               service.recency_half_life_days);
    add_integer(app, "--rerank-depth",
                "candidates beyond the page whose proximity and\n"
                "boosts are scored (default 50; 0 = score every match)",
                0, 100000, [&service](long n) { service.rerank_depth = static_cast<unsigned>(n); });

    app.option_defaults()->group("Query terms (weights: 0 = off; defaults in query_builder.h)");
    add_number(app, "--synonym-weight", "W", "synonyms of a query word", service.synonym_weight);
    add_number(app, "--exact-weight", "W", "the word exactly as typed", service.exact_weight);
    add_number(app, "--phrase-weight", "W", "all words near each other", service.phrase_weight);
    add_number(app, "--title-weight", "W", "the words in the title alone", service.title_weight);
    add_number(app, "--derivation-weight", "W", "the \"-ung\" forms of the words",
               service.derivation_weight);
    add_value(app, "--synonyms", "FILE",
              "editor synonyms, one sense per line, words split\n"
              "by ';' (default: schemas/synonyms.txt; '' = none)",
              [&service](const std::string& file) { service.synonyms_file = file; });
    add_value(app, "--thesaurus", "FILE", "OpenThesaurus text file (default: Debian's;\n'' = none)",
              [&service](const std::string& file) { service.thesaurus_file = file; });
}

/** Splits "HOST:PORT", "[V6]:PORT" or ":PORT". */
Result<void> parse_listen(const std::string& text, Config& config) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) {
        return bad("--listen wants HOST:PORT, got '" + text + "'");
    }
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    auto port = parse_long(std::string_view(text).substr(colon + 1));
    if (!port || *port < 0 || *port > 65535) {
        return bad("--listen: bad port in '" + text + "'");
    }
    config.host = host.empty() ? "127.0.0.1" : host;
    config.port = static_cast<int>(*port);
    return {};
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
    for (auto level : {LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug}) {
        if (text == log_level_name(level)) {
            return level;
        }
    }
    return std::nullopt;
}

std::chrono::milliseconds ms(long n) {
    return std::chrono::milliseconds(n);
}

/** CLI11 2.1's help, with one blank line between option groups instead of two. */
class HelpFormatter : public CLI::Formatter {
  public:
    std::string make_help(const CLI::App* app, std::string name,
                          CLI::AppFormatMode mode) const override {
        std::string text = CLI::Formatter::make_help(app, std::move(name), mode);
        for (auto at = text.find("\n\n\n"); at != std::string::npos; at = text.find("\n\n\n", at)) {
            text.erase(at, 1);
        }
        return text;
    }
};

/** The help layout both programs share. */
void set_help_layout(CLI::App& app, const std::string& footer) {
    app.formatter(std::make_shared<HelpFormatter>());
    app.get_formatter()->column_width(28);
    app.footer(footer);
}

/**
 * The options of antwort-searchd, writing into @p config: one table for the
 * command line and the config file.
 */
void define_searchd_options(CLI::App& app, Config& config) {
    set_help_layout(app, "Every option also works in the --config file as 'name = value'\n"
                         "(name without the dashes, '_' = '-'); the command line overrides it.\n"
                         "Exit status: 0 stopped by SIGTERM or SIGINT; 1 cannot listen or failed;\n"
                         "             2 bad option or config file.");
    add_help(app);
    add_value(app, "--config", "FILE", "read 'name = value' options from FILE first",
              [&config](const std::string& file) {
                  if (!config.config_file.empty()) {
                      reject("--config may be given only once");
                  }
                  if (file.empty()) {
                      reject("option --config needs a file");
                  }
                  config.config_file = file;
              });
    add_index(app, config.service);
    add_value(app, "--listen", "HOST:PORT",
              "address to serve on (default 127.0.0.1:8080;\nport 0 = any)",
              [&config](const std::string& value) { check(parse_listen(value, config)); });
    add_value(app, "--threads", "N", "worker threads (default max(4, CPUs))",
              [&config](const std::string& value) {
                  auto n = parse_long(value);
                  if (!n || *n < 1 || *n > 1024) {
                      reject("--threads must be between 1 and 1024");
                  }
                  config.threads = static_cast<unsigned>(*n);
              });

    add_ranking_options(app, config.service);

    FeedbackOptions& feedback = config.feedback;
    app.option_defaults()->group("Feedback (POST /feedback)");
    add_bounded_number(app, "--feedback-apply-ms", "MS",
                       "how often votes reach the rating slot\n(default 1000)", 1, 3'600'000,
                       [&feedback](double v) { feedback.apply_interval = ms(std::lround(v)); });
    add_bounded_number(app, "--feedback-rate", "R",
                       "votes per second per connection, refilled\n(default 1)", 0.001, 1e6,
                       [&feedback](double v) { feedback.rate_per_second = v; });
    add_bounded_number(app, "--feedback-burst", "N",
                       "votes a connection may send at once (default 10)", 1, 1e9,
                       [&feedback](double v) { feedback.burst = std::lround(v); });
    add_bounded_number(
        app, "--feedback-doc-limit", "N", "votes per document per minute (default 60)", 1, 1e9,
        [&feedback](double v) { feedback.per_document_per_minute = std::lround(v); });

    app.option_defaults()->group("Operations (docs/configuration.md)");
    add_value(app, "--api-key", "KEY",
              "key for /admin/... (Authorization: Bearer KEY;\n"
              "repeatable; none: /admin/... is disabled)",
              [&config](const std::string& key) {
                  check(check_api_key(key));
                  config.api_keys.push_back(key);
              });
    add_value(app, "--log-level", "L", "error, warn, info (default) or debug",
              [&config](const std::string& value) {
                  auto level = parse_log_level(value);
                  if (!level) {
                      reject("--log-level must be error, warn, info or debug, got '" + value + "'");
                  }
                  config.log_level = *level;
              });
    add_integer(app, "--max-body-bytes", "largest request body (default 65536; more: 413)", 1,
                1L << 30, [&config](long n) { config.max_body_bytes = static_cast<size_t>(n); });
    RequestLimits& limits = config.service.limits;
    add_integer(app, "--max-query-bytes", "longest q (default 1024; more: 400)", 1, 1L << 20,
                [&limits](long n) { limits.max_query_bytes = static_cast<size_t>(n); });
    add_integer(app, "--max-per-page", "largest per_page (default 100; more: 400)", 1, 10000,
                [&limits](long n) { limits.max_per_page = static_cast<unsigned>(n); });
    add_integer(app, "--time-budget-ms",
                "per-search budget (default 2000; 0 = none); past\n"
                "it the answer is flagged \"timed_out\": true",
                0, 3600L * 1000, [&config](long n) { config.service.time_budget = ms(n); });
    add_integer(app, "--max-connections",
                "open connections, idle keep-alive ones included\n(default 256; more: 503)", 1,
                100000, [&config](long n) { config.max_connections = static_cast<unsigned>(n); });
    add_integer(app, "--request-timeout-ms",
                "time from a request's first byte to its last\n(default 10000; past it: 408)", 100,
                3600L * 1000, [&config](long n) { config.request_timeout = ms(n); });
    add_integer(app, "--idle-timeout-ms",
                "how long a keep-alive connection may wait for its\nnext request (default 5000)",
                100, 3600L * 1000, [&config](long n) { config.idle_timeout = ms(n); });
    add_value(app, "--cors-origin", "ORIGIN",
              "allow browser pages of ORIGIN (e.g.\n"
              "https://hilfe.example.de) to call the API (CORS);\n"
              "repeatable (default: none)",
              [&config](const std::string& origin) {
                  if (!is_valid_cors_origin(origin)) {
                      reject("--cors-origin wants an origin like https://hilfe.example.de, got '" +
                             origin + "'");
                  }
                  config.cors_origins.push_back(origin);
              });
}

/** A flag given a value (`--similar=yes`) is a usage error. */
std::string flag_without_value(const std::string& given) {
    return given == "true" ? "" : "takes no value";
}

/** The options of antwort-eval, writing into @p config. */
void define_eval_options(CLI::App& app, EvalConfig& config) {
    set_help_layout(app,
                    "Prints nDCG@10, MRR@10 and Recall@100 averaged over all queries.\n"
                    "--similar runs each query as GET /similar?text= instead and prints Hit@5\n"
                    "(share of queries with a relevant document in the top 5) and MRR@10.\n"
                    "--serve-lines answers query lines on stdin instead (the line protocol of\n"
                    "../shared/peers): READY, then one line of up to 100 ids per query.\n"
                    "Exit status: 0 done; 1 cannot read the files or the index; 2 bad option.");
    add_help(app);
    add_index(app, config.service);
    add_value(app, "--queries", "FILE", "queries.tsv: QID<TAB>query text per line",
              [&config](const std::string& file) { config.queries = file; })
        ->option_text("FILE REQUIRED");
    add_value(app, "--qrels", "FILE", "TREC qrels: QID 0 DOCID GRADE per line",
              [&config](const std::string& file) { config.qrels = file; })
        ->option_text("FILE REQUIRED");
    add_value(app, "--run", "FILE", "write the results as a TREC run to FILE",
              [&config](const std::string& file) { config.run = file; });
    const auto similar = [&config] { config.similar = true; };
    app.add_flag_callback("--similar", similar, "evaluate GET /similar?text=QUERY (Hit@5, MRR@10)")
        ->trigger_on_parse()
        ->check(flag_without_value);
    const auto serve = [&config] { config.serve_lines = true; };
    app.add_flag_callback("--serve-lines", serve,
                          "answer query lines on stdin: READY, then per line the\n"
                          "ids of up to 100 hits, best first")
        ->trigger_on_parse()
        ->check(flag_without_value);
    add_integer(app, "--per-page", "hits per query (default 100; nDCG@10 and MRR@10\n"
                "need 10, Recall@100 needs 100)", 1, MAX_PER_PAGE,
                [&config](long n) { config.page.per_page = static_cast<unsigned>(n); });
    const auto snippets = [&config] { config.page.snippets = true; };
    app.add_flag_callback("--snippets", snippets,
                          "whole hits with snippets, as /search serves them\n"
                          "(default: ids only)")
        ->trigger_on_parse()
        ->check(flag_without_value);
    add_ranking_options(app, config.service);
}

/** The argument of a problem CLI11 leaves to the end: an unknown option or a stray word. */
std::string unexpected(const std::string& argument) {
    return argument.starts_with("--") ? "unknown option " + argument.substr(0, argument.find('='))
                                      : "unexpected argument '" + argument + "'";
}

/**
 * @p args for CLI11, which pops them from the back: reversed, with an empty
 * inline value ("--synonyms=", i.e. none) split off as "" (CLI11 would take
 * the next argument as the value).
 */
std::vector<std::string> for_cli11(const CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> out;
    bool is_value = false; // the argument after an option that wants a value is one
    for (const std::string& arg : args) {
        if (!is_value && arg.starts_with("--") && arg.find('=') + 1 == arg.size()) {
            out.push_back(arg.substr(0, arg.size() - 1));
            out.emplace_back();
            continue;
        }
        out.push_back(arg);
        const CLI::Option* option = !is_value && arg.find('=') == std::string::npos
                                        ? app.get_option_no_throw(arg)
                                        : nullptr;
        is_value = option != nullptr && option->get_type_size() != 0;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

/**
 * Parses @p args with @p app, whose options store their values as they are
 * parsed. --help yields NotFound "help"; a bad argument InvalidArgument
 * with a one-line message naming it.
 */
Result<void> parse(CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> reversed = for_cli11(app, args);
    try {
        app.parse(reversed);
        return {};
    } catch (const CLI::CallForHelp&) {
        // An unknown option before --help stays an error, as before CLI11.
        if (!app.remaining().empty()) {
            return bad(unexpected(app.remaining().front()));
        }
        return make_error(ErrorCode::NotFound, "help");
    } catch (const CLI::ParseError& error) {
        // Unknown arguments are only reported once all are read, so one
        // that CLI11 holds back came before the option that failed.
        if (!app.remaining().empty()) {
            return bad(unexpected(app.remaining().front()));
        }
        // An option takes the next argument whatever it looks like, so only
        // the last one can lack its value.
        if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr &&
            args.back().starts_with("--")) {
            return bad("option " + args.back() + " needs a value");
        }
        return bad(error.what());
    }
}

/** @p s without surrounding spaces, tabs and line ends. */
std::string_view trim_line(std::string_view s) {
    return antwort::trim(s, " \t\r\n");
}

/** One `name = value` line of a config file. */
struct ConfigLine {
    std::string where; ///< "FILE:LINE"
    std::string name;  ///< the long option without dashes, '_' made '-'
    std::string value;
};

/**
 * Reads a config file; CLI11's own reader would lose the line numbers of
 * the error messages.
 */
Result<std::vector<ConfigLine>> read_config_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return bad("cannot read config file " + path + ": " + std::strerror(errno));
    }
    std::vector<ConfigLine> lines;
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        const std::string_view text = trim_line(line);
        if (text.empty() || text.front() == '#') {
            continue;
        }
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) {
            return bad(where + ": expected 'name = value', got '" + std::string(text) + "'");
        }
        std::string name(trim_line(text.substr(0, eq)));
        std::string_view value = trim_line(text.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
        if (!valid_name) {
            return bad(where + ": bad option name '" + name +
                       "' (lower-case long option without the dashes, e.g. listen)");
        }
        std::replace(name.begin(), name.end(), '_', '-');
        if (name == "config" || name == "help") {
            return bad(where + ": '" + name + "' is not allowed in a config file");
        }
        lines.push_back({where, name, std::string(value)});
    }
    if (in.bad()) {
        return bad("cannot read config file " + path);
    }
    return lines;
}

Config searchd_defaults() {
    Config config;
    config.service.time_budget = DEFAULT_TIME_BUDGET;
    return config;
}

} // namespace

const char* searchd_usage() {
    static const std::string text = [] {
        CLI::App app("", "antwort-searchd");
        Config config;
        define_searchd_options(app, config);
        return app.help();
    }();
    return text.c_str();
}

const char* eval_usage() {
    static const std::string text = [] {
        CLI::App app("", "antwort-eval");
        EvalConfig config;
        define_eval_options(app, config);
        return app.help();
    }();
    return text.c_str();
}

Result<Config> parse_searchd_args(const std::vector<std::string>& args) {
    Config config = searchd_defaults();
    CLI::App app("", "antwort-searchd");
    define_searchd_options(app, config);
    if (auto parsed = parse(app, args); !parsed) {
        return parsed.error();
    }
    if (!config.config_file.empty()) {
        // The file's options go first, so that the command line overrides
        // them: start again from the defaults with the file's lines, one
        // parse each (for its FILE:LINE), then the command line once more.
        auto lines = read_config_file(config.config_file);
        if (!lines) {
            return lines.error();
        }
        config = searchd_defaults();
        for (const ConfigLine& line : *lines) {
            if (auto parsed = parse(app, {"--" + line.name, line.value}); !parsed) {
                return bad(line.where + ": " + parsed.error().message);
            }
        }
        if (auto parsed = parse(app, args); !parsed) {
            return parsed.error();
        }
    }
    if (config.threads == 0) {
        config.threads = std::max(4u, std::thread::hardware_concurrency());
    }
    auto valid = config.validate();
    if (!valid) {
        return valid.error();
    }
    return config;
}

Result<EvalConfig> parse_eval_args(const std::vector<std::string>& args) {
    EvalConfig config;
    CLI::App app("", "antwort-eval");
    define_eval_options(app, config);
    if (auto parsed = parse(app, args); !parsed) {
        return parsed.error();
    }
    auto valid = validate_service_options(config.service);
    if (!valid) {
        return valid.error();
    }
    if (!config.serve_lines && (config.queries.empty() || config.qrels.empty())) {
        return bad("--queries FILE and --qrels FILE are required (or --serve-lines)");
    }
    return config;
}

} // namespace antwort::searchd
