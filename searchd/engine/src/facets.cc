/** @file FacetCounter: facet counts over the whole result set with Xapian match spies. */
#include "antwort/searchd/facets.h"

#include "antwort/site_terms.h"

#include <algorithm>
#include <map>

namespace antwort::searchd {

namespace {

using Counts = std::map<std::string, Xapian::doccount, std::less<>>;

/**
 * Counts every value of a multi-valued slot (serialise_value_list): a
 * document with tags {a, b} adds one to a and one to b. ValueCountMatchSpy
 * would count the serialised list as one value.
 */
class ValueListCountMatchSpy : public Xapian::MatchSpy {
  public:
    explicit ValueListCountMatchSpy(Xapian::valueno slot) : slot_(slot) {}
    void operator()(const Xapian::Document& doc, double) override {
        const std::string data = doc.get_value(slot_);
        for (std::string_view value : unserialise_value_list(data)) {
            add(value);
        }
    }
    const Counts& counts() const { return counts_; }

  private:
    void add(std::string_view value) {
        auto it = counts_.find(value);
        if (it == counts_.end()) {
            counts_.emplace(std::string(value), 1);
        } else {
            ++it->second;
        }
    }
    Xapian::valueno slot_;
    Counts counts_;
};

/**
 * Fallback for indexes whose tags have no value slot: counts the boolean
 * terms prefix+value of each matching document (the folded values). Costs a
 * term-list read per document, so the slot is preferred.
 */
class PrefixTermCountMatchSpy : public Xapian::MatchSpy {
  public:
    explicit PrefixTermCountMatchSpy(std::string prefix) : prefix_(std::move(prefix)) {}
    void operator()(const Xapian::Document& doc, double) override {
        Xapian::TermIterator it = doc.termlist_begin();
        it.skip_to(prefix_);
        for (; it != doc.termlist_end(); ++it) {
            const std::string term = *it;
            if (term.compare(0, prefix_.size(), prefix_) != 0) {
                break;
            }
            ++counts_[term.substr(prefix_.size())];
        }
    }
    const Counts& counts() const { return counts_; }

  private:
    std::string prefix_;
    Counts counts_;
};

struct FacetSpy {
    std::string name;
    std::unique_ptr<Xapian::ValueCountMatchSpy> single;
    std::unique_ptr<ValueListCountMatchSpy> list;
    std::unique_ptr<PrefixTermCountMatchSpy> terms;
};

} // namespace

struct FacetCounter::Impl {
    std::vector<FacetSpy> spies;
};

FacetCounter::FacetCounter() : impl_(std::make_unique<Impl>()) {}
FacetCounter::FacetCounter(FacetCounter&&) noexcept = default;
FacetCounter& FacetCounter::operator=(FacetCounter&&) noexcept = default;
FacetCounter::~FacetCounter() = default;

Result<FacetCounter> FacetCounter::create(const Schema& schema,
                                          const std::vector<std::string>& names) {
    FacetCounter counter;
    for (const auto& name : names) {
        const FieldSpec* field = schema.field(name);
        FacetSpy spy;
        spy.name = name;
        if (field != nullptr && field->value_slot && field->multi) {
            spy.list = std::make_unique<ValueListCountMatchSpy>(*field->value_slot);
        } else if (field != nullptr && field->value_slot) {
            spy.single = std::make_unique<Xapian::ValueCountMatchSpy>(*field->value_slot);
        } else if (field != nullptr && field->type == FieldType::Keyword &&
                   !field->prefix.empty()) {
            spy.terms = std::make_unique<PrefixTermCountMatchSpy>(field->prefix);
        } else {
            return make_error(ErrorCode::InvalidArgument,
                              "this index cannot count facet '" + name + "'");
        }
        counter.impl_->spies.push_back(std::move(spy));
    }
    return counter;
}

bool FacetCounter::empty() const {
    return impl_->spies.empty();
}

void FacetCounter::attach(Xapian::Enquire& enquire) const {
    for (const auto& spy : impl_->spies) {
        if (spy.single) {
            enquire.add_matchspy(spy.single.get());
        } else if (spy.list) {
            enquire.add_matchspy(spy.list.get());
        } else {
            enquire.add_matchspy(spy.terms.get());
        }
    }
}

std::vector<Facet> FacetCounter::results(size_t top) const {
    std::vector<Facet> out;
    for (const auto& spy : impl_->spies) {
        Facet facet;
        facet.name = spy.name;
        if (spy.single) {
            for (auto it = spy.single->values_begin(); it != spy.single->values_end(); ++it) {
                if (!(*it).empty()) {
                    facet.values.emplace_back(*it, it.get_termfreq());
                }
            }
        } else {
            const Counts& counts = spy.list ? spy.list->counts() : spy.terms->counts();
            for (const auto& [value, count] : counts) {
                facet.values.emplace_back(value, count);
            }
        }
        std::sort(facet.values.begin(), facet.values.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (facet.values.size() > top) {
            facet.values.resize(top);
        }
        out.push_back(std::move(facet));
    }
    return out;
}

} // namespace antwort::searchd
