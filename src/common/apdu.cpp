#include "esim/apdu.hpp"

#include <cstdio>

#include "esim/error.hpp"

namespace esim {

namespace {
constexpr std::uint8_t kClaIso = 0x00;
constexpr std::uint8_t kClaProprietary = 0x80; // GlobalPlatform / ETSI commands
constexpr std::uint8_t kClaFurtherInterindustry = 0x40;
constexpr std::uint8_t kMaxBasicChannel = 3;
constexpr std::uint8_t kMaxChannel = 19;
constexpr std::uint8_t kP1ManageChannelClose = 0x80;
constexpr std::uint8_t kP1SelectByDfName = 0x04;
constexpr std::uint8_t kP1StoreDataMoreBlocks = 0x11; // BER-TLV, more blocks follow
constexpr std::uint8_t kP1StoreDataLastBlock = 0x91;  // BER-TLV, last block
constexpr std::uint16_t kMaxLe = 256;
} // namespace

std::uint8_t claForChannel(std::uint8_t cla, std::uint8_t channel) {
  if (channel > kMaxChannel) {
    throw Error(Errc::invalidArgument,
                "logical channel " + std::to_string(channel) + " cannot be coded in CLA (0..19)");
  }
  // Keep the class bits (proprietary bit 8, chaining bit 5) and recode the channel.
  std::uint8_t base = cla & 0x80;
  if (channel <= kMaxBasicChannel) return static_cast<std::uint8_t>(base | channel);
  return static_cast<std::uint8_t>(base | kClaFurtherInterindustry | (channel - 4));
}

std::uint8_t channelFromCla(std::uint8_t cla) noexcept {
  if (cla & kClaFurtherInterindustry) return static_cast<std::uint8_t>((cla & 0x0F) + 4);
  return cla & 0x03;
}

Bytes CommandApdu::toBytes() const {
  if (data.size() > kMaxShortData) {
    throw Error(Errc::invalidArgument, "APDU data of " + std::to_string(data.size()) +
                                           " bytes exceeds a short APDU (255)");
  }
  if (le && (*le == 0 || *le > kMaxLe)) {
    throw Error(Errc::invalidArgument, "APDU Le " + std::to_string(*le) + " is outside 1..256");
  }
  Bytes out{cla, ins, p1, p2};
  if (!data.empty()) {
    out.push_back(static_cast<std::uint8_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
  }
  if (le) out.push_back(static_cast<std::uint8_t>(*le == kMaxLe ? 0 : *le));
  return out;
}

CommandApdu CommandApdu::parse(ByteView raw) {
  if (raw.size() < 4) {
    throw Error(Errc::malformedResponse,
                "C-APDU of " + std::to_string(raw.size()) + " bytes is shorter than a header");
  }
  CommandApdu c;
  c.cla = raw[0];
  c.ins = raw[1];
  c.p1 = raw[2];
  c.p2 = raw[3];
  ByteView body = raw.subspan(4);
  if (body.empty()) return c; // case 1
  if (body.size() == 1) {     // case 2: Le only
    c.le = body[0] == 0 ? kMaxLe : body[0];
    return c;
  }
  std::size_t lc = body[0];
  if (lc == 0) {
    throw Error(Errc::malformedResponse, "C-APDU uses extended length, which is not supported");
  }
  if (body.size() == 1 + lc) { // case 3
    c.data.assign(body.begin() + 1, body.end());
    return c;
  }
  if (body.size() == 2 + lc) { // case 4
    c.data.assign(body.begin() + 1, body.end() - 1);
    c.le = body.back() == 0 ? kMaxLe : body.back();
    return c;
  }
  throw Error(Errc::malformedResponse, "C-APDU Lc " + std::to_string(lc) + " does not match its " +
                                           std::to_string(body.size() - 1) + " data bytes");
}

CommandApdu CommandApdu::manageChannelOpen() {
  // ISO/IEC 7816-4 11.1.2: P1 00 = open, P2 00 = card assigns, Le 1.
  return CommandApdu{kClaIso, ins::kManageChannel, 0x00, 0x00, {}, 1};
}

CommandApdu CommandApdu::manageChannelClose(std::uint8_t channel) {
  return CommandApdu{kClaIso, ins::kManageChannel, kP1ManageChannelClose, channel,
                     {},      std::nullopt};
}

CommandApdu CommandApdu::select(std::uint8_t channel, ByteView aid) {
  // P2 00: first or only occurrence, return FCI.
  return CommandApdu{claForChannel(kClaIso, channel), ins::kSelect, kP1SelectByDfName, 0x00,
                     Bytes(aid.begin(), aid.end()),   kMaxLe};
}

CommandApdu CommandApdu::storeData(std::uint8_t channel, bool last, std::uint8_t blockNumber,
                                   ByteView data) {
  return CommandApdu{claForChannel(kClaProprietary, channel),
                     ins::kStoreData,
                     last ? kP1StoreDataLastBlock : kP1StoreDataMoreBlocks,
                     blockNumber,
                     Bytes(data.begin(), data.end()),
                     std::nullopt};
}

CommandApdu CommandApdu::getResponse(std::uint8_t channel, std::uint16_t le) {
  return CommandApdu{claForChannel(kClaIso, channel), ins::kGetResponse, 0x00, 0x00, {}, le};
}

CommandApdu CommandApdu::terminalCapability() {
  // A9: terminal capability template; 81: no additional power; 82 01 01:
  // extended logical channels; 83 01 07: eUICC-related functions supported
  // (local profile management, profile download, local user interface).
  return CommandApdu{kClaProprietary,
                     ins::kTerminalCapability,
                     0x00,
                     0x00,
                     Bytes{0xA9, 0x08, 0x81, 0x00, 0x82, 0x01, 0x01, 0x83, 0x01, 0x07},
                     std::nullopt};
}

Bytes ResponseApdu::toBytes() const {
  Bytes out = data;
  out.push_back(sw1);
  out.push_back(sw2);
  return out;
}

ResponseApdu ResponseApdu::parse(ByteView raw) {
  if (raw.size() < 2) {
    throw Error(Errc::malformedResponse,
                "R-APDU of " + std::to_string(raw.size()) + " bytes has no status word",
                "the card or reader returned a truncated answer; re-insert the card and retry");
  }
  ResponseApdu r;
  r.data.assign(raw.begin(), raw.end() - 2);
  r.sw1 = raw[raw.size() - 2];
  r.sw2 = raw[raw.size() - 1];
  return r;
}

ResponseApdu ResponseApdu::fromSw(std::uint16_t sw, Bytes data) {
  ResponseApdu r;
  r.data = std::move(data);
  r.sw1 = static_cast<std::uint8_t>(sw >> 8);
  r.sw2 = static_cast<std::uint8_t>(sw & 0xFF);
  return r;
}

std::string statusWordText(std::uint16_t sw) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04X", sw);
  std::string text = hex;
  const char *meaning = nullptr;
  switch (sw) {
  case sw::kOk: meaning = "success"; break;
  case sw::kFileNotFound: meaning = "application not found"; break;
  case sw::kDataNotFound: meaning = "referenced data not found"; break;
  case sw::kConditionsNotSatisfied: meaning = "conditions of use not satisfied"; break;
  case sw::kWrongLength: meaning = "wrong length"; break;
  case sw::kIncorrectP1P2: meaning = "incorrect P1/P2"; break;
  case sw::kWrongData: meaning = "incorrect data"; break;
  case sw::kInsNotSupported: meaning = "instruction not supported"; break;
  case sw::kClaNotSupported: meaning = "class not supported"; break;
  case sw::kChannelNotSupported: meaning = "logical channel not supported"; break;
  case sw::kNoPreciseDiagnosis: meaning = "no precise diagnosis"; break;
  case sw::kMemoryFailure: meaning = "memory failure"; break;
  case 0x6A81: meaning = "function not supported"; break;
  case 0x6A84: meaning = "not enough memory"; break;
  case 0x6982: meaning = "security status not satisfied"; break;
  default:
    if ((sw >> 8) == sw::kMoreDataSw1)
      meaning = "more data available";
    else if ((sw >> 8) == sw::kWrongLeSw1)
      meaning = "wrong Le";
    break;
  }
  if (meaning) text += std::string(" (") + meaning + ")";
  return text;
}

} // namespace esim
