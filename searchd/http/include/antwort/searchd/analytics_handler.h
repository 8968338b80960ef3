/** @file `GET /admin/analytics`: the editor analytics report over HTTP. */
#pragma once

#include "antwort/searchd/routes.h"

#include <filesystem>

namespace antwort::searchd {

/**
 * Registers `GET /admin/analytics?days=N&limit=N` in @p routes: the
 * analytics report (build_analytics_report(), analytics_report_json()) of the
 * store in @p index_dir; `days` 1..3660 (default 30), `limit` 1..1000
 * (default 20), else 400. Access control for the admin paths is not done here.
 */
void register_analytics_routes(RouteTable& routes, const std::filesystem::path& index_dir);

} // namespace antwort::searchd
