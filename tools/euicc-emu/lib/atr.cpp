// The emulated card's ATRs and the ISO/IEC 7816-3 layout check behind
// euicc-emu --atr.
#include "euicc_emu/atr.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "esim/error.hpp"

namespace euicc_emu {

namespace {

// ISO/IEC 7816-3 clause 8.1: TS plus at most 32 characters.
constexpr std::size_t kMaxAtrLength = 33;
constexpr std::uint8_t kDirectConvention = 0x3B;
constexpr std::uint8_t kInverseConvention = 0x3F;
// The high nibble of T0 and of each TDi (Yi+1) says which of TAi+1, TBi+1,
// TCi+1, TDi+1 follow; the low nibble of T0 is K, of TDi the protocol T.
constexpr unsigned kTaPresent = 0x1;
constexpr unsigned kTbPresent = 0x2;
constexpr unsigned kTcPresent = 0x4;
constexpr unsigned kTdPresent = 0x8;
constexpr unsigned kLowNibble = 0x0F;
constexpr unsigned kNibbleBits = 4;

[[noreturn]] void fail(esim::ByteView atr, const std::string &problem) {
  throw esim::Error(esim::Errc::invalidArgument, "ATR " + esim::toHex(atr) + ": " + problem,
                    "give an ATR laid out as ISO/IEC 7816-3 clause 8.2 says, or --atr t0 / t1");
}

std::string byteName(const char *kind, unsigned index) {
  return std::string(kind) + std::to_string(index);
}

} // namespace

bool AtrLayout::offers(unsigned protocol) const {
  return std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

AtrLayout checkAtr(esim::ByteView atr) {
  if (atr.size() < 2)
    fail(atr, "has " + std::to_string(atr.size()) + " bytes; TS and T0 are needed");
  if (atr.size() > kMaxAtrLength) {
    fail(atr, "has " + std::to_string(atr.size()) + " bytes; at most 33 are allowed");
  }
  if (atr[0] != kDirectConvention && atr[0] != kInverseConvention) {
    fail(atr, "TS must be 3B (direct) or 3F (inverse convention)");
  }
  AtrLayout layout;
  const unsigned historical = atr[1] & kLowNibble;
  unsigned presence = atr[1] >> kNibbleBits; // Y1
  std::size_t next = 2;
  // need checks that the byte |what|, announced by |announcer|, is there.
  auto need = [&](const std::string &what, const std::string &announcer) {
    if (next >= atr.size()) fail(atr, announcer + " announces " + what + " but the ATR ends");
    return atr[next++];
  };
  std::string announcer = "T0";
  for (unsigned i = 1;; ++i) {
    if (presence & kTaPresent) need(byteName("TA", i), announcer);
    if (presence & kTbPresent) need(byteName("TB", i), announcer);
    if (presence & kTcPresent) need(byteName("TC", i), announcer);
    if (!(presence & kTdPresent)) break;
    const std::uint8_t td = need(byteName("TD", i), announcer);
    const unsigned protocol = td & kLowNibble;
    if (!layout.offers(protocol)) layout.protocols.push_back(protocol);
    presence = td >> kNibbleBits;
    announcer = byteName("TD", i);
  }
  if (layout.protocols.empty()) layout.protocols.push_back(0); // no TD1: T=0 by default
  if (atr.size() < next + historical) {
    fail(atr, "T0 announces " + std::to_string(historical) + " historical bytes but only " +
                  std::to_string(atr.size() - next) + " follow the interface bytes");
  }
  layout.historicalBytes.assign(atr.begin() + static_cast<std::ptrdiff_t>(next),
                                atr.begin() + static_cast<std::ptrdiff_t>(next + historical));
  next += historical;
  const bool onlyT0 = layout.protocols.size() == 1 && layout.protocols[0] == 0;
  layout.hasTck = next < atr.size();
  if (onlyT0 && layout.hasTck) {
    fail(atr, std::to_string(atr.size() - next) +
                  " bytes follow the historical bytes; with only T=0 indicated TCK must be absent");
  }
  if (!onlyT0) {
    if (!layout.hasTck) fail(atr, "TCK is missing; it is required unless only T=0 is indicated");
    if (atr.size() > next + 1) {
      fail(atr, std::to_string(atr.size() - next - 1) + " bytes follow TCK");
    }
    std::uint8_t check = 0;
    for (std::size_t i = 1; i < atr.size(); ++i)
      check ^= atr[i];
    if (check != 0) {
      const auto wanted = static_cast<std::uint8_t>(check ^ atr.back());
      fail(atr, "TCK is " + esim::toHex(atr.last(1)) +
                    " but T0 to the last historical byte XOR to " +
                    esim::toHex(esim::ByteView(&wanted, 1)));
    }
  }
  return layout;
}

esim::Bytes defaultAtr() {
  // TS 3B; T0 17: TA1 follows, 7 historical bytes; TA1 96; historical bytes.
  return {0x3B, 0x17, 0x96, 0x80, 0x31, 0x80, 0x73, 0xFE, 0x21, 0x1B};
}

esim::Bytes dualProtocolAtr() {
  // TS 3B; T0 87: TD1 follows, 7 historical bytes; TD1 80: T=0, TD2 follows;
  // TD2 01: T=1; historical bytes; TCK 80.
  return {0x3B, 0x87, 0x80, 0x01, 0x80, 0x31, 0x80, 0x73, 0xFE, 0x21, 0x1B, 0x80};
}

esim::Bytes atrFromOption(std::string_view text) {
  if (text == "t0") return defaultAtr();
  if (text == "t1") return dualProtocolAtr();
  const esim::Bytes atr = esim::fromHex(text, "--atr (t0, t1 or an ATR in hex)");
  checkAtr(atr);
  return atr;
}

} // namespace euicc_emu
