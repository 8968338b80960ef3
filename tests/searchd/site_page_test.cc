/** @file The search page without JavaScript: GET / over HTTP, its assets, and the HTML helpers. */
#include "searchd_test_util.h"

#include "antwort/searchd/site_page.h"
#include "antwort/searchd/snippet.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>

namespace antwort::searchd {
namespace {

using testing::TempDir;
using testing::TestServer;
using testing::url_encode;

std::vector<std::string> page_docs() {
    return {
        R"json({"id":"faq:html","type":"faq","title":"Sonderzeichen <b>fett</b> & \"Zitat\"","body":"Drucker mit <script>alert(1)</script> im Text einrichten.","lang":"de","url":"javascript:alert(1)","category":"Technik & Co","tags":["<i>"]})json",
        R"json({"id":"faq:drucker-1","type":"faq","title":"Drucker einrichten","body":"Den Drucker per USB anschließen und einrichten.","lang":"de","url":"https://example.org/d1","category":"Hardware"})json",
        R"json({"id":"art:drucker-2","type":"article","title":"Drucker reinigen","body":"Ein sauberer Drucker druckt besser.","lang":"de","url":"https://example.org/d2","category":"Hardware"})json",
        R"json({"id":"forum:drucker-3","type":"forum","title":"Drucker druckt nicht","body":"Mein Drucker druckt seit gestern nichts mehr.","lang":"de","thread":"t9"})json",
    };
}

class SitePageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        index_ = tmp_.path() / "index";
        testing::build_from_lines(index_, page_docs());
        server_ = std::make_unique<TestServer>(index_);
    }

    httplib::Result get(const std::string& target) { return server_->get(target); }

    TempDir tmp_;
    std::filesystem::path index_;
    std::unique_ptr<TestServer> server_;
};

TEST_F(SitePageTest, StartPageIsAGermanSearchForm) {
    auto res = get("/");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'self'"),
              std::string::npos);
    const std::string& html = res->body;
    EXPECT_NE(html.find("<html lang=\"de\">"), std::string::npos);
    EXPECT_NE(html.find("<label for=\"q\">"), std::string::npos);
    EXPECT_NE(html.find("<h1"), std::string::npos);
    EXPECT_NE(html.find("role=\"search\""), std::string::npos);
    EXPECT_NE(html.find("aria-live=\"polite\""), std::string::npos);
    EXPECT_NE(html.find("/assets/search.css"), std::string::npos);
    EXPECT_EQ(html.find("class=\"hit\""), std::string::npos);
    EXPECT_EQ(html.find("{{"), std::string::npos) << "unfilled template placeholder";
}

TEST_F(SitePageTest, QueryRendersTheResultsOfSearch) {
    auto api = get("/search?q=Drucker");
    ASSERT_TRUE(api);
    ASSERT_EQ(api->status, 200);
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(api->body);
    const uint64_t total = root["total"].get_uint64();
    ASSERT_GE(total, 3u);

    auto res = get("/?q=Drucker");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string& html = res->body;
    size_t hits = 0;
    for (size_t pos = 0; (pos = html.find("<li class=\"hit\">", pos)) != std::string::npos; ++pos) {
        ++hits;
    }
    EXPECT_EQ(hits, total);
    EXPECT_NE(html.find(std::to_string(total) + " Treffer für „Drucker“"), std::string::npos);
    for (auto hit : root["hits"].get_array()) {
        std::string title(hit["title"].get_string().value());
        EXPECT_NE(html.find(escape_html(title)), std::string::npos) << title;
    }
    EXPECT_NE(html.find("<a href=\"https://example.org/d1\">Drucker einrichten</a>"),
              std::string::npos);
    EXPECT_NE(html.find("data-id=\"faq:drucker-1\""), std::string::npos);
}

TEST_F(SitePageTest, HtmlInTheQueryIsEscaped) {
    auto res = get("/?q=" + url_encode("<script>alert(1)</script>\"'"));
    ASSERT_TRUE(res);
    const std::string& html = res->body;
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"), std::string::npos);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_EQ(html.find("\"'"), std::string::npos);
}

TEST_F(SitePageTest, HtmlInDocumentsIsEscapedAndUnsafeLinksDropped) {
    auto res = get("/?q=" + url_encode("Sonderzeichen"));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const std::string& html = res->body;
    EXPECT_NE(html.find("Sonderzeichen &lt;b&gt;fett&lt;/b&gt; &amp; &quot;Zitat&quot;"),
              std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("Technik &amp; Co"), std::string::npos);
    EXPECT_NE(html.find("<li>&lt;i&gt;</li>"), std::string::npos);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_EQ(html.find("<b>fett"), std::string::npos);
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << "no javascript: link";
}

TEST_F(SitePageTest, PaginationKeepsTheQueryAndFilters) {
    auto res = get("/?q=Drucker&per_page=2");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("aria-label=\"Seiten\""), std::string::npos);
    EXPECT_NE(res->body.find("rel=\"next\" href=\"/?page=2&amp;per_page=2&amp;q=Drucker\""),
              std::string::npos)
        << res->body;
    auto second = get("/?q=Drucker&per_page=2&page=2");
    ASSERT_TRUE(second);
    EXPECT_NE(second->body.find("<ol class=\"hits\" start=\"3\">"), std::string::npos);
    EXPECT_NE(second->body.find("rel=\"prev\""), std::string::npos);
    EXPECT_NE(second->body.find("aria-current=\"page\""), std::string::npos);
}

TEST_F(SitePageTest, FiltersNarrowTheResultsAndShowAsChecked) {
    auto res = get("/?q=Drucker&type=article");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const std::string& html = res->body;
    EXPECT_NE(html.find("Drucker reinigen"), std::string::npos);
    EXPECT_EQ(html.find("Drucker einrichten</a>"), std::string::npos);
    EXPECT_NE(html.find("name=\"type\" value=\"article\" checked"), std::string::npos) << html;
    EXPECT_NE(html.find("Alle Filter entfernen"), std::string::npos);
}

TEST_F(SitePageTest, BadParametersRenderTheFormWithTheError) {
    auto res = get("/?q=Drucker&page=0");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(res->body.find("role=\"alert\""), std::string::npos);
    EXPECT_NE(res->body.find("page"), std::string::npos);
    EXPECT_NE(res->body.find("value=\"Drucker\""), std::string::npos);
}

TEST_F(SitePageTest, NoResultsSaysSo) {
    auto res = get("/?q=Quantenchromodynamik");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("Keine Treffer für „Quantenchromodynamik“"), std::string::npos);
}

TEST_F(SitePageTest, InvalidUtf8AndControlBytesOfTheQueryNeverReachThePage) {
    // U+FFFD for the stray byte, NUL and ESC dropped: the words stay readable.
    const std::string shown = "\xEF\xBF\xBD" "abc";
    for (const std::string target : {"/?q=%FF%00abc%1B", "/?q=%FF%00abc%1B&page=0"}) { // NOLINT
        auto res = get(target);
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, target.find("page=0") == std::string::npos ? 200 : 400) << target;
        const std::string& html = res->body;
        EXPECT_TRUE(simdjson::validate_utf8(html.data(), html.size())) << target;
        EXPECT_EQ(html.find('\0'), std::string::npos) << target;
        EXPECT_EQ(html.find('\x1B'), std::string::npos) << target;
        EXPECT_NE(html.find("value=\"" + shown + "\""), std::string::npos) << target;
    }
    auto res = get("/?q=%FF%00abc%1B");
    ASSERT_TRUE(res);
    EXPECT_NE(res->body.find("<title>" + shown + " – Suche"), std::string::npos) << res->body;
    EXPECT_NE(res->body.find("Keine Treffer für „" + shown + "“"), std::string::npos);
}

std::string source_file(const std::string& rel) {
    std::ifstream in(std::string(ANTWORT_SOURCE_DIR) + "/searchd/http/web/" + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST_F(SitePageTest, AssetsAreServedWithTheirContentType) {
    auto css = get("/assets/search.css");
    ASSERT_TRUE(css);
    EXPECT_EQ(css->status, 200);
    EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
    EXPECT_NE(css->get_header_value("Cache-Control").find("max-age="), std::string::npos);
    EXPECT_EQ(css->body, source_file("assets/search.css"));

    auto js = get("/assets/search.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->status, 200);
    EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js->body, source_file("assets/search.js"));
}

TEST_F(SitePageTest, UnknownAssetsAre404) {
    for (const char* target : {"/assets/nope.css", "/assets/%2E%2E/templates/page.html",
                               "/assets/templates/page.html", "/assets/"}) {
        auto res = get(target);
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, 404) << target;
        EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8")
            << target;
    }
}

TEST_F(SitePageTest, OtherMethodsAre405) {
    httplib::Client client("127.0.0.1", server_->port());
    auto res = client.Post("/", "x", "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
}

TEST(SitePageHtml, EscapesEverythingSpecial) {
    EXPECT_EQ(escape_html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    EXPECT_EQ(escape_html("Größe"), "Größe");
}

TEST(SitePageHtml, DisplayTextRepairsUtf8AndDropsControlCharacters) {
    EXPECT_EQ(display_text("Größe – Maß 😀"), "Größe – Maß 😀");
    EXPECT_EQ(display_text(std::string("a\0b\x1B[31mc\x7F", 10)), "ab[31mc");
    EXPECT_EQ(display_text("zeile\neins\tzwei\r"), "zeile eins zwei ");
    EXPECT_EQ(display_text("\xC2\x85\xC2\x9F\xC2\xA0"), "\xC2\xA0"); // C1 dropped, NBSP kept
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(display_text("\xFF" "a"), fffd + "a");
    EXPECT_EQ(display_text("\xC0\xAF"), fffd + fffd);         // overlong "/"
    EXPECT_EQ(display_text("\xED\xA0\x80"), fffd + fffd + fffd); // a surrogate
    EXPECT_EQ(display_text("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd); // above U+10FFFF
    EXPECT_EQ(display_text("ab\xC3"), "ab" + fffd);            // cut sequence
}

TEST(SitePageHtml, HighlightsByCodePointOffsets) {
    // "Größe" is 5 code points but 7 bytes: offsets count code points.
    EXPECT_EQ(highlighted_html("Größe & Maß", {{0, 5}, {8, 11}}),
              "<mark>Größe</mark> &amp; <mark>Maß</mark>");
    EXPECT_EQ(highlighted_html("<b>", {{0, 3}}), "<mark>&lt;b&gt;</mark>");
    // Overlapping, empty and out-of-range ranges stay well-formed.
    EXPECT_EQ(highlighted_html("abcdef", {{1, 3}, {2, 4}, {5, 5}, {5, 99}}),
              "a<mark>bcd</mark>e<mark>f</mark>");
    EXPECT_EQ(highlighted_html("abc", {}), "abc");
}

TEST(SitePageHtml, SnippetKeepsOnlyMarks) {
    EXPECT_EQ(snippet_html("plain <b> & text"), "plain &lt;b&gt; &amp; text");
    EXPECT_EQ(snippet_html("ein <mark>Drucker</mark> &amp; &lt;x&gt;"),
              "ein <mark>Drucker</mark> &amp; &lt;x&gt;");
    EXPECT_EQ(snippet_html("<mark>offen"), "<mark>offen</mark>");
    EXPECT_EQ(snippet_html("<mark><script></mark>"), "<mark>&lt;script&gt;</mark>");
}

TEST(SitePageHtml, AssetContentTypes) {
    EXPECT_EQ(asset_content_type("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(asset_content_type("a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(asset_content_type("a.svg"), "image/svg+xml");
    EXPECT_EQ(asset_content_type("a"), "application/octet-stream");
}

} // namespace
} // namespace antwort::searchd
