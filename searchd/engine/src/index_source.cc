/** @file LocalIndexSource: an antwort-indexer index directory as the engine's IndexSource. */
#include "antwort/searchd/index_source.h"

#include "antwort/index_layout.h"
#include "antwort/stored_schema.h"

namespace antwort::searchd {

namespace {

/** `current -> gen-NNNNNN` in a directory on this machine. */
class LocalIndexSource final : public IndexSource {
  public:
    explicit LocalIndexSource(std::filesystem::path dir) : root_(std::move(dir)), dir_(root_) {}

    Result<uint64_t> live_generation() const override {
        auto gen = dir_.current_generation();
        if (!gen) {
            return make_error(ErrorCode::Unavailable,
                              "no index at " + root_.string() +
                                  " (no current generation); build one with antwort-indexer build");
        }
        return *gen;
    }

    Result<OpenedIndex> open(uint64_t generation) const override {
        const std::string path = describe(generation);
        try {
            Xapian::Database db(path);
            auto schema = load_index_schema(db, "searchd");
            if (!schema) {
                return make_error(schema.error().code,
                                  describe() + ": " + schema.error().message);
            }
            return OpenedIndex{std::move(db), std::move(*schema)};
        } catch (const Xapian::DatabaseModifiedError&) {
            throw; // the caller reopens and retries
        } catch (const Xapian::DatabaseError& e) {
            // `current` names this generation, so it should open: it is damaged.
            return make_error(ErrorCode::Corrupt, "index unreadable: cannot open " + path +
                                                      ": " + e.get_description());
        }
    }

    std::string describe(uint64_t generation) const override {
        return dir_.generation_path(generation).string();
    }

    std::string describe() const override { return "index at " + root_.string(); }

  private:
    std::filesystem::path root_;
    IndexDir dir_;
};

} // namespace

std::unique_ptr<IndexSource> local_index_source(const std::filesystem::path& dir) {
    return std::make_unique<LocalIndexSource>(dir);
}

} // namespace antwort::searchd
