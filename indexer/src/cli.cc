/** @file antwort-indexer's commands: parse the arguments, run, report, exit status. */
#include "antwort/indexer/cli.h"

#include "antwort/analytics_store.h"
#include "antwort/indexer/indexer.h"
#include "antwort/json_writer.h"

#include <charconv>
#include <ctime>
#include <cstdio>
#include <optional>
#include <ostream>
#include <set>
#include <string_view>
#include <utility>

#ifndef ANTWORT_VERSION
#define ANTWORT_VERSION "unknown"
#endif

namespace antwort::indexer {

namespace {

constexpr const char* PROGRAM = "antwort-indexer";

struct CommandLine {
    std::string command;
    std::optional<std::string> index;
    std::optional<std::string> schema;
    uint64_t max_errors = 0;
    uint64_t batch_size = IngestOptions{}.batch_size;
    /** build: --max-shrink, --allow-shrink */
    uint64_t max_shrink = IngestOptions{}.max_shrink_percent;
    bool allow_shrink = false;
    uint64_t days = 30;                    ///< report: window in days
    uint64_t limit = DEFAULT_REPORT_LIMIT; ///< report: entries per list
    bool json = false;
    bool no_progress = false;
    bool help = false;
    bool version = false;
    std::vector<std::string> operands;
    std::set<std::string> given; ///< option names used, to check them per command
};

Result<uint64_t> parse_count(const std::string& option, const std::string& text) {
    uint64_t n = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return make_error(ErrorCode::InvalidArgument,
                          "--" + option + " needs a non-negative integer, not '" + text + "'");
    }
    return n;
}

Result<CommandLine> parse_args(const std::vector<std::string>& args) {
    CommandLine cl;
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
            if (cl.command.empty() && !options_done) {
                cl.command = arg;
            } else {
                cl.operands.push_back(arg);
            }
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "-h") {
            cl.help = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) {
            return make_error(ErrorCode::InvalidArgument, "unknown option '" + arg + "'");
        }
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        const bool is_flag = name == "help" || name == "version" || name == "json" ||
                             name == "no-progress" || name == "allow-shrink";
        const bool takes_value = name == "index" || name == "schema" || name == "max-errors" ||
                                 name == "batch-size" || name == "days" || name == "limit" ||
                                 name == "max-shrink";
        if (!is_flag && !takes_value) {
            return make_error(ErrorCode::InvalidArgument, "unknown option '--" + name + "'");
        }
        cl.given.insert(name);
        if (is_flag) {
            if (value) {
                return make_error(ErrorCode::InvalidArgument, "--" + name + " takes no value");
            }
            (name == "help"           ? cl.help
             : name == "version"      ? cl.version
             : name == "json"         ? cl.json
             : name == "allow-shrink" ? cl.allow_shrink
                                      : cl.no_progress) = true;
            continue;
        }
        if (!value) {
            if (i + 1 >= args.size()) {
                return make_error(ErrorCode::InvalidArgument, "--" + name + " needs a value");
            }
            value = args[++i];
        }
        if (name == "index") {
            cl.index = *value;
        } else if (name == "schema") {
            cl.schema = *value;
        } else {
            auto n = parse_count(name, *value);
            if (!n) {
                return n.error();
            }
            (name == "max-errors"   ? cl.max_errors
             : name == "days"       ? cl.days
             : name == "limit"      ? cl.limit
             : name == "max-shrink" ? cl.max_shrink
                                    : cl.batch_size) = *n;
        }
    }
    return cl;
}

/** Checks what the command needs; an error message for a usage error. */
std::optional<std::string> check_usage(const CommandLine& cl) {
    static const std::set<std::string> COMMON = {"index", "help", "version"};
    std::set<std::string> allowed;
    if (cl.command == "build") {
        allowed = {"schema",      "max-errors", "batch-size",
                   "no-progress", "max-shrink", "allow-shrink"};
    } else if (cl.command == "update") {
        allowed = {"schema", "max-errors", "batch-size", "no-progress"};
    } else if (cl.command == "stats") {
        allowed = {"json"};
    } else if (cl.command == "delete") {
        allowed = {};
    } else if (cl.command == "report") {
        allowed = {"json", "days", "limit"};
    } else if (cl.command.empty()) {
        return "missing command";
    } else {
        return "unknown command '" + cl.command + "'";
    }
    for (const auto& name : cl.given) {
        if (COMMON.count(name) == 0 && allowed.count(name) == 0) {
            return "--" + name + " cannot be used with " + cl.command;
        }
    }
    if (!cl.index || cl.index->empty()) {
        return cl.command + " needs --index DIR";
    }
    if ((cl.command == "build" || cl.command == "update") && cl.operands.empty()) {
        return cl.command + " needs at least one input FILE (\"-\" for standard input)";
    }
    if (cl.command == "delete" && cl.operands.empty()) {
        return "delete needs at least one document ID";
    }
    if ((cl.command == "stats" || cl.command == "report") && !cl.operands.empty()) {
        return cl.command + " takes no operands, got '" + cl.operands.front() + "'";
    }
    if (cl.command == "build" && cl.max_shrink > 100) {
        return "--max-shrink must be from 0 to 100 (percent)";
    }
    if (cl.command == "report" && (cl.days < 1 || cl.days > MAX_REPORT_DAYS)) {
        return "--days must be from 1 to " + std::to_string(MAX_REPORT_DAYS);
    }
    if (cl.command == "report" && (cl.limit < 1 || cl.limit > MAX_REPORT_LIMIT)) {
        return "--limit must be from 1 to " + std::to_string(MAX_REPORT_LIMIT);
    }
    return std::nullopt;
}

int status(ExitStatus s) { return static_cast<int>(s); }

int fail(std::ostream& err, const Error& error) {
    err << PROGRAM << ": error: " << error.message << '\n';
    return status(ExitStatus::Failed);
}

/** @p value with @p decimals digits after the point. */
std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string human_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    auto value = static_cast<double>(bytes);
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? std::to_string(bytes) + " B" : fixed(value, 1) + " " + units[unit];
}

int run_ingest(const CommandLine& cl, std::ostream& err, bool err_is_terminal) {
    std::optional<Schema> schema;
    if (cl.schema) {
        auto loaded = Schema::load_file(*cl.schema);
        if (!loaded) {
            return fail(err, loaded.error());
        }
        schema = std::move(*loaded);
    }
    const Schema& chosen = schema ? *schema : Schema::default_schema();

    IngestOptions options;
    options.index = *cl.index;
    options.inputs = cl.operands;
    options.max_errors = cl.max_errors;
    options.batch_size = cl.batch_size;
    options.max_shrink_percent = cl.max_shrink;
    options.allow_shrink = cl.allow_shrink;
    options.progress = err_is_terminal && !cl.no_progress;
    options.diagnostics = &err;
    const bool build = cl.command == "build";
    auto stats = build ? build_index(options, chosen) : update_index(options, chosen);
    if (!stats) {
        return fail(err, stats.error());
    }
    if (stats->aborted) {
        err << PROGRAM << ": aborted after " << stats->bad << " bad lines (--max-errors "
            << cl.max_errors << "); the index is unchanged\n";
        return status(ExitStatus::Failed);
    }
    const double rate =
        stats->seconds > 0 ? static_cast<double>(stats->indexed) / stats->seconds : 0.0;
    err << PROGRAM << ": " << (build ? "indexed " : "updated ") << stats->indexed << " documents ("
        << stats->bad << (stats->bad == 1 ? " bad line" : " bad lines") << ") in "
        << fixed(stats->seconds, 2) << " s (" << fixed(rate, 0) << " docs/s) "
        << (build ? "into" : "in") << " generation " << stats->generation << '\n';
    return status(stats->bad > 0 ? ExitStatus::BadLines : ExitStatus::Ok);
}

int run_delete(const CommandLine& cl, std::ostream& err) {
    auto deleted = delete_documents(*cl.index, cl.operands);
    if (!deleted) {
        return fail(err, deleted.error());
    }
    err << PROGRAM << ": deleted " << *deleted << " of " << cl.operands.size() << " documents";
    if (*deleted < cl.operands.size()) {
        err << " (" << cl.operands.size() - *deleted << " not found)";
    }
    err << '\n';
    return status(ExitStatus::Ok);
}

int run_stats(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    auto stats = index_stats(*cl.index);
    if (!stats) {
        return fail(err, stats.error());
    }
    if (cl.json) {
        JsonWriter w;
        w.begin_object();
        w.key("index").value(*cl.index);
        w.key("generation").value(stats->generation);
        w.key("documents").value(stats->documents);
        w.key("by_type").begin_object();
        for (const auto& [type, count] : stats->by_type) {
            w.key(type).value(count);
        }
        w.end_object();
        w.key("schema").begin_object();
        w.key("name").value(stats->schema_name);
        w.key("version").value(stats->schema_version);
        w.end_object();
        w.key("bytes_on_disk").value(stats->bytes_on_disk);
        w.end_object();
        out << w.str() << '\n';
        return status(ExitStatus::Ok);
    }
    out << "index:       " << *cl.index << '\n'
        << "generation:  " << stats->generation << '\n'
        << "documents:   " << stats->documents << '\n';
    for (const auto& [type, count] : stats->by_type) {
        std::string label = "  " + type + ":";
        label.resize(std::max<size_t>(label.size() + 1, 13), ' ');
        out << label << count << '\n';
    }
    out << "schema:      " << stats->schema_name << " v" << stats->schema_version << '\n'
        << "size:        " << human_bytes(stats->bytes_on_disk) << " (" << stats->bytes_on_disk
        << " bytes)\n";
    return status(ExitStatus::Ok);
}

/**
 * The code point of the UTF-8 sequence starting at @p text[@p i] and its
 * length in bytes; length 0 when it is not valid UTF-8 (overlong, surrogate,
 * beyond U+10FFFF, cut short).
 */
std::pair<char32_t, size_t> decode_utf8(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
        return {lead, 1};
    }
    size_t length = 0;
    char32_t min = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        min = 0x10000;
    } else {
        return {0, 0};
    }
    if (i + length > text.size()) {
        return {0, 0};
    }
    char32_t cp = lead & (0x7Fu >> length);
    for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) {
            return {0, 0};
        }
        cp = (cp << 6) | (next & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {0, 0};
    }
    return {cp, length};
}

/**
 * @p text made safe to print on a terminal. Search queries are typed by
 * anyone, and an escape sequence printed raw would reach the editor's
 * terminal: C0 controls (newline and tab included), DEL and C1 controls are
 * shown as "\x1b" or "\u009b", each byte that is not UTF-8 as U+FFFD. Other
 * text, umlauts included, is kept as it is.
 */
std::string terminal_safe(std::string_view text) {
    static constexpr char HEX[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto [cp, length] = decode_utf8(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            ++i;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) {
            out += "\\x";
            out += HEX[cp >> 4];
            out += HEX[cp & 0xF];
        } else if (cp >= 0x80 && cp < 0xA0) {
            out += "\\u00";
            out += HEX[cp >> 4];
            out += HEX[cp & 0xF];
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    return out;
}

/** @p report with its queries made terminal_safe() for the text tables. */
AnalyticsReport terminal_safe(AnalyticsReport report) {
    for (auto* list : {&report.top_queries, &report.top_zero_results, &report.top_not_helpful}) {
        for (QueryTotals& totals : *list) {
            totals.key = terminal_safe(totals.key);
            totals.display = terminal_safe(totals.display);
        }
    }
    return report;
}

/** The editor analytics report (antwort::core builds it; searchd serves the same JSON). */
int run_report(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*cl.index, ec)) {
        return fail(err, make_error(ErrorCode::NotFound, "no index directory " + *cl.index));
    }
    auto report = build_analytics_report(*cl.index, static_cast<int>(cl.days),
                                         static_cast<size_t>(cl.limit), std::time(nullptr));
    if (!report) {
        return fail(err, report.error());
    }
    // JSON escapes control characters itself; the text tables get terminal_safe() queries.
    out << (cl.json ? analytics_report_json(*report) + '\n'
                    : analytics_report_text(terminal_safe(std::move(*report))));
    return status(ExitStatus::Ok);
}

} // namespace

std::string usage_text() {
    return R"(Usage: antwort-indexer COMMAND --index DIR [OPTIONS] [OPERANDS]

Commands:
  build  --index DIR [--schema FILE] [--max-errors N] [--max-shrink PERCENT]
         [--allow-shrink] FILE...
         Index NDJSON FILEs ("-" = standard input) into a new generation and
         publish it; the live generation keeps serving until the switch.
         Refuses to publish 0 documents, or fewer than the live generation
         by more than --max-shrink percent, unless --allow-shrink is given.
  update --index DIR [--schema FILE] [--max-errors N] [--batch-size N] FILE...
         Add or replace documents (by id) in the live generation. Creates the
         index if there is none (--schema only matters then).
  delete --index DIR ID...
         Delete documents by id from the live generation.
  stats  --index DIR [--json]
         Print generation, document counts by type, schema and size.
  report --index DIR [--days N] [--limit N] [--json]
         Editor analytics recorded by antwort-searchd: top queries, top
         queries without results and top "not helpful" queries of the last
         N days (default 30, UTC), grouped by normalised query.

Options:
  --index DIR       index directory (gen-NNNNNN/ databases, `current` symlink)
  --schema FILE     schema JSON (default: the built-in antwort.schema.json)
  --max-errors N    abort and change nothing once N lines were bad (0 = never, default)
  --batch-size N    update: documents per commit (default 10000)
  --max-shrink PERCENT
                    build: largest shrink of the live document count that
                    is published (0..100, default 50)
  --allow-shrink    build: publish even 0 documents or a larger shrink
  --json            stats, report: print JSON
  --days N          report: the last N days, today included (1..3660, default 30)
  --limit N         report: entries per list (1..1000, default 20)
  --no-progress     no progress line, even on a terminal
  -h, --help        print this help
  --version         print the version

Exit status: 0 done; 1 failed or refused, index unchanged; 2 usage error;
             3 done, but some input lines were bad and skipped.
Bad lines are reported as FILE:LINE: error: REASON on standard error.
)";
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            bool err_is_terminal) {
    auto cl = parse_args(args);
    if (cl && cl->help) {
        out << usage_text();
        return status(ExitStatus::Ok);
    }
    if (cl && cl->version) {
        out << PROGRAM << ' ' << ANTWORT_VERSION << " (Xapian " << Xapian::version_string()
            << ")\n";
        return status(ExitStatus::Ok);
    }
    std::optional<std::string> problem;
    if (!cl) {
        problem = cl.error().message;
    } else {
        problem = check_usage(*cl);
    }
    if (problem) {
        err << PROGRAM << ": " << *problem << "\n\n" << usage_text();
        return status(ExitStatus::Usage);
    }
    if (cl->command == "build" || cl->command == "update") {
        return run_ingest(*cl, err, err_is_terminal);
    }
    if (cl->command == "delete") {
        return run_delete(*cl, err);
    }
    if (cl->command == "report") {
        return run_report(*cl, out, err);
    }
    return run_stats(*cl, out, err);
}

} // namespace antwort::indexer
