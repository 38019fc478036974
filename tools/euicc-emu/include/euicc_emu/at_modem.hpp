// AtModem: the UICC side of a cellular modem's AT interface (3GPP TS 27.007
// +CCHO, +CCHC, +CGLA, +CSIM) in front of an emulated Card, so that an LPA's
// modem transport can be tested without a modem.
//
//   euicc_emu::FaultInjector faults(card, plan);
//   euicc_emu::AtModem modem(faults);
//   std::string out = modem.handleLine("AT+CCHO=\"A0000005591010FFFFFFFF8900000100\"");
//   // out == "\r\n42\r\n\r\nOK\r\n": session 42 (the card's channel is 1)
//
// Answers use V.250 verbose format: every line framed as CR LF text CR LF,
// information text first, then the final result code OK, ERROR (unknown or
// malformed command) or +CME ERROR: <n> (numeric, as after AT+CMEE=1).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "euicc_emu/at_command.hpp"
#include "euicc_emu/faults.hpp"

namespace euicc_emu {

// AtCmeError lists the TS 27.007 clause 9.2.1 error numbers the modem uses.
enum class AtCmeError : unsigned {
  operationNotAllowed = 3, // no logical channel left
  simFailure = 13,         // the card vanished (a removal or tear fault)
  invalidIndex = 21,       // unknown session id
  notFound = 22,           // SELECT of the AID failed
  incorrectParameters = 50,
};

// kFirstAtSession is the first session id handed out. Real modems number
// sessions their own way; starting above the channel numbers a CLA byte can
// code (0..19) makes an LPA that uses the session id as its channel number
// fail in tests.
inline constexpr std::uint32_t kFirstAtSession = 42;

// AtModem turns AT command lines into APDUs for one card. Not thread-safe:
// one connection drives it.
class AtModem {
public:
  // AtModem serves the card behind |faults| (which must outlive it); echo is
  // on, as on a modem after power-up.
  explicit AtModem(FaultInjector &faults) noexcept : faults_(faults) {}

  // handleLine answers one command line (without its CR): the echo of the
  // line if echo is on, information text, then a final result code. Never
  // throws; a line the modem cannot use is answered ERROR or +CME ERROR.
  std::string handleLine(std::string_view line);

  // sessionCount returns how many sessions (logical channels) are open.
  std::size_t sessionCount() const noexcept { return sessions_.size(); }

private:
  // Exchange is one APDU's outcome: the R-APDU, or the card vanished.
  struct Exchange {
    bool vanished = false;
    esim::Bytes answer;
  };
  Exchange exchange(const esim::Bytes &capdu);
  // answer carries out |command| and returns its answer without the echo.
  std::string answer(const AtCommand &command);
  std::string openChannel(const esim::Bytes &aid);
  std::string closeChannel(std::uint32_t session);
  std::string transmit(const esim::Bytes &capdu, std::uint8_t channel, std::string_view name);
  std::string cardVanished();

  FaultInjector &faults_;
  bool echo_ = true;
  // sessions_ maps a session id to the card's logical channel number.
  std::map<std::uint32_t, std::uint8_t> sessions_;
  std::uint32_t nextSession_ = kFirstAtSession;
};

} // namespace euicc_emu
