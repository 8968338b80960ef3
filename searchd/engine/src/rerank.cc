/** @file CandidateSource and Candidates: the second phase of a search. */
#include "antwort/searchd/rerank.h"

#include <algorithm>
#include <utility>

namespace antwort::searchd {

CandidateSource::CandidateSource(std::shared_ptr<const std::vector<Xapian::docid>> docids)
    : docids_(std::move(docids)) {}

void CandidateSource::init(const Xapian::Database&) {
    pos_ = 0;
    started_ = false;
}

Xapian::doccount CandidateSource::get_termfreq_min() const {
    return static_cast<Xapian::doccount>(docids_->size());
}

Xapian::doccount CandidateSource::get_termfreq_est() const {
    return static_cast<Xapian::doccount>(docids_->size());
}

Xapian::doccount CandidateSource::get_termfreq_max() const {
    return static_cast<Xapian::doccount>(docids_->size());
}

void CandidateSource::next(double) {
    if (started_) {
        ++pos_;
    }
    started_ = true;
}

void CandidateSource::skip_to(Xapian::docid did, double) {
    if (!started_) {
        started_ = true;
    }
    if (pos_ < docids_->size() && (*docids_)[pos_] < did) {
        pos_ = static_cast<size_t>(
            std::lower_bound(docids_->begin() + static_cast<std::ptrdiff_t>(pos_), docids_->end(),
                             did) -
            docids_->begin());
    }
}

bool CandidateSource::at_end() const { return pos_ >= docids_->size(); }

Xapian::docid CandidateSource::get_docid() const { return (*docids_)[pos_]; }

Xapian::PostingSource* CandidateSource::clone() const { return new CandidateSource(docids_); }

std::string CandidateSource::get_description() const {
    return "antwort::searchd::CandidateSource(" + std::to_string(docids_->size()) + " documents)";
}

Xapian::Query restrict_to(const Xapian::Query& query, std::vector<Xapian::docid> docids) {
    std::sort(docids.begin(), docids.end());
    docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
    auto* source =
        new CandidateSource(std::make_shared<const std::vector<Xapian::docid>>(std::move(docids)));
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(source->release()));
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
