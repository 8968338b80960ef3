/** @file The index schema: which fields exist and how each is indexed. */
#pragma once

#include "antwort/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antwort {

/**
 * The index format this build writes and searchd reads (index metadata
 * `antwort.schema_format`). 2: the derived ranking slots (kind, thread rating,
 * month, activity) exist; searchd asks for a rebuild of a format-1 index.
 * Schema files of format 1 still parse (they simply lack derived fields).
 */
constexpr int SCHEMA_FORMAT = 2;
/** The oldest schema file format Schema::parse accepts. */
constexpr int MIN_SCHEMA_FORMAT = 1;

/** Index metadata keys written by the indexer and read by searchd. */
constexpr const char* META_SCHEMA = "antwort.schema";
constexpr const char* META_SCHEMA_FORMAT = "antwort.schema_format";
constexpr const char* META_GENERATION = "antwort.generation";

/** How a field's value is indexed. */
enum class FieldType {
    Id,      ///< unique document id: one term prefix+id, used for upserts
    Text,    ///< analysed text: positional terms, weighted into the shared text space
    Keyword, ///< exact value(s): boolean filter terms prefix+folded value
    Bool,    ///< true/false: boolean term prefix+"1"/"0" and value "1"/"0"
    Date,    ///< ISO 8601 timestamp: value slot holds sortable_serialise(unix seconds)
    Rating,  ///< {"up","down"}: value slot holds sortable_serialise(rating score)
    /** Computed by the indexer for ranking (antwort/ranking_values.h), named
     *  by the field: "kind", "thread_rating", "month", "activity". */
    Derived,
    Stored,  ///< not indexed, only kept in the document data
};

/** Parses "text", "keyword", ... ; nullopt for an unknown name. */
std::optional<FieldType> field_type_from_name(std::string_view name);

/** One field of the schema. */
struct FieldSpec {
    std::string name;
    FieldType type = FieldType::Stored;
    /** Xapian term prefix (Omega conventions: Q id, S title, K tags, X... ours).
     *  For text fields an empty prefix means "only the shared text space". */
    std::string prefix;
    /** Analyzer registry name for text fields ("de_text"). */
    std::string analyzer;
    /** Analyzer for query text aimed at this field; empty = the same as
     *  @ref analyzer. It must produce the same terms for content words (e.g.
     *  "de_query" = "de_compound" plus question stop words). */
    std::string query_analyzer;
    /** Within-document frequency increment per token in the shared text space:
     *  the title counts three times as much as the body by default. */
    unsigned weight = 1;
    bool stored = false;
    /** Value slot, for filters, facets, sorting, collapse and rating weights. */
    std::optional<unsigned> value_slot;
    bool facet = false;
    bool multi = false;
    /** Text fields: write surface-word terms for autocomplete (site_terms.h). */
    bool suggest = false;
};

/** Additive boost per content kind (the "kind" slot, antwort/ranking_values.h). */
struct TypeBoosts {
    double faq = 0.5;        ///< curated answers
    double article = 0.25;   ///< knowledge-base articles
    double accepted = 0.5;   ///< the accepted answer of a forum thread
    double answered = 0.25;  ///< other posts of a thread that has an accepted answer
    double unanswered = 0.0; ///< posts of a thread without an accepted answer
};

/** Query-time ranking parameters stored with the schema (searchd may override). */
struct RankingSpec {
    double bm25_k1 = 0.9;
    double bm25_b = 0.4;
    /** Weight of the community rating boost; see README "Ranking". */
    double rating_weight = 1.0;
    /** Share of the rating boost a forum post takes from its thread's best
     *  rated post instead of its own rating, in [0, 1]. */
    double thread_rating_share = 0.5;
    TypeBoosts type_boost;
    /** Largest recency boost (a forum post of this month); 0 = off. */
    double recency_weight = 0.5;
    /** Days after which a forum post's recency boost has halved (> 0). */
    double recency_half_life_days = 365;
};

/**
 * The schema: loaded from JSON (schemas/antwort.schema.json is the default,
 * embedded in the programs), stored in the index metadata by the indexer and
 * read back by searchd, so both sides always agree on prefixes and analyzers.
 */
class Schema {
  public:
    /** Parses and validates schema JSON. */
    static Result<Schema> parse(std::string_view json);
    /** Reads and parses a schema file. */
    static Result<Schema> load_file(const std::string& path);
    /** The embedded default schema. */
    static const Schema& default_schema();

    const std::string& name() const { return name_; }
    int version() const { return version_; }
    int format() const { return format_; }
    const std::vector<FieldSpec>& fields() const { return fields_; }
    const RankingSpec& ranking() const { return ranking_; }
    /** The field called @p name, or nullptr. */
    const FieldSpec* field(std::string_view name) const;
    /** The term prefix of the id field (every parsed schema has one): the
     *  unique term of a document is id_prefix() + its id. */
    const std::string& id_prefix() const;
    /** The value slot holding each document's id, when the id field has one:
     *  a search that needs only ids reads it instead of the stored document. */
    std::optional<unsigned> id_slot() const;
    /** The slot of the derived field @p name (ranking_values.h), or nullopt. */
    std::optional<unsigned> derived_slot(std::string_view name) const;
    /** The slot of the first rating field, or nullopt. */
    std::optional<unsigned> rating_slot() const;
    /** The JSON text this schema was parsed from (stored in index metadata). */
    const std::string& json() const { return json_; }

  private:
    std::string name_;
    int version_ = 0;
    int format_ = 0;
    std::vector<FieldSpec> fields_;
    RankingSpec ranking_;
    std::string json_;
};

/** The embedded default schema's JSON text. */
std::string_view default_schema_json();

} // namespace antwort
