/** @file RouteTable: route registration that remembers what it registered. */
#include "antwort/searchd/routes.h"

#include "antwort/searchd/http_util.h"

#include <algorithm>

namespace antwort::searchd {

std::string RouteTable::pattern(std::string_view path) {
    std::string out;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '{') {
            auto close = path.find('}', i);
            if (close != std::string_view::npos) {
                out += "(.+)";
                i = close + 1;
                continue;
            }
        }
        // Regex metacharacters in a literal path segment are matched literally.
        if (std::string_view(".[]()*+?^$|\\").find(path[i]) != std::string_view::npos) {
            out.push_back('\\');
        }
        out.push_back(path[i]);
        ++i;
    }
    return out;
}

RouteTable& RouteTable::get(std::string path, httplib::Server::Handler handler) {
    server_.Get(pattern(path), std::move(handler));
    routes_.push_back({"GET", std::move(path)});
    return *this;
}

RouteTable& RouteTable::post(std::string path, httplib::Server::Handler handler) {
    server_.Post(pattern(path), std::move(handler));
    routes_.push_back({"POST", std::move(path)});
    return *this;
}

std::vector<std::pair<std::string, std::string>> allowed_methods(const std::vector<Route>& routes) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& route : routes) {
        auto has = [&route](const std::pair<std::string, std::string>& entry) {
            return entry.first == route.path;
        };
        if (std::find_if(out.begin(), out.end(), has) != out.end()) {
            continue;
        }
        std::string allowed;
        for (std::string_view m : {"GET", "POST"}) {
            const bool registered = std::any_of(routes.begin(), routes.end(), [&](const Route& r) {
                return r.path == route.path && r.method == m;
            });
            if (registered) {
                allowed += allowed.empty() ? "" : ", ";
                allowed += m;
                if (m == "GET") {
                    allowed += ", HEAD";
                }
            }
        }
        out.emplace_back(route.path, allowed);
    }
    return out;
}

void RouteTable::reject_other_methods() {
    for (const auto& [path, allowed] : allowed_methods(routes_)) {
        auto reject = [allowed = allowed](const httplib::Request&, httplib::Response& res) {
            method_not_allowed(res, allowed);
        };
        const std::string regex = pattern(path);
        const bool has_get = allowed.rfind("GET", 0) == 0;
        const bool has_post = allowed.find("POST") != std::string::npos;
        if (!has_post) {
            server_.Post(regex, reject);
        }
        if (!has_get) {
            server_.Get(regex, reject);
        }
        server_.Put(regex, reject);
        server_.Patch(regex, reject);
        server_.Delete(regex, reject);
        // OPTIONS names the methods; a CORS preflight gets its headers from
        // install_cors()'s post-routing hook.
        server_.Options(regex, [allowed = allowed](const httplib::Request&,
                                                   httplib::Response& res) {
            res.status = 204;
            res.set_header("Allow", allowed + ", OPTIONS");
        });
    }
}

void allow_routes(HttpServer& server, const std::vector<Route>& routes) {
    for (const auto& [path, allowed] : allowed_methods(routes)) {
        server.allow_methods(RouteTable::pattern(path), allowed);
    }
}

} // namespace antwort::searchd
