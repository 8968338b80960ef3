/** @file SynonymMap: parsing OpenThesaurus-style files into term -> synonym terms. */
#include "antwort/searchd/synonyms.h"

#include "antwort/searchd/logger.h"
#include "antwort/text.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <tuple>

namespace antwort::searchd {

namespace {

/** One word of a synset: its index term and its length in letters. */
struct Entry {
    std::string term;
    size_t letters = 0;
};

size_t utf8_length(std::string_view s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}


/** The single-word entries of one line, analysed; multi-word entries are skipped. */
std::vector<Entry> parse_line(const analyzers::Analyzer& analyzer, std::string_view line) {
    std::vector<Entry> entries;
    line = trim(line, " \t\r\n");
    if (line.empty() || line.front() == '#') {
        return entries;
    }
    std::string word;
    size_t start = 0;
    while (start <= line.size()) {
        size_t end = line.find(';', start);
        if (end == std::string_view::npos) {
            end = line.size();
        }
        // Remove "(ugs.)", "(fachspr.)" and the like.
        word.clear();
        int depth = 0;
        for (char c : line.substr(start, end - start)) {
            if (c == '(') {
                ++depth;
            } else if (c == ')') {
                depth = std::max(0, depth - 1);
            } else if (depth == 0) {
                word.push_back(c);
            }
        }
        const std::string_view w = trim(word, " \t\r\n");
        start = end + 1;
        if (w.empty() || w.find_first_of(" \t") != std::string_view::npos) {
            continue; // only single words: phrases drift and cannot be one term
        }
        std::vector<analyzers::Token> tokens = analyzer.analyze(w);
        if (tokens.empty() || tokens.back().position != tokens.front().position) {
            continue; // a stop word, or several words ("E-Mail-Adresse" splits)
        }
        Entry entry{tokens.front().text, utf8_length(w)};
        auto same = [&entry](const Entry& e) { return e.term == entry.term; };
        if (std::none_of(entries.begin(), entries.end(), same)) {
            entries.push_back(std::move(entry));
        }
    }
    return entries;
}

std::vector<std::vector<Entry>> read_synsets(const analyzers::Analyzer& analyzer,
                                             std::istream& in) {
    std::vector<std::vector<Entry>> synsets;
    std::string line;
    while (std::getline(in, line)) {
        auto entries = parse_line(analyzer, line);
        if (entries.size() >= 2) {
            synsets.push_back(std::move(entries));
        }
    }
    return synsets;
}

void add_unique(std::vector<std::string>& out, const std::string& term, const std::string& key,
                size_t max) {
    if (out.size() < max && term != key && std::find(out.begin(), out.end(), term) == out.end()) {
        out.push_back(term);
    }
}

} // namespace

std::shared_ptr<const SynonymMap> SynonymMap::from_streams(const analyzers::Analyzer& analyzer,
                                                           std::istream* thesaurus,
                                                           std::istream* editor,
                                                           SynonymLimits limits) {
    auto map = std::make_shared<SynonymMap>();
    if (thesaurus != nullptr) {
        const auto synsets = read_synsets(analyzer, *thesaurus);
        std::unordered_map<std::string, std::vector<size_t>> senses;
        for (size_t i = 0; i < synsets.size(); ++i) {
            for (const Entry& e : synsets[i]) {
                senses[e.term].push_back(i);
            }
        }
        for (const auto& [term, ids] : senses) {
            if (ids.size() > limits.max_senses) {
                continue; // ambiguous ("Schloss": lock or castle)
            }
            std::vector<std::string> expansions;
            bool long_enough = false;
            for (size_t id : ids) {
                for (const Entry& e : synsets[id]) {
                    if (e.term == term) {
                        long_enough = long_enough || e.letters >= limits.min_letters;
                    } else if (e.letters >= limits.min_letters) {
                        add_unique(expansions, e.term, term, limits.max_expansions);
                    }
                }
            }
            if (long_enough && !expansions.empty()) {
                map->map_[term] = std::move(expansions);
            }
        }
    }
    if (editor != nullptr) {
        std::unordered_map<std::string, std::vector<std::string>> edited;
        for (const auto& synset : read_synsets(analyzer, *editor)) {
            for (const Entry& key : synset) {
                auto& expansions = edited[key.term];
                for (const Entry& e : synset) {
                    add_unique(expansions, e.term, key.term, limits.max_expansions);
                }
            }
        }
        for (auto& [term, expansions] : edited) {
            map->map_[term] = std::move(expansions); // editor lines win
        }
    }
    return map;
}

std::shared_ptr<const SynonymMap> SynonymMap::load(const analyzers::Analyzer& analyzer,
                                                   const std::string& thesaurus,
                                                   const std::string& editor,
                                                   SynonymLimits limits) {
    std::ifstream thesaurus_in;
    std::ifstream editor_in;
    auto open = [](const std::string& path, std::ifstream& in) -> std::istream* {
        if (path.empty()) {
            return nullptr;
        }
        in.open(path);
        if (!in) {
            Logger(LogLevel::Warn, &std::cerr)
                .warn("no synonyms", {{"file", path}, {"reason", "cannot open it"}});
            return nullptr;
        }
        return &in;
    };
    return from_streams(analyzer, open(thesaurus, thesaurus_in), open(editor, editor_in), limits);
}

std::shared_ptr<const SynonymMap> SynonymMap::shared(const std::string& analyzer_name,
                                                     const analyzers::Analyzer& analyzer,
                                                     const std::string& thesaurus,
                                                     const std::string& editor) {
    using Key = std::tuple<std::string, std::string, std::string>;
    static std::mutex mutex;
    static std::map<Key, std::shared_ptr<const SynonymMap>> cache;
    std::lock_guard lock(mutex); // loading takes a moment; others wait for it once
    auto& entry = cache[Key{analyzer_name, thesaurus, editor}];
    if (!entry) {
        entry = load(analyzer, thesaurus, editor);
    }
    return entry;
}

const std::vector<std::string>& SynonymMap::lookup(std::string_view term) const {
    static const std::vector<std::string> NONE;
    auto it = map_.find(std::string(term));
    return it == map_.end() ? NONE : it->second;
}

} // namespace antwort::searchd
