/** @file Rating, content-type and recency boosts as built-in posting sources; collapse; sort. */
#include "antwort/searchd/ranking.h"

#include "antwort/ranking_values.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace antwort::searchd {

namespace {

/** Average month length, to turn a half-life in days into months. */
constexpr double DAYS_PER_MONTH = 365.2425 / 12;
/** Recency buckets end where the weight falls below 1/128 (7 half-lives). */
constexpr double HORIZON_HALF_LIVES = 7;
/** At most this many months of buckets (a half-life of years stays bounded). */
constexpr int64_t MAX_HORIZON_MONTHS = 1200;
/** Months ahead of now that still count as new (clock skew, time zones). */
constexpr int64_t FUTURE_MONTHS = 12;

/** The boost field of kind @p kind in @p boosts (const or not), or nullptr. */
template <typename Boosts> auto boost_field(Boosts& boosts, std::string_view kind) {
    decltype(&boosts.faq) field = nullptr;
    if (kind == KIND_FAQ) {
        field = &boosts.faq;
    } else if (kind == KIND_ARTICLE) {
        field = &boosts.article;
    } else if (kind == KIND_ACCEPTED) {
        field = &boosts.accepted;
    } else if (kind == KIND_ANSWERED) {
        field = &boosts.answered;
    } else if (kind == KIND_UNANSWERED) {
        field = &boosts.unanswered;
    }
    return field;
}

double boost_of(const TypeBoosts& boosts, std::string_view kind) {
    const double* b = boost_field(boosts, kind);
    return b == nullptr ? 0.0 : *b;
}

int64_t horizon_months(const RankingSpec& spec) {
    const double months = HORIZON_HALF_LIVES * spec.recency_half_life_days / DAYS_PER_MONTH;
    return std::min<int64_t>(MAX_HORIZON_MONTHS, static_cast<int64_t>(std::ceil(months)));
}

/** The forum kinds: the only ones with dated months (month_value). */
constexpr std::string_view FORUM_KINDS[] = {KIND_ACCEPTED, KIND_ANSWERED, KIND_UNANSWERED};
constexpr std::string_view ALL_KINDS[] = {KIND_FAQ, KIND_ARTICLE, KIND_ACCEPTED, KIND_ANSWERED,
                                          KIND_UNANSWERED};

/** @p source (released to the query) scaled by @p weight. */
Xapian::Query scaled(Xapian::PostingSource* source, double weight) {
    Xapian::Query q(source->release());
    if (weight == 1.0) {
        return q;
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, weight);
}

} // namespace

RankingSpec resolve_ranking(const RankingSpec& schema, const ServiceOptions& options) {
    RankingSpec spec = schema;
    spec.bm25_k1 = options.bm25_k1.value_or(spec.bm25_k1);
    spec.bm25_b = options.bm25_b.value_or(spec.bm25_b);
    spec.rating_weight = options.rating_weight.value_or(spec.rating_weight);
    spec.thread_rating_share = options.thread_rating_share.value_or(spec.thread_rating_share);
    spec.recency_weight = options.recency_weight.value_or(spec.recency_weight);
    spec.recency_half_life_days =
        options.recency_half_life_days.value_or(spec.recency_half_life_days);
    for (const auto& [kind, weight] : options.type_boost) {
        if (double* b = boost_field(spec.type_boost, kind)) {
            *b = weight;
        }
    }
    return spec;
}

Result<void> parse_type_boosts(std::string_view text, std::map<std::string, double>& out) {
    auto bad = [](std::string_view pair) {
        return make_error(ErrorCode::InvalidArgument,
                          "option --type-boost: '" + std::string(pair) +
                              "' is not KIND=WEIGHT (kinds faq, article, accepted, answered, "
                              "unanswered; weight >= 0)");
    };
    while (!text.empty()) {
        const size_t comma = text.find(',');
        const std::string_view pair = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const size_t eq = pair.find('=');
        if (eq == std::string_view::npos) {
            return bad(pair);
        }
        const std::string_view kind = pair.substr(0, eq);
        const std::string_view number = pair.substr(eq + 1);
        const TypeBoosts probe;
        double weight = 0;
        auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), weight);
        if (boost_field(probe, kind) == nullptr || number.empty() || ec != std::errc() ||
            ptr != number.data() + number.size() || !std::isfinite(weight) || weight < 0) {
            return bad(pair);
        }
        out[std::string(kind)] = weight;
    }
    return {};
}

Ranking Ranking::create(const Schema& schema) {
    Ranking r;
    r.rating_slot_ = schema.rating_slot();
    r.thread_rating_slot_ = schema.derived_slot("thread_rating");
    if (r.rating_slot_) {
        r.ranked_rating_slot_ = schema.derived_slot("ranked_rating");
        r.indexed_share_ = schema.ranking().thread_rating_share;
    }
    r.kind_slot_ = schema.derived_slot("kind");
    r.month_slot_ = schema.derived_slot("month");
    if (r.kind_slot_ && r.month_slot_) {
        r.kind_month_slot_ = schema.derived_slot("kind_month");
    }
    r.newest_slot_ = schema.derived_slot("activity");
    for (const char* name : {"updated", "created"}) {
        const FieldSpec* f = schema.field(name);
        if (!r.newest_slot_ && f != nullptr && f->type == FieldType::Date && f->value_slot) {
            r.newest_slot_ = *f->value_slot;
        }
    }
    const FieldSpec* thread = schema.field("thread");
    if (thread != nullptr && thread->type == FieldType::Keyword && thread->value_slot) {
        r.thread_slot_ = *thread->value_slot;
    }
    return r;
}

RankingSpec Ranking::effective(const RankingSpec& spec, const Xapian::Database& db) const {
    RankingSpec out = spec;
    auto constant = [&db](std::optional<Xapian::valueno> slot) {
        return slot && db.get_doccount() > 0 && db.get_value_freq(*slot) == db.get_doccount() &&
               db.get_value_lower_bound(*slot) == db.get_value_upper_bound(*slot);
    };
    if (constant(kind_slot_)) {
        out.type_boost = TypeBoosts{0, 0, 0, 0, 0};
    }
    if (constant(month_slot_)) {
        out.recency_weight = 0;
    }
    if (constant(ranked_rating_slot_) && reads_ranked_rating(out)) {
        out.rating_weight = 0; // e.g. no document has votes
    }
    return out;
}

double Ranking::recency_weight(std::string_view bucket, const RankingSpec& spec,
                               int64_t now_month) {
    if (bucket == EVERGREEN_MONTH) {
        return spec.recency_weight;
    }
    const auto month = month_index(bucket);
    if (!month) {
        return 0;
    }
    const int64_t age = now_month - *month;
    if (age < -FUTURE_MONTHS || age > horizon_months(spec)) {
        return 0;
    }
    if (age <= 0) {
        return spec.recency_weight;
    }
    return spec.recency_weight *
           std::exp2(-static_cast<double>(age) * DAYS_PER_MONTH / spec.recency_half_life_days);
}

int64_t Ranking::month_of(int64_t now_unix) {
    return month_index(month_bucket(now_unix)).value_or(0);
}

Xapian::Query Ranking::apply(const Xapian::Query& text, const RankingSpec& spec,
                             const Xapian::Database& db, int64_t now_unix) const {
    return apply(text, boosts(spec, db, now_unix));
}

Xapian::Query Ranking::apply(const Xapian::Query& text, const Xapian::Query& boosts) {
    if (boosts.empty()) {
        return text;
    }
    // AND_MAYBE: the boosts are only read for documents the text query matched.
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, boosts);
}

Xapian::Query Ranking::boosts(const RankingSpec& spec, const Xapian::Database& db,
                              int64_t now_unix) const {
    std::vector<Xapian::Query> boosts;
    if (rating_slot_ && spec.rating_weight > 0) {
        const double share = thread_rating_slot_ ? spec.thread_rating_share : 0.0;
        if (reads_ranked_rating(spec)) {
            boosts.push_back(scaled(new Xapian::ValueWeightPostingSource(*ranked_rating_slot_),
                                    spec.rating_weight));
        } else {
            boosts.push_back(
                scaled(new Xapian::ValueWeightPostingSource(*rating_slot_), spec.rating_weight));
            if (share > 0) {
                boosts.push_back(
                    scaled(new Xapian::ValueWeightPostingSource(*thread_rating_slot_),
                           spec.rating_weight * share));
            }
        }
    }
    const TypeBoosts& b = spec.type_boost;
    const bool types = kind_slot_ && (b.faq > 0 || b.article > 0 || b.accepted > 0 ||
                                      b.answered > 0 || b.unanswered > 0);
    const bool recency = month_slot_ && spec.recency_weight > 0;
    const int64_t now = month_of(now_unix);
    if (types && recency && kind_month_slot_) {
        // Every month from the index's oldest one up to the future limit,
        // so that posts beyond the recency horizon keep their type boost.
        auto* both = new Xapian::ValueMapPostingSource(*kind_month_slot_);
        for (std::string_view kind : ALL_KINDS) {
            both->add_mapping(kind_month_value(kind, EVERGREEN_MONTH),
                              boost_of(b, kind) + spec.recency_weight);
        }
        const std::string lowest = db.get_value_lower_bound(*kind_month_slot_);
        const auto oldest = month_index(month_of_kind_month(lowest)); // nullopt: none dated
        for (int64_t month = oldest.value_or(now + 1); month <= now + FUTURE_MONTHS; ++month) {
            const std::string bucket = month_from_index(month);
            const double weight = recency_weight(bucket, spec, now);
            for (std::string_view kind : FORUM_KINDS) {
                both->add_mapping(kind_month_value(kind, bucket), boost_of(b, kind) + weight);
            }
        }
        boosts.push_back(scaled(both, 1.0));
    } else {
        if (types) {
            auto* kinds = new Xapian::ValueMapPostingSource(*kind_slot_);
            for (std::string_view kind : ALL_KINDS) {
                kinds->add_mapping(std::string(kind), boost_of(b, kind));
            }
            boosts.push_back(scaled(kinds, 1.0));
        }
        if (recency) {
            auto* months = new Xapian::ValueMapPostingSource(*month_slot_);
            months->add_mapping(std::string(EVERGREEN_MONTH), spec.recency_weight);
            for (int64_t age = -FUTURE_MONTHS; age <= horizon_months(spec); ++age) {
                const std::string bucket = month_from_index(now - age);
                months->add_mapping(bucket, recency_weight(bucket, spec, now));
            }
            boosts.push_back(scaled(months, 1.0));
        }
    }
    if (boosts.empty()) {
        return Xapian::Query();
    }
    return Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end());
}

bool Ranking::reads_ranked_rating(const RankingSpec& spec) const {
    // ranked_rating holds the thread share the index was built with.
    const double share = thread_rating_slot_ ? spec.thread_rating_share : 0.0;
    const double indexed = thread_rating_slot_ ? indexed_share_ : 0.0;
    return ranked_rating_slot_ && share == indexed;
}

Result<bool> Ranking::configure(Xapian::Enquire& enquire, const Xapian::Database& db,
                                bool collapse, SortOrder sort,
                                Xapian::doccount per_thread) const {
    // An index without threads (value statistics, no document read) skips
    // collapsing and its cost.
    const bool collapsing = collapse && thread_slot_ && db.get_value_freq(*thread_slot_) > 0;
    if (collapsing) {
        enquire.set_collapse_key(*thread_slot_, per_thread);
    }
    switch (sort) {
    case SortOrder::Relevance:
        break;
    case SortOrder::Newest:
        if (!newest_slot_) {
            return make_error(ErrorCode::InvalidArgument,
                              "parameter 'sort': this index has no dates to sort by");
        }
        enquire.set_sort_by_value_then_relevance(*newest_slot_, true);
        break;
    case SortOrder::Rating:
        if (!rating_slot_) {
            return make_error(ErrorCode::InvalidArgument,
                              "parameter 'sort': this index has no ratings to sort by");
        }
        enquire.set_sort_by_value_then_relevance(*rating_slot_, true);
        break;
    }
    return collapsing;
}

BoostParts Ranking::explain(const Xapian::Document& doc, const RankingSpec& spec,
                            int64_t now_unix) const {
    BoostParts parts;
    auto number = [&doc](std::optional<Xapian::valueno> slot) {
        if (!slot) {
            return 0.0;
        }
        const std::string value = doc.get_value(*slot);
        return value.empty() ? 0.0 : Xapian::sortable_unserialise(value);
    };
    if (rating_slot_ && spec.rating_weight > 0) {
        const double share = thread_rating_slot_ ? spec.thread_rating_share : 0.0;
        parts.rating = spec.rating_weight * number(rating_slot_) +
                       spec.rating_weight * share * number(thread_rating_slot_);
    }
    if (kind_slot_) {
        const std::string kind = doc.get_value(*kind_slot_);
        if (!kind.empty()) {
            parts.type_boost = boost_of(spec.type_boost, kind);
        }
    }
    if (month_slot_ && spec.recency_weight > 0) {
        const std::string month = doc.get_value(*month_slot_);
        if (!month.empty()) {
            parts.recency = recency_weight(month, spec, month_of(now_unix));
        }
    }
    return parts;
}

} // namespace antwort::searchd
