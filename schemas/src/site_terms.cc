/** @file Value lists for multi-valued value slots. */
#include "antwort/site_terms.h"

namespace antwort {

std::string serialise_value_list(const std::vector<std::string_view>& values) {
    std::string out;
    for (std::string_view value : values) {
        size_t n = value.size();
        do {
            unsigned char byte = n & 0x7F;
            n >>= 7;
            if (n != 0) {
                byte |= 0x80;
            }
            out.push_back(static_cast<char>(byte));
        } while (n != 0);
        out.append(value);
    }
    return out;
}

std::vector<std::string_view> unserialise_value_list(std::string_view data) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < data.size()) {
        size_t n = 0;
        unsigned shift = 0;
        bool more = true;
        while (more && pos < data.size() && shift < 64) {
            const auto byte = static_cast<unsigned char>(data[pos++]);
            n |= static_cast<size_t>(byte & 0x7F) << shift;
            shift += 7;
            more = (byte & 0x80) != 0;
        }
        if (more || n > data.size() - pos) {
            break;
        }
        out.push_back(data.substr(pos, n));
        pos += n;
    }
    return out;
}

} // namespace antwort
