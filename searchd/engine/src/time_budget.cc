/** @file DeadlineSource and TimeBudget: stop a match at a deadline. */
#include "antwort/searchd/time_budget.h"

#include <utility>

namespace antwort::searchd {

namespace {

/** The clock is read on every this many moves (a read costs ~20 ns). */
constexpr unsigned CLOCK_EVERY = 8;

} // namespace

DeadlineSource::DeadlineSource(std::shared_ptr<State> state) : state_(std::move(state)) {}

void DeadlineSource::init(const Xapian::Database& db) {
    doccount_ = db.get_doccount();
    last_ = db.get_lastdocid();
    current_ = 0;
    seen_ = 0;
    if (Clock::now() >= state_->deadline) {
        state_->expired = true;
    }
    ended_ = last_ == 0 || (state_->expired && state_->wanted == 0);
}

Xapian::doccount DeadlineSource::get_termfreq_min() const { return 0; }

Xapian::doccount DeadlineSource::get_termfreq_est() const { return doccount_; }

Xapian::doccount DeadlineSource::get_termfreq_max() const { return doccount_; }

void DeadlineSource::move_to(Xapian::docid did) {
    if (ended_) {
        return;
    }
    ++seen_;
    if (!state_->expired && seen_ % CLOCK_EVERY == 0 && Clock::now() >= state_->deadline) {
        state_->expired = true;
    }
    if (did > last_ || (state_->expired && seen_ > state_->wanted)) {
        ended_ = true;
        return;
    }
    current_ = did;
}

void DeadlineSource::next(double) { move_to(current_ + 1); }

void DeadlineSource::skip_to(Xapian::docid did, double) {
    if (did > current_) {
        move_to(did);
    }
}

bool DeadlineSource::at_end() const { return ended_; }

Xapian::docid DeadlineSource::get_docid() const { return current_; }

Xapian::PostingSource* DeadlineSource::clone() const { return new DeadlineSource(state_); }

std::string DeadlineSource::get_description() const { return "antwort::searchd::DeadlineSource"; }

TimeBudget::TimeBudget(std::chrono::milliseconds budget, DeadlineSource::Clock::time_point started,
                       Xapian::doccount wanted)
    : budget_(budget), state_(std::make_shared<DeadlineSource::State>()) {
    state_->deadline = started + budget;
    state_->wanted = wanted;
}

Xapian::Query TimeBudget::filter(const Xapian::Query& query) const {
    if (budget_.count() <= 0 || query.empty()) {
        return query;
    }
    auto* source = new DeadlineSource(state_);
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(source->release()));
}

bool TimeBudget::expired() const {
    if (budget_.count() <= 0) {
        return false;
    }
    if (DeadlineSource::Clock::now() >= state_->deadline) {
        state_->expired = true;
    }
    return state_->expired;
}

} // namespace antwort::searchd
