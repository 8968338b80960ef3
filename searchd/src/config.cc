/** @file Command-line parsing for antwort-searchd and antwort-eval. */
#include "antwort/searchd/config.h"

#include "antwort/searchd/ranking.h"

#include <algorithm>
#include <charconv>
#include <cmath>
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

/** Walks "--name value" / "--name=value" pairs. */
class ArgReader {
  public:
    explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}

    bool done() const { return i_ >= args_.size(); }

    /** The next option name; its value is taken with value(). */
    Result<std::string> next_option() {
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
    size_t i_ = 0;
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

Result<void> validate_service(const ServiceOptions& s) {
    if (s.index.empty()) {
        return bad("--index DIR is required");
    }
    if (s.rating_weight && *s.rating_weight < 0) {
        return bad("--rating-weight must be >= 0");
    }
    for (const auto* w : {&s.synonym_weight, &s.exact_weight, &s.phrase_weight}) {
        if (*w && **w < 0) {
            return bad("query term weights (--synonym-weight, --exact-weight, "
                       "--phrase-weight) must be >= 0");
        }
    }
    if (s.thread_rating_share && (*s.thread_rating_share < 0 || *s.thread_rating_share > 1)) {
        return bad("--thread-rating-share must be between 0 and 1");
    }
    if (s.recency_weight && *s.recency_weight < 0) {
        return bad("--recency-weight must be >= 0");
    }
    if (s.recency_half_life_days && !(*s.recency_half_life_days > 0)) {
        return bad("--recency-half-life must be > 0 (days)");
    }
    if (s.bm25_k1 && *s.bm25_k1 < 0) {
        return bad("--k1 must be >= 0");
    }
    if (s.bm25_b && (*s.bm25_b < 0 || *s.bm25_b > 1)) {
        return bad("--b must be between 0 and 1");
    }
    return {};
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
 * which returns false for a name it does not know.
 */
template <typename Own>
Result<void> read_options(const std::vector<std::string>& args, ServiceOptions& service, Own own) {
    ArgReader reader(args);
    while (!reader.done()) {
        auto option = reader.next_option();
        if (!option) {
            return option.error();
        }
        const std::string& name = *option;
        if (name == "--help") {
            return make_error(ErrorCode::NotFound, "help");
        }
        auto ranking = ranking_option(reader, name, service);
        if (!ranking) {
            return ranking.error();
        }
        if (*ranking) {
            continue;
        }
        auto value = reader.value(name);
        if (!value) {
            return value.error();
        }
        if (name == "--index") {
            service.index = *value;
            continue;
        }
        auto handled = own(name, *value);
        if (!handled) {
            return handled.error();
        }
        if (!*handled) {
            return bad("unknown option " + name);
        }
    }
    return {};
}

} // namespace

Result<void> Config::validate() const {
    auto s = validate_service(service);
    if (!s) {
        return s;
    }
    if (port < 0 || port > 65535) {
        return bad("port out of range");
    }
    if (threads > 1024) {
        return bad("--threads must be between 1 and 1024");
    }
    return {};
}

const char* searchd_usage() {
    return "usage: antwort-searchd --index DIR [--listen HOST:PORT] [--threads N]\n"
           "                       [--rating-weight W] [--k1 X] [--b Y] [--synonyms FILE]\n"
           "                       [--thesaurus FILE] [--synonym-weight W] [--exact-weight W]\n"
           "                       [--phrase-weight W]\n"
           "  --index DIR          index directory written by antwort-indexer\n"
           "  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080; port 0 = any)\n"
           "  --threads N          worker threads (default max(4, CPUs))\n"
           "  --rating-weight W    weight of the community rating boost (default: schema)\n"
           "  --k1 X, --b Y        BM25 parameters (default: schema)\n"
           "  --synonyms FILE      editor synonyms, one sense per line, words split by ';'\n"
           "                       (default: schemas/synonyms.txt; '' = none)\n"
           "  --thesaurus FILE     OpenThesaurus text file (default: Debian's; '' = none)\n"
           "  --synonym-weight W, --exact-weight W, --phrase-weight W\n"
           "                       query term weights (defaults in query_builder.h; 0 = off)\n"
           "  --thread-rating-share S   share of the rating boost from the thread's best\n"
           "                       rated post, 0..1 (default: schema)\n"
           "  --type-boost KIND=W[,...]  boost per kind: faq, article, accepted, answered,\n"
           "                       unanswered (default: schema)\n"
           "  --recency-weight W   largest recency boost of forum posts (default: schema)\n"
           "  --recency-half-life DAYS  days until it halves (default: schema)\n";
}

const char* eval_usage() {
    return "usage: antwort-eval --index DIR --queries queries.tsv --qrels qrels.tsv\n"
           "                    [--run FILE] [--rating-weight W] [--k1 X] [--b Y]\n"
           "                    [--synonyms FILE] [--thesaurus FILE] [--synonym-weight W]\n"
           "                    [--exact-weight W] [--phrase-weight W]\n"
           "Prints nDCG@10, MRR@10 and Recall@100 averaged over all queries.\n";
}

Result<Config> parse_searchd_args(const std::vector<std::string>& args) {
    Config config;
    auto read = read_options(args, config.service,
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
                                 } else {
                                     return false;
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

Result<EvalConfig> parse_eval_args(const std::vector<std::string>& args) {
    EvalConfig config;
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
    auto valid = validate_service(config.service);
    if (!valid) {
        return valid.error();
    }
    if (config.queries.empty() || config.qrels.empty()) {
        return bad("--queries FILE and --qrels FILE are required");
    }
    return config;
}

} // namespace antwort::searchd
