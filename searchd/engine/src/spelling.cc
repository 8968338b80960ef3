/** @file Spelling correction: edit distance over the index vocabulary. */
#include "antwort/searchd/spelling.h"

#include "antwort/analyzers/normalize.h"

#include <algorithm>
#include <vector>

namespace antwort::searchd {

size_t edit_distance(std::string_view a, std::string_view b, size_t max) {
    const size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (diff > max) {
        return max + 1;
    }
    std::vector<size_t> prev(b.size() + 1);
    std::vector<size_t> cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > max) {
            return max + 1;
        }
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], max + 1);
}

size_t max_edits(size_t bytes) {
    if (bytes < 4) {
        return 0;
    }
    return bytes <= 5 ? 1 : 2;
}

std::vector<std::string> closest_terms(const Xapian::Database& db, std::string_view term,
                                       size_t limit) {
    struct Candidate {
        std::string term;
        size_t distance;
        Xapian::doccount freq;
    };
    std::vector<Candidate> found;
    const size_t max = max_edits(term.size());
    if (max == 0 || limit == 0) {
        return {};
    }
    auto better = [](const Candidate& a, const Candidate& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.freq > b.freq;
    };
    // Typos rarely hit the first letter: scanning only the terms that share
    // it keeps the pass to a few percent of the vocabulary.
    const std::string first(term.substr(0, 1));
    for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
        const std::string candidate = *it;
        if (candidate.empty() || (candidate[0] >= 'A' && candidate[0] <= 'Z')) {
            continue; // prefixed: ids, filters, exact forms, per-field terms
        }
        const size_t d = edit_distance(term, candidate, max);
        if (d == 0 || d > max) {
            continue;
        }
        found.push_back(Candidate{candidate, d, it.get_termfreq()});
    }
    std::sort(found.begin(), found.end(), better);
    std::vector<std::string> out;
    for (size_t i = 0; i < found.size() && i < limit; ++i) {
        out.push_back(std::move(found[i].term));
    }
    return out;
}

std::optional<std::string> surface_of(const analyzers::Analyzer& analyzer, std::string_view text,
                                      std::string_view term) {
    const std::vector<analyzers::Token> tokens = analyzer.analyze(text);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const auto& token = tokens[i];
        if (token.text != term || (i > 0 && tokens[i - 1].position == token.position)) {
            continue;
        }
        if (token.byte_begin < token.byte_end && token.byte_end <= text.size()) {
            return analyzers::lower_case(
                text.substr(token.byte_begin, token.byte_end - token.byte_begin));
        }
    }
    return std::nullopt;
}

} // namespace antwort::searchd
