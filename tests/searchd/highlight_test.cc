/** @file Tests for make_highlighted_snippet(): best window, marks, code-point offsets, escaping. */
#include "antwort/searchd/snippet.h"

#include <gtest/gtest.h>

namespace antwort::searchd {
namespace {

const analyzers::Analyzer& de_compound() {
    return **analyzers::get_analyzer("de_compound");
}

/** The index terms of the query words (whole word and compound parts). */
std::vector<std::string> terms(std::string_view query) {
    std::vector<std::string> out;
    for (const auto& token : de_compound().analyze(query)) {
        out.push_back(token.text);
    }
    return out;
}

/** Code points [start, end) of @p text, counted independently of the implementation. */
std::string code_point_substr(const std::string& text, size_t start, size_t end) {
    std::u32string wide;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len; ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        wide.push_back(cp);
        i += len;
    }
    std::string out;
    for (size_t i = start; i < end && i < wide.size(); ++i) {
        const char32_t cp = wide[i];
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

/** The marked words of @p s, via its code-point offsets. */
std::vector<std::string> marked(const Snippet& s) {
    std::vector<std::string> out;
    for (const auto& h : s.highlights) {
        out.push_back(code_point_substr(s.text, h.start, h.end));
    }
    return out;
}

TEST(HighlightTest, CompoundPartMarksTheWholeCompound) {
    const Snippet s = make_highlighted_snippet("Ich habe mein Benutzerkonto gelöscht.",
                                               de_compound(), terms("Konto"));
    EXPECT_EQ(marked(s), std::vector<std::string>{"Benutzerkonto"});
}

TEST(HighlightTest, StemMatchesInflectedUmlautForm) {
    const Snippet s =
        make_highlighted_snippet("Die Häuser am Fluss; ein Haus am See.", de_compound(),
                                 terms("Haus"));
    EXPECT_EQ(marked(s), (std::vector<std::string>{"Häuser", "Haus"}));
}

TEST(HighlightTest, OffsetsAreCodePointsNotBytes) {
    // "Größe " is 6 code points but 8 bytes: byte offsets would be off by 2.
    const Snippet s = make_highlighted_snippet("Größe ändern: Straße eintragen", de_compound(),
                                               terms("Straße"));
    ASSERT_EQ(s.highlights.size(), 1u);
    EXPECT_EQ(s.highlights[0], (Highlight{14, 20}));
    EXPECT_EQ(marked(s), std::vector<std::string>{"Straße"});
}

TEST(HighlightTest, UmlautSpellingVariantsMatch) {
    const Snippet s = make_highlighted_snippet("Bitte loeschen Sie den Eintrag oder löschen.",
                                               de_compound(), terms("löschen"));
    EXPECT_EQ(marked(s), (std::vector<std::string>{"loeschen", "löschen"}));
}

TEST(HighlightTest, HtmlIsEscapedAndMatchesMarked) {
    const Snippet s = make_highlighted_snippet("<script>alert('x')</script> & Drucker \"neu\"",
                                               de_compound(), terms("Drucker"));
    EXPECT_EQ(s.text, "<script>alert('x')</script> & Drucker \"neu\"");
    EXPECT_EQ(s.html(), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                        "<mark>Drucker</mark> &quot;neu&quot;");
}

TEST(HighlightTest, PicksTheWindowWithMostDistinctTerms) {
    std::string body = "Der Drucker steht im Flur. ";
    for (int i = 0; i < 40; ++i) {
        body += "Füllsatz ohne Bezug. ";
    }
    body += "Den Drucker installieren Sie über die Systemsteuerung. ";
    for (int i = 0; i < 40; ++i) {
        body += "Noch ein Füllsatz. ";
    }
    const Snippet s = make_highlighted_snippet(body, de_compound(), terms("Drucker installieren"));
    EXPECT_NE(s.text.find("Den Drucker installieren"), std::string::npos) << s.text;
    EXPECT_EQ(marked(s), (std::vector<std::string>{"Drucker", "installieren"}));
    EXPECT_EQ(s.text.rfind("… ", 0), 0u) << s.text;
}

TEST(HighlightTest, PrefixMatchesWordsStartingWithIt) {
    const Snippet s = make_highlighted_snippet("Druckereinstellungen und Druck prüfen",
                                               de_compound(), {}, {"druck"});
    EXPECT_EQ(marked(s), (std::vector<std::string>{"Druckereinstellungen", "Druck"}));
}

TEST(HighlightTest, HighlightsCutOffAtTheEndAreDropped) {
    std::string body;
    for (int i = 0; i < 60; ++i) {
        body += "Haus ";
    }
    const Snippet s = make_highlighted_snippet(body, de_compound(), terms("Haus"), {}, 50);
    ASSERT_FALSE(s.highlights.empty());
    for (const auto& word : marked(s)) {
        EXPECT_EQ(word, "Haus");
    }
    const std::string html = s.html();
    const std::string tail = "<mark>Haus</mark> …";
    ASSERT_GE(html.size(), tail.size());
    EXPECT_EQ(html.substr(html.size() - tail.size()), tail) << html;
}

TEST(HighlightTest, NoMatchGivesTheBodyStartWithoutMarks) {
    const Snippet s = make_highlighted_snippet("Ein <b>kurzer</b> Text.", de_compound(),
                                               terms("Drucker"));
    EXPECT_TRUE(s.highlights.empty());
    EXPECT_EQ(s.html(), "Ein &lt;b&gt;kurzer&lt;/b&gt; Text.");
}

} // namespace
} // namespace antwort::searchd
