/** @file Reading single values, lists and limits from query-string parameters. */
#include "antwort/searchd/param_map.h"

#include "antwort/text.h"

#include <charconv>
#include <string_view>

namespace antwort::searchd {

namespace {

Error bad(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}
} // namespace

std::vector<std::string> list_values(const ParamMap& params, const std::string& name) {
    std::vector<std::string> out;
    auto [first, last] = params.equal_range(name);
    for (auto it = first; it != last; ++it) {
        std::string_view rest = it->second;
        while (true) {
            auto comma = rest.find(',');
            std::string_view piece = trim(rest.substr(0, comma));
            if (!piece.empty()) {
                out.emplace_back(piece);
            }
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

Result<const std::string*> single_value(const ParamMap& params, const std::string& name) {
    auto count = params.count(name);
    if (count == 0) {
        return static_cast<const std::string*>(nullptr);
    }
    if (count > 1) {
        return bad("parameter '" + name + "' given more than once");
    }
    return &params.find(name)->second;
}

Result<unsigned> parse_limit(const ParamMap& params, unsigned fallback, unsigned max) {
    auto value = single_value(params, "limit");
    if (!value) {
        return value.error();
    }
    if (*value == nullptr) {
        return fallback;
    }
    const std::string& text = **value;
    unsigned long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
        return bad("parameter 'limit' must be a positive integer");
    }
    if (ec == std::errc::result_out_of_range || n < 1 || n > max) {
        return bad("parameter 'limit' must be between 1 and " + std::to_string(max));
    }
    return static_cast<unsigned>(n);
}

} // namespace antwort::searchd
