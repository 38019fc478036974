// EmulatorTransport: an esim::ApduTransport that hands APDUs to an in-process
// Card, for tests and `esimctl --emulator STATE.json` (no pcscd needed).
//
//   euicc_emu::Card card(euicc_emu::parseState(euicc_emu::demoStateJson()));
//   euicc_emu::EmulatorTransport transport(card);
//   esim::IsdrSession session(transport);
#pragma once

#include "esim/transport.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/faults.hpp"

namespace euicc_emu {

// EmulatorTransport sends each C-APDU to a Card. The card must outlive the
// transport. Opening and closing logical channels use the default APDU-based
// implementations, so the card's channel handling is exercised too.
class EmulatorTransport : public esim::ApduTransport {
public:
  // EmulatorTransport wraps |card|.
  explicit EmulatorTransport(Card &card) noexcept : card_(card) {}
  // EmulatorTransport sends through |faults| (which must outlive it): its
  // latency is slept, and a card that vanishes (removal, tear) throws
  // esim::Error(Errc::cardRemoved) as a PC/SC reader does.
  explicit EmulatorTransport(FaultInjector &faults) noexcept
      : card_(faults.card()), faults_(&faults) {}

protected:
  // transmitApdu encodes |command|, passes it to Card::processApdu (through
  // the FaultInjector, if any) and parses the answer. Throws
  // esim::Error(Errc::invalidArgument) for a command that is not a valid
  // short APDU (as the PC/SC transport would), Errc::cardRemoved if the card
  // vanished, Errc::malformedResponse for a truncated answer too short to
  // hold a status word, and the card's Card::takeFileError (Errc::ioError or
  // Errc::emulator, naming the state file, with status word 6581) when it
  // answered 6581 because its state file could not be locked, read or saved.
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override;

private:
  Card &card_;
  FaultInjector *faults_ = nullptr;
};

} // namespace euicc_emu
