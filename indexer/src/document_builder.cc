/** @file DocumentBuilder: schema-driven Document -> Xapian::Document. */
#include "antwort/indexer/document_builder.h"

#include "antwort/analyzers/analyzer.h"
#include "antwort/analyzers/normalize.h"
#include "antwort/feedback_store.h"
#include "antwort/ranking_values.h"
#include "antwort/rating.h"
#include "antwort/site_terms.h"

#include <algorithm>
#include <vector>

namespace antwort::indexer {

namespace {

/** Positions left free between two text fields, so phrases never span them. */
constexpr Xapian::termpos FIELD_GAP = 100;

/** Which member of Document a schema field reads. */
enum class Source {
    Id,
    Type,
    Title,
    Body,
    Lang,
    Url,
    Tags,
    Category,
    Created,
    Updated,
    Rating,
    Thread,
    Parent,
    Accepted,
    Kind,         ///< derived: content kind (ranking_values.h)
    ThreadRating, ///< derived: set by the thread pass only (antwort/thread_values.h)
    Month,        ///< derived: "YYYY-MM" bucket for recency
    Activity,     ///< derived: max(created, updated), for sort=newest
    KindMonth,    ///< derived: month + '|' + kind, for one boost source
    RankedRating, ///< derived: own rating here, the thread's share added by the thread pass
    None, ///< the schema names a field the document model does not have
};

Source source_of(std::string_view name) {
    static constexpr std::pair<std::string_view, Source> NAMES[] = {
        {"id", Source::Id},           {"type", Source::Type},         {"title", Source::Title},
        {"body", Source::Body},       {"lang", Source::Lang},         {"url", Source::Url},
        {"tags", Source::Tags},       {"category", Source::Category}, {"created", Source::Created},
        {"updated", Source::Updated}, {"rating", Source::Rating},     {"thread", Source::Thread},
        {"parent", Source::Parent},   {"accepted", Source::Accepted},
        {"kind", Source::Kind},       {"thread_rating", Source::ThreadRating},
        {"month", Source::Month},     {"activity", Source::Activity},
        {"kind_month", Source::KindMonth}, {"ranked_rating", Source::RankedRating},
    };
    for (const auto& [n, source] : NAMES) {
        if (n == name) {
            return source;
        }
    }
    return Source::None;
}

/** The string value(s) of a field, appended to @p out (empty strings are skipped). */
void string_values(const Document& doc, Source source, std::vector<std::string_view>& out) {
    auto add = [&out](std::string_view s) {
        if (!s.empty()) {
            out.push_back(s);
        }
    };
    auto add_opt = [&add](const std::optional<std::string>& s) {
        if (s) {
            add(*s);
        }
    };
    switch (source) {
    case Source::Id:
        add(doc.id);
        break;
    case Source::Type:
        add(doc.type);
        break;
    case Source::Title:
        add(doc.title);
        break;
    case Source::Body:
        add(doc.body);
        break;
    case Source::Lang:
        add(doc.lang);
        break;
    case Source::Url:
        add_opt(doc.url);
        break;
    case Source::Tags:
        for (const auto& tag : doc.tags) {
            add(tag);
        }
        break;
    case Source::Category:
        add_opt(doc.category);
        break;
    case Source::Created:
        add_opt(doc.created);
        break;
    case Source::Updated:
        add_opt(doc.updated);
        break;
    case Source::Thread:
        add_opt(doc.thread);
        break;
    case Source::Parent:
        add_opt(doc.parent);
        break;
    case Source::Accepted:
        if (doc.accepted) {
            add(*doc.accepted ? "true" : "false");
        }
        break;
    case Source::Rating:
    case Source::Kind:
    case Source::ThreadRating:
    case Source::Month:
    case Source::Activity:
    case Source::KindMonth:
    case Source::RankedRating:
    case Source::None:
        break;
    }
}

/** @p prefix + @p value, cut at a UTF-8 boundary to Xapian's term length limit. */
std::string boolean_term(const std::string& prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term = prefix;
    term.append(value);
    if (term.size() > DocumentBuilder::MAX_TERM_BYTES) {
        size_t cut = DocumentBuilder::MAX_TERM_BYTES;
        while (cut > prefix.size() && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        term.resize(cut);
    }
    return term;
}

/**
 * Autocomplete source: SURFACE_TERM_PREFIX + lower-cased word + ' ' + the
 * word as written (site_terms.h), no position, wdf 0. Words of one letter and
 * words starting with a digit are left out. @p lower and @p term are buffers.
 */
void add_surface_term(Xapian::Document& xdoc, std::string_view text,
                      const analyzers::Token& token, std::string& lower, std::string& term) {
    if (token.byte_end <= token.byte_begin || token.byte_end > text.size()) {
        return;
    }
    const std::string_view word = text.substr(token.byte_begin, token.byte_end - token.byte_begin);
    const auto first = static_cast<unsigned char>(word.front());
    if (word.size() < 2 || (first >= '0' && first <= '9')) {
        return;
    }
    analyzers::lower_case_into(word, lower);
    if (SURFACE_TERM_PREFIX.size() + lower.size() + 1 + word.size() >
        DocumentBuilder::MAX_TERM_BYTES) {
        return;
    }
    term.assign(SURFACE_TERM_PREFIX).append(lower).append(1, ' ').append(word);
    // wdf 0, like a boolean term: the document length BM25 normalises by
    // (the sum of wdfs) stays what it was, so ranking does not change.
    xdoc.add_term(term, 0);
}

/** One schema field, resolved once. */
struct FieldPlan {
    FieldType type = FieldType::Stored;
    Source source = Source::None;
    std::string prefix;
    Xapian::termcount weight = 1;
    std::optional<Xapian::valueno> slot;
    bool multi = false;
    bool suggest = false;
    std::shared_ptr<const analyzers::Analyzer> analyzer;
};

/** The derived ranking values a document has on its own (ranking_values.h). */
void add_derived(const Document& doc, const HelpfulCounts& helpful, const FieldPlan& field,
                 Xapian::Document& xdoc) {
    if (!field.slot) {
        return;
    }
    switch (field.source) {
    case Source::Kind: {
        const std::string_view kind = own_kind(doc);
        if (!kind.empty()) {
            xdoc.add_value(*field.slot, std::string(kind));
        }
        break;
    }
    case Source::Month:
        xdoc.add_value(*field.slot, month_value(doc));
        break;
    case Source::KindMonth: {
        const std::string_view kind = own_kind(doc);
        if (!kind.empty()) {
            xdoc.add_value(*field.slot, kind_month_value(kind, month_value(doc)));
        }
        break;
    }
    case Source::RankedRating:
        xdoc.add_value(*field.slot, ranked_rating_value(rating_slot_score(doc.rating, helpful)));
        break;
    case Source::Activity:
        if (auto seconds = activity_time(doc)) {
            xdoc.add_value(*field.slot, Xapian::sortable_serialise(static_cast<double>(*seconds)));
        }
        break;
    default:
        break; // thread_rating: written by the thread pass
    }
}

} // namespace

struct DocumentBuilder::Impl {
    Schema schema;
    std::string id_prefix;
    std::optional<unsigned> id_slot;
    std::vector<FieldPlan> fields;
};

Result<DocumentBuilder> DocumentBuilder::create(const Schema& schema) {
    auto impl = std::make_shared<Impl>();
    impl->schema = schema;
    impl->id_prefix = schema.id_prefix();
    impl->id_slot = schema.id_slot();
    bool have_id = false;
    for (const FieldSpec& spec : schema.fields()) {
        FieldPlan plan;
        plan.type = spec.type;
        plan.source = source_of(spec.name);
        plan.prefix = spec.prefix;
        plan.weight = spec.weight;
        plan.multi = spec.multi;
        plan.suggest = spec.suggest;
        if (spec.value_slot) {
            plan.slot = *spec.value_slot;
        }
        if (spec.type == FieldType::Id) {
            if (have_id) {
                return make_error(ErrorCode::InvalidArgument, "schema has more than one id field");
            }
            have_id = true;
            continue; // the id term is added by build() itself
        }
        if (spec.type == FieldType::Stored || plan.source == Source::None) {
            continue; // only in the document data
        }
        if (spec.type == FieldType::Text) {
            auto analyzer = analyzers::get_analyzer(spec.analyzer);
            if (!analyzer) {
                return make_error(analyzer.error().code,
                                  "field \"" + spec.name + "\": " + analyzer.error().message);
            }
            plan.analyzer = *analyzer;
        }
        impl->fields.push_back(std::move(plan));
    }
    if (!have_id) {
        return make_error(ErrorCode::InvalidArgument, "schema has no field of type \"id\"");
    }
    return DocumentBuilder(std::move(impl));
}

std::string DocumentBuilder::id_term(std::string_view id) const {
    std::string term;
    term.reserve(impl_->id_prefix.size() + id.size());
    term = impl_->id_prefix;
    term.append(id);
    return term;
}

const Schema& DocumentBuilder::schema() const { return impl_->schema; }

Xapian::Document DocumentBuilder::build(const Document& doc) const { return build(doc, {}); }

Xapian::Document DocumentBuilder::build(const Document& doc, const HelpfulCounts& helpful) const {
    Xapian::Document xdoc;
    xdoc.add_boolean_term(id_term(doc.id));
    if (impl_->id_slot) {
        xdoc.add_value(*impl_->id_slot, doc.id);
    }

    std::vector<std::string_view> values;
    std::vector<analyzers::Token> tokens;
    std::string prefixed;
    std::string surface;
    std::string exact;
    Xapian::termpos base = 0; // positions of the next text field start after this

    for (const FieldPlan& field : impl_->fields) {
        values.clear();
        switch (field.type) {
        case FieldType::Text: {
            string_values(doc, field.source, values);
            for (std::string_view text : values) {
                tokens.clear();
                field.analyzer->analyze(text, tokens);
                if (tokens.empty()) {
                    continue;
                }
                Xapian::termpos last = base;
                for (size_t i = 0; i < tokens.size(); ++i) {
                    const auto& token = tokens[i];
                    if (token.text.empty() || token.text.size() > MAX_TERM_BYTES) {
                        continue;
                    }
                    const Xapian::termpos pos = base + token.position + 1;
                    last = std::max(last, pos);
                    // A token with the same position and source bytes as the
                    // one before is a decompounded part ("konto" inside
                    // "Benutzerkonto"): it counts for ranking but gets no
                    // position of its own, which keeps positional data (the
                    // costliest part of writing) at one entry per word.
                    // Hyphenated parts cover less than the whole form, so
                    // they keep their positions for phrase queries.
                    const bool alternative = i > 0 && tokens[i - 1].position == token.position &&
                                             tokens[i - 1].byte_begin == token.byte_begin &&
                                             tokens[i - 1].byte_end == token.byte_end;
                    if (alternative) {
                        xdoc.add_term(token.text, field.weight);
                    } else {
                        xdoc.add_posting(token.text, pos, field.weight);
                    }
                    const bool first_at_position =
                        i == 0 || tokens[i - 1].position != token.position;
                    if (first_at_position && field.suggest) {
                        add_surface_term(xdoc, text, token, surface, exact);
                    }
                    if (first_at_position && token.byte_end > token.byte_begin &&
                        token.byte_end <= text.size() &&
                        analyzers::has_variant_spelling(
                            text.substr(token.byte_begin, token.byte_end - token.byte_begin))) {
                        // The word as written (lower-cased, not folded, not
                        // stemmed): lets "Müller" outrank "Mueller" for the
                        // query "Müller". No position: ranking only.
                        analyzers::lower_case_into(
                            text.substr(token.byte_begin, token.byte_end - token.byte_begin),
                            surface);
                        if (analyzers::EXACT_TERM_PREFIX.size() + surface.size() <=
                            MAX_TERM_BYTES) {
                            exact.assign(analyzers::EXACT_TERM_PREFIX).append(surface);
                            xdoc.add_term(exact, field.weight);
                        }
                    }
                    if (!field.prefix.empty() &&
                        field.prefix.size() + token.text.size() <= MAX_TERM_BYTES) {
                        prefixed.assign(field.prefix).append(token.text);
                        if (alternative) {
                            xdoc.add_term(prefixed, 1);
                        } else {
                            xdoc.add_posting(prefixed, pos, 1);
                        }
                    }
                }
                base = last + FIELD_GAP;
            }
            break;
        }
        case FieldType::Keyword: {
            string_values(doc, field.source, values);
            if (values.empty()) {
                break;
            }
            if (!field.prefix.empty()) {
                for (std::string_view value : values) {
                    xdoc.add_boolean_term(boolean_term(field.prefix, analyzers::fold_case(value)));
                }
            }
            if (field.slot) {
                // A multi-valued field keeps all its values (tag facets).
                xdoc.add_value(*field.slot, field.multi ? serialise_value_list(values)
                                                        : std::string(values.front()));
            }
            break;
        }
        case FieldType::Bool: {
            if (field.source != Source::Accepted || !doc.accepted) {
                break;
            }
            const char* flag = *doc.accepted ? "1" : "0";
            if (!field.prefix.empty()) {
                xdoc.add_boolean_term(field.prefix + flag);
            }
            if (field.slot) {
                xdoc.add_value(*field.slot, flag);
            }
            break;
        }
        case FieldType::Date: {
            string_values(doc, field.source, values);
            if (values.empty() || !field.slot) {
                break;
            }
            if (auto seconds = parse_iso8601(values.front())) {
                xdoc.add_value(*field.slot,
                               Xapian::sortable_serialise(static_cast<double>(*seconds)));
            }
            break;
        }
        case FieldType::Rating: {
            if (field.source != Source::Rating || !field.slot) {
                break;
            }
            if (auto score = rating_slot_score(doc.rating, helpful)) {
                xdoc.add_value(*field.slot, Xapian::sortable_serialise(*score));
            }
            break;
        }
        case FieldType::Derived:
            add_derived(doc, helpful, field, xdoc);
            break;
        case FieldType::Id:
        case FieldType::Stored:
            break;
        }
    }
    xdoc.set_data(document_to_json(doc));
    return xdoc;
}

} // namespace antwort::indexer
