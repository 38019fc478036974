// parseResolveEntry: curl's --resolve "HOST:PORT:ADDRESS[,ADDRESS...]",
// checked before any request is made.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "esim/error.hpp"
#include "esim/http.hpp"

namespace esim {

namespace {

constexpr unsigned kMaxPort = 65535;
constexpr std::size_t kMaxPortDigits = 5;

[[noreturn]] void bad(std::string_view entry, const std::string &why) {
  throw Error(Errc::invalidArgument,
              "resolve entry \"" + std::string(entry) + "\" is not HOST:PORT:ADDRESS: " + why,
              "write it as curl's --resolve, e.g. smdp.example:443:127.0.0.1 or "
              "smdp.example:443:[::1]");
}

bool isIpLiteral(const std::string &address) noexcept {
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, address.c_str(), &v4) == 1 ||
         inet_pton(AF_INET6, address.c_str(), &v6) == 1;
}

bool isIpv6Literal(const std::string &address) noexcept {
  in6_addr v6{};
  return inet_pton(AF_INET6, address.c_str(), &v6) == 1;
}

} // namespace

ResolveEntry parseResolveEntry(std::string_view entry) {
  const std::size_t first = entry.find(':');
  const std::size_t second = first == std::string_view::npos ? first : entry.find(':', first + 1);
  if (second == std::string_view::npos) bad(entry, "it needs two colons");
  ResolveEntry out;
  out.host = std::string(entry.substr(0, first));
  if (!isValidHostName(out.host)) bad(entry, "\"" + out.host + "\" is not a host name");

  const std::string_view port = entry.substr(first + 1, second - first - 1);
  unsigned value = 0;
  bool digits = !port.empty() && port.size() <= kMaxPortDigits;
  for (char c : port) {
    if (c < '0' || c > '9') {
      digits = false;
      break;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!digits || value < 1 || value > kMaxPort) {
    bad(entry, "port \"" + std::string(port) + "\" is not a number from 1 to 65535");
  }
  out.port = static_cast<std::uint16_t>(value);

  const std::string_view list = entry.substr(second + 1);
  if (list.empty()) bad(entry, "no ADDRESS");
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(',', start);
    std::string address(list.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                           : comma - start));
    const std::string given = address;
    bool ok = false;
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
      address = address.substr(1, address.size() - 2);
      ok = isIpv6Literal(address);
    } else {
      ok = isIpLiteral(address);
    }
    if (!ok) bad(entry, "\"" + given + "\" is not an IPv4 or IPv6 address");
    out.addresses.push_back(address);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

} // namespace esim
