#include "euicc_emu/emulator_transport.hpp"

namespace euicc_emu {

esim::ResponseApdu EmulatorTransport::transmitApdu(const esim::CommandApdu &command) {
  // processApdu always answers at least a status word, so parse cannot fail.
  return esim::ResponseApdu::parse(card_.processApdu(command.toBytes()));
}

} // namespace euicc_emu
