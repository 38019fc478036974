#include "euicc_emu/emulator_transport.hpp"

#include <thread>

#include "esim/error.hpp"

namespace euicc_emu {

esim::ResponseApdu EmulatorTransport::transmitApdu(const esim::CommandApdu &command) {
  if (!faults_) {
    // processApdu always answers at least a status word, so parse cannot fail.
    return esim::ResponseApdu::parse(card_.processApdu(command.toBytes()));
  }
  FaultedAnswer a = faults_->exchange(command.toBytes());
  if (a.delay.count() > 0) std::this_thread::sleep_for(a.delay);
  if (!a.answer) {
    throw esim::Error(esim::Errc::cardRemoved,
                      "emulator: the card was removed during APDU #" + std::to_string(a.apdu),
                      "reinsert the card and retry; an interrupted operation may need to be "
                      "repeated");
  }
  // A truncated answer may be too short for a status word: parse rejects it.
  return esim::ResponseApdu::parse(*a.answer);
}

} // namespace euicc_emu
