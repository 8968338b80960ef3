/** @file Index directory layout: generations, atomic publish, writer lock. */
#include "antwort/index_layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace antwort {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view GEN_PREFIX = "gen-";
constexpr std::string_view STAGING_SUFFIX = ".tmp";

std::string generation_name(uint64_t gen) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "gen-%06llu", static_cast<unsigned long long>(gen));
    return buf;
}

/** Parses "gen-000007" (or "gen-000007.tmp" when @p staging) to 7. */
std::optional<uint64_t> parse_generation_name(std::string_view name, bool staging) {
    if (name.substr(0, GEN_PREFIX.size()) != GEN_PREFIX) {
        return std::nullopt;
    }
    name.remove_prefix(GEN_PREFIX.size());
    if (staging) {
        if (name.size() <= STAGING_SUFFIX.size() ||
            name.substr(name.size() - STAGING_SUFFIX.size()) != STAGING_SUFFIX) {
            return std::nullopt;
        }
        name.remove_suffix(STAGING_SUFFIX.size());
    }
    if (name.empty() || name.size() > 18) {
        return std::nullopt;
    }
    uint64_t gen = 0;
    for (char c : name) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        gen = gen * 10 + static_cast<uint64_t>(c - '0');
    }
    return gen;
}

} // namespace

IndexDir::IndexDir(fs::path root) : root_(std::move(root)) {}

fs::path IndexDir::current_link() const { return root_ / "current"; }

std::optional<uint64_t> IndexDir::current_generation() const {
    std::error_code ec;
    fs::path target = fs::read_symlink(current_link(), ec);
    if (ec) {
        return std::nullopt;
    }
    return parse_generation_name(target.filename().string(), false);
}

fs::path IndexDir::generation_path(uint64_t gen) const { return root_ / generation_name(gen); }

fs::path IndexDir::staging_path(uint64_t gen) const {
    return root_ / (generation_name(gen) + std::string(STAGING_SUFFIX));
}

uint64_t IndexDir::next_generation() const {
    uint64_t highest = current_generation().value_or(0);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        const std::string name = entry.path().filename().string();
        auto gen = parse_generation_name(name, false);
        if (!gen) {
            gen = parse_generation_name(name, true);
        }
        if (gen && *gen > highest) {
            highest = *gen;
        }
    }
    return highest + 1;
}

Result<void> IndexDir::publish(uint64_t gen) {
    const fs::path target = generation_path(gen);
    std::error_code ec;
    if (!fs::is_directory(target, ec)) {
        return make_error(ErrorCode::Internal, "cannot publish missing " + target.string());
    }
    // A relative link keeps the index directory movable.
    const fs::path tmp_link = root_ / (".current." + std::to_string(::getpid()));
    fs::remove(tmp_link, ec);
    fs::create_symlink(target.filename(), tmp_link, ec);
    if (ec) {
        return make_error(ErrorCode::Internal,
                          "cannot create symlink " + tmp_link.string() + ": " + ec.message());
    }
    if (std::rename(tmp_link.c_str(), current_link().c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        fs::remove(tmp_link, ec);
        return make_error(ErrorCode::Internal,
                          "cannot replace " + current_link().string() + ": " + reason);
    }
    // Make the rename durable before anyone relies on it.
    int dir_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return {};
}

void IndexDir::remove_stale() {
    const auto current = current_generation();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        const std::string name = entry.path().filename().string();
        std::error_code rm_ec;
        if (parse_generation_name(name, true)) {
            fs::remove_all(entry.path(), rm_ec);
            continue;
        }
        if (name.rfind(".current.", 0) == 0) {
            fs::remove(entry.path(), rm_ec);
            continue;
        }
        auto gen = parse_generation_name(name, false);
        // Keep the live generation and the one before it: searchd threads
        // may still be reading the previous one for a moment after a swap.
        if (gen && current && *gen + 1 < *current) {
            fs::remove_all(entry.path(), rm_ec);
        }
    }
}

Result<WriterLock> WriterLock::acquire(const fs::path& root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) {
        return make_error(ErrorCode::Internal,
                          "cannot create index directory " + root.string() + ": " + ec.message());
    }
    const fs::path lock_path = root / ".lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return make_error(ErrorCode::Internal,
                          "cannot open " + lock_path.string() + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return make_error(ErrorCode::Conflict, "index " + root.string() +
                                                   " is locked by another writer (an antwort-indexer run "
                                                   "or searchd applying feedback)");
    }
    return WriterLock(fd);
}

Result<WriterLock> WriterLock::acquire(const fs::path& root, std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        auto lock = acquire(root);
        if (lock || lock.error().code != ErrorCode::Conflict ||
            std::chrono::steady_clock::now() >= deadline) {
            return lock;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        ::close(fd_); // closing the descriptor releases the flock
    }
}

} // namespace antwort
