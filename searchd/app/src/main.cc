/** @file antwort-searchd: serves an Antwort index over HTTP. */
#include "antwort/searchd/analytics.h"
#include "antwort/searchd/config.h"
#include "antwort/searchd/feedback_applier.h"
#include "antwort/searchd/feedback_handler.h"
#include "antwort/searchd/cors.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/http_server.h"
#include "antwort/searchd/logger.h"
#include "antwort/searchd/operations.h"
#include "antwort/searchd/search_service.h"

#include <httplib.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
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

    Logger log(config->log_level, &std::cerr);
    try {
        SearchService service(config->service);
        if (auto health = service.health();
            !health && health.error().code == antwort::ErrorCode::Corrupt) {
            log.error("index unreadable; serving 503 until a new generation is published",
                      {{"reason", health.error().message}});
        } else if (!health) {
            log.warn("no index yet; serving 503 until one is published",
                     {{"reason", health.error().message}});
        } else {
            // Load the analyzers' word lists now, not on the first member's query.
            SearchRequest warm_up;
            warm_up.q = "Benutzerkonto";
            (void)service.search(warm_up);
        }
        // Editor analytics: counts per normalised query in <index>/analytics.sqlite.
        std::unique_ptr<AnalyticsRecorder> analytics;
        if (std::filesystem::is_directory(config->service.index)) {
            AnalyticsRecorder::Options options;
            options.file = antwort::AnalyticsStore::path_in(config->service.index);
            options.log = &log;
            auto opened = AnalyticsRecorder::open(std::move(options));
            if (opened) {
                analytics = std::move(*opened);
            } else {
                log.warn("analytics off", {{"reason", opened.error().message}});
            }
        }
        // "Was this helpful?": the store beside the index and the applier
        // that brings votes into the rating slot. Without a store (e.g. a
        // read-only index directory) searchd serves and answers votes 503.
        std::optional<antwort::FeedbackStore> store;
        std::unique_ptr<FeedbackApplier> applier;
        if (auto opened = antwort::FeedbackStore::open(
                antwort::FeedbackStore::path_for_index(config->service.index))) {
            store = std::move(*opened);
            applier = std::make_unique<FeedbackApplier>(config->service.index, *store,
                                                        config->feedback.apply_interval, &log);
        } else {
            log.warn("feedback disabled", {{"reason", opened.error().message}});
        }
        // A "not helpful" vote that names its query counts for that query in
        // the analytics (aggregated; the vote itself stores no query).
        FeedbackHandler::NotHelpfulHook not_helpful;
        if (analytics) {
            not_helpful = [recorder = analytics.get()](std::string_view query) {
                recorder->record_not_helpful(query);
            };
        }
        FeedbackHandler feedback(service, store ? &*store : nullptr, config->feedback,
                                 std::move(not_helpful));
        Handlers handlers(service, &feedback);
        feedback.set_metrics(&handlers.metrics());
        feedback.set_logger(log);
        handlers.set_logger(log);
        if (analytics) {
            handlers.set_analytics(*analytics);
        }
        HttpServer server;
        configure_server(server, handlers, config->threads);
        configure_operations(server, handlers, *config, log);
        install_cors(server, config->cors_origins);

        const int port = server.bind(config->host, config->port);
        if (port < 0) {
            log.error("cannot listen", {{"address", config->host + ":" +
                                                        std::to_string(config->port)}});
            return 1;
        }
        const bool v6 = config->host.find(':') != std::string::npos;
        const std::string url = std::string("http://") + (v6 ? "[" : "") + config->host +
                                (v6 ? "]" : "") + ":" + std::to_string(port) + "/";
        LogFields fields = {{"url", url},
                            {"index", config->service.index.string()},
                            {"threads", std::to_string(config->threads)},
                            {"api_keys", std::to_string(config->api_keys.size())}};
        if (!config->config_file.empty()) {
            fields.emplace_back("config", config->config_file);
        }
        log.info("serving", fields);

        std::atomic<bool> ended{false};
        std::thread watcher([&server, &signals, &log, &ended] {
            int sig = 0;
            sigwait(&signals, &sig);
            if (!ended) {
                log.info("stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
            }
            server.stop();
        });
        if (applier) {
            applier->start();
        }
        const bool ok = server.run();
        ended = true;
        if (applier) {
            applier->stop(); // a pass in progress finishes first
        }
        // Wake the watcher if the server ended on its own (its sigwait is
        // still pending); after a signal this is a harmless extra one.
        pthread_kill(watcher.native_handle(), SIGTERM);
        watcher.join();
        // Every worker has finished (listen_after_bind joined the pool), so
        // this final flush writes every search counted.
        if (analytics) {
            if (auto flushed = analytics->stop(); !flushed) {
                log.error("analytics lost", {{"reason", flushed.error().message}});
            }
        }
        log.info("stopped");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
