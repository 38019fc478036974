// StateFileLock: the advisory lock that serializes every process changing one
// emulator state file (esimctl --emulator, euicc-emu --vpcd/--at-pty/--init/
// --print-state). Each of them loads the file, changes it and saves it whole;
// without the lock two of them interleave and the later save silently drops
// the other's change (a disable and its notification, a nickname, or a
// removed notification that comes back).
//
//   euicc_emu::StateFileLock lock("card.json");   // waits up to 30 s
//   EmulatorState s = euicc_emu::loadState("card.json");
//   ...                                           // change, saveState
//   // ~StateFileLock unlocks
//
// The lock is flock(2) on "<target>.lock" beside the file's final target
// (symbolic links followed), created 0600 and never deleted: deleting it
// would let a process that opened the old lock file and one that creates a
// new one both believe they hold the lock.
#pragma once

#include <chrono>
#include <filesystem>

namespace euicc_emu {

// StateFileLocking says how a Card (StateStore) bound to a state file keeps
// its changes and those of other processes apart.
enum class StateFileLocking {
  // none: no lock; the caller makes sure no other process writes the file
  // (tests, a caller that holds a StateFileLock itself).
  none,
  // wholeLifetime: the lock is taken before the state is loaded and held
  // until the Card goes; for a short-lived program whose whole run is one
  // transaction (esimctl --emulator).
  wholeLifetime,
  // perCommand: the lock is taken for each ES10 function (one complete
  // STORE DATA request), the state reloaded if the file changed since the
  // card last read or wrote it, the function run and saved, the lock
  // released; for a long-running card (euicc-emu --vpcd / --at-pty).
  perCommand,
};

// kStateLockTimeout is how long StateFileLock waits for another process by
// default.
inline constexpr std::chrono::milliseconds kStateLockTimeout{30000};

// stateFileTarget returns the file |path| finally names: symbolic links are
// followed (a relative link target is relative to the link's directory),
// also a dangling last link, whose target is where a save creates the file;
// the directory of a link's target is made canonical, so that all links to
// one file give one path. A path that is not a link is returned as it is
// (a path without a directory gets "./"). Throws esim::Error(Errc::ioError) naming |path| for
// a link chain longer than 40 links or a link that cannot be read.
std::filesystem::path stateFileTarget(const std::filesystem::path &path);

// stateLockPath returns the lock file of the state file |path|:
// "<stateFileTarget(path)>.lock". The lock goes beside the target, not the
// link, so that two different links to one file share one lock.
std::filesystem::path stateLockPath(const std::filesystem::path &path);

// StateFileLock holds the exclusive lock of one state file for its lifetime.
// Locks taken through different StateFileLock objects exclude each other,
// also within one process.
class StateFileLock {
public:
  // StateFileLock creates (if needed) and locks stateLockPath(|statePath|),
  // waiting up to |timeout| for another holder. Throws esim::Error(
  // Errc::ioError) naming the lock file: "...: another process holds it" on
  // timeout, or the system error if the file cannot be opened or created
  // (the directory is missing or not writable, the name is a directory or a
  // symbolic link).
  explicit StateFileLock(const std::filesystem::path &statePath,
                         std::chrono::milliseconds timeout = kStateLockTimeout);
  // ~StateFileLock unlocks and closes the lock file; never throws.
  ~StateFileLock();
  StateFileLock(StateFileLock &&other) noexcept;
  StateFileLock &operator=(StateFileLock &&other) noexcept;
  StateFileLock(const StateFileLock &) = delete;
  StateFileLock &operator=(const StateFileLock &) = delete;

  // lockPath returns the lock file's path.
  const std::filesystem::path &lockPath() const noexcept { return lockPath_; }

private:
  void release() noexcept;

  std::filesystem::path lockPath_;
  int fd_ = -1;
};

} // namespace euicc_emu
