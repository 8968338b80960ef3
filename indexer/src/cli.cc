/** @file antwort-indexer's commands: parse the arguments (CLI11), run, report, exit status. */
#include "antwort/indexer/cli.h"

#include "antwort/analytics_store.h"
#include "antwort/indexer/indexer.h"
#include "antwort/json_writer.h"
#include "antwort/text.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <ctime>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string_view>
#include <utility>

#ifndef ANTWORT_VERSION
#define ANTWORT_VERSION "unknown"
#endif

namespace antwort::indexer {

namespace {

constexpr const char* PROGRAM = "antwort-indexer";

/** What the command line asks for; the CLI11 options write into it. */
struct CommandLine {
    std::string command; ///< the subcommand given
    std::string index;
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
    std::vector<std::string> operands; ///< build, update: FILEs; delete: IDs
};

constexpr const char* FOOTER =
    R"(Exit status: 0 done; 1 failed or refused, index unchanged; 2 usage error;
             3 done, but some input lines were bad and skipped.
Bad lines are reported as FILE:LINE: error: REASON on standard error.)";

/**
 * Adds the option @p name, a whole number N in @p min..@p max, read in decimal
 * (CLI11 alone would take "-1" as 2^64-1 and "010" as 8).
 */
CLI::Option* add_count(CLI::App& command, const std::string& name, uint64_t& value,
                       const std::string& description, uint64_t min = 0,
                       uint64_t max = UINT64_MAX) {
    auto check = [min, max](std::string& text) -> std::string {
        uint64_t n = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
            return "needs a non-negative integer, not '" + text + "'";
        }
        if (n < min || n > max) {
            return text + " not in " + std::to_string(min) + ".." + std::to_string(max);
        }
        text = std::to_string(n);
        return "";
    };
    return command.add_option(name, value, description)
        ->type_name("N")
        ->transform(CLI::Validator(check, ""));
}

/** Adds the flag @p name; CLI11 would take --flag=yes, here it stays a usage error. */
void add_switch(CLI::App& command, const std::string& name, bool& value,
                const std::string& description) {
    command.add_flag(name, value, description)->check([](const std::string& given) {
        return given == "true" ? "" : "takes no value";
    });
}

/** A subcommand @p name with the --index option that every command needs. */
CLI::App& add_command(CLI::App& app, CommandLine& cl, const std::string& name,
                      const std::string& description) {
    CLI::App& command = *app.add_subcommand(name, description)->group("Commands");
    command
        .add_option("--index", cl.index,
                    "index directory (gen-NNNNNN/ databases, `current`\nsymlink)")
        ->type_name("DIR")
        ->required()
        ->check([](const std::string& dir) { return dir.empty() ? "needs a directory" : ""; });
    return command;
}

/** The options build and update share, and their FILE operands. */
void add_ingest_options(CLI::App& command, CommandLine& cl) {
    command
        .add_option_function<std::string>(
            "--schema", [&cl](const std::string& file) { cl.schema = file; },
            "schema JSON (default: the built-in\nantwort.schema.json)")
        ->type_name("FILE");
    add_count(command, "--max-errors", cl.max_errors,
              "abort and change nothing once N lines were\nbad (0 = never, default)");
    add_count(command, "--batch-size", cl.batch_size,
              "update: documents per commit (default 10000)");
    add_switch(command, "--no-progress", cl.no_progress, "no progress line, even on a terminal");
    command.add_option("FILE", cl.operands, "NDJSON input, \"-\" = standard input")
        ->type_name("")
        ->required();
}

/** The command line of antwort-indexer: one CLI11 subcommand per command, writing to @p cl. */
void define_commands(CLI::App& app, CommandLine& cl) {
    app.set_help_flag();
    app.set_help_all_flag("-h,--help", "print this help"); // all commands, as before
    app.set_version_flag("--version",
                         std::string(PROGRAM) + ' ' + ANTWORT_VERSION + " (Xapian " +
                             Xapian::version_string() + ")",
                         "print the version");
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.require_subcommand(1);
    app.fallthrough(); // --version after the command; unknown arguments end up here
    app.footer(FOOTER);
    app.get_formatter()->column_width(26);
    app.get_formatter()->label("SUBCOMMAND", "COMMAND");
    app.get_formatter()->label("Positionals", "Operands");

    CLI::App& build = add_command(
        app, cl, "build",
        "Index NDJSON FILEs into a new generation and publish it; the\n"
        "live generation keeps serving until the switch. Refuses to\n"
        "publish 0 documents, or fewer than the live generation by more\n"
        "than --max-shrink percent, unless --allow-shrink is given.");
    add_ingest_options(build, cl);
    add_count(build, "--max-shrink", cl.max_shrink,
              "largest shrink of the live document count\nthat is published (0..100, default 50)",
              0, 100)
        ->type_name("PERCENT");
    add_switch(build, "--allow-shrink", cl.allow_shrink,
               "publish even 0 documents or a larger shrink");

    add_ingest_options(add_command(app, cl, "update",
                                   "Add or replace documents (by id) in the live generation.\n"
                                   "Creates the index if there is none (--schema only matters\n"
                                   "then)."),
                       cl);

    add_command(app, cl, "delete", "Delete documents by id from the live generation.")
        .add_option("ID", cl.operands, "document id")
        ->type_name("")
        ->required();

    add_switch(add_command(app, cl, "stats",
                           "Print generation, document counts by type, schema and size."),
               "--json", cl.json, "print JSON");

    CLI::App& report =
        add_command(app, cl, "report",
                    "Editor analytics recorded by antwort-searchd: top queries, top\n"
                    "queries without results and top \"not helpful\" queries of the\n"
                    "last N days (UTC), grouped by normalised query.");
    add_count(report, "--days", cl.days, "the last N days, today included (1..3660,\ndefault 30)",
              1, MAX_REPORT_DAYS);
    add_count(report, "--limit", cl.limit, "entries per list (1..1000, default 20)", 1,
              MAX_REPORT_LIMIT);
    add_switch(report, "--json", cl.json, "print JSON");
}

/**
 * The one-line message for a usage error. Arguments that no option or operand
 * took (CLI11 collects them in the top command) are named first.
 */
std::string usage_problem(const CLI::App& app, const CLI::ParseError& error) {
    const std::vector<std::string> rest = app.remaining(true);
    if (app.get_subcommands().empty()) {
        return !rest.empty() && !rest.front().starts_with('-')
                   ? "unknown command '" + rest.front() + "'"
                   : "missing command";
    }
    if (!rest.empty()) {
        return "unexpected argument '" + rest.front() + "' for " +
               app.get_subcommands().front()->get_name();
    }
    return error.what();
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
    options.index = cl.index;
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
    auto deleted = delete_documents(cl.index, cl.operands);
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
    auto stats = index_stats(cl.index);
    if (!stats) {
        return fail(err, stats.error());
    }
    if (cl.json) {
        JsonWriter w;
        w.begin_object();
        w.key("index").value(cl.index);
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
    out << "index:       " << cl.index << '\n'
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
    if (!std::filesystem::is_directory(cl.index, ec)) {
        return fail(err, make_error(ErrorCode::NotFound, "no index directory " + cl.index));
    }
    auto report = build_analytics_report(cl.index, static_cast<int>(cl.days),
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
    CLI::App app("", PROGRAM);
    CommandLine cl;
    define_commands(app, cl);
    return app.help("", CLI::AppFormatMode::All);
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            bool err_is_terminal) {
    CLI::App app("", PROGRAM);
    CommandLine cl;
    define_commands(app, cl);
    try {
        app.parse(std::vector<std::string>(args.rbegin(), args.rend())); // CLI11 pops from the back
    } catch (const CLI::Success& e) { // --help, --version
        return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
        err << PROGRAM << ": error: " << usage_problem(app, e) << "\n\n"
            << app.help("", CLI::AppFormatMode::All);
        return status(ExitStatus::Usage);
    }
    cl.command = app.get_subcommands().front()->get_name();
    if (cl.command == "build" || cl.command == "update") {
        return run_ingest(cl, err, err_is_terminal);
    }
    if (cl.command == "delete") {
        return run_delete(cl, err);
    }
    if (cl.command == "report") {
        return run_report(cl, out, err);
    }
    return run_stats(cl, out, err);
}

} // namespace antwort::indexer
