// isValidSmdpAddress: the SM-DP+ address from the card, checked before it
// becomes part of a URL; isValidHostName, the DNS-name rule it uses.
#include "esim/es9p.hpp"
#include "esim/http.hpp"

#include <cctype>
#include <string_view>

namespace esim {

namespace {
constexpr std::size_t kMaxHostLength = 253; // RFC 1035 2.3.4, without the root dot
constexpr std::size_t kMaxLabelLength = 63;
constexpr std::size_t kMaxPortDigits = 5;
constexpr unsigned kMaxPort = 65535;

bool isValidLabel(std::string_view label) noexcept {
  if (label.empty() || label.size() > kMaxLabelLength || label.front() == '-' ||
      label.back() == '-') {
    return false;
  }
  for (char c : label) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

} // namespace

bool isValidHostName(std::string_view host) noexcept {
  if (host.empty() || host.size() > kMaxHostLength) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::string_view label =
        host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!isValidLabel(label)) {
      return false; // also catches "..", a leading dot and a trailing dot
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

namespace {

bool isValidPort(std::string_view port) noexcept {
  if (port.empty() || port.size() > kMaxPortDigits) {
    return false;
  }
  unsigned value = 0;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= kMaxPort;
}
} // namespace

bool isValidSmdpAddress(const std::string &address) noexcept {
  const std::string_view text = address;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return isValidHostName(text);
  }
  return isValidHostName(text.substr(0, colon)) && isValidPort(text.substr(colon + 1));
}

} // namespace esim
