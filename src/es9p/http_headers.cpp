// Header lookup shared by the HTTP clients and the ES9+ client.
#include "esim/http.hpp"

#include <algorithm>
#include <cctype>

namespace esim {

namespace {
bool equalsIgnoreCase(const std::string &a, const std::string &b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}
} // namespace

const std::string *findHeader(const HttpHeaders &headers, const std::string &name) {
  for (const auto &[key, value] : headers) {
    if (equalsIgnoreCase(key, name)) {
      return &value;
    }
  }
  return nullptr;
}

} // namespace esim
