/**
 * @file The antwort-indexer command line: argument parsing (CLI11) and the
 * commands. Library antwort::indexer_cli, apart from antwort::indexer.
 */
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace antwort::indexer {

/** Exit statuses of antwort-indexer (documented in indexer/README.md). */
enum class ExitStatus : int {
    Ok = 0,       ///< done, no bad lines
    Failed = 1,   ///< nothing was changed: error, lock held, --max-errors reached, no index
    Usage = 2,    ///< bad command line
    BadLines = 3, ///< done and published, but some input lines were bad and skipped
};

/** The help of all commands, as --help prints it. */
std::string usage_text();

/**
 * Runs antwort-indexer. @p args are the arguments without the program name;
 * results (stats) go to @p out, diagnostics, progress and summaries to @p err.
 * Progress is shown when @p err_is_terminal. Returns the exit status.
 */
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            bool err_is_terminal);

} // namespace antwort::indexer
