/** @file CandidateSource and Candidates: the second phase of a search. */
#include "antwort/searchd/rerank.h"

#include <algorithm>
#include <utility>

namespace antwort::searchd {

CandidateSource::CandidateSource(std::shared_ptr<const CandidateList> candidates)
    : list_(std::move(candidates)) {}

void CandidateSource::init(const Xapian::Database&) {
    pos_ = 0;
    started_ = false;
    const auto& w = list_->weights;
    set_maxweight(w.empty() ? 0.0 : *std::max_element(w.begin(), w.end()));
}

Xapian::doccount CandidateSource::get_termfreq_min() const {
    return static_cast<Xapian::doccount>(list_->docids.size());
}

Xapian::doccount CandidateSource::get_termfreq_est() const { return get_termfreq_min(); }

Xapian::doccount CandidateSource::get_termfreq_max() const { return get_termfreq_min(); }

void CandidateSource::next(double) {
    if (started_) {
        ++pos_;
    }
    started_ = true;
}

void CandidateSource::skip_to(Xapian::docid did, double) {
    started_ = true;
    const auto& ids = list_->docids;
    if (pos_ < ids.size() && ids[pos_] < did) {
        pos_ = static_cast<size_t>(
            std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(pos_), ids.end(), did) -
            ids.begin());
    }
}

bool CandidateSource::at_end() const { return pos_ >= list_->docids.size(); }

Xapian::docid CandidateSource::get_docid() const { return list_->docids[pos_]; }

double CandidateSource::get_weight() const { return list_->weights[pos_]; }

Xapian::PostingSource* CandidateSource::clone() const { return new CandidateSource(list_); }

std::string CandidateSource::get_description() const {
    return "antwort::searchd::CandidateSource(" + std::to_string(list_->docids.size()) +
           " documents)";
}

Xapian::Query weighted_candidates(const Xapian::MSet& mset) {
    std::vector<std::pair<Xapian::docid, double>> entries;
    entries.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        entries.emplace_back(*it, it.get_weight());
    }
    std::sort(entries.begin(), entries.end());
    auto list = std::make_shared<CandidateList>();
    list->docids.reserve(entries.size());
    list->weights.reserve(entries.size());
    for (const auto& [docid, weight] : entries) {
        list->docids.push_back(docid); // an MSet holds each document once
        list->weights.push_back(weight);
    }
    auto* source = new CandidateSource(std::move(list));
    return Xapian::Query(source->release());
}

Candidates::Candidates(const Xapian::MSet& mset, bool collapsing) {
    docids_.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        docids_.push_back(*it);
        if (!collapsing) {
            continue;
        }
        const std::string key = it.get_collapse_key();
        const Xapian::doccount collapsed = it.get_collapse_count();
        whole_ = whole_ && collapsed == 0;
        if (key.empty()) {
            ++threads_; // Xapian never collapses documents without a key
            continue;
        }
        thread_of_.emplace(*it, key);
        Thread& thread = threads_by_key_[key];
        if (thread.kept++ == 0) {
            ++threads_;
        }
        thread.collapsed = std::max(thread.collapsed, collapsed);
    }
    if (!collapsing) {
        threads_ = static_cast<Xapian::doccount>(docids_.size());
    }
}

const std::string& Candidates::thread_of(Xapian::docid docid) const {
    static const std::string none;
    auto it = thread_of_.find(docid);
    return it == thread_of_.end() ? none : it->second;
}

Xapian::doccount Candidates::thread_posts(Xapian::docid docid) const {
    auto it = threads_by_key_.find(thread_of(docid));
    if (it == threads_by_key_.end()) {
        return 1;
    }
    return it->second.kept + it->second.collapsed;
}

} // namespace antwort::searchd
