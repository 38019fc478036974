// AtCommand: one command line of a cellular modem's AT interface, as far as
// UICC access needs it (3GPP TS 27.007 clauses 8.17, 8.43-8.45; echo from
// ITU-T V.250 clause 6.2.4).
//
//   euicc_emu::AtCommand c = euicc_emu::parseAtCommand("AT+CGLA=1,10,\"80E2910003\"");
//   // c.kind == AtCommandKind::cgla, c.session == 1, c.apdu == 80 E2 91 00 03
//
// A parse failure is not an exception: a modem answers it with ERROR (unknown
// or malformed command) or +CME ERROR (known command, bad parameters), so the
// result carries which of the two it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "esim/bytes.hpp"

namespace euicc_emu {

// kMaxAtLineLength bounds one command line (without its CR). The longest
// line we must accept is AT+CGLA with a 261-byte case-4 APDU: 522 hex digits
// and some 20 more characters; real modems accept a few hundred to a few
// thousand characters.
inline constexpr std::size_t kMaxAtLineLength = 1100;

// AtCommandKind names the commands the emulated modem understands.
enum class AtCommandKind {
  attention,    // "AT": answers OK
  echoOff,      // "ATE0" (V.250)
  echoOn,       // "ATE1" or "ATE"
  openChannel,  // AT+CCHO="<AID hex>"
  closeChannel, // AT+CCHC=<session id>
  cgla,         // AT+CGLA=<session id>,<length>,"<C-APDU hex>"
  csim,         // AT+CSIM=<length>,"<C-APDU hex>" (basic channel)
  syntaxError,  // not a command we know, or not an AT line: answer ERROR
  badParameter, // a known command with malformed parameters: answer +CME ERROR
};

// AtCommand is one parsed command line.
struct AtCommand {
  AtCommandKind kind = AtCommandKind::syntaxError;
  // session is the session id of CCHC and CGLA.
  std::uint32_t session = 0;
  // aid (CCHO) or apdu (CGLA, CSIM) as bytes.
  esim::Bytes data;
  // problem says what is wrong when kind is syntaxError or badParameter.
  std::string problem;
};

// parseAtCommand parses one command line (without CR/LF; surrounding spaces
// are ignored; the "AT" prefix and command names in either case). <length>
// counts hex characters, as TS 27.007 defines it, and must match the quoted
// text; hex strings may be quoted or not. Never throws: anything malformed
// (too long, odd or non-hex digits, a length that does not match, a missing
// or extra parameter, a session id that is not a number) gives syntaxError
// or badParameter with |problem| set.
AtCommand parseAtCommand(std::string_view line);

} // namespace euicc_emu
