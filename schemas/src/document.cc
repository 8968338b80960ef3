/** @file Document parsing and serialisation (simdjson DOM, validated). */
#include "antwort/document.h"

#include "antwort/json_writer.h"

#include <simdjson.h>

#include <array>
#include <charconv>

namespace antwort {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

std::string quoted(std::string_view name) {
    std::string s = "\"";
    s += name;
    s += '"';
    return s;
}

/** A string field that may also be null or absent. */
Result<std::optional<std::string>> optional_string(element value, std::string_view name) {
    if (value.is_null()) {
        return std::optional<std::string>{};
    }
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) {
        return invalid(quoted(name) + " must be a string or null");
    }
    return std::optional<std::string>(std::string(s));
}

Result<std::string> required_string(element value, std::string_view name) {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) {
        return invalid(quoted(name) + " must be a string");
    }
    return std::string(s);
}

Result<std::optional<Rating>> parse_rating(element value) {
    if (value.is_null()) {
        return std::optional<Rating>{};
    }
    simdjson::dom::object obj;
    if (value.get_object().get(obj) != simdjson::SUCCESS) {
        return invalid("\"rating\" must be an object {\"up\", \"down\"} or null");
    }
    Rating rating;
    for (auto [key, v] : obj) {
        int64_t n = 0;
        if (key != "up" && key != "down") {
            continue;
        }
        if (v.get_int64().get(n) != simdjson::SUCCESS || n < 0) {
            return invalid("\"rating." + std::string(key) + "\" must be a non-negative integer");
        }
        (key == "up" ? rating.up : rating.down) = n;
    }
    return std::optional<Rating>(rating);
}

} // namespace

bool is_known_type(std::string_view type) {
    return type == "faq" || type == "forum" || type == "article";
}

Result<Document> parse_document(std::string_view json) {
    // One parser per thread: parsers keep their buffers between documents.
    thread_local simdjson::dom::parser parser;
    element root;
    if (auto err = parser.parse(json.data(), json.size(), true).get(root)) {
        if (err == simdjson::UTF8_ERROR) {
            return invalid("invalid UTF-8");
        }
        return invalid(std::string("invalid JSON: ") + simdjson::error_message(err));
    }
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
        return invalid("line is not a JSON object");
    }

    Document doc;
    bool has_id = false;
    bool has_title = false;
    bool has_type = false;
    for (auto [key, value] : obj) {
        if (key == "id" || key == "title" || key == "type") {
            auto s = required_string(value, key);
            if (!s) {
                return s.error();
            }
            if (key == "id") {
                doc.id = std::move(*s);
                has_id = true;
            } else if (key == "title") {
                doc.title = std::move(*s);
                has_title = true;
            } else {
                doc.type = std::move(*s);
                has_type = true;
            }
        } else if (key == "body" || key == "lang") {
            auto s = optional_string(value, key);
            if (!s) {
                return s.error();
            }
            (key == "body" ? doc.body : doc.lang) = s->value_or("");
        } else if (key == "url" || key == "category" || key == "created" || key == "updated" ||
                   key == "thread" || key == "parent") {
            auto s = optional_string(value, key);
            if (!s) {
                return s.error();
            }
            std::optional<std::string>* target = key == "url"       ? &doc.url
                                                 : key == "category" ? &doc.category
                                                 : key == "created"  ? &doc.created
                                                 : key == "updated"  ? &doc.updated
                                                 : key == "thread"   ? &doc.thread
                                                                     : &doc.parent;
            *target = std::move(*s);
            if ((key == "created" || key == "updated") && *target &&
                !parse_iso8601(**target)) {
                return invalid(quoted(key) + " is not an ISO 8601 date: \"" + **target + "\"");
            }
        } else if (key == "tags") {
            if (value.is_null()) {
                continue;
            }
            simdjson::dom::array arr;
            if (value.get_array().get(arr) != simdjson::SUCCESS) {
                return invalid("\"tags\" must be an array of strings");
            }
            for (element tag : arr) {
                std::string_view s;
                if (tag.get_string().get(s) != simdjson::SUCCESS) {
                    return invalid("\"tags\" must be an array of strings");
                }
                if (!s.empty()) {
                    doc.tags.emplace_back(s);
                }
            }
        } else if (key == "rating") {
            auto r = parse_rating(value);
            if (!r) {
                return r.error();
            }
            doc.rating = *r;
        } else if (key == "accepted") {
            if (value.is_null()) {
                doc.accepted.reset();
                continue;
            }
            bool b = false;
            if (value.get_bool().get(b) != simdjson::SUCCESS) {
                return invalid("\"accepted\" must be true, false or null");
            }
            doc.accepted = b;
        }
    }
    if (!has_id) {
        return invalid("missing \"id\"");
    }
    if (doc.id.empty()) {
        return invalid("\"id\" is empty");
    }
    if (!has_title) {
        return invalid("missing \"title\"");
    }
    if (doc.title.empty()) {
        return invalid("\"title\" is empty");
    }
    if (!has_type) {
        return invalid("missing \"type\"");
    }
    if (!is_known_type(doc.type)) {
        return invalid("\"type\" must be \"faq\", \"forum\" or \"article\", not \"" + doc.type + "\"");
    }
    return doc;
}

std::string document_to_json(const Document& doc) {
    JsonWriter w;
    w.begin_object();
    w.key("id").value(doc.id);
    w.key("type").value(doc.type);
    w.key("title").value(doc.title);
    w.key("body").value(doc.body);
    w.key("lang").value(doc.lang);
    w.key("url").value(doc.url);
    w.key("tags").begin_array();
    for (const auto& tag : doc.tags) {
        w.value(tag);
    }
    w.end_array();
    w.key("category").value(doc.category);
    w.key("created").value(doc.created);
    w.key("updated").value(doc.updated);
    w.key("rating");
    if (doc.rating) {
        w.begin_object().key("up").value(doc.rating->up).key("down").value(doc.rating->down);
        w.end_object();
    } else {
        w.null();
    }
    w.key("thread").value(doc.thread);
    w.key("parent").value(doc.parent);
    w.key("accepted");
    if (doc.accepted) {
        w.value(*doc.accepted);
    } else {
        w.null();
    }
    w.end_object();
    return w.take();
}

namespace {

/** Reads exactly @p n digits at @p pos. */
bool read_digits(std::string_view s, size_t& pos, size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    int value = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += n;
    out = value;
    return true;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

} // namespace

std::optional<int64_t> parse_iso8601(std::string_view s) {
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' ||
        !read_digits(s, pos, 2, month) || pos >= s.size() || s[pos++] != '-' ||
        !read_digits(s, pos, 2, day)) {
        return std::nullopt;
    }
    static constexpr std::array<int, 12> DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30,
                                                          31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[static_cast<size_t>(month - 1)]) {
        return std::nullopt;
    }
    int64_t offset_seconds = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
            return std::nullopt;
        }
        ++pos;
        if (!read_digits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
            !read_digits(s, pos, 2, minute)) {
            return std::nullopt;
        }
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!read_digits(s, pos, 2, second)) {
                return std::nullopt;
            }
            if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
                ++pos;
                size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    ++pos;
                }
                if (pos == start) {
                    return std::nullopt;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 60) {
            return std::nullopt;
        }
        if (pos < s.size()) {
            if (s[pos] == 'Z' || s[pos] == 'z') {
                ++pos;
            } else if (s[pos] == '+' || s[pos] == '-') {
                int sign = s[pos] == '-' ? -1 : 1;
                ++pos;
                int oh = 0, om = 0;
                if (!read_digits(s, pos, 2, oh)) {
                    return std::nullopt;
                }
                if (pos < s.size() && s[pos] == ':') {
                    ++pos;
                }
                if (!read_digits(s, pos, 2, om) || oh > 23 || om > 59) {
                    return std::nullopt;
                }
                offset_seconds = sign * (oh * 3600 + om * 60);
            } else {
                return std::nullopt;
            }
        }
        if (pos != s.size()) {
            return std::nullopt;
        }
    }
    int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

} // namespace antwort
