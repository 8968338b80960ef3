/** @file The thread pass: "answered" kinds and the thread's best rating on every post. */
#include "antwort/thread_values.h"

#include "antwort/ranking_values.h"

#include <algorithm>
#include <vector>

namespace antwort {

std::optional<ThreadPass> ThreadPass::create(const Schema& schema) {
    ThreadPass pass;
    const FieldSpec* thread = schema.field("thread");
    if (thread == nullptr || thread->type != FieldType::Keyword || thread->prefix.empty()) {
        return std::nullopt;
    }
    pass.thread_prefix_ = thread->prefix;
    const FieldSpec* parent = schema.field("parent");
    if (parent != nullptr && parent->type == FieldType::Keyword && !parent->prefix.empty()) {
        pass.parent_prefix_ = parent->prefix;
    }
    pass.kind_slot_ = schema.derived_slot("kind");
    if (pass.kind_slot_) {
        pass.kind_month_slot_ = schema.derived_slot("kind_month");
    }
    pass.thread_rating_slot_ = schema.derived_slot("thread_rating");
    pass.rating_slot_ = schema.rating_slot();
    if (!pass.rating_slot_) {
        pass.thread_rating_slot_.reset();
    } else {
        pass.ranked_rating_slot_ = schema.derived_slot("ranked_rating");
    }
    if (pass.thread_rating_slot_) {
        pass.share_ = schema.ranking().thread_rating_share;
    }
    if (!pass.kind_slot_ && !pass.thread_rating_slot_ && !pass.ranked_rating_slot_) {
        return std::nullopt;
    }
    return pass;
}

namespace {

/** The first term of @p doc with @p prefix (and more), or "". */
std::string prefixed_term(const Xapian::Document& doc, const std::string& prefix) {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(prefix);
    if (it != doc.termlist_end()) {
        std::string term = *it;
        if (term.size() > prefix.size() && term.compare(0, prefix.size(), prefix) == 0) {
            return term;
        }
    }
    return {};
}

} // namespace

std::string ThreadPass::thread_term(const Xapian::Document& doc) const {
    return prefixed_term(doc, thread_prefix_);
}

uint64_t ThreadPass::refresh(Xapian::WritableDatabase& db,
                             const std::set<std::string>& thread_terms) const {
    struct Post {
        Xapian::docid id = 0;
        std::string kind;
        std::string kind_month;   ///< current kind_month value
        std::optional<double> own; ///< its rating slot score, if any
        std::string bonus;        ///< current thread_rating value
        std::string ranked;       ///< current ranked_rating value
        bool starter = true;      ///< no parent: the thread's question
    };
    uint64_t rewritten = 0;
    std::vector<Post> posts;
    for (const auto& term : thread_terms) {
        posts.clear();
        bool has_accepted = false;
        bool any_rated = false;
        double best = 0;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            Xapian::Document doc = db.get_document(*it);
            Post post;
            post.id = *it;
            if (!parent_prefix_.empty()) {
                post.starter = prefixed_term(doc, parent_prefix_).empty();
            }
            if (kind_slot_) {
                post.kind = doc.get_value(*kind_slot_);
                has_accepted = has_accepted || post.kind == KIND_ACCEPTED;
                if (kind_month_slot_) {
                    post.kind_month = doc.get_value(*kind_month_slot_);
                }
            }
            if (rating_slot_) {
                const std::string rating = doc.get_value(*rating_slot_);
                if (!rating.empty()) {
                    post.own = Xapian::sortable_unserialise(rating);
                    best = any_rated ? std::max(best, *post.own) : *post.own;
                    any_rated = true;
                }
            }
            if (thread_rating_slot_) {
                post.bonus = doc.get_value(*thread_rating_slot_);
            }
            if (ranked_rating_slot_) {
                post.ranked = doc.get_value(*ranked_rating_slot_);
            }
            posts.push_back(std::move(post));
        }
        for (const Post& post : posts) {
            std::string kind = post.kind;
            if (kind == KIND_ANSWERED || kind == KIND_UNANSWERED) {
                kind = std::string(has_accepted ? KIND_ANSWERED : KIND_UNANSWERED);
            }
            const double own = post.own.value_or(0.0);
            const bool lifted = post.starter && any_rated && best > own;
            std::string bonus;
            if (lifted) {
                bonus = Xapian::sortable_serialise(best - own);
            }
            const std::string ranked =
                lifted && share_ > 0 ? Xapian::sortable_serialise(own + share_ * (best - own))
                                     : ranked_rating_value(post.own);
            const bool kind_changed = kind_slot_ && kind != post.kind;
            const bool bonus_changed = thread_rating_slot_ && bonus != post.bonus;
            const bool ranked_changed = ranked_rating_slot_ && ranked != post.ranked;
            if (!kind_changed && !bonus_changed && !ranked_changed) {
                continue;
            }
            // Only values change: glass rewrites just the value streams.
            Xapian::Document doc = db.get_document(post.id);
            if (kind_changed) {
                doc.add_value(*kind_slot_, kind);
                if (!post.kind_month.empty()) {
                    doc.add_value(*kind_month_slot_,
                                  kind_month_value(kind, month_of_kind_month(post.kind_month)));
                }
            }
            auto set = [&doc](Xapian::valueno slot, const std::string& value) {
                if (value.empty()) {
                    doc.remove_value(slot);
                } else {
                    doc.add_value(slot, value);
                }
            };
            if (bonus_changed) {
                set(*thread_rating_slot_, bonus);
            }
            if (ranked_changed) {
                set(*ranked_rating_slot_, ranked);
            }
            db.replace_document(post.id, doc);
            ++rewritten;
        }
    }
    return rewritten;
}

} // namespace antwort
