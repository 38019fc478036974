#include "euicc_emu/emulator_transport.hpp"

#include <thread>

#include "esim/error.hpp"

namespace euicc_emu {

namespace {

// namedFileError turns a 6581 that a state file failure caused into an error
// that names the file: in-process, the card's log is not shown, and "card
// answered 6581" alone does not tell the user which file or why. The status
// word stays on the error for callers that look at it.
esim::ResponseApdu namedFileError(Card &card, esim::ResponseApdu response) {
  if (response.sw() != esim::sw::kMemoryFailure) return response;
  std::optional<esim::Error> e = card.takeFileError();
  if (!e) return response;
  throw esim::Error(e->code(), std::string("emulator: ") + e->what(), e->hint())
      .withStatusWord(esim::sw::kMemoryFailure);
}

} // namespace

esim::ResponseApdu EmulatorTransport::transmitApdu(const esim::CommandApdu &command) {
  if (!faults_) {
    // processApdu always answers at least a status word, so parse cannot fail.
    return namedFileError(card_, esim::ResponseApdu::parse(card_.processApdu(command.toBytes())));
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
  return namedFileError(card_, esim::ResponseApdu::parse(*a.answer));
}

} // namespace euicc_emu
