/** @file Schema parsing and validation. */
#include "antwort/schema.h"

#include <simdjson.h>

#include <cstdlib>
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
        if (!field.value_slot) {
            return invalid(where + "needs a \"value_slot\"");
        }
        break;
    case FieldType::Stored:
        break;
    }
    return field;
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
    if (n != SCHEMA_FORMAT) {
        return invalid("schema_format " + std::to_string(n) + " is not supported (this build reads " +
                       std::to_string(SCHEMA_FORMAT) + ")");
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
        double d = 0;
        if (ranking["bm25_k1"].get_double().get(d) == simdjson::SUCCESS) {
            schema.ranking_.bm25_k1 = d;
        }
        if (ranking["bm25_b"].get_double().get(d) == simdjson::SUCCESS) {
            schema.ranking_.bm25_b = d;
        }
        if (ranking["rating_weight"].get_double().get(d) == simdjson::SUCCESS) {
            schema.ranking_.rating_weight = d;
        }
        if (schema.ranking_.bm25_k1 < 0 || schema.ranking_.bm25_b < 0 ||
            schema.ranking_.bm25_b > 1 || schema.ranking_.rating_weight < 0) {
            return invalid("ranking: need bm25_k1 >= 0, 0 <= bm25_b <= 1, rating_weight >= 0");
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

} // namespace antwort
