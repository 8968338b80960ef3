/** @file DecompoundFilter: dictionary-based German compound splitting. */
#include "antwort/analyzers/decompound_filter.h"

#include "antwort/analyzers/normalize.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace antwort::analyzers {
namespace detail {
namespace {

/** Parts this short (in characters) are only allowed if listed here: common
 *  short nouns that head or start compounds (Haustür, Bahnhof, Geburtstag). */
constexpr std::string_view SHORT_PARTS[] = {"amt", "arm", "art", "bad", "bau", "box", "bus", "eis",
                                            "gas", "hof", "ohr", "ort", "rad", "rat", "see", "tag",
                                            "tee", "tür", "uhr", "weg", "zug", "öl",  "ski", "zoo"};

/** Words that are never parts although they are in the dictionary (folded).
 *  Particles and prefixes make derivations look like compounds (Übersicht,
 *  Unterschied, Nachricht); suffix-like words cut derivations in two
 *  (Wirt|schaft, Klei|dung, fehler|haft); pronouns and articles (Mein|ung). */
constexpr std::string_view NEVER_PARTS[] = {
    // particles, prepositions and verb prefixes
    "über", "unter", "durch", "gegen", "wider", "wieder", "hinter", "nach", "voll", "ohne", "miss",
    "zusammen", "zurück", "heraus", "herein", "hinaus", "hinein", "herunter", "hinunter", "herauf",
    "hinauf", "voran", "vorbei", "voraus", "davon", "darauf", "daran", "darum", "dabei", "dafür",
    "dagegen", "damit", "danach", "darin", "darüber", "darunter", "davor", "dazu", "hier", "dort",
    "weiter", "fort", "nieder", "entlang", "entgegen", "innen", "aussen", "auch", "noch", "doch",
    "denn", "dann", "wenn", "weil", "dass", "sich", "nicht", "schon", "immer",
    // pronouns and articles
    "mein", "meine", "dein", "deine", "sein", "seine", "ihre", "eine", "keine", "dies", "diese",
    // suffixes that are also words
    "schaft", "schaften", "haft", "heit", "keit", "dung", "weise", "lich",
    // modifiers and heads that mostly cut foreign or derived words in two
    // (Ein|sendung as eins|endung, Gene|ration, Mode|ration)
    "eins", "ration", "rationen", "ionen", "inder", "riff", "kombi", "arien", "vergl", "hervor",
    "überein", "unterst", "schi"};

/** Linking elements stripped from a modifier that is not a word as written,
 *  tried in this order. The plural-like links -e, -er (and -n, -en) need no
 *  rule of their own: the list has the plurals (hunde|hütte, kinder|zimmer),
 *  and stripping -er/-e from non-words mostly made junk (Master -> mast). */
constexpr std::string_view LINKS[] = {"ens", "es", "s", "n", "en"};

/** Longest token (bytes) that is considered at all; longer ones are junk. */
constexpr std::size_t MAX_WORD_BYTES = 96;
/** Bound of the per-thread memo; it is emptied when full. */
constexpr std::size_t MEMO_ENTRIES = 1 << 15;

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::size_t count_chars(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

/** FNV-1a, 64 bit: short keys, no allocation. */
uint64_t hash_bytes(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool is_never_part(std::string_view word) {
    return std::find(std::begin(NEVER_PARTS), std::end(NEVER_PARTS), word) != std::end(NEVER_PARTS);
}

/**
 * Case-folds a dictionary word like CaseFoldFilter does: ASCII and the German
 * letters directly (Ä -> ä, ß -> ss), anything else through ICU (fold_case).
 */
void fold_entry(std::string_view word, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (static_cast<unsigned char>(c) < 0x80) {
            out.push_back(c);
        } else if (c == '\xC3' && i + 1 < word.size() &&
                   (word[i + 1] == '\xA4' || word[i + 1] == '\xB6' || word[i + 1] == '\xBC' ||
                    word[i + 1] == '\x84' || word[i + 1] == '\x96' || word[i + 1] == '\x9C')) {
            // ä ö ü stay, Ä Ö Ü (C3 84/96/9C) become ä ö ü (C3 A4/B6/BC).
            out.push_back(c);
            out.push_back(static_cast<char>(word[i + 1] | 0x20));
            ++i;
        } else if (c == '\xC3' && i + 1 < word.size() && word[i + 1] == '\x9F') {
            out.append("ss"); // NFKC_Casefold: ß -> ss
            ++i;
        } else {
            out = fold_case(word);
            return;
        }
    }
}

/** True if @p word is a plausible dictionary entry: letters only, and no
 *  capital after the first letter (skips acronyms such as "ABM", "ÖPNV"). */
bool usable_entry(std::string_view word) {
    for (std::size_t i = 0; i < word.size(); ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c >= 0x80) {
            // Ä Ö Ü after the first letter mean an acronym.
            if (i > 0 && c == 0xC3 && i + 1 < word.size()) {
                const auto d = static_cast<unsigned char>(word[i + 1]);
                if (d == 0x84 || d == 0x96 || d == 0x9C) {
                    return false;
                }
            }
            continue;
        }
        const bool lower = c >= 'a' && c <= 'z';
        const bool upper = c >= 'A' && c <= 'Z';
        if (!lower && !(upper && i == 0)) {
            return false;
        }
    }
    return !word.empty();
}

} // namespace

/**
 * The folded words of a word list in an open-addressing hash set: one text
 * arena (each word as length byte, bytes, flags byte) and a power-of-two
 * table of 32-bit arena offsets: about 5 MB of text and 4 MB of table for
 * igerman98's 355,000 words.
 */
class CompoundDictionary {
  public:
    /** An empty dictionary: nothing is ever split. */
    CompoundDictionary() = default;

    /** Reads @p path; false if it cannot be read. */
    bool load(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return false;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string text = std::move(buffer).str();

        std::vector<std::pair<std::string, uint8_t>> words;
        words.reserve(text.size() / 10);
        std::string folded;
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string::npos) {
                end = text.size();
            }
            std::string_view line(text.data() + pos, end - pos);
            pos = end + 1;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
                line.remove_suffix(1);
            }
            if (!usable_entry(line)) {
                continue;
            }
            fold_entry(line, folded);
            if (count_chars(folded) < 4 || is_never_part(folded)) {
                continue;
            }
            const bool capitalised = line.front() >= 'A' && line.front() <= 'Z';
            const bool capital_umlaut =
                line.size() > 1 && line[0] == '\xC3' &&
                (line[1] == '\x84' || line[1] == '\x96' || line[1] == '\x9C');
            words.emplace_back(folded, capitalised || capital_umlaut ? NOUN : OTHER);
        }
        for (std::string_view word : SHORT_PARTS) {
            words.emplace_back(word, NOUN);
        }
        build(words);
        return true;
    }

    /** Flags of a word: NOUN if the list has it capitalised only (nouns and
     *  names), OTHER if it has it in lower case (igerman98 then omits the
     *  capitalised form: "sonne" but no "Sonne"); 0 if @p word is not a part. */
    static constexpr uint8_t NOUN = 1;
    static constexpr uint8_t OTHER = 2;

    /** The flags of @p word (folded), 0 if it is not an allowed part. */
    uint8_t find(std::string_view word) const {
        if (slots_.empty() || word.size() > 255) {
            return 0;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash_bytes(word) & mask;; i = (i + 1) & mask) {
            const uint32_t slot = slots_[i];
            if (slot == 0) {
                return 0;
            }
            if (entry(slot) == word) {
                return static_cast<uint8_t>(arena_[slot + 1 + word.size()]);
            }
        }
    }

    /** True if @p word (folded) is an allowed part. */
    bool contains(std::string_view word) const { return find(word) != 0; }

    std::size_t size() const { return size_; }
    std::size_t bytes() const { return arena_.capacity() + slots_.capacity() * sizeof(uint32_t); }

  private:
    std::string_view entry(uint32_t offset) const {
        const auto length = static_cast<unsigned char>(arena_[offset]);
        return {arena_.data() + offset + 1, length};
    }

    void build(std::vector<std::pair<std::string, uint8_t>>& words) {
        std::sort(words.begin(), words.end());
        // Merge the flags of "Sonnen" and "sonnen".
        std::size_t kept = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (kept > 0 && words[kept - 1].first == words[i].first) {
                words[kept - 1].second |= words[i].second;
            } else {
                if (kept != i) { // no self-move: it may empty the string
                    words[kept] = std::move(words[i]);
                }
                ++kept;
            }
        }
        words.resize(kept);
        std::size_t table = 1;
        while (table < words.size() * 2) { // load factor at most 1/2
            table <<= 1;
        }
        slots_.assign(table, 0);
        std::size_t arena_bytes = 1;
        for (const auto& [word, flags] : words) {
            arena_bytes += 2 + word.size();
        }
        arena_.reserve(arena_bytes);
        arena_.push_back('\0'); // offset 0 marks an empty slot
        const std::size_t mask = table - 1;
        for (const auto& [word, flags] : words) {
            if (word.size() > 255) {
                continue;
            }
            const auto offset = static_cast<uint32_t>(arena_.size());
            arena_.push_back(static_cast<char>(word.size()));
            arena_.append(word);
            arena_.push_back(static_cast<char>(flags));
            std::size_t i = hash_bytes(word) & mask;
            while (slots_[i] != 0) {
                i = (i + 1) & mask;
            }
            slots_[i] = offset;
            ++size_;
        }
    }

    std::string arena_;
    std::vector<uint32_t> slots_;
    std::size_t size_ = 0;
};

namespace {

/** The dictionary for @p path, loaded once per process and path. */
std::shared_ptr<const CompoundDictionary> load_dictionary(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const CompoundDictionary>> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = loaded.find(path);
    if (it != loaded.end()) {
        return it->second;
    }
    auto dictionary = std::make_shared<CompoundDictionary>();
    if (!dictionary->load(path)) {
        std::cerr << "antwort: cannot read the decompounding dictionary '" << path
                  << "' (install wngerman or set ANTWORT_DICTIONARY); compounds are not split\n";
    }
    loaded.emplace(path, dictionary);
    return dictionary;
}

/** How a segment is used as a modifier: its emitted form. */
struct Modifier {
    bool ok = false;
    std::size_t keep = 0; ///< bytes of the segment kept (the rest is a link)
    bool add_e = false;   ///< an "e" is appended (schul -> schule)
};

/** The best decomposition of a suffix of the word. */
struct Cell {
    uint8_t parts = 0;      ///< 0: the suffix cannot be decomposed
    uint8_t head_bytes = 0; ///< length of the last part
    uint8_t next = 0;       ///< start of the rest after this part
    Modifier modifier;      ///< form of this part if it is not the head
};

Modifier as_modifier(const CompoundDictionary& dict, std::string_view segment, std::string& buf) {
    const uint8_t flags = dict.find(segment);
    if (flags != 0) {
        // The list has inflected forms, so many modifiers are words as written;
        // tidy them to the base form (the stem is the same either way):
        // kunden -> kunde, sonnen -> sonne (-n after -e), and for nouns only
        // (not "gross" -> "gros") geburtstags -> geburtstag, tages -> tag.
        if (segment.ends_with("en") && dict.contains(segment.substr(0, segment.size() - 1))) {
            return {true, segment.size() - 1, false};
        }
        if (flags == CompoundDictionary::NOUN) {
            for (std::string_view link : {"ens", "es", "s"}) {
                if (segment.size() > link.size() && segment.ends_with(link) &&
                    dict.find(segment.substr(0, segment.size() - link.size())) != 0) {
                    return {true, segment.size() - link.size(), false};
                }
            }
        }
        return {true, segment.size(), false};
    }
    for (std::string_view link : LINKS) {
        if (segment.size() > link.size() && segment.ends_with(link) &&
            dict.contains(segment.substr(0, segment.size() - link.size()))) {
            return {true, segment.size() - link.size(), false};
        }
    }
    // A dropped final -e: schul -> schule, grenz -> grenze (also verb stems:
    // leit -> leite, which stems to the same "leit").
    if (count_chars(segment) >= 4 && !segment.ends_with('e') && !is_never_part(segment)) {
        buf.assign(segment);
        buf.push_back('e');
        if (dict.contains(buf)) {
            return {true, segment.size(), true};
        }
    }
    return {};
}

/** True if @p word may be split at all: long enough, only Latin letters. */
bool candidate(std::string_view word) {
    if (word.size() < DecompoundFilter::MIN_WORD_CHARS || word.size() > MAX_WORD_BYTES) {
        return false;
    }
    std::size_t chars = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c >= 'a' && c <= 'z') {
            ++chars;
        } else if (c == 0xC3 && i + 1 < word.size() && is_continuation(word[i + 1])) {
            ++chars; // ä ö ü é ... (Latin-1 letters)
            ++i;
        } else {
            return false;
        }
    }
    return chars >= DecompoundFilter::MIN_WORD_CHARS;
}

/** Splits @p word; appends the parts to @p out separated by ' ' (nothing if
 *  the word is not split). */
void decompose(const CompoundDictionary& dict, std::string_view word, std::string& out) {
    if (dict.size() == 0 || !candidate(word)) {
        return;
    }
    // A word the list has in lower case is a verb, adjective or adverb form
    // (erstellen, aktiviert, innerhalb): splitting those mostly cuts inside a
    // prefix or an ending (erst|ellen, aktie|viert), so keep them whole.
    if ((dict.find(word) & CompoundDictionary::OTHER) != 0) {
        return;
    }
    const std::size_t n = word.size();
    std::array<Cell, MAX_WORD_BYTES + 1> cells{};
    std::string buf;
    for (std::size_t i = n; i-- > 0;) {
        if (is_continuation(word[i])) {
            continue;
        }
        Cell best;
        if (i > 0 && dict.contains(word.substr(i))) {
            best.parts = 1;
            best.head_bytes = static_cast<uint8_t>(n - i);
            best.next = static_cast<uint8_t>(n);
        }
        // Longest first segment first, so on a tie the longer modifier stays.
        for (std::size_t j = n - 1; j > i; --j) {
            const Cell& rest = cells[j];
            if (rest.parts == 0 || is_continuation(word[j])) {
                continue;
            }
            const auto parts = static_cast<uint8_t>(rest.parts + 1);
            if (best.parts != 0 && (parts > best.parts ||
                                    (parts == best.parts && rest.head_bytes <= best.head_bytes))) {
                continue; // cannot beat the best so far
            }
            const Modifier modifier = as_modifier(dict, word.substr(i, j - i), buf);
            if (!modifier.ok) {
                continue;
            }
            best.parts = parts;
            best.head_bytes = rest.head_bytes;
            best.next = static_cast<uint8_t>(j);
            best.modifier = modifier;
        }
        cells[i] = best;
    }
    if (cells[0].parts < 2) {
        return;
    }
    for (std::size_t i = 0; i < n;) {
        const Cell& cell = cells[i];
        if (!out.empty()) {
            out.push_back(' ');
        }
        if (cell.parts == 1) { // the head
            out.append(word.substr(i));
            break;
        }
        out.append(word.substr(i, cell.modifier.keep));
        if (cell.modifier.add_e) {
            out.push_back('e');
        }
        i = cell.next;
    }
}

/** This thread's word -> parts memo for @p dict. */
std::unordered_map<std::string, std::string>& thread_memo(const CompoundDictionary* dict) {
    struct Memo {
        const CompoundDictionary* dict;
        std::unordered_map<std::string, std::string> parts;
    };
    thread_local std::vector<std::unique_ptr<Memo>> memos;
    for (auto& memo : memos) {
        if (memo->dict == dict) {
            return memo->parts;
        }
    }
    memos.push_back(std::make_unique<Memo>(Memo{dict, {}}));
    return memos.back()->parts;
}

/** True if the source text of @p token contains a hyphen: a joined
 *  hyphenated compound, whose parts are tokens already. */
bool spans_hyphen(std::string_view source, const Token& token) {
    if (token.byte_end > source.size() || token.byte_begin >= token.byte_end) {
        return false;
    }
    const std::string_view text =
        source.substr(token.byte_begin, token.byte_end - token.byte_begin);
    return text.find('-') != std::string_view::npos ||
           text.find("\u2010") != std::string_view::npos ||
           text.find("\u2011") != std::string_view::npos;
}

} // namespace
} // namespace detail

DecompoundFilter::DecompoundFilter(std::string dictionary_path)
    : path_(std::move(dictionary_path)) {
    if (path_.empty()) {
        const char* env = std::getenv("ANTWORT_DICTIONARY");
        path_ = env != nullptr && *env != '\0' ? env : std::string(DEFAULT_DICTIONARY);
    }
}

DecompoundFilter::~DecompoundFilter() = default;

const detail::CompoundDictionary& DecompoundFilter::dictionary() const {
    std::call_once(loaded_, [this] { dictionary_ = detail::load_dictionary(path_); });
    return *dictionary_;
}

bool DecompoundFilter::has_dictionary() const {
    return dictionary().size() > 0;
}

std::size_t DecompoundFilter::dictionary_words() const {
    return dictionary().size();
}

std::size_t DecompoundFilter::dictionary_bytes() const {
    return dictionary().bytes();
}

std::vector<std::string> DecompoundFilter::split(std::string_view folded_word) const {
    std::string joined;
    detail::decompose(dictionary(), folded_word, joined);
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos < joined.size()) {
        std::size_t end = joined.find(' ', pos);
        if (end == std::string::npos) {
            end = joined.size();
        }
        parts.emplace_back(joined, pos, end - pos);
        pos = end + 1;
    }
    return parts;
}

void DecompoundFilter::apply(std::string_view source, std::vector<Token>& tokens) const {
    const detail::CompoundDictionary& dict = dictionary();
    if (dict.size() == 0) {
        return;
    }
    auto& memo = detail::thread_memo(&dict);
    std::vector<Token> out;
    bool copying = false; // out holds tokens[0, i) once the first split is found
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& token = tokens[i];
        const std::string* parts = nullptr;
        if (token.text.size() >= MIN_WORD_CHARS && !detail::spans_hyphen(source, token)) {
            auto it = memo.find(token.text);
            if (it == memo.end()) {
                if (memo.size() >= detail::MEMO_ENTRIES) {
                    memo.clear();
                }
                std::string joined;
                detail::decompose(dict, token.text, joined);
                it = memo.emplace(token.text, std::move(joined)).first;
            }
            if (!it->second.empty()) {
                parts = &it->second;
            }
        }
        if (parts == nullptr) {
            if (copying) {
                out.push_back(std::move(token));
            }
            continue;
        }
        if (!copying) {
            out.reserve(tokens.size() + 16);
            std::move(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(i),
                      std::back_inserter(out));
            copying = true;
        }
        const uint32_t begin = token.byte_begin;
        const uint32_t end_offset = token.byte_end;
        const uint32_t position = token.position;
        out.push_back(std::move(token));
        std::size_t pos = 0;
        while (pos < parts->size()) {
            std::size_t end = parts->find(' ', pos);
            if (end == std::string::npos) {
                end = parts->size();
            }
            Token part{parts->substr(pos, end - pos), begin, end_offset, position};
            out.push_back(std::move(part));
            pos = end + 1;
        }
    }
    if (copying) {
        tokens.swap(out);
    }
}

} // namespace antwort::analyzers
