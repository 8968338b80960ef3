/** @file Schema parsing and validation. */
#include "antwort/schema.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <fstream>
#include <set>
#include <sstream>

namespace antwort {

namespace {

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, "schema: " + std::move(message));
}

/** Xapian's conventions: a prefix is upper-case ASCII letters only. */
bool valid_prefix(std::string_view prefix) {
    for (char c : prefix) {
        if (c < 'A' || c > 'Z') {
            return false;
        }
    }
    return true;
}

Result<FieldSpec> parse_field(simdjson::dom::object obj) {
    FieldSpec field;
    std::string_view s;
    if (obj["name"].get_string().get(s) != simdjson::SUCCESS || s.empty()) {
        return invalid("every field needs a non-empty \"name\"");
    }
    field.name = std::string(s);
    const std::string where = "field \"" + field.name + "\": ";
    if (obj["type"].get_string().get(s) != simdjson::SUCCESS) {
        return invalid(where + "missing \"type\"");
    }
    auto type = field_type_from_name(s);
    if (!type) {
        return invalid(where + "unknown type \"" + std::string(s) + "\"");
    }
    field.type = *type;
    if (obj["prefix"].get_string().get(s) == simdjson::SUCCESS) {
        if (!valid_prefix(s)) {
            return invalid(where + "prefix must be upper-case ASCII letters");
        }
        field.prefix = std::string(s);
    }
    if (obj["analyzer"].get_string().get(s) == simdjson::SUCCESS) {
        field.analyzer = std::string(s);
    }
    if (obj["query_analyzer"].get_string().get(s) == simdjson::SUCCESS) {
        field.query_analyzer = std::string(s);
    }
    int64_t n = 0;
    if (obj["weight"].get_int64().get(n) == simdjson::SUCCESS) {
        if (n < 1 || n > 100) {
            return invalid(where + "weight must be an integer from 1 to 100");
        }
        field.weight = static_cast<unsigned>(n);
    }
    if (obj["value_slot"].get_int64().get(n) == simdjson::SUCCESS) {
        if (n < 0 || n > 1000) {
            return invalid(where + "value_slot must be from 0 to 1000");
        }
        field.value_slot = static_cast<unsigned>(n);
    }
    bool b = false;
    if (obj["stored"].get_bool().get(b) == simdjson::SUCCESS) {
        field.stored = b;
    }
    if (obj["facet"].get_bool().get(b) == simdjson::SUCCESS) {
        field.facet = b;
    }
    if (obj["multi"].get_bool().get(b) == simdjson::SUCCESS) {
        field.multi = b;
    }
    if (obj["suggest"].get_bool().get(b) == simdjson::SUCCESS) {
        field.suggest = b;
    }
    switch (field.type) {
    case FieldType::Text:
        if (field.analyzer.empty()) {
            return invalid(where + "text fields need an \"analyzer\"");
        }
        break;
    case FieldType::Id:
    case FieldType::Keyword:
    case FieldType::Bool:
        if (field.prefix.empty()) {
            return invalid(where + "needs a term \"prefix\"");
        }
        break;
    case FieldType::Date:
    case FieldType::Rating:
    case FieldType::Derived:
        if (!field.value_slot) {
            return invalid(where + "needs a \"value_slot\"");
        }
        break;
    case FieldType::Stored:
        break;
    }
    return field;
}

/** Reads @p key of @p obj into @p out when present; false if present but not a number. */
bool read_number(simdjson::dom::object obj, std::string_view key, double& out) {
    simdjson::dom::element e;
    if (obj[key].get(e) != simdjson::SUCCESS) {
        return true;
    }
    double d = 0;
    if (e.get_double().get(d) != simdjson::SUCCESS) {
        int64_t i = 0;
        if (e.get_int64().get(i) != simdjson::SUCCESS) {
            return false;
        }
        d = static_cast<double>(i);
    }
    out = d;
    return true;
}

Result<void> parse_ranking(simdjson::dom::object ranking, RankingSpec& spec) {
    struct Number {
        const char* key;
        double* target;
    };
    const Number numbers[] = {
        {"bm25_k1", &spec.bm25_k1},
        {"bm25_b", &spec.bm25_b},
        {"rating_weight", &spec.rating_weight},
        {"thread_rating_share", &spec.thread_rating_share},
        {"recency_weight", &spec.recency_weight},
        {"recency_half_life_days", &spec.recency_half_life_days},
    };
    for (const auto& n : numbers) {
        if (!read_number(ranking, n.key, *n.target)) {
            return invalid(std::string("ranking: \"") + n.key + "\" must be a number");
        }
    }
    simdjson::dom::object boosts;
    if (ranking["type_boost"].get_object().get(boosts) == simdjson::SUCCESS) {
        const Number kinds[] = {
            {"faq", &spec.type_boost.faq},
            {"article", &spec.type_boost.article},
            {"accepted", &spec.type_boost.accepted},
            {"answered", &spec.type_boost.answered},
            {"unanswered", &spec.type_boost.unanswered},
        };
        for (auto [key, value] : boosts) {
            auto known = std::find_if(std::begin(kinds), std::end(kinds),
                                      [key = key](const Number& k) { return key == k.key; });
            if (known == std::end(kinds)) {
                return invalid("ranking.type_boost: unknown kind \"" + std::string(key) +
                               "\" (faq, article, accepted, answered, unanswered)");
            }
            if (!read_number(boosts, key, *known->target) || *known->target < 0) {
                return invalid("ranking.type_boost." + std::string(key) +
                               " must be a number >= 0");
            }
        }
    }
    if (spec.bm25_k1 < 0 || spec.bm25_b < 0 || spec.bm25_b > 1 || spec.rating_weight < 0) {
        return invalid("ranking: need bm25_k1 >= 0, 0 <= bm25_b <= 1, rating_weight >= 0");
    }
    if (spec.thread_rating_share < 0 || spec.thread_rating_share > 1) {
        return invalid("ranking: thread_rating_share must be between 0 and 1");
    }
    if (spec.recency_weight < 0 || !(spec.recency_half_life_days > 0)) {
        return invalid("ranking: need recency_weight >= 0 and recency_half_life_days > 0");
    }
    return {};
}

} // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) {
    if (name == "id") {
        return FieldType::Id;
    }
    if (name == "text") {
        return FieldType::Text;
    }
    if (name == "keyword") {
        return FieldType::Keyword;
    }
    if (name == "bool") {
        return FieldType::Bool;
    }
    if (name == "date") {
        return FieldType::Date;
    }
    if (name == "rating") {
        return FieldType::Rating;
    }
    if (name == "stored") {
        return FieldType::Stored;
    }
    if (name == "derived") {
        return FieldType::Derived;
    }
    return std::nullopt;
}

Result<Schema> Schema::parse(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto err = parser.parse(json.data(), json.size(), true).get(root)) {
        return invalid(std::string("invalid JSON: ") + simdjson::error_message(err));
    }
    Schema schema;
    schema.json_ = std::string(json);
    int64_t n = 0;
    if (root["schema_format"].get_int64().get(n) != simdjson::SUCCESS) {
        return invalid("missing \"schema_format\"");
    }
    if (n < MIN_SCHEMA_FORMAT || n > SCHEMA_FORMAT) {
        return invalid("schema_format " + std::to_string(n) + " is not supported (this build reads " +
                       std::to_string(MIN_SCHEMA_FORMAT) + " to " + std::to_string(SCHEMA_FORMAT) +
                       ")");
    }
    schema.format_ = static_cast<int>(n);
    if (root["version"].get_int64().get(n) != simdjson::SUCCESS || n < 1) {
        return invalid("missing or invalid \"version\" (a positive integer)");
    }
    schema.version_ = static_cast<int>(n);
    std::string_view name;
    if (root["name"].get_string().get(name) == simdjson::SUCCESS) {
        schema.name_ = std::string(name);
    }

    simdjson::dom::object ranking;
    if (root["ranking"].get_object().get(ranking) == simdjson::SUCCESS) {
        auto ranking_error = parse_ranking(ranking, schema.ranking_);
        if (!ranking_error.ok()) {
            return ranking_error.error();
        }
    }

    simdjson::dom::array fields;
    if (root["fields"].get_array().get(fields) != simdjson::SUCCESS) {
        return invalid("missing \"fields\" array");
    }
    std::set<std::string> names;
    std::set<unsigned> slots;
    std::set<std::string> prefixes;
    for (simdjson::dom::element f : fields) {
        simdjson::dom::object obj;
        if (f.get_object().get(obj) != simdjson::SUCCESS) {
            return invalid("every entry of \"fields\" must be an object");
        }
        auto field = parse_field(obj);
        if (!field) {
            return field.error();
        }
        if (!names.insert(field->name).second) {
            return invalid("field \"" + field->name + "\" is declared twice");
        }
        if (field->value_slot && !slots.insert(*field->value_slot).second) {
            return invalid("value slot " + std::to_string(*field->value_slot) + " is used twice");
        }
        if (!field->prefix.empty() && !prefixes.insert(field->prefix).second) {
            return invalid("prefix \"" + field->prefix + "\" is used twice");
        }
        schema.fields_.push_back(std::move(*field));
    }
    const FieldSpec* id = schema.field("id");
    if (id == nullptr || id->type != FieldType::Id) {
        return invalid("needs a field \"id\" of type \"id\"");
    }
    return schema;
}

Result<Schema> Schema::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorCode::NotFound, "cannot open schema file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto schema = parse(text.str());
    if (!schema) {
        return make_error(schema.error().code, path + ": " + schema.error().message);
    }
    return schema;
}

const Schema& Schema::default_schema() {
    static const Schema schema = [] {
        auto parsed = parse(default_schema_json());
        // The embedded schema is checked by tests; failing here is a build defect.
        if (!parsed) {
            std::abort();
        }
        return std::move(parsed).value();
    }();
    return schema;
}

const FieldSpec* Schema::field(std::string_view name) const {
    for (const auto& f : fields_) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

const std::string& Schema::id_prefix() const {
    return field("id")->prefix; // parse() refuses a schema without it
}

std::optional<unsigned> Schema::id_slot() const {
    return field("id")->value_slot;
}

std::optional<unsigned> Schema::derived_slot(std::string_view name) const {
    const FieldSpec* f = field(name);
    if (f == nullptr || f->type != FieldType::Derived) {
        return std::nullopt;
    }
    return f->value_slot;
}

std::optional<unsigned> Schema::rating_slot() const {
    for (const auto& f : fields_) {
        if (f.type == FieldType::Rating && f.value_slot) {
            return f.value_slot;
        }
    }
    return std::nullopt;
}

} // namespace antwort
