// Card: the emulated eUICC at the APDU level (ISO/IEC 7816-4 logical
// channels, SELECT, GlobalPlatform STORE DATA, GET RESPONSE) with the ISD-R's
// ES10 functions behind it (SGP.22 clause 5.7).
//
//   euicc_emu::Card card(euicc_emu::loadState("card.json"), "card.json");
//   esim::Bytes r = card.processApdu(esim::fromHex("0070000001")); // 01 90 00
//
// A tester's LPA may send anything: processApdu answers every input with a
// status word (6700 wrong length, 6A86 wrong P1/P2, 6D00 unknown INS, 6E00
// unknown CLA, 6881 closed channel, 6A80 undecodable ES10 request, ...) and
// never throws or crashes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "esim/bytes.hpp"
#include "euicc_emu/state.hpp"

namespace euicc_emu {

// kMaxLogicalChannels is how many logical channels the card offers: the basic
// channel 0 and channels 1..3 (MANAGE CHANNEL open answers 6A81 beyond).
inline constexpr unsigned kMaxLogicalChannels = 4;

// Card is one emulated eUICC. All methods may be called from several threads
// (an internal mutex serializes them).
class Card {
public:
  // Card validates |state|, loads the eUICC key and certificates its "pki"
  // names (relative paths against state.pki->baseDirectory, else the
  // directory of |statePath|, else the current directory) and starts powered
  // on with only the basic channel open. If |statePath| is given, every
  // change an ES10 function makes (enable, disable, delete, nickname, reset,
  // notifications) is saved there atomically before the function answers.
  // Throws esim::Error(Errc::emulator) if |state| breaks a rule of
  // validateState or its PKI files are unusable (see checkPki).
  explicit Card(EmulatorState state, std::optional<std::filesystem::path> statePath = std::nullopt);
  ~Card();
  Card(const Card &) = delete;
  Card &operator=(const Card &) = delete;

  // atr returns the Answer To Reset of the card (from the state).
  esim::Bytes atr() const;

  // processApdu handles one short C-APDU and returns the R-APDU: response
  // data followed by SW1 SW2. Never throws; an internal failure answers 6F00
  // and a failed save of the state answers 6581.
  esim::Bytes processApdu(esim::ByteView capdu) noexcept;

  // powerOff, powerOn and reset close every logical channel but the basic
  // one, deselect the ISD-R and drop partial STORE DATA and pending GET
  // RESPONSE data, as a cold or warm reset of a real card does. The stored
  // state (profiles, notifications) is kept. Never throw.
  void powerOff() noexcept;
  void powerOn() noexcept;
  void reset() noexcept;

  // openChannelMask returns the open logical channels as bits (bit n set:
  // channel n is open; bit 0, the basic channel, always is). Never throws.
  std::uint32_t openChannelMask() const noexcept;

  // state returns a copy of the current state (for tests and --print-state).
  EmulatorState state() const;

  // LogFn receives one line of diagnostics, for example why an ES10 request
  // was answered 6A80. It is called with the card's lock held: it must not
  // call back into the Card.
  using LogFn = std::function<void(const std::string &line)>;
  // setLog installs |log| (an empty function turns diagnostics off).
  void setLog(LogFn log);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace euicc_emu
