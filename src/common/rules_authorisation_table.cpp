#include "esim/rules_authorisation_table.hpp"

namespace esim {

namespace {
constexpr std::size_t kMccMncLength = 3;
constexpr std::uint8_t kWildcardNibble = 0xE; // SGP.22 clause 2.9.2: any digit
constexpr std::uint8_t kFillerNibble = 0xF;   // MNC digit 3 of a two-digit MNC
constexpr unsigned kNibbleBits = 4;
constexpr std::uint8_t kLowNibble = 0x0F;

// digit returns the character of one nibble, or '\0' for a nibble that is
// no digit nor the wildcard.
char digit(std::uint8_t nibble) {
  if (nibble <= 9) return static_cast<char>('0' + nibble);
  if (nibble == kWildcardNibble) return 'E';
  return '\0';
}
} // namespace

std::optional<MccMnc> decodeMccMnc(ByteView mccMnc) {
  if (mccMnc.size() != kMccMncLength) return std::nullopt;
  auto low = [&](std::size_t i) { return static_cast<std::uint8_t>(mccMnc[i] & kLowNibble); };
  auto high = [&](std::size_t i) { return static_cast<std::uint8_t>(mccMnc[i] >> kNibbleBits); };
  // Byte order of 3GPP TS 24.008 figure 10.5.13: MCC2|MCC1, MNC3|MCC3, MNC2|MNC1.
  const std::uint8_t mccNibbles[] = {low(0), high(0), low(1)};
  const std::uint8_t mncNibbles[] = {low(2), high(2)};
  MccMnc out;
  for (std::uint8_t n : mccNibbles) {
    const char c = digit(n);
    if (c == '\0') return std::nullopt;
    out.mcc += c;
  }
  for (std::uint8_t n : mncNibbles) {
    const char c = digit(n);
    if (c == '\0') return std::nullopt;
    out.mnc += c;
  }
  if (high(1) != kFillerNibble) {
    const char c = digit(high(1));
    if (c == '\0') return std::nullopt;
    out.mnc += c;
  }
  return out;
}

std::string mccMncText(ByteView mccMnc) {
  const std::optional<MccMnc> digits = decodeMccMnc(mccMnc);
  if (!digits) return toHex(mccMnc);
  return digits->mcc + "-" + digits->mnc;
}

} // namespace esim
