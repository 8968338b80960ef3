/** @file Command-line parsing for antwort-searchd and antwort-eval. */
#include "antwort/searchd/config.h"

#include "antwort/searchd/cors.h"
#include "antwort/searchd/ranking.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
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
 * Walks "--name value" / "--name=value" pairs. Each argument may carry an
 * origin ("FILE:LINE" for one read from a config file, "" for the command
 * line) so errors can say where the bad option came from.
 */
class ArgReader {
  public:
    ArgReader(const std::vector<std::string>& args, const std::vector<std::string>& origins)
        : args_(args), origins_(origins) {}

    bool done() const { return i_ >= args_.size(); }

    /** Where the option last returned by next_option() came from ("" = command line). */
    const std::string& origin() const {
        static const std::string none;
        return option_index_ < origins_.size() ? origins_[option_index_] : none;
    }

    /** The next option name; its value is taken with value(). */
    Result<std::string> next_option() {
        option_index_ = i_;
        const std::string& arg = args_[i_++];
        if (arg.rfind("--", 0) != 0) {
            return bad("unexpected argument '" + arg + "'");
        }
        auto eq = arg.find('=');
        if (eq == std::string::npos) {
            inline_value_.reset();
            return arg;
        }
        inline_value_ = arg.substr(eq + 1);
        return arg.substr(0, eq);
    }

    Result<std::string> value(const std::string& option) {
        if (inline_value_) {
            std::string v = *inline_value_;
            inline_value_.reset();
            return v;
        }
        if (done()) {
            return bad("option " + option + " needs a value");
        }
        return args_[i_++];
    }

  private:
    const std::vector<std::string>& args_;
    const std::vector<std::string>& origins_;
    size_t i_ = 0;
    size_t option_index_ = 0;
    std::optional<std::string> inline_value_;
};

/** Handles the ranking options shared by both programs; false if @p option is not one. */
Result<bool> ranking_option(ArgReader& reader, const std::string& option, ServiceOptions& out) {
    std::optional<std::string>* path = nullptr;
    if (option == "--synonyms") {
        path = &out.synonyms_file;
    } else if (option == "--thesaurus") {
        path = &out.thesaurus_file;
    }
    if (option == "--type-boost") {
        auto v = reader.value(option);
        if (!v) {
            return v.error();
        }
        auto parsed = parse_type_boosts(*v, out.type_boost);
        if (!parsed) {
            return parsed.error();
        }
        return true;
    }
    if (path != nullptr) {
        auto v = reader.value(option);
        if (!v) {
            return v.error();
        }
        *path = *v;
        return true;
    }
    std::optional<double>* target = nullptr;
    if (option == "--synonym-weight") {
        target = &out.synonym_weight;
    } else if (option == "--exact-weight") {
        target = &out.exact_weight;
    } else if (option == "--phrase-weight") {
        target = &out.phrase_weight;
    } else if (option == "--title-weight") {
        target = &out.title_weight;
    } else if (option == "--derivation-weight") {
        target = &out.derivation_weight;
    } else if (option == "--rating-weight") {
        target = &out.rating_weight;
    } else if (option == "--k1") {
        target = &out.bm25_k1;
    } else if (option == "--b") {
        target = &out.bm25_b;
    } else if (option == "--thread-rating-share") {
        target = &out.thread_rating_share;
    } else if (option == "--recency-weight") {
        target = &out.recency_weight;
    } else if (option == "--recency-half-life") {
        target = &out.recency_half_life_days;
    } else {
        return false;
    }
    auto v = reader.value(option);
    if (!v) {
        return v.error();
    }
    auto d = parse_double(*v);
    if (!d) {
        return bad("option " + option + ": '" + *v + "' is not a number");
    }
    *target = *d;
    return true;
}

/**
 * The `--feedback-*` options, one row each: name, where the value goes, the
 * accepted range. Returns false if @p name is not one of them.
 */
Result<bool> feedback_option(const std::string& name, const std::string& value,
                             FeedbackOptions& out) {
    struct Row {
        const char* name;
        double min;
        double max;
        std::function<void(double)> set;
    };
    const Row rows[] = {
        {"--feedback-apply-ms", 1, 3'600'000,
         [&out](double v) { out.apply_interval = std::chrono::milliseconds(std::lround(v)); }},
        {"--feedback-rate", 0.001, 1e6, [&out](double v) { out.rate_per_second = v; }},
        {"--feedback-burst", 1, 1e9, [&out](double v) { out.burst = std::lround(v); }},
        {"--feedback-doc-limit", 1, 1e9,
         [&out](double v) { out.per_document_per_minute = std::lround(v); }},
    };
    for (const Row& row : rows) {
        if (name != row.name) {
            continue;
        }
        auto d = parse_double(value);
        if (!d || *d < row.min || *d > row.max) {
            char range[64];
            std::snprintf(range, sizeof range, "%g and %g", row.min, row.max);
            return bad("option " + name + ": '" + value + "' is not a number between " + range);
        }
        row.set(*d);
        return true;
    }
    return false;
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

/**
 * The option loop both programs share: --help (NotFound "help"), the ranking
 * and query options, --index, then the program's own options through @p own,
 * which returns false for a name it does not know. @p origins (parallel to
 * @p args, may be empty) names where each argument came from; errors about
 * an argument from a config file start with its "FILE:LINE: ".
 */
template <typename Own>
Result<void> read_options(const std::vector<std::string>& args,
                          const std::vector<std::string>& origins, ServiceOptions& service,
                          Own own) {
    ArgReader reader(args, origins);
    auto located = [&reader](Error error) {
        if (!reader.origin().empty()) {
            error.message = reader.origin() + ": " + error.message;
        }
        return error;
    };
    while (!reader.done()) {
        auto option = reader.next_option();
        if (!option) {
            return located(option.error());
        }
        const std::string& name = *option;
        if (name == "--help") {
            return make_error(ErrorCode::NotFound, "help");
        }
        auto ranking = ranking_option(reader, name, service);
        if (!ranking) {
            return located(ranking.error());
        }
        if (*ranking) {
            continue;
        }
        auto value = reader.value(name);
        if (!value) {
            return located(value.error());
        }
        if (name == "--index") {
            service.index = *value;
            continue;
        }
        auto handled = own(name, *value);
        if (!handled) {
            return located(handled.error());
        }
        if (!*handled) {
            return located(bad("unknown option " + name));
        }
    }
    return {};
}

template <typename Own>
Result<void> read_options(const std::vector<std::string>& args, ServiceOptions& service, Own own) {
    return read_options(args, {}, service, std::move(own));
}

std::string_view trim(std::string_view s) {
    const auto* space = " \t\r\n";
    const auto begin = s.find_first_not_of(space);
    if (begin == std::string_view::npos) {
        return {};
    }
    return s.substr(begin, s.find_last_not_of(space) - begin + 1);
}

/**
 * Reads a config file into "--name=value" arguments, one per `name = value`
 * line, each with its origin "FILE:LINE".
 */
Result<void> read_config_file(const std::string& path, std::vector<std::string>& args,
                              std::vector<std::string>& origins) {
    std::ifstream in(path);
    if (!in) {
        return bad("cannot read config file " + path + ": " + std::strerror(errno));
    }
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        const std::string_view text = trim(line);
        if (text.empty() || text.front() == '#') {
            continue;
        }
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) {
            return bad(where + ": expected 'name = value', got '" + std::string(text) + "'");
        }
        std::string name(trim(text.substr(0, eq)));
        std::string_view value = trim(text.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        const bool valid_name =
            !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
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
        args.push_back("--" + name + "=" + std::string(value));
        origins.push_back(where);
    }
    if (in.bad()) {
        return bad("cannot read config file " + path);
    }
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

/** Reads an integer option in [min, max] into @p out. */
template <typename T>
Result<void> bounded(const std::string& name, const std::string& value, long min, long max,
                     T& out) {
    auto n = parse_long(value);
    if (!n || *n < min || *n > max) {
        return bad(name + " must be an integer between " + std::to_string(min) + " and " +
                   std::to_string(max) + ", got '" + value + "'");
    }
    out = static_cast<T>(*n);
    return {};
}

/** searchd's operational options (access, limits, logging); false if @p name is not one. */
Result<bool> ops_option(Config& config, const std::string& name, const std::string& value) {
    Result<void> r;
    if (name == "--api-key") {
        r = check_api_key(value);
        if (r) {
            config.api_keys.push_back(value);
        }
    } else if (name == "--log-level") {
        auto level = parse_log_level(value);
        if (!level) {
            return bad("--log-level must be error, warn, info or debug, got '" + value + "'");
        }
        config.log_level = *level;
    } else if (name == "--max-body-bytes") {
        r = bounded(name, value, 1, 1L << 30, config.max_body_bytes);
    } else if (name == "--max-connections") {
        r = bounded(name, value, 1, 100000, config.max_connections);
    } else if (name == "--max-query-bytes") {
        r = bounded(name, value, 1, 1L << 20, config.service.limits.max_query_bytes);
    } else if (name == "--max-per-page") {
        r = bounded(name, value, 1, 10000, config.service.limits.max_per_page);
    } else if (name == "--time-budget-ms") {
        long ms = 0;
        r = bounded(name, value, 0, 3600L * 1000, ms);
        config.service.time_budget = std::chrono::milliseconds(ms);
    } else if (name == "--request-timeout-ms") {
        long ms = 0;
        r = bounded(name, value, 100, 3600L * 1000, ms);
        config.request_timeout = std::chrono::milliseconds(ms);
    } else if (name == "--idle-timeout-ms") {
        long ms = 0;
        r = bounded(name, value, 100, 3600L * 1000, ms);
        config.idle_timeout = std::chrono::milliseconds(ms);
    } else {
        return false;
    }
    if (!r) {
        return r.error();
    }
    return true;
}

} // namespace

const char* searchd_usage() {
    return "usage: antwort-searchd --index DIR [--listen HOST:PORT] [--threads N]\n"
           "                       [--rating-weight W] [--k1 X] [--b Y] [--synonyms FILE]\n"
           "                       [--thesaurus FILE] [--synonym-weight W] [--exact-weight W]\n"
           "                       [--phrase-weight W] [--title-weight W] [--derivation-weight W]\n"
           "                       [--feedback-apply-ms MS] [--feedback-rate R] [--feedback-burst N]\n"
           "                       [--feedback-doc-limit N] [--config FILE] [--api-key KEY]...\n"
           "                       [--log-level L] [--max-body-bytes N] [--max-query-bytes N]\n"
           "                       [--max-per-page N] [--time-budget-ms N] [--max-connections N]\n"
           "                       [--cors-origin ORIGIN]...\n"
           "  --index DIR          index directory written by antwort-indexer\n"
           "  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080; port 0 = any)\n"
           "  --threads N          worker threads (default max(4, CPUs))\n"
           "  --rating-weight W    weight of the community rating boost (default: schema)\n"
           "  --k1 X, --b Y        BM25 parameters (default: schema)\n"
           "  --synonyms FILE      editor synonyms, one sense per line, words split by ';'\n"
           "                       (default: schemas/synonyms.txt; '' = none)\n"
           "  --thesaurus FILE     OpenThesaurus text file (default: Debian's; '' = none)\n"
           "  --synonym-weight W, --exact-weight W, --phrase-weight W, --title-weight W,\n"
           "  --derivation-weight W\n"
           "                       query term weights (defaults in query_builder.h; 0 = off)\n"
           "  --feedback-apply-ms MS  how often votes reach the rating slot (default 1000)\n"
           "  --feedback-rate R    votes per second per connection, refilled (default 1)\n"
           "  --feedback-burst N   votes a connection may send at once (default 10)\n"
           "  --feedback-doc-limit N  votes per document per minute (default 60)\n"
           "operations (docs/configuration.md):\n"
           "  --config FILE        read 'name = value' options from FILE first\n"
           "  --api-key KEY        key for /admin/... (Authorization: Bearer KEY; repeatable;\n"
           "                       none: /admin/... is disabled)\n"
           "  --log-level L        error, warn, info (default) or debug\n"
           "  --max-body-bytes N   largest request body (default 65536; more: 413)\n"
           "  --max-query-bytes N  longest q (default 1024; more: 400)\n"
           "  --max-per-page N     largest per_page (default 100; more: 400)\n"
           "  --time-budget-ms N   per-search budget (default 2000; 0 = none); past it the\n"
           "                       answer is flagged \"timed_out\": true\n"
           "  --max-connections N  open connections, idle keep-alive ones included\n"
           "                       (default 256; more: 503)\n"
           "  --request-timeout-ms N  time from a request's first byte to its last\n"
           "                       (default 10000; past it: 408)\n"
           "  --idle-timeout-ms N  how long a keep-alive connection may wait for its next\n"
           "                       request (default 5000)\n"
           "  --thread-rating-share S   share of the rating boost from the thread's best\n"
           "                       rated post, 0..1 (default: schema)\n"
           "  --type-boost KIND=W[,...]  boost per kind: faq, article, accepted, answered,\n"
           "                       unanswered (default: schema)\n"
           "  --recency-weight W   largest recency boost of forum posts (default: schema)\n"
           "  --recency-half-life DAYS  days until it halves (default: schema)\n"
           "  --cors-origin ORIGIN allow browser pages of ORIGIN (e.g. https://hilfe.example.de)\n"
           "                       to call the API (CORS); repeatable (default: none)\n";
}

const char* eval_usage() {
    return "usage: antwort-eval --index DIR --queries queries.tsv --qrels qrels.tsv\n"
           "                    [--run FILE] [--rating-weight W] [--k1 X] [--b Y]\n"
           "                    [--synonyms FILE] [--thesaurus FILE] [--synonym-weight W]\n"
           "                    [--exact-weight W] [--phrase-weight W]\n"
           "                    [--title-weight W] [--derivation-weight W] [--similar]\n"
           "Prints nDCG@10, MRR@10 and Recall@100 averaged over all queries.\n"
           "--similar runs each query as GET /similar?text= instead and prints Hit@5\n"
           "(share of queries with a relevant document in the top 5) and MRR@10.\n";
}

Result<Config> parse_searchd_args(const std::vector<std::string>& cli) {
    Config config;
    config.service.time_budget = DEFAULT_TIME_BUDGET;
    // --config FILE: the file's options go first, so the command line overrides them.
    std::vector<std::string> args;
    std::vector<std::string> origins;
    std::vector<std::string> rest;
    for (size_t i = 0; i < cli.size(); ++i) {
        if (cli[i] == "--config" || cli[i].rfind("--config=", 0) == 0) {
            if (!config.config_file.empty()) {
                return bad("--config may be given only once");
            }
            if (cli[i] == "--config") {
                if (i + 1 == cli.size()) {
                    return bad("option --config needs a value");
                }
                config.config_file = cli[++i];
            } else {
                config.config_file = cli[i].substr(std::string("--config=").size());
            }
            auto read = read_config_file(config.config_file, args, origins);
            if (!read) {
                return read.error();
            }
        } else {
            rest.push_back(cli[i]);
        }
    }
    args.insert(args.end(), rest.begin(), rest.end());
    auto read = read_options(args, origins, config.service,
                             [&config](const std::string& name, const std::string& value)
                                 -> Result<bool> {
                                 if (name == "--listen") {
                                     auto r = parse_listen(value, config);
                                     if (!r) {
                                         return r.error();
                                     }
                                 } else if (name == "--threads") {
                                     auto n = parse_long(value);
                                     if (!n || *n < 1 || *n > 1024) {
                                         return bad("--threads must be between 1 and 1024");
                                     }
                                     config.threads = static_cast<unsigned>(*n);
                                 } else if (name == "--cors-origin") {
                                     if (!is_valid_cors_origin(value)) {
                                         return bad("--cors-origin wants an origin like "
                                                    "https://hilfe.example.de, got '" +
                                                    value + "'");
                                     }
                                     config.cors_origins.push_back(value);
                                 } else {
                                     auto feedback =
                                         feedback_option(name, value, config.feedback);
                                     if (!feedback || *feedback) {
                                         return feedback;
                                     }
                                     return ops_option(config, name, value);
                                 }
                                 return true;
                             });
    if (!read) {
        return read.error();
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

Result<EvalConfig> parse_eval_args(const std::vector<std::string>& all_args) {
    EvalConfig config;
    std::vector<std::string> args; // --similar is a flag without a value
    for (const auto& arg : all_args) {
        if (arg == "--similar") {
            config.similar = true;
        } else {
            args.push_back(arg);
        }
    }
    auto read = read_options(args, config.service,
                             [&config](const std::string& name, const std::string& value)
                                 -> Result<bool> {
                                 if (name == "--queries") {
                                     config.queries = value;
                                 } else if (name == "--qrels") {
                                     config.qrels = value;
                                 } else if (name == "--run") {
                                     config.run = value;
                                 } else {
                                     return false;
                                 }
                                 return true;
                             });
    if (!read) {
        return read.error();
    }
    auto valid = validate_service_options(config.service);
    if (!valid) {
        return valid.error();
    }
    if (config.queries.empty() || config.qrels.empty()) {
        return bad("--queries FILE and --qrels FILE are required");
    }
    return config;
}

} // namespace antwort::searchd
