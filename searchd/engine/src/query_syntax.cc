/** @file parse_query_syntax() and the Xapian queries for phrases, exclusions and prefixes. */
#include "antwort/searchd/query_syntax.h"

#include <algorithm>
#include <iterator>

namespace antwort::searchd {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/** Byte length of a quote character at @p pos ("", „, “, ”), or 0. */
size_t quote_at(std::string_view s, size_t pos) {
    if (s[pos] == '"') {
        return 1;
    }
    if (pos + 2 < s.size() && s.compare(pos, 2, "\xE2\x80") == 0 &&
        (s[pos + 2] == '\x9C' || s[pos + 2] == '\x9D' || s[pos + 2] == '\x9E')) {
        return 3;
    }
    return 0;
}

size_t code_points(std::string_view s) {
    return static_cast<size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void append_word(std::string& words, std::string_view word) {
    if (word.empty()) {
        return;
    }
    if (!words.empty()) {
        words.push_back(' ');
    }
    words.append(word);
}

/** `*` inside a word separates words. */
std::string stars_to_spaces(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '*', ' ');
    return out;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

/**
 * True when @p previous makes a leading dash a German suspended compound
 * ("Import und -Export", "Ein- oder -Ausgang"), not an exclusion.
 */
bool suspends_compound(std::string_view previous) {
    static constexpr std::string_view JOINERS[] = {"und", "oder", "bzw.", "sowie", "u.",
                                                   "Und", "Oder", "bzw", "&"};
    if (previous.empty()) {
        return false;
    }
    if (previous.back() == '-' || previous.back() == ',') {
        return true;
    }
    return std::find(std::begin(JOINERS), std::end(JOINERS), previous) != std::end(JOINERS);
}

/** @p glued: the token follows a closing quote without a space ("„Model C“-Schulen"),
 *  so a leading dash continues a compound like a suspended one. */
void add_token(QuerySyntax& out, std::string_view token, std::string_view previous,
               bool glued) {
    if (token.front() == '-' && (glued || suspends_compound(previous))) {
        append_word(out.words, trim_spaces(stars_to_spaces(token.substr(1))));
        return;
    }
    if (token.size() > 2 && token.starts_with("--") && token[2] != '-') {
        // A command-line option ("mount --bind"), as typed in support questions.
        append_word(out.words, trim_spaces(stars_to_spaces(token)));
        return;
    }
    if (token.front() == '-') {
        size_t dashes = token.find_first_not_of('-');
        if (dashes == std::string_view::npos) {
            return; // a lone "-": nothing to exclude
        }
        std::string rest = stars_to_spaces(token.substr(dashes));
        std::string_view trimmed = trim_spaces(rest);
        if (!trimmed.empty()) {
            out.excluded.emplace_back(trimmed);
        }
        return;
    }
    if (token.find('*') == std::string_view::npos) {
        append_word(out.words, token);
        return;
    }
    std::string_view stem = token;
    while (!stem.empty() && stem.back() == '*') {
        stem.remove_suffix(1);
    }
    const bool trailing_star = stem.size() < token.size();
    if (!trailing_star || stem.find('*') != std::string_view::npos ||
        code_points(stem) < MIN_PREFIX_CHARS) {
        // Not a usable prefix ("*", "a*", "Dru*ck"): plain words.
        append_word(out.words, trim_spaces(stars_to_spaces(stem)));
        return;
    }
    out.prefixes.emplace_back(stem);
}

/**
 * Adds the words, exclusions and prefixes of @p text. @p after_quote: the
 * text follows a closing quote; a dash right after it continues a compound
 * ("„Model C“-Schulen"), it excludes nothing.
 */
void add_plain(QuerySyntax& out, std::string_view text, bool after_quote = false) {
    size_t pos = 0;
    std::string_view previous;
    while (pos < text.size()) {
        while (pos < text.size() && is_space(text[pos])) {
            ++pos;
        }
        size_t end = pos;
        while (end < text.size() && !is_space(text[end])) {
            ++end;
        }
        if (end > pos) {
            add_token(out, text.substr(pos, end - pos), previous, after_quote && pos == 0);
            previous = text.substr(pos, end - pos);
        }
        pos = end;
    }
}

/** The distinct whole-word terms of @p text with their positions (first token per position). */
std::vector<analyzers::Token> word_tokens(const analyzers::Analyzer& analyzer,
                                          std::string_view text) {
    std::vector<analyzers::Token> tokens = analyzer.analyze(text);
    std::stable_sort(tokens.begin(), tokens.end(),
                     [](const auto& a, const auto& b) { return a.position < b.position; });
    std::vector<analyzers::Token> words;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i == 0 || tokens[i].position != tokens[i - 1].position) {
            words.push_back(std::move(tokens[i]));
        }
    }
    return words;
}

void add_unique(std::vector<std::string>& out, const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) {
        out.push_back(s);
    }
}

} // namespace

QuerySyntax parse_query_syntax(std::string_view q) {
    // Quote positions; an odd one out (the last) is ignored.
    std::vector<std::pair<size_t, size_t>> quotes; // byte offset, length
    for (size_t pos = 0; pos < q.size(); ++pos) {
        if (size_t len = quote_at(q, pos); len > 0) {
            quotes.emplace_back(pos, len);
            pos += len - 1;
        }
    }
    QuerySyntax out;
    size_t pos = 0;
    size_t pairs = quotes.size() / 2;
    bool after_quote = false; // q[pos] follows a phrase's closing quote
    for (size_t i = 0; i < pairs; ++i) {
        const auto [open, open_len] = quotes[2 * i];
        const auto [close, close_len] = quotes[2 * i + 1];
        add_plain(out, q.substr(pos, open - pos), after_quote);
        std::string_view phrase = trim_spaces(q.substr(open + open_len, close - open - open_len));
        if (!phrase.empty()) {
            std::string text = stars_to_spaces(phrase);
            append_word(out.words, text);
            out.phrases.push_back(std::move(text));
        }
        pos = close + close_len;
        after_quote = true;
    }
    if (quotes.size() % 2 == 1) {
        // Unbalanced: the last quote is a space.
        const auto [lone, lone_len] = quotes.back();
        add_plain(out, q.substr(pos, lone - pos), after_quote);
        pos = lone + lone_len;
        after_quote = false;
    }
    add_plain(out, q.substr(pos), after_quote);
    return out;
}

SyntaxQueries syntax_queries(const QuerySyntax& syntax, const SyntaxAnalyzers& analyzers) {
    SyntaxQueries out;
    std::vector<Xapian::Query> phrases;
    for (const auto& phrase : syntax.phrases) {
        const std::vector<analyzers::Token> words = word_tokens(analyzers.index, phrase);
        if (words.empty()) {
            continue;
        }
        std::vector<std::string> terms;
        for (const auto& w : words) {
            terms.push_back(w.text);
            add_unique(out.highlight_terms, w.text);
        }
        if (terms.size() == 1) {
            // One word in quotes ("\"&\" oder \"+\"", "\"Drucker\""): the index is
            // stemmed, so it cannot mean "exactly this form"; it ranks as a word.
            continue;
        }
        // The window covers the analyser's positions, so a stop word the
        // index analyser skipped still fits between the words.
        const auto window =
            static_cast<Xapian::termcount>(words.back().position - words.front().position + 1);
        phrases.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             std::max<Xapian::termcount>(window, terms.size()));
    }
    if (!phrases.empty()) {
        out.required = Xapian::Query(Xapian::Query::OP_AND, phrases.begin(), phrases.end());
    }
    std::vector<std::string> excluded;
    for (const auto& word : syntax.excluded) {
        for (const auto& w : word_tokens(analyzers.index, word)) {
            add_unique(excluded, w.text);
        }
    }
    if (!excluded.empty()) {
        out.excluded = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    }
    for (const auto& prefix : syntax.prefixes) {
        const std::vector<analyzers::Token> folded = word_tokens(analyzers.keyword, prefix);
        const std::vector<analyzers::Token> stemmed = word_tokens(analyzers.index, prefix);
        if (folded.empty()) {
            continue;
        }
        // "Drucker*": a multi-token prefix ("E-Ma*") keeps its last word as
        // the prefix and requires nothing else (the words rank via OR).
        const std::string& pattern = folded.back().text;
        std::vector<Xapian::Query> alternatives;
        alternatives.emplace_back(Xapian::Query::OP_WILDCARD, pattern, MAX_PREFIX_EXPANSION,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        add_unique(out.highlight_prefixes, pattern);
        if (!stemmed.empty()) {
            // The stem of the prefix itself ("drucker" -> "druck"): the
            // indexed form of the word typed, which the pattern may miss.
            alternatives.emplace_back(stemmed.back().text);
            add_unique(out.highlight_terms, stemmed.back().text);
        }
        out.prefixes.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    return out;
}

Xapian::Query apply_syntax(Xapian::Query text, const SyntaxQueries& ops, Phrases phrases) {
    Xapian::Query query = std::move(text);
    for (const auto& prefix : ops.prefixes) {
        query = query.empty() ? prefix : Xapian::Query(Xapian::Query::OP_OR, query, prefix);
    }
    if (!ops.required.empty() && phrases == Phrases::RankOnly) {
        query = query.empty() ? ops.required
                              : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, ops.required);
    } else if (!ops.required.empty()) {
        // The phrase decides the match; its words already rank in the text.
        query = query.empty() ? ops.required
                              : Xapian::Query(Xapian::Query::OP_FILTER, query, ops.required);
    }
    if (!query.empty() && !ops.excluded.empty()) {
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, ops.excluded);
    }
    return query;
}

} // namespace antwort::searchd
