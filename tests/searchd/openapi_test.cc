/** @file docs/openapi.yaml agrees with the routes and search parameters of antwort-searchd. */
#include "testing/temp_dir.h"

#include "antwort/searchd/handlers.h"
#include "antwort/searchd/operations.h"
#include "antwort/searchd/search_service.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace antwort::searchd {
namespace {

const std::filesystem::path SOURCE_DIR = ANTWORT_SOURCE_DIR;

/**
 * Routes and /search parameters the API contract announces that other
 * branches add (issues 4-6). The document may describe them before this
 * server has them; once a route is registered it is checked like any other.
 * Empty this list when everything has landed.
 */
const std::set<std::string> ANNOUNCED_ROUTES = {};
const std::set<std::string> ANNOUNCED_SEARCH_PARAMS = {"collapse", "sort", "facets",
                                                       "updated_after"};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << "cannot read " << path;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/** What the test reads from docs/openapi.yaml. */
struct ApiDocument {
    std::set<std::string> routes;                            ///< "GET /documents/{id}"
    std::map<std::string, std::set<std::string>> query_params; ///< route -> names
};

size_t indent_of(const std::string& line) {
    return line.find_first_not_of(' ');
}

/**
 * Reads the `paths:` section of the OpenAPI file as written in this project:
 * paths at indent 2, methods at indent 4, parameters as block sequences of
 * mappings (`- name: X` followed by `in: query|path`).
 */
ApiDocument parse_openapi(const std::string& yaml) {
    ApiDocument doc;
    std::istringstream in(yaml);
    std::string line;
    bool in_paths = false;
    std::string path;
    std::string route;
    std::string param;
    static const std::set<std::string> methods = {"get", "post", "put", "patch", "delete"};
    static const std::regex name_re(R"(^\s*- name:\s*(\S+)\s*$)");
    static const std::regex in_re(R"(^\s*in:\s*(\S+)\s*$)");
    while (std::getline(in, line)) {
        if (line.empty() || line.find_first_not_of(' ') == std::string::npos ||
            line[indent_of(line)] == '#') {
            continue;
        }
        const size_t indent = indent_of(line);
        if (indent == 0) {
            in_paths = line == "paths:";
            continue;
        }
        if (!in_paths) {
            continue;
        }
        if (indent == 2 && line.back() == ':') {
            path = line.substr(2, line.size() - 3);
            route.clear();
            continue;
        }
        if (indent == 4 && line.back() == ':') {
            const std::string method = line.substr(4, line.size() - 5);
            if (methods.count(method) != 0) {
                std::string upper = method;
                for (auto& c : upper) {
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                }
                route = upper + " " + path;
                doc.routes.insert(route);
            } else {
                route.clear();
            }
            continue;
        }
        std::smatch m;
        if (!route.empty() && std::regex_match(line, m, name_re)) {
            param = m[1];
        } else if (!route.empty() && !param.empty() && std::regex_match(line, m, in_re)) {
            if (m[1] == "query") {
                doc.query_params[route].insert(param);
            }
            param.clear();
        }
    }
    return doc;
}

std::set<std::string> registered_routes() {
    antwort::testing::TempDir tmp;
    ServiceOptions options;
    options.index = tmp.path() / "no-index"; // routes do not need an index
    options.thesaurus_file = "";
    options.synonyms_file = "";
    SearchService service(options);
    Handlers handlers(service);
    HttpServer server;
    std::set<std::string> out;
    for (const auto& route : handlers.register_routes(server)) {
        out.insert(route.method + " " + route.path);
    }
    std::ostringstream quiet;
    Logger log(LogLevel::Error, &quiet);
    for (const auto& route : configure_operations(server, handlers, Config{}, log)) {
        out.insert(route.method + " " + route.path);
    }
    return out;
}

class OpenApiTest : public ::testing::Test {
  protected:
    void SetUp() override { doc_ = parse_openapi(read_file(SOURCE_DIR / "docs/openapi.yaml")); }
    ApiDocument doc_;
};

TEST_F(OpenApiTest, ParserReadsTheDocument) {
    // Guards the checks below against a parser that finds nothing.
    EXPECT_GE(doc_.routes.size(), 5u);
    EXPECT_EQ(doc_.routes.count("GET /search"), 1u);
    EXPECT_EQ(doc_.query_params["GET /search"].count("q"), 1u);
    EXPECT_EQ(doc_.query_params["GET /documents/{id}"].count("id"), 0u) << "a path parameter";
}

TEST_F(OpenApiTest, EveryRegisteredRouteIsDocumented) {
    const auto routes = registered_routes();
    ASSERT_FALSE(routes.empty());
    for (const auto& route : routes) {
        EXPECT_EQ(doc_.routes.count(route), 1u) << route << " is served but not in docs/openapi.yaml";
    }
}

TEST_F(OpenApiTest, EveryDocumentedRouteIsServed) {
    const auto routes = registered_routes();
    for (const auto& route : doc_.routes) {
        if (routes.count(route) == 0 && ANNOUNCED_ROUTES.count(route) == 0) {
            ADD_FAILURE() << route << " is in docs/openapi.yaml but the server has no such route";
        }
    }
}

/**
 * Routes registered on the httplib::Server directly, outside the RouteTable,
 * would escape the checks above: find literal ones in the sources (405
 * answers such as `server.Post("/x", get_only)` are not routes).
 */
TEST_F(OpenApiTest, NoRouteBypassesTheRouteTable) {
    static const std::regex raw_route(
        R"re(\.(Get|Post|Put|Patch|Delete)\(\s*"(/[^"]*)"\s*,\s*([A-Za-z_]*))re");
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(SOURCE_DIR / "searchd")) {
        if (entry.path().extension() != ".cc") {
            continue;
        }
        const std::string text = read_file(entry.path());
        for (std::sregex_iterator it(text.begin(), text.end(), raw_route), end; it != end; ++it) {
            std::string method = (*it)[1];
            for (auto& c : method) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            const std::string handler = (*it)[3];
            if (handler.size() > 5 && handler.compare(handler.size() - 5, 5, "_only") == 0) {
                continue;
            }
            const std::string route = method + " " + (*it)[2].str();
            EXPECT_EQ(doc_.routes.count(route), 1u)
                << entry.path().filename() << " registers " << route
                << " outside RouteTable and docs/openapi.yaml does not describe it";
        }
    }
}

/**
 * The names parse_search_params reads, from its source: every lookup goes
 * through single_value/list_values(params, "name") or params.find/count.
 */
std::set<std::string> parsed_search_params() {
    const std::string text = read_file(SOURCE_DIR / "searchd/engine/src/search_request.cc");
    static const std::regex lookup(
        R"re(params(?:\s*,\s*|\.(?:find|count|equal_range)\(\s*)"([a-z_]+)")re");
    std::set<std::string> names;
    for (std::sregex_iterator it(text.begin(), text.end(), lookup), end; it != end; ++it) {
        names.insert((*it)[1]);
    }
    return names;
}

TEST_F(OpenApiTest, EverySearchParameterIsDocumented) {
    const auto names = parsed_search_params();
    // The scan must see the parameters we know about, or it proves nothing.
    for (const char* known : {"q", "type", "category", "tag", "page", "per_page", "explain"}) {
        EXPECT_EQ(names.count(known), 1u) << "scan of search_request.cc missed " << known;
    }
    const auto& documented = doc_.query_params["GET /search"];
    for (const auto& name : names) {
        EXPECT_EQ(documented.count(name), 1u)
            << "parse_search_params reads '" << name << "'; document it under /search";
    }
    for (const auto& name : documented) {
        if (names.count(name) == 0 && ANNOUNCED_SEARCH_PARAMS.count(name) == 0) {
            ADD_FAILURE() << "docs/openapi.yaml documents /search parameter '" << name
                          << "' which parse_search_params does not read";
        }
    }
}

TEST_F(OpenApiTest, PageParametersAreSearchParameters) {
    const auto& page = doc_.query_params["GET /"];
    const auto& search = doc_.query_params["GET /search"];
    EXPECT_FALSE(page.empty());
    for (const auto& name : page) {
        EXPECT_EQ(search.count(name), 1u) << "the page documents '" << name
                                          << "' which /search does not take";
    }
}

} // namespace
} // namespace antwort::searchd
