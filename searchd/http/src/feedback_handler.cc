/** @file `POST /feedback` and the in-memory limits that guard it. */
#include "antwort/searchd/feedback_handler.h"

#include "antwort/json_writer.h"
#include "antwort/searchd/handlers.h"
#include "antwort/searchd/http_util.h"

#include <simdjson.h>

#include <algorithm>
#include <optional>

namespace antwort::searchd {

namespace {

/** How often the limiter drops expired entries at most. */
constexpr auto SWEEP_EVERY = std::chrono::seconds(10);

/** Seconds a client is asked to wait after the store failed to record a vote. */
constexpr const char* STORE_RETRY_AFTER = "60";

/** A vote as the body gives it. */
struct Vote {
    std::string id;
    bool helpful = false;
    std::optional<std::string> query;
};

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

/** Parses and checks a `POST /feedback` body. */
Result<Vote> parse_vote(const std::string& body) {
    if (body.size() > MAX_FEEDBACK_BODY_BYTES) {
        return invalid("body too large (" + std::to_string(body.size()) + " bytes, at most " +
                       std::to_string(MAX_FEEDBACK_BODY_BYTES) + ")");
    }
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto error = parser.parse(body).get(root); error) {
        return invalid(std::string("body is not JSON: ") + simdjson::error_message(error));
    }
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) {
        return invalid(R"(body must be a JSON object {"id":"...","helpful":true|false})");
    }
    Vote vote;
    bool have_id = false;
    bool have_helpful = false;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "id") {
            std::string_view id;
            if (field.value.get_string().get(id) != simdjson::SUCCESS || id.empty()) {
                return invalid("\"id\" must be a non-empty string");
            }
            if (id.size() > MAX_FEEDBACK_ID_BYTES) {
                return invalid("\"id\" is too long");
            }
            vote.id = std::string(id);
            have_id = true;
        } else if (key == "helpful") {
            if (field.value.get_bool().get(vote.helpful) != simdjson::SUCCESS) {
                return invalid("\"helpful\" must be true or false");
            }
            have_helpful = true;
        } else if (key == "query") {
            if (field.value.is_null()) {
                continue;
            }
            std::string_view query;
            if (field.value.get_string().get(query) != simdjson::SUCCESS) {
                return invalid("\"query\" must be a string");
            }
            if (query.size() > MAX_QUERY_BYTES) {
                return invalid("\"query\" is too long (at most " + std::to_string(MAX_QUERY_BYTES) +
                               " bytes)");
            }
            vote.query = std::string(query);
        } else {
            return invalid("unknown field \"" + std::string(key) +
                           "\" (expected \"id\", \"helpful\", \"query\")");
        }
    }
    if (!have_id || !have_helpful) {
        return invalid(R"(body needs "id" (string) and "helpful" (true or false))");
    }
    return vote;
}

void write_counts(JsonWriter& w, const HelpfulCounts& counts) {
    w.begin_object().key("yes").value(counts.yes).key("no").value(counts.no).end_object();
}

void send_rate_limited(httplib::Response& res, std::string_view message) {
    res.set_header("Retry-After", "60");
    send_error(res, 429, "rate_limited", message);
}

} // namespace

bool FeedbackLimiter::allow_connection(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    sweep(now);
    auto [it, fresh] = buckets_.try_emplace(key);
    Bucket& bucket = it->second;
    const double burst = static_cast<double>(options_.burst);
    if (fresh) {
        bucket.tokens = burst;
    } else {
        const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(burst, bucket.tokens + elapsed * options_.rate_per_second);
    }
    bucket.updated = now;
    if (bucket.tokens < 1.0) {
        return false;
    }
    bucket.tokens -= 1.0;
    return true;
}

bool FeedbackLimiter::allow_document(const std::string& id, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    sweep(now);
    auto [it, fresh] = windows_.try_emplace(id);
    Window& window = it->second;
    if (fresh || now - window.start >= std::chrono::minutes(1)) {
        window.start = now;
        window.count = 0;
    }
    if (window.count >= options_.per_document_per_minute) {
        return false;
    }
    ++window.count;
    return true;
}

size_t FeedbackLimiter::size() const {
    std::lock_guard lock(mutex_);
    return buckets_.size() + windows_.size();
}

void FeedbackLimiter::sweep(Clock::time_point now) {
    if (now - last_sweep_ < SWEEP_EVERY) {
        return;
    }
    last_sweep_ = now;
    // A bucket idle long enough to be full again is the same as no bucket.
    const auto refill = std::chrono::duration<double>(static_cast<double>(options_.burst) /
                                                      options_.rate_per_second);
    std::erase_if(buckets_, [&](const auto& entry) {
        return std::chrono::duration<double>(now - entry.second.updated) >= refill;
    });
    std::erase_if(windows_, [&](const auto& entry) {
        return now - entry.second.start >= std::chrono::minutes(1);
    });
}

FeedbackHandler::FeedbackHandler(const SearchService& service, FeedbackStore* store,
                                 const FeedbackOptions& options, NotHelpfulHook on_not_helpful)
    : service_(service), store_(store), limiter_(options),
      on_not_helpful_(std::move(on_not_helpful)) {}

void FeedbackHandler::post_feedback(const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
        // The key exists only in the limiter's memory: never stored or logged.
        if (!limiter_.allow_connection(req.remote_addr + '|' + std::to_string(req.remote_port))) {
            send_rate_limited(res, "too many votes from this connection; try again later");
            return;
        }
        auto vote = parse_vote(req.body);
        if (!vote) {
            send_error(res, vote.error());
            return;
        }
        if (store_ == nullptr) {
            send_error(res, 503, "unavailable", "the feedback store is not available");
            return;
        }
        auto doc = service_.get_document(vote->id);
        if (!doc) {
            send_service_error(res, doc.error(), log_);
            return;
        }
        if (!limiter_.allow_document(vote->id)) {
            send_rate_limited(res, "too many votes on this document; try again in a minute");
            return;
        }
        auto counts = store_->vote(vote->id, vote->helpful);
        if (!counts) {
            // The reason names the store's file: it is for the operator's log,
            // not for the client.
            if (log_ != nullptr) {
                log_->error("feedback not stored", {{"reason", counts.error().message}});
            }
            res.set_header("Retry-After", STORE_RETRY_AFTER);
            send_error(res, 503, "feedback_unavailable",
                       "the vote could not be recorded; try again later");
            return;
        }
        if (metrics_ != nullptr) {
            metrics_->count("antwort_feedback_total",
                            {{"helpful", vote->helpful ? "true" : "false"}});
        }
        if (!vote->helpful && vote->query && !vote->query->empty() && on_not_helpful_) {
            on_not_helpful_(*vote->query);
        }
        JsonWriter w;
        w.begin_object().key("id").value(vote->id).key("helpful");
        write_counts(w, *counts);
        w.end_object();
        send_json(res, 200, w.take());
    });
}

void FeedbackHandler::register_routes(RouteTable& routes) {
    routes.post("/feedback", [this](const auto& req, auto& res) { post_feedback(req, res); });
}

void FeedbackHandler::add_helpful(SearchResponse& response) const {
    if (store_ == nullptr || response.hits.empty()) {
        return;
    }
    std::vector<std::string> ids;
    ids.reserve(response.hits.size());
    for (const auto& hit : response.hits) {
        ids.push_back(hit.id);
    }
    auto counts = store_->counts(ids);
    if (!counts) {
        return; // the hits keep 0/0: a search never fails over feedback
    }
    for (auto& hit : response.hits) {
        if (auto it = counts->find(hit.id); it != counts->end()) {
            hit.helpful = it->second;
        }
    }
}

std::string FeedbackHandler::with_helpful(std::string_view id, std::string json) const {
    HelpfulCounts counts;
    if (store_ != nullptr) {
        if (auto stored = store_->counts(id)) {
            counts = *stored;
        }
    }
    const size_t end = json.find_last_of('}');
    if (end == std::string::npos) {
        return json;
    }
    JsonWriter w;
    write_counts(w, counts);
    const bool empty_object = json.find_first_not_of(" \t\r\n{", 0) == end;
    json.insert(end, (empty_object ? "\"helpful\":" : ",\"helpful\":") + w.take());
    return json;
}

} // namespace antwort::searchd
