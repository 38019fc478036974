// EmulatorTransport: an esim::ApduTransport that hands APDUs to an in-process
// Card, for tests and `esimctl --emulator STATE.json` (no pcscd needed).
//
//   euicc_emu::Card card(euicc_emu::parseState(euicc_emu::demoStateJson()));
//   euicc_emu::EmulatorTransport transport(card);
//   esim::IsdrSession session(transport);
#pragma once

#include "esim/transport.hpp"
#include "euicc_emu/card.hpp"

namespace euicc_emu {

// EmulatorTransport sends each C-APDU to a Card. The card must outlive the
// transport. Opening and closing logical channels use the default APDU-based
// implementations, so the card's channel handling is exercised too.
class EmulatorTransport : public esim::ApduTransport {
public:
  // EmulatorTransport wraps |card|.
  explicit EmulatorTransport(Card &card) noexcept : card_(card) {}

protected:
  // transmitApdu encodes |command|, passes it to Card::processApdu and parses
  // the answer. Throws esim::Error(Errc::invalidArgument) for a command that
  // is not a valid short APDU (as the PC/SC transport would).
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override;

private:
  Card &card_;
};

} // namespace euicc_emu
