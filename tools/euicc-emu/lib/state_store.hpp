// StateStore: the one place where the emulated card's state lives and is
// changed. ES10 functions read state() and hand a changed copy to commit(),
// which saves it atomically before it becomes current, so the card never
// answers "ok" for a change that a restart would lose. It also holds the
// eUICC's signing key, loaded once from the files the state names. Internal.
#pragma once

#include <filesystem>
#include <optional>

#include "euicc_emu/state.hpp"
#include "euicc_signer.hpp"

namespace euicc_emu {

// StateStore owns an EmulatorState, the optional file it is saved to and the
// signing identity of its "pki". Not thread-safe; Card serializes access.
class StateStore {
public:
  // StateStore validates |state| and loads the key and certificates its pki
  // names (relative paths: against pki.baseDirectory, else the directory of
  // |path|, else the current directory). Throws esim::Error(Errc::emulator)
  // if |state| breaks a rule or the PKI files are unusable. |path| empty:
  // changes stay in memory (tests, --emulator sessions that must not touch a
  // file).
  StateStore(EmulatorState state, std::optional<std::filesystem::path> path);

  // state returns the current state.
  const EmulatorState &state() const noexcept { return state_; }

  // signer returns the eUICC's signing identity, or nullptr if the state
  // has no "pki" (functions that must sign then answer 6985).
  const EuiccSigner *signer() const noexcept { return signer_ ? &*signer_ : nullptr; }

  // commit makes |next| the current state after saving it (if a path is
  // set). Throws esim::Error(Errc::emulator) if |next| is invalid or
  // Errc::ioError if saving fails; the current state is then unchanged.
  // The signer stays the one loaded at construction.
  void commit(EmulatorState next);

private:
  EmulatorState state_;
  std::optional<std::filesystem::path> path_;
  std::optional<EuiccSigner> signer_;
};

} // namespace euicc_emu
