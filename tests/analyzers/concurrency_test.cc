/** @file Shared analyzers give the same output when many threads use them at once. */
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "analyzer_test_util.h"

namespace antwort::analyzers {
namespace {

const std::vector<std::string>& texts_to_analyze() {
    static const std::vector<std::string> texts = {
        "Wie ändere ich die Seitenränder in LibreOffice-Writer?",
        "Die Häuser der Familie Müller stehen an der Hauptstraße.",
        "E-Mail-Adresse, Community-Management und Drag-and-Drop (Version 1.4.22).",
        "Привет мир 東京タワー Ελληνικά 😀 Straße Mueller",
        "Größenänderung: Bilder, Tabellen und Diagramme skalieren.",
        "Kundenbindungsrate, Arbeitsplatz und Datenschutzerklärung im Benutzerkonto.",
    };
    return texts;
}

bool same(const std::vector<Token>& a, const std::vector<Token>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].text != b[i].text || a[i].byte_begin != b[i].byte_begin ||
            a[i].byte_end != b[i].byte_end || a[i].position != b[i].position) {
            return false;
        }
    }
    return true;
}

TEST(ConcurrencyTest, ThreadsSharingAnAnalyzerMatchSingleThreadedOutput) {
    for (const char* name : {"de_text", "de_keyword", "de_compound", "de_query"}) {
        auto a = testing::analyzer(name);
        ASSERT_NE(a, nullptr);
        std::vector<std::vector<Token>> expected;
        for (const auto& text : texts_to_analyze()) {
            expected.push_back(a->analyze(text));
            ASSERT_FALSE(expected.back().empty());
        }
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 200; ++round) {
                    const std::size_t k = static_cast<std::size_t>(t + round) % expected.size();
                    if (!same(a->analyze(texts_to_analyze()[k]), expected[k])) {
                        ++mismatches;
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        EXPECT_EQ(mismatches.load(), 0) << name;
    }
}

} // namespace
} // namespace antwort::analyzers
