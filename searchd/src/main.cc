/** @file antwort-searchd: serves an Antwort index over HTTP. */
#include "antwort/searchd/config.h"
#include "antwort/searchd/cors.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/search_service.h"

#include <httplib.h>

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

int main(int argc, char** argv) {
    using namespace antwort::searchd;
    auto config = parse_searchd_args(std::vector<std::string>(argv + 1, argv + argc));
    if (!config) {
        if (config.error().code == antwort::ErrorCode::NotFound) {
            std::cout << searchd_usage();
            return 0;
        }
        std::cerr << "antwort-searchd: " << config.error().message << '\n' << searchd_usage();
        return 2;
    }

    // Block SIGINT/SIGTERM in every thread (the pool inherits the mask); one
    // watcher thread takes them with sigwait() and stops the server from
    // ordinary code rather than from a signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        SearchService service(config->service);
        if (auto health = service.health(); !health) {
            std::cerr << "antwort-searchd: warning: " << health.error().message
                      << " (serving 503 until an index is published)\n";
        } else {
            // Load the analyzers' word lists now, not on the first member's query.
            SearchRequest warm_up;
            warm_up.q = "Benutzerkonto";
            (void)service.search(warm_up);
        }
        Handlers handlers(service);
        httplib::Server server;
        configure_server(server, handlers, config->threads);
        install_cors(server, config->cors_origins);

        int port = config->port;
        if (port == 0) {
            port = server.bind_to_any_port(config->host);
        } else if (!server.bind_to_port(config->host, port)) {
            port = -1;
        }
        if (port < 0) {
            std::cerr << "antwort-searchd: cannot listen on " << config->host << ':' << config->port
                      << '\n';
            return 1;
        }
        const bool v6 = config->host.find(':') != std::string::npos;
        std::cerr << "antwort-searchd: serving " << config->service.index.string() << " on http://"
                  << (v6 ? "[" : "") << config->host << (v6 ? "]" : "") << ':' << port << "/ with "
                  << config->threads << " threads\n";

        std::thread watcher([&server, &signals] {
            int sig = 0;
            sigwait(&signals, &sig);
            server.stop();
        });
        const bool ok = server.listen_after_bind();
        // Wake the watcher if the server ended on its own (its sigwait is
        // still pending); after a signal this is a harmless extra one.
        pthread_kill(watcher.native_handle(), SIGTERM);
        watcher.join();
        std::cerr << "antwort-searchd: stopped\n";
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "antwort-searchd: " << e.what() << '\n';
        return 1;
    }
}
