#include "esim/base64.hpp"

#include "esim/error.hpp"

namespace esim {

namespace {
// With one '=' the low 8 bits of a quantum are unused, with two the low 16.
constexpr std::uint32_t kPadBitsMask1 = 0xFF;
constexpr std::uint32_t kPadBitsMask2 = 0xFFFF;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int decodeChar(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
} // namespace

std::string base64Encode(ByteView bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Bytes base64Decode(std::string_view text, std::string_view what) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    clean.push_back(c);
  }
  auto fail = [&](const std::string &why) {
    return Error(Errc::invalidArgument, std::string(what) + " is not valid base64: " + why);
  };
  if (clean.size() % 4 != 0) throw fail("length is not a multiple of 4");
  Bytes out;
  out.reserve(clean.size() / 4 * 3);
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    bool last = i + 4 == clean.size();
    int pad = 0;
    std::uint32_t v = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      char c = clean[i + j];
      if (c == '=') {
        if (!last || j < 2) throw fail("misplaced padding");
        ++pad;
        v <<= 6;
        continue;
      }
      if (pad > 0) throw fail("data after padding");
      int d = decodeChar(c);
      if (d < 0) throw fail(std::string("unexpected character '") + c + "'");
      v = (v << 6) | static_cast<std::uint32_t>(d);
    }
    // The bits of the last character that padding leaves unused must be
    // zero (RFC 4648 section 3.5): otherwise several texts decode to the
    // same bytes ("QR==" and "QQ==" are both "A"). Found by fuzz_es9p_response.
    if ((pad == 1 && (v & kPadBitsMask1) != 0) || (pad == 2 && (v & kPadBitsMask2) != 0)) {
      throw fail("non-zero bits before the padding");
    }
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  }
  return out;
}

} // namespace esim
