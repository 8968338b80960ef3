/** @file Robustness: random bytes and random Unicode must not crash any stage. */
#include "antwort/analyzers/normalize.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

/** Random bytes, biased towards UTF-8 lead/continuation bytes and separators. */
std::string random_bytes(std::mt19937& rng) {
    std::uniform_int_distribution<int> len(0, 120);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> kind(0, 9);
    static const char* const pieces[] = {"-",        " ", "\xC3", "\xA4",  "\xE2\x80",
                                         "\xF0\x9F", "ß", "ue",   "\u2010"};
    std::string s;
    for (int i = len(rng); i > 0; --i) {
        const int k = kind(rng);
        if (k < 6) {
            s += static_cast<char>(byte(rng));
        } else if (k < 8) {
            s += static_cast<char>('A' + byte(rng) % 58);
        } else {
            s += pieces[static_cast<std::size_t>(byte(rng)) % std::size(pieces)];
        }
    }
    return s;
}

void append_utf8(std::string& s, char32_t cp) {
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/** Random well-formed UTF-8 from all planes, plus hyphens and spaces. */
std::string random_unicode(std::mt19937& rng) {
    std::uniform_int_distribution<int> len(0, 60);
    std::uniform_int_distribution<uint32_t> any(0, 0x10FFFF);
    std::uniform_int_distribution<uint32_t> bmp(0x20, 0x2FFF);
    std::uniform_int_distribution<int> kind(0, 9);
    std::string s;
    for (int i = len(rng); i > 0; --i) {
        const int k = kind(rng);
        char32_t cp = k < 3 ? any(rng) : k < 8 ? bmp(rng) : (k == 8 ? U'-' : U' ');
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = U'x';
        }
        append_utf8(s, cp);
    }
    return s;
}

/** True if @p s is well-formed UTF-8 (terms must be, for Xapian and JSON). */
bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80                 ? 1
                        : c >= 0xC2 && c <= 0xDF ? 2
                        : c >= 0xE0 && c <= 0xEF ? 3
                        : c >= 0xF0 && c <= 0xF4 ? 4
                                                 : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n;
    }
    return true;
}

/** Every registered analyzer. */
constexpr const char* ANALYZERS[] = {"de_text", "de_keyword", "de_compound", "de_query"};

void check(std::string_view name, const std::string& input) {
    auto a = testing::analyzer(name);
    ASSERT_NE(a, nullptr);
    auto tokens = a->analyze(input);
    ASSERT_TRUE(testing::well_formed(input, tokens)) << name;
    for (const Token& t : tokens) {
        ASSERT_LE(t.text.size(), 64u);
        ASSERT_TRUE(valid_utf8(t.text)) << name << ": term is not UTF-8";
    }
    ASSERT_TRUE(valid_utf8(fold_case(input)));
}

TEST(RandomInputTest, RandomBytesDoNotBreakAnalyzers) {
    std::mt19937 rng(20240611);
    for (int i = 0; i < 3000; ++i) {
        const std::string input = random_bytes(rng);
        SCOPED_TRACE(::testing::Message() << "iteration " << i);
        for (const char* name : ANALYZERS) {
            check(name, input);
        }
        if (HasFatalFailure()) {
            return;
        }
    }
}

TEST(RandomInputTest, RandomUnicodeDoesNotBreakAnalyzers) {
    std::mt19937 rng(4711);
    for (int i = 0; i < 3000; ++i) {
        const std::string input = random_unicode(rng);
        SCOPED_TRACE(::testing::Message() << "iteration " << i);
        for (const char* name : ANALYZERS) {
            check(name, input);
        }
        if (HasFatalFailure()) {
            return;
        }
    }
}

/** Random runs of German word pieces, linking elements and umlauts: long
 *  letter-only words that reach deep into DecompoundFilter's search. */
std::string random_german(std::mt19937& rng) {
    static const char* const pieces[] = {
        "haus", "tür",  "s",    "en", "ung",    "kunde", "bindung", "rate", "ä",   "ß",
        "über", "e",    "n",    "er", "schaft", "daten", "bank",    "hof",  "ens", "Straße",
        "öl",   "zeit", "raum", "ü",  "-",      " ",     "Ü",       "xyz",  "é",   "\xC3"};
    std::uniform_int_distribution<int> len(0, 40);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
    std::string s;
    for (int i = len(rng); i > 0; --i) {
        s += pieces[pick(rng)];
    }
    return s;
}

TEST(RandomInputTest, RandomGermanPiecesDoNotBreakAnalyzers) {
    std::mt19937 rng(1848);
    for (int i = 0; i < 3000; ++i) {
        const std::string input = random_german(rng);
        SCOPED_TRACE(::testing::Message() << "iteration " << i << ": " << input);
        for (const char* name : ANALYZERS) {
            check(name, input);
        }
        if (HasFatalFailure()) {
            return;
        }
    }
}

} // namespace
} // namespace antwort::analyzers
