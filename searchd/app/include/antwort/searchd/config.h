/** @file Configuration of antwort-searchd (command line and config file) and antwort-eval. */
#pragma once

#include "antwort/result.h"
#include "antwort/searchd/evaluation.h"
#include "antwort/searchd/server_config.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace antwort::searchd {

/** Configuration of antwort-eval. */
struct EvalConfig {
    ServiceOptions service;
    std::string queries; ///< queries.tsv
    std::string qrels;   ///< qrels.tsv
    std::string run;     ///< optional TREC run output file ("" = none)
    /** --similar: run each query as `GET /similar?text=` and report Hit@5 and MRR@10. */
    bool similar = false;
    /** --serve-lines: answer query lines on stdin with ranked ids (serve_lines(),
     *  evaluation.h); --queries and --qrels are then not needed. */
    bool serve_lines = false;
    /** --per-page N, --snippets: the page each query asks for (default: 100 ids). */
    EvalPage page;
};

/** The usage text of antwort-searchd (its --help: every option, grouped). */
const char* searchd_usage();
/** The usage text of antwort-eval (its --help). */
const char* eval_usage();

/**
 * Parses antwort-searchd's arguments (without the program name):
 * `--index DIR [--listen HOST:PORT] [--threads N] [--rating-weight W] [--k1 X] [--b Y] ...`
 * (see searchd_usage()). Both `--opt value` and `--opt=value` are accepted.
 *
 * `--config FILE` reads options from FILE first: one `name = value` per
 * line, where name is a long option without the dashes (`-` or `_` alike:
 * `api_key = ...` is `--api-key ...`), `#` starts a comment line, a value may
 * be put in double quotes. Every option of the command line works there, so
 * one option table serves both. Options on the command line come after the
 * file's, so they override its values; repeatable options (`--api-key`)
 * add to the file's list.
 *
 * Fails with InvalidArgument naming the bad option in one line (and
 * `FILE:LINE:` for an option from the config file); "--help" or "-h" yields
 * NotFound so the caller can print usage and exit 0. The options are
 * CLI11's, private to this library.
 */
Result<Config> parse_searchd_args(const std::vector<std::string>& args);

/**
 * Parses antwort-eval's arguments: `--index DIR --queries FILE --qrels FILE
 * [--run FILE] [--similar] [--rating-weight W] [--k1 X] [--b Y] ...` (see
 * eval_usage()); errors as for parse_searchd_args().
 */
Result<EvalConfig> parse_eval_args(const std::vector<std::string>& args);

} // namespace antwort::searchd
