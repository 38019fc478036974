// ISO/IEC 7816-4 command and response APDUs as value types, with named
// factories for the commands an LPA sends to an eUICC.
//
//   auto open = CommandApdu::manageChannelOpen();       // 00 70 00 00 01
//   auto sel = CommandApdu::select(1, isdrAid);         // 01 A4 04 00 10 <aid> 00
//   auto blk = CommandApdu::storeData(1, true, 0, der);  // 81 E2 91 00 Lc <der>
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "esim/bytes.hpp"

namespace esim {

// Status words this library reacts to (ISO/IEC 7816-4 clause 5.6).
namespace sw {
inline constexpr std::uint16_t kOk = 0x9000;
inline constexpr std::uint8_t kMoreDataSw1 = 0x61;     // 61xx: xx bytes waiting
inline constexpr std::uint8_t kWrongLeSw1 = 0x6C;      // 6Cxx: resend with Le=xx
inline constexpr std::uint16_t kFileNotFound = 0x6A82; // application not found
inline constexpr std::uint16_t kDataNotFound = 0x6A88; // referenced data not found
inline constexpr std::uint16_t kConditionsNotSatisfied = 0x6985;
inline constexpr std::uint16_t kWrongLength = 0x6700;
inline constexpr std::uint16_t kIncorrectP1P2 = 0x6A86;
inline constexpr std::uint16_t kWrongData = 0x6A80;
inline constexpr std::uint16_t kInsNotSupported = 0x6D00;
inline constexpr std::uint16_t kClaNotSupported = 0x6E00;
inline constexpr std::uint16_t kChannelNotSupported = 0x6881;
inline constexpr std::uint16_t kNoPreciseDiagnosis = 0x6F00;
inline constexpr std::uint16_t kMemoryFailure = 0x6581;
} // namespace sw

// Instruction bytes used by the LPA (ISO/IEC 7816-4, GlobalPlatform 2.3).
namespace ins {
inline constexpr std::uint8_t kManageChannel = 0x70;
inline constexpr std::uint8_t kSelect = 0xA4;
inline constexpr std::uint8_t kGetResponse = 0xC0;
inline constexpr std::uint8_t kStoreData = 0xE2;
inline constexpr std::uint8_t kTerminalCapability = 0xAA;
} // namespace ins

// kMaxShortData is the largest data field of a short APDU.
inline constexpr std::size_t kMaxShortData = 255;

// claForChannel returns |cla| with logical channel |channel| (0..19) coded as
// ISO/IEC 7816-4 clause 5.4.1 says: channels 0-3 in bits 1-2, channels 4-19 in
// the further-interindustry form (bit 7 set, channel-4 in bits 1-4). Throws
// Error(Errc::invalidArgument) for a channel above 19.
std::uint8_t claForChannel(std::uint8_t cla, std::uint8_t channel);

// channelFromCla returns the logical channel number coded in |cla|.
std::uint8_t channelFromCla(std::uint8_t cla) noexcept;

// CommandApdu is one command APDU. Only short APDUs are produced: data of at
// most 255 bytes and Le of at most 256.
struct CommandApdu {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
  Bytes data;
  // le is the expected response length, 1..256 (256 is coded as 00); absent
  // means no Le byte.
  std::optional<std::uint16_t> le;

  // toBytes encodes the APDU (ISO/IEC 7816-3 cases 1-4, short form). Throws
  // Error(Errc::invalidArgument) if data exceeds 255 bytes or le exceeds 256.
  Bytes toBytes() const;

  // parse decodes a short C-APDU (for the emulator). Throws
  // Error(Errc::malformedResponse) on a length that does not match its Lc.
  static CommandApdu parse(ByteView raw);

  // manageChannelOpen returns MANAGE CHANNEL open on the basic channel with
  // the card assigning the number: 00 70 00 00 01. Cannot fail.
  static CommandApdu manageChannelOpen();
  // manageChannelClose returns MANAGE CHANNEL close of |channel|, sent on the
  // basic channel: 00 70 80 <channel>. Cannot fail.
  static CommandApdu manageChannelClose(std::uint8_t channel);
  // select returns SELECT by DF name (AID), first occurrence, FCI requested,
  // on |channel|: 0n A4 04 00 Lc <aid> 00. Cannot fail.
  static CommandApdu select(std::uint8_t channel, ByteView aid);
  // storeData returns a GlobalPlatform STORE DATA block carrying ES10 DER on
  // |channel| (SGP.22 clause 5.7.2): CLA 80|n, INS E2, P1 91 for the last
  // block or 11 when more follow, P2 the block number. Cannot fail.
  static CommandApdu storeData(std::uint8_t channel, bool last, std::uint8_t blockNumber,
                               ByteView data);
  // getResponse returns GET RESPONSE for |le| bytes (1..256) on |channel|.
  // Cannot fail.
  static CommandApdu getResponse(std::uint8_t channel, std::uint16_t le);
  // terminalCapability returns TERMINAL CAPABILITY (ETSI TS 102 221 clause
  // 11.1.19) announcing eUICC-related support, as sent by handsets and LPAs.
  // Cannot fail.
  static CommandApdu terminalCapability();
};

// ResponseApdu is one response APDU: data and the status word.
struct ResponseApdu {
  Bytes data;
  std::uint8_t sw1 = 0;
  std::uint8_t sw2 = 0;

  // sw returns SW1SW2 as one number.
  std::uint16_t sw() const noexcept { return static_cast<std::uint16_t>((sw1 << 8) | sw2); }
  // ok reports whether the status word is 9000.
  bool ok() const noexcept { return sw() == sw::kOk; }
  // toBytes returns data followed by SW1 SW2. Cannot fail.
  Bytes toBytes() const;
  // parse splits raw R-APDU bytes. Throws Error(Errc::malformedResponse) if
  // fewer than two bytes were received.
  static ResponseApdu parse(ByteView raw);
  // fromSw returns a response with no data and status word |sw|. Cannot fail.
  static ResponseApdu fromSw(std::uint16_t sw, Bytes data = {});
};

// statusWordText returns a short English description of |sw| for messages.
// Cannot fail.
std::string statusWordText(std::uint16_t sw);

} // namespace esim
