// EmulatedReader: a private pcscd with a vpcd reader and euicc-emu serving a
// state file in it, the bench of the integration tests that drive esimctl
// through real PC/SC.
//
//   TempDir dir;
//   EmulatedReader reader(dir);                 // demo state, pcscd, card
//   EsimctlResult r = reader.esimctl({"--json", "profile", "list"});
//   reader.stopCard();  ... edit reader.statePath() ...  reader.startCard();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/esim_env.hpp"
#include "support/pcscd_harness.hpp"

namespace esim::test {

class EmulatedReader {
public:
  // EmulatedReader writes the emulator's demo state to |dir|/state.json,
  // starts pcscd and then the card (see startCard). |emulatorArgs| are added
  // to the euicc-emu command line (for example --trace). Throws
  // std::runtime_error if any of them cannot be started.
  explicit EmulatedReader(const TempDir &dir, std::vector<std::string> emulatorArgs = {});

  // startCard starts euicc-emu on the state file (its log goes to
  // |dir|/euicc-emu.log, truncated) and waits until pcscd sees the card.
  // Throws std::runtime_error with the emulator's log after 10 s.
  void startCard();
  // stopCard stops euicc-emu by its PID and waits (up to 5 s) until pcscd
  // no longer reports the card. Never throws.
  void stopCard() noexcept;

  // esimctl runs esimctl with --reader readerName() before |args|.
  EsimctlResult esimctl(std::vector<std::string> args, const std::string &input = {}) const;

  const std::string &statePath() const noexcept { return statePath_; }
  const std::string &readerName() const noexcept { return pcscd_->readerName(); }
  Pcscd &pcscd() noexcept { return *pcscd_; }
  // emulator returns the running card; only valid between startCard and
  // stopCard.
  EmulatorProcess &emulator() noexcept { return *emu_; }

private:
  std::string dir_;
  std::string statePath_;
  std::vector<std::string> emulatorArgs_;
  std::unique_ptr<Pcscd> pcscd_;
  std::unique_ptr<EmulatorProcess> emu_;
};

} // namespace esim::test
