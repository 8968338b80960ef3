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

void RouteTable::reject_other_methods() {
    std::vector<std::string> paths;
    for (const auto& route : routes_) {
        if (std::find(paths.begin(), paths.end(), route.path) == paths.end()) {
            paths.push_back(route.path);
        }
    }
    for (const auto& path : paths) {
        std::vector<std::string> methods;
        for (const auto& route : routes_) {
            if (route.path == path) {
                methods.push_back(route.method);
            }
        }
        auto has = [&methods](std::string_view m) {
            return std::find(methods.begin(), methods.end(), m) != methods.end();
        };
        std::string allowed;
        for (std::string_view m : {"GET", "POST"}) {
            if (has(m)) {
                allowed += allowed.empty() ? "" : ", ";
                allowed += m;
                if (m == "GET") {
                    allowed += ", HEAD";
                }
            }
        }
        auto reject = [allowed](const httplib::Request&, httplib::Response& res) {
            method_not_allowed(res, allowed);
        };
        const std::string regex = pattern(path);
        if (!has("POST")) {
            server_.Post(regex, reject);
        }
        if (!has("GET")) {
            server_.Get(regex, reject);
        }
        server_.Put(regex, reject);
        server_.Patch(regex, reject);
        server_.Delete(regex, reject);
    }
}

} // namespace antwort::searchd
