// StateStore: the one place where the emulated card's state lives and is
// changed. ES10 functions read state() and hand a changed copy to commit(),
// which saves it atomically before it becomes current, so the card never
// answers "ok" for a change that a restart would lose. Internal.
#pragma once

#include <filesystem>
#include <optional>

#include "euicc_emu/state.hpp"

namespace euicc_emu {

// StateStore owns an EmulatorState and the optional file it is saved to.
// Not thread-safe; Card serializes access.
class StateStore {
public:
  // StateStore validates |state|; throws esim::Error(Errc::emulator) if it
  // breaks a rule. |path| empty: changes stay in memory (tests, --emulator
  // sessions that must not touch a file).
  StateStore(EmulatorState state, std::optional<std::filesystem::path> path);

  // state returns the current state.
  const EmulatorState &state() const noexcept { return state_; }

  // commit makes |next| the current state after saving it (if a path is
  // set). Throws esim::Error(Errc::emulator) if |next| is invalid or
  // Errc::ioError if saving fails; the current state is then unchanged.
  void commit(EmulatorState next);

private:
  EmulatorState state_;
  std::optional<std::filesystem::path> path_;
};

} // namespace euicc_emu
