/** @file The second phase of a search: rerank the first phase's candidates with the costly signals. */
#pragma once

#include <xapian.h>

#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

namespace antwort::searchd {

/** Document ids, ascending and distinct, each with its weight. */
struct CandidateList {
    std::vector<Xapian::docid> docids;
    std::vector<double> weights; ///< one per docid
};

/**
 * A posting source that matches exactly the given document ids, with the
 * given weights: it stands for a query already scored on them. The second
 * phase of a search adds the proximity bonus and the boosts (OP_AND_MAYBE)
 * to the first phase's text scores this way, so every score is the one the
 * whole query gives, at the cost of the candidates alone.
 *
 * Its term frequency is the number of ids, so Xapian's AND_MAYBE lets it
 * drive the match and asks the other side about those documents only (one
 * skip_to each). Not serialisable (no name()): for local databases.
 */
class CandidateSource : public Xapian::PostingSource {
  public:
    explicit CandidateSource(std::shared_ptr<const CandidateList> candidates);

    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override;
    Xapian::doccount get_termfreq_est() const override;
    Xapian::doccount get_termfreq_max() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override;
    Xapian::docid get_docid() const override;
    double get_weight() const override;
    Xapian::PostingSource* clone() const override;
    std::string get_description() const override;

  private:
    std::shared_ptr<const CandidateList> list_;
    size_t pos_ = 0;
    bool started_ = false;
};

/** A query matching the documents of @p mset with the weights @p mset gave them. */
Xapian::Query weighted_candidates(const Xapian::MSet& mset);

/**
 * What the first phase found: the candidate documents, and for a collapsed
 * search the threads among them (Xapian's collapse key, the thread value).
 */
class Candidates {
  public:
    /**
     * The documents of @p mset. When @p collapsing, the first phase kept up
     * to a few posts per thread: each thread's matching posts are counted as
     * the posts kept plus the most Xapian reports collapsed onto one of them
     * (a lower bound, exact when nothing was collapsed).
     */
    Candidates(const Xapian::MSet& mset, bool collapsing);

    const std::vector<Xapian::docid>& docids() const { return docids_; }

    /** The thread (collapse key) of candidate @p docid; "" without one or when not collapsing. */
    const std::string& thread_of(Xapian::docid docid) const;

    /** Matching posts of the thread of candidate @p docid (1 for a post without one). */
    Xapian::doccount thread_posts(Xapian::docid docid) const;

    /** Distinct threads among the candidates (a post without a thread counts as one). */
    Xapian::doccount threads() const { return threads_; }

    /** Nothing was collapsed away: the candidates hold every post the first phase matched. */
    bool whole() const { return whole_; }

  private:
    struct Thread {
        Xapian::doccount kept = 0;
        Xapian::doccount collapsed = 0;
    };
    std::vector<Xapian::docid> docids_;
    std::unordered_map<Xapian::docid, std::string> thread_of_;
    std::unordered_map<std::string, Thread> threads_by_key_;
    Xapian::doccount threads_ = 0;
    bool whole_ = true;
};

} // namespace antwort::searchd
