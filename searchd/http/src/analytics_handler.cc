/** @file `GET /admin/analytics`: the editor analytics report over HTTP. */
#include "antwort/searchd/analytics_handler.h"

#include "antwort/analytics_store.h"
#include "antwort/searchd/http_util.h"

#include <charconv>
#include <ctime>
#include <optional>

namespace antwort::searchd {

namespace {

/** The integer parameter @p name in @p lo..@p hi, @p fallback when absent; nullopt if bad. */
std::optional<long> int_param(const httplib::Request& req, const char* name, long fallback, long lo,
                              long hi) {
    if (!req.has_param(name)) {
        return fallback;
    }
    const std::string text = req.get_param_value(name);
    long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || n < lo || n > hi) {
        return std::nullopt;
    }
    return n;
}

void get_admin_analytics(const httplib::Request& req, httplib::Response& res,
                         const std::filesystem::path& index_dir) {
    guarded(res, [&] {
        const auto days = int_param(req, "days", 30, 1, MAX_REPORT_DAYS);
        if (!days) {
            send_error(res, 400, "invalid_argument",
                       "days must be an integer from 1 to " + std::to_string(MAX_REPORT_DAYS));
            return;
        }
        const auto limit = int_param(req, "limit", static_cast<long>(DEFAULT_REPORT_LIMIT), 1,
                                     static_cast<long>(MAX_REPORT_LIMIT));
        if (!limit) {
            send_error(res, 400, "invalid_argument",
                       "limit must be an integer from 1 to " + std::to_string(MAX_REPORT_LIMIT));
            return;
        }
        auto report = build_analytics_report(index_dir, static_cast<int>(*days),
                                             static_cast<size_t>(*limit), std::time(nullptr));
        if (!report) {
            send_error(res, report.error());
            return;
        }
        send_json(res, 200, analytics_report_json(*report));
    });
}

} // namespace

void register_analytics_routes(RouteTable& routes, const std::filesystem::path& index_dir) {
    routes.get("/admin/analytics", [index_dir](const auto& req, auto& res) {
        get_admin_analytics(req, res, index_dir);
    });
}

} // namespace antwort::searchd
