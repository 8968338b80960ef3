/** @file AnalyticsRecorder: buffered, person-free search counts flushed to the AnalyticsStore. */
#include "antwort/searchd/analytics.h"

#include "antwort/analyzers/query_key.h"

#include <ctime>
#include <exception>
#include <map>
#include <utility>

namespace antwort::searchd {

namespace {

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

/** Today's UTC day number as text, the first part of a buffer key. */
std::string today_number() {
    return std::to_string(static_cast<int64_t>(std::time(nullptr)) / 86400);
}

} // namespace

Result<std::unique_ptr<AnalyticsRecorder>> AnalyticsRecorder::open(Options options) {
    auto store = AnalyticsStore::open(options.file);
    if (!store) {
        return store.error();
    }
    std::unique_ptr<AnalyticsRecorder> recorder(new AnalyticsRecorder());
    recorder->options_ = std::move(options);
    recorder->enabled_ = true;
    recorder->store_ = std::make_unique<AnalyticsStore>(std::move(*store));
    recorder->thread_ = std::thread([r = recorder.get()] { r->run(); });
    return recorder;
}

AnalyticsRecorder& AnalyticsRecorder::disabled() {
    static AnalyticsRecorder off;
    return off;
}

AnalyticsRecorder::~AnalyticsRecorder() {
    (void)stop();
}

void AnalyticsRecorder::record_search(std::string_view query, bool zero_results) {
    add(query, Pending{1, zero_results ? 1 : 0, 0});
}

void AnalyticsRecorder::record_not_helpful(std::string_view query) {
    add(query, Pending{0, 0, 1});
}

void AnalyticsRecorder::add(std::string_view query, const Pending& counts) {
    if (!enabled_ || blank(query)) {
        return;
    }
    std::string key = today_number();
    key += '\t';
    key += query;
    bool full = false;
    {
        std::lock_guard lock(mutex_);
        Pending& p = buffer_[std::move(key)];
        p.searches += counts.searches;
        p.zero_results += counts.zero_results;
        p.not_helpful += counts.not_helpful;
        full = buffer_.size() >= options_.max_pending;
    }
    if (full) {
        wake_.notify_one();
    }
}

Result<void> AnalyticsRecorder::flush() {
    if (!enabled_) {
        return {};
    }
    std::lock_guard store_lock(store_mutex_);
    Buffer taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(buffer_);
    }
    if (taken.empty()) {
        return {};
    }
    struct Group {
        QueryCounts counts;
        std::map<std::string, int64_t> forms;
    };
    Result<void> written;
    try {
        std::map<std::pair<std::string, std::string>, Group> groups; // (day, key)
        for (const auto& [buffer_key, pending] : taken) {
            const size_t tab = buffer_key.find('\t');
            const std::string_view query = std::string_view(buffer_key).substr(tab + 1);
            std::string key = analyzers::analytics_key(query);
            if (key.empty()) {
                continue; // no words (e.g. only punctuation): nothing to group by
            }
            const auto day_number = std::stoll(buffer_key.substr(0, tab));
            Group& g =
                groups[{utc_day(static_cast<std::time_t>(day_number * 86400)), std::move(key)}];
            g.counts.searches += pending.searches;
            g.counts.zero_results += pending.zero_results;
            g.counts.not_helpful += pending.not_helpful;
            if (pending.searches > 0) { // a vote's query is never a display form
                g.forms[analyzers::analytics_display_form(query)] += pending.searches;
            }
        }
        std::vector<AnalyticsDelta> deltas;
        deltas.reserve(groups.size());
        for (auto& [day_key, group] : groups) {
            AnalyticsDelta d;
            d.day = day_key.first;
            d.key = day_key.second;
            d.counts = group.counts;
            for (const auto& [form, count] : group.forms) { // ties: first in byte order
                if (d.form.empty() || count > d.form_count) {
                    d.form = form;
                    d.form_count = count;
                }
            }
            deltas.push_back(std::move(d));
        }
        written = store_->add(deltas);
    } catch (const std::exception& e) {
        written = make_error(ErrorCode::Internal, e.what());
    }
    if (!written) {
        // Keep the counts for the next flush rather than losing them.
        std::lock_guard lock(mutex_);
        for (auto& [buffer_key, pending] : taken) {
            Pending& p = buffer_[buffer_key];
            p.searches += pending.searches;
            p.zero_results += pending.zero_results;
            p.not_helpful += pending.not_helpful;
        }
        if (options_.log != nullptr) {
            options_.log->error("analytics not written; will retry",
                                {{"file", options_.file.string()},
                                 {"reason", written.error().message}});
        }
    }
    return written;
}

void AnalyticsRecorder::run() {
    std::unique_lock lock(mutex_);
    bool last_ok = true;
    while (!stopping_) {
        // A full buffer wakes the thread early, unless the last write failed
        // (then retry at the normal pace instead of spinning).
        wake_.wait_for(lock, options_.flush_interval, [this, &last_ok] {
            return stopping_ || (last_ok && buffer_.size() >= options_.max_pending);
        });
        if (stopping_) {
            break;
        }
        lock.unlock();
        last_ok = flush().ok();
        lock.lock();
    }
}

Result<void> AnalyticsRecorder::stop() {
    if (!enabled_) {
        return {};
    }
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
    return flush();
}

} // namespace antwort::searchd
