/** @file antwort-indexer: builds and maintains Antwort indexes (see indexer/README.md). */
#include "antwort/indexer/cli.h"

#include <xapian.h>

#include <exception>
#include <iostream>
#include <unistd.h>

int main(int argc, char** argv) {
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        return antwort::indexer::run_cli(args, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1);
    } catch (const Xapian::Error& e) {
        std::cerr << "antwort-indexer: error: " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "antwort-indexer: error: " << e.what() << '\n';
    }
    return static_cast<int>(antwort::indexer::ExitStatus::Failed);
}
