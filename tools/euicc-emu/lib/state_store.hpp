// StateStore: the one place where the emulated card's state lives and is
// changed. ES10 functions read state() and hand a changed copy to commit(),
// which saves it atomically before it becomes current, so the card never
// answers "ok" for a change that a restart would lose. It also holds the
// eUICC's signing key, loaded from the files the state names, and the lock
// that keeps other processes' changes to the same file from being lost
// (StateFileLocking). Internal.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "esim/error.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_emu/state_lock.hpp"
#include "euicc_signer.hpp"
#include "rsp_certificate.hpp"

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
  // file). No lock is taken (StateFileLocking::none).
  StateStore(EmulatorState state, std::optional<std::filesystem::path> path);

  // StateStore takes the lock of the state file |path| as |locking| says
  // (waiting up to |lockTimeout|), loads the file and its PKI. perCommand
  // releases the lock once loaded; wholeLifetime keeps it until the store
  // goes. Throws what StateFileLock, loadState and EuiccSigner::load throw.
  StateStore(const std::filesystem::path &path, StateFileLocking locking,
             std::chrono::milliseconds lockTimeout);

  // state returns the current state.
  const EmulatorState &state() const noexcept { return state_; }

  // signer returns the eUICC's signing identity, or nullptr if the state
  // has no "pki" (functions that must sign then answer 6985).
  const EuiccSigner *signer() const noexcept { return signers_.empty() ? nullptr : &signers_[0]; }

  // signerFor returns the signing identity whose EUM certificate was issued
  // by the CI with key identifier |ciPkid| (SGP.22 euiccCiPKIdToBeUsed), or
  // nullptr if the card holds none under that CI.
  const EuiccSigner *signerFor(esim::ByteView ciPkid) const noexcept;

  // signerForProfile returns the identity that installed the profile
  // |iccid| (state().profileCiPKIds), else the first one; nullptr without
  // "pki".
  const EuiccSigner *signerForProfile(const std::optional<std::string> &iccid) const noexcept;

  // trust returns the CI certificates the state's pki.ciCertificates names
  // (empty without "pki").
  const CiTrust &trust() const noexcept { return trust_; }

  // beginCommand prepares one ES10 function. In perCommand mode it takes the
  // lock and, if the file's content differs from what this store last read
  // or wrote, reloads the state (and the signer, if "pki" changed). Throws
  // esim::Error(Errc::ioError) if the lock cannot be had or the file cannot
  // be read, Errc::emulator if it is invalid; the state is then unchanged,
  // no lock is held and the error is kept for takeFileError. Other modes:
  // nothing.
  void beginCommand();
  // endCommand releases the lock beginCommand took, if any. Never throws.
  void endCommand() noexcept;

  // commit makes |next| the current state after saving it (if a path is
  // set). Throws esim::Error(Errc::emulator) if |next| is invalid or
  // Errc::ioError if saving fails (kept for takeFileError); the current
  // state is then unchanged.
  void commit(EmulatorState next);

  // takeFileError returns the last failure to lock, read or save the state
  // file since the previous call, and forgets it. Never throws except
  // std::bad_alloc.
  std::optional<esim::Error> takeFileError();

private:
  void reloadIfChanged();
  void loadPki(const std::string &source);

  EmulatorState state_;
  std::optional<std::filesystem::path> path_;
  std::vector<EuiccSigner> signers_; // pki.credentials(), in order
  CiTrust trust_;
  StateFileLocking locking_ = StateFileLocking::none;
  std::chrono::milliseconds lockTimeout_{kStateLockTimeout};
  std::optional<StateFileLock> lock_;
  // fileText_ is the file's content as this store last read or wrote it;
  // perCommand compares it with the file to notice another writer.
  std::string fileText_;
  std::optional<esim::Error> fileError_;
};

} // namespace euicc_emu
