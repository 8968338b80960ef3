/**
 * @file connection_load: how antwort-searchd holds up against slow and many
 * clients, over loopback, bounded in time. Run by bench/connection_load.sh,
 * which starts the server; by hand:
 *
 *   connection_load --port P [--queries queries.tsv] [--seconds S]
 *                   [--max-connections N]
 *
 * Three phases, each printing its figures and whether it met its target:
 * 1. slow clients: 100 connections that send half a request and wait, and
 *    100 that send one byte every 3 s (each reconnects when the server
 *    closes it), held for S seconds while one client searches: every search
 *    answered, p99 <= 50 ms;
 * 2. 64 busy keep-alive clients searching as fast as they can: a new
 *    connection's /healthz answers within 100 ms (p99 and max);
 * 3. N idle connections (the server's --max-connections): a new
 *    connection's request gets 503 within 100 ms.
 * Exits 1 when a target is missed.
 */
#include "antwort/percentile.h"
#include "antwort/text.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Args {
    int port = 0;
    std::string queries;
    int seconds = 30;
    int max_connections = 256;
};

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

using antwort::percentile;

/** "/search?q=..." targets from a queries.tsv (qid<TAB>text), or a few built in. */
std::vector<std::string> search_targets(const std::string& file) {
    std::vector<std::string> queries;
    if (!file.empty()) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            const auto tab = line.find('\t');
            if (tab != std::string::npos && tab + 1 < line.size()) {
                queries.push_back(line.substr(tab + 1));
            }
        }
    }
    if (queries.empty()) {
        queries = {"Passwort vergessen", "Drucker einrichten", "Tabelle sortieren",
                   "Seitenzahlen einfügen", "Pakete installieren", "Absatz formatieren"};
    }
    std::vector<std::string> targets;
    for (const auto& q : queries) {
        targets.push_back("/search?q=" + antwort::percent_encode(q) + "&per_page=10");
    }
    return targets;
}

/** A raw connection to 127.0.0.1:port; -1 when it cannot connect. */
int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    timeval tv{0, 200'000}; // reads in this tool never wait long
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

/** True when the server has closed @p fd (a read returns 0 or fails hard). */
bool closed_by_server(int fd) {
    char buf[512];
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

bool report(const char* name, bool met, const std::string& figures) {
    std::printf("%-44s %s  %s\n", name, met ? "ok  " : "MISS", figures.c_str());
    std::fflush(stdout);
    return met;
}

/** Phase 1: slow clients held while one client searches. */
bool slow_clients(const Args& a, const std::vector<std::string>& targets) {
    const std::string half = "GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\n";
    const std::string dribble =
        "GET /search?q=Drucker HTTP/1.1\r\nHost: x\r\nUser-Agent: slow " + std::string(64, 'x') +
        "\r\n\r\n";
    std::atomic<bool> stop{false};
    std::atomic<long> reconnects{0};
    std::thread attackers([&] {
        std::vector<int> halves(100, -1);
        std::vector<int> drips(100, -1);
        std::vector<size_t> sent(100, 0);
        auto next_drip = Clock::now();
        while (!stop) {
            for (int& fd : halves) {
                if (fd >= 0 && closed_by_server(fd)) {
                    ::close(fd);
                    fd = -1;
                    ++reconnects;
                }
                if (fd < 0 && (fd = connect_to(a.port)) >= 0) {
                    (void)::send(fd, half.data(), half.size(), MSG_NOSIGNAL);
                }
            }
            if (Clock::now() >= next_drip) {
                next_drip += 3s;
                for (size_t i = 0; i < drips.size(); ++i) {
                    int& fd = drips[i];
                    if (fd >= 0 && closed_by_server(fd)) {
                        ::close(fd);
                        fd = -1;
                        ++reconnects;
                    }
                    if (fd < 0) {
                        fd = connect_to(a.port);
                        sent[i] = 0;
                    }
                    if (fd >= 0) {
                        (void)::send(fd, dribble.data() + sent[i] % dribble.size(), 1,
                                     MSG_NOSIGNAL);
                        ++sent[i];
                    }
                }
            }
            std::this_thread::sleep_for(100ms);
        }
        for (int fd : halves) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
        for (int fd : drips) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    });
    std::this_thread::sleep_for(1s); // the slow connections are all open
    httplib::Client client("127.0.0.1", a.port);
    client.set_read_timeout(20s);
    std::vector<double> times;
    long failed = 0;
    const auto end = Clock::now() + std::chrono::seconds(a.seconds);
    for (size_t i = 0; Clock::now() < end; ++i) {
        const auto before = Clock::now();
        auto res = client.Get(targets[i % targets.size()].c_str());
        times.push_back(ms(Clock::now() - before));
        if (!res || res->status != 200) {
            ++failed;
        }
    }
    stop = true;
    attackers.join();
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%zu searches, %ld failed, p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                  "%ld slow reconnects",
                  times.size(), failed, percentile(times, 0.5), percentile(times, 0.99),
                  times.empty() ? 0.0 : *std::max_element(times.begin(), times.end()),
                  reconnects.load());
    return report("200 slow clients: searches answered, p99<=50ms",
                  failed == 0 && !times.empty() && percentile(times, 0.99) <= 50.0, buf);
}

/** Phase 2: busy keep-alive clients; a new connection's /healthz. */
bool busy_keep_alive(const Args& a, const std::vector<std::string>& targets) {
    std::atomic<bool> stop{false};
    std::atomic<long> searches{0};
    std::atomic<long> failed{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 64; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", a.port);
            client.set_read_timeout(20s);
            for (size_t i = static_cast<size_t>(c); !stop; ++i) {
                auto res = client.Get(targets[i % targets.size()].c_str());
                if (!res || (res->status != 200 && res->status != 503)) {
                    ++failed;
                }
                ++searches;
            }
        });
    }
    std::this_thread::sleep_for(1s);
    std::vector<double> times;
    long probe_failed = 0;
    const auto end = Clock::now() + std::chrono::seconds(std::max(5, a.seconds / 3));
    while (Clock::now() < end) {
        httplib::Client probe("127.0.0.1", a.port);
        probe.set_read_timeout(20s);
        const auto before = Clock::now();
        auto res = probe.Get("/healthz");
        times.push_back(ms(Clock::now() - before));
        if (!res || res->status != 200) {
            ++probe_failed;
        }
        std::this_thread::sleep_for(100ms);
    }
    stop = true;
    for (auto& t : clients) {
        t.join();
    }
    const double worst = times.empty() ? 0.0 : *std::max_element(times.begin(), times.end());
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%zu probes (%ld failed): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                  "%ld searches by the busy clients, %ld failed",
                  times.size(), probe_failed, percentile(times, 0.5), percentile(times, 0.99),
                  worst, searches.load(), failed.load());
    return report("64 busy keep-alive: new /healthz <=100ms",
                  probe_failed == 0 && worst <= 100.0, buf);
}

/** Phase 3: the connection limit filled with idle connections; a new one gets 503. */
bool beyond_the_limit(const Args& a) {
    std::vector<int> idle;
    for (int i = 0; i < a.max_connections; ++i) {
        const int fd = connect_to(a.port);
        if (fd >= 0) {
            idle.push_back(fd);
        }
    }
    std::this_thread::sleep_for(300ms); // the server has accepted them all
    std::vector<double> times;
    long not_503 = 0;
    for (int i = 0; i < 20; ++i) {
        httplib::Client client("127.0.0.1", a.port);
        client.set_read_timeout(20s);
        const auto before = Clock::now();
        auto res = client.Get("/search?q=Drucker");
        times.push_back(ms(Clock::now() - before));
        if (!res || res->status != 503) {
            ++not_503;
        }
    }
    for (int fd : idle) {
        ::close(fd);
    }
    const double worst = *std::max_element(times.begin(), times.end());
    char buf[256];
    std::snprintf(buf, sizeof buf, "%zu idle connections; 20 requests: %ld not 503, max %.2f ms",
                  idle.size(), not_503, worst);
    return report("beyond the limit: 503 <=100ms", not_503 == 0 && worst <= 100.0, buf);
}

} // namespace

int main(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const std::string value = argv[i + 1];
        if (name == "--port") {
            a.port = std::atoi(value.c_str());
        } else if (name == "--queries") {
            a.queries = value;
        } else if (name == "--seconds") {
            a.seconds = std::atoi(value.c_str());
        } else if (name == "--max-connections") {
            a.max_connections = std::atoi(value.c_str());
        } else {
            std::cerr << "connection_load: unknown option " << name << '\n';
            return 2;
        }
    }
    if (a.port <= 0 || a.seconds <= 0 || a.max_connections <= 0) {
        std::cerr << "usage: connection_load --port P [--queries FILE] [--seconds S] "
                     "[--max-connections N]\n";
        return 2;
    }
    const auto targets = search_targets(a.queries);
    bool met = slow_clients(a, targets);
    met = busy_keep_alive(a, targets) && met;
    met = beyond_the_limit(a) && met;
    return met ? 0 : 1;
}
