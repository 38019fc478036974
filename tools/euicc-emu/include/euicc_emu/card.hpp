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

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_emu/state_lock.hpp"

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
  // validateState or its PKI files are unusable (see checkPki). No lock is
  // taken: the caller makes sure that no other process writes |statePath|.
  explicit Card(EmulatorState state, std::optional<std::filesystem::path> statePath = std::nullopt);

  // Card loads the state file |statePath| and saves every change there, as
  // above, with the file locked as |locking| says (StateFileLocking): for
  // the whole life of the Card (esimctl --emulator) or for each ES10
  // function, reloading the file first when another process changed it
  // (euicc-emu serving). Per-channel state (selection, partial STORE DATA,
  // waiting answers) stays in memory. In perCommand mode a lock that cannot
  // be had within |lockTimeout|, or a file that became unreadable or invalid,
  // answers 6581 as a failed save does. Throws what StateFileLock and
  // loadState throw (esim::Error naming the file).
  Card(const std::filesystem::path &statePath, StateFileLocking locking,
       std::chrono::milliseconds lockTimeout = kStateLockTimeout);
  ~Card();
  Card(const Card &) = delete;
  Card &operator=(const Card &) = delete;

  // atr returns the Answer To Reset of the card: the state's "atr" if it has
  // one, else the default ATR (setDefaultAtr). Never throws except
  // std::bad_alloc.
  esim::Bytes atr() const;

  // setDefaultAtr sets the ATR answered while the state names none
  // (initially atr.hpp's defaultAtr(), which offers T=0 only); it is not
  // written to the state file. The caller checks |atr| (checkAtr). Never
  // throws except std::bad_alloc.
  void setDefaultAtr(esim::Bytes atr);

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

  // state returns a copy of the current state (for tests and --print-state);
  // in perCommand mode, as the card last read or wrote it.
  EmulatorState state() const;

  // takeFileError returns why the state file could not be locked, read or
  // saved during the last ES10 function (which answered 6581), and forgets
  // it; nothing if it could. EmulatorTransport turns it into the error its
  // caller sees, so that the message names the file. Never throws except
  // std::bad_alloc.
  std::optional<esim::Error> takeFileError();

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
