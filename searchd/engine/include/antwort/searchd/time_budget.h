/** @file A per-search time budget that stops Xapian's matcher without timers. */
#pragma once

#include <xapian.h>

#include <chrono>
#include <memory>
#include <string>

namespace antwort::searchd {

/**
 * A boolean posting source that matches every document id until a deadline
 * has passed and at least `wanted` candidates have been seen, then reports
 * its end. A query filtered by it (OP_FILTER) stops matching there, and
 * get_mset() returns the best documents found so far: past its budget a
 * search still fills its page, but checks nothing beyond it.
 *
 * Why not Xapian::Enquire::set_time_limit(), which does much the same: in
 * Xapian 1.4 it arms a POSIX timer whose expiry runs on a thread of its own
 * (SIGEV_THREAD) and writes to the matcher's state; when it fires as a match
 * ends, that write can land in memory that is no longer the matcher's
 * (searchd crashed that way under ASan with a 1 ms budget). This source only
 * reads the clock, in the thread that runs the match.
 *
 * The source yields the ids 1..lastdocid without looking them up: it is only
 * ever intersected with a real query, which supplies the documents that exist
 * and drives the match (this source claims every document, so Xapian's AND
 * asks it about the query's candidates, one skip_to each: that is what it
 * counts). It gives no weight. It is not serialisable (no name()): it is for
 * searches on local databases; a search on remote shards would rely on the
 * shard servers' own limits instead.
 */
class DeadlineSource : public Xapian::PostingSource {
  public:
    using Clock = std::chrono::steady_clock;

    /** Expired state shared with the search that created the source. */
    struct State {
        Clock::time_point deadline;
        Xapian::doccount wanted = 0; ///< candidates seen before the deadline may end the match
        bool expired = false;        ///< the deadline has passed (seen by the source)
    };

    explicit DeadlineSource(std::shared_ptr<State> state);

    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override;
    Xapian::doccount get_termfreq_est() const override;
    Xapian::doccount get_termfreq_max() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override;
    Xapian::docid get_docid() const override;
    Xapian::PostingSource* clone() const override;
    std::string get_description() const override;

  private:
    /** Moves to @p did, or to the end when past the last id or the deadline. */
    void move_to(Xapian::docid did);

    std::shared_ptr<State> state_;
    Xapian::doccount doccount_ = 0;
    Xapian::docid last_ = 0;
    Xapian::docid current_ = 0;
    Xapian::doccount seen_ = 0;
    bool ended_ = false;
};

/**
 * A search's time budget: @p budget from @p started (0 = no budget), past
 * which the match stops once it has seen @p wanted candidates (the end of the
 * requested page). `filter(query)` returns @p query restricted by a
 * DeadlineSource when there is a budget, and @p query unchanged otherwise;
 * `expired()` tells whether the deadline has passed.
 */
class TimeBudget {
  public:
    TimeBudget(std::chrono::milliseconds budget, DeadlineSource::Clock::time_point started,
               Xapian::doccount wanted);

    Xapian::Query filter(const Xapian::Query& query) const;
    bool expired() const;

  private:
    std::chrono::milliseconds budget_;
    std::shared_ptr<DeadlineSource::State> state_;
};

} // namespace antwort::searchd
