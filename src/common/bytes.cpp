#include "esim/bytes.hpp"

#include "esim/error.hpp"

namespace esim {

std::string toHex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

namespace {
int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
} // namespace

Bytes fromHex(std::string_view hex, std::string_view what) {
  Bytes out;
  out.reserve(hex.size() / 2);
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == ':') continue;
    int v = hexValue(c);
    if (v < 0) {
      throw Error(Errc::invalidArgument,
                  std::string(what) + ": '" + std::string(hex) + "' is not hexadecimal");
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) {
    throw Error(Errc::invalidArgument,
                std::string(what) + ": '" + std::string(hex) + "' has an odd number of hex digits");
  }
  return out;
}

} // namespace esim
