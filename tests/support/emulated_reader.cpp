#include "support/emulated_reader.hpp"

#include <stdexcept>
#include <thread>

namespace esim::test {

namespace {

// pcscd sees a new card 0.2-0.45 s after the emulator connects; a loaded CI
// machine may need much longer.
constexpr auto kCardAppears = std::chrono::seconds(10);
// pcscd notices a card is gone within its 400 ms ATR poll.
constexpr auto kCardGoes = std::chrono::seconds(5);
constexpr auto kGonePoll = std::chrono::milliseconds(100);

} // namespace

EmulatedReader::EmulatedReader(const TempDir &dir, std::vector<std::string> emulatorArgs)
    : dir_(dir.path().string()), statePath_(dir.file("state.json")),
      emulatorArgs_(std::move(emulatorArgs)) {
  writeDemoState(statePath_);
  pcscd_ = std::make_unique<Pcscd>();
  startCard();
}

void EmulatedReader::startCard() {
  emu_ = std::make_unique<EmulatorProcess>(statePath_, pcscd_->port(), dir_, emulatorArgs_);
  if (!pcscd_->waitForCard(pcscd_->readerName(), kCardAppears)) {
    throw std::runtime_error("EmulatedReader: pcscd did not see the emulated card within 10 s\n" +
                             emu_->log() + "\n--- pcscd ---\n" + pcscd_->log());
  }
}

void EmulatedReader::stopCard() noexcept {
  emu_.reset();
  try {
    const auto deadline = std::chrono::steady_clock::now() + kCardGoes;
    while (std::chrono::steady_clock::now() < deadline &&
           pcscd_->waitForCard(pcscd_->readerName(), std::chrono::milliseconds(1))) {
      std::this_thread::sleep_for(kGonePoll);
    }
  } catch (...) {
    // pcscd cannot be asked: the next startCard reports that.
  }
}

EsimctlResult EmulatedReader::esimctl(std::vector<std::string> args,
                                      const std::string &input) const {
  args.insert(args.begin(), {"--reader", pcscd_->readerName()});
  return runEsimctl(args, input);
}

} // namespace esim::test
