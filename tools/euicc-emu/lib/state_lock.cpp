// StateFileLock and the resolution of a state file's symbolic links.
#include "euicc_emu/state_lock.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esim/error.hpp"

namespace euicc_emu {

namespace fs = std::filesystem;

namespace {

// The same limit as the kernel's for one path lookup (MAXSYMLINKS).
constexpr int kMaxLinks = 40;
constexpr mode_t kLockFileMode = 0600;
// flock(2) cannot time out, so the lock is tried without blocking and
// retried; the pause grows so that a long wait costs little CPU, and stays
// short so that a process that waits gets the lock soon after it is free.
constexpr std::chrono::milliseconds kFirstPause{1};
constexpr std::chrono::milliseconds kLongestPause{20};

[[noreturn]] void lockFail(const fs::path &lockPath, const std::string &what, int err) {
  std::string why = std::strerror(err);
  if (err == ELOOP) why = "it is a symbolic link (refused: a lock file must be a plain file)";
  throw esim::Error(esim::Errc::ioError,
                    "lock file " + lockPath.string() + " of the state file: " + what + ": " + why,
                    "the lock file is made beside the state file: check that " +
                        lockPath.parent_path().string() +
                        " exists and is writable, and that nothing else has that name");
}

std::string waitText(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000) + " s";
  return std::to_string(timeout.count()) + " ms";
}

} // namespace

fs::path stateFileTarget(const fs::path &path) {
  fs::path p = path.parent_path().empty() ? fs::path(".") / path : path;
  for (int i = 0; i <= kMaxLinks; ++i) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      if (i == 0) return p; // not a link: as given
      // The directory made canonical ("a/b/../c" and links to it), so that
      // every link to one file names the same target and lock file.
      std::error_code ec;
      fs::path dir = fs::weakly_canonical(p.parent_path(), ec);
      return ec ? p : dir / p.filename();
    }
    std::error_code ec;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) {
      throw esim::Error(esim::Errc::ioError, "state file " + path.string() +
                                                 ": reading the symbolic link " + p.string() +
                                                 ": " + ec.message());
    }
    // A relative target is relative to the directory holding the link.
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  throw esim::Error(esim::Errc::ioError,
                    "state file " + path.string() + ": more than " + std::to_string(kMaxLinks) +
                        " symbolic links (a loop?)",
                    "point the link at the state file itself");
}

fs::path stateLockPath(const fs::path &path) {
  fs::path target = stateFileTarget(path);
  target += ".lock";
  return target;
}

StateFileLock::StateFileLock(const fs::path &statePath, std::chrono::milliseconds timeout)
    : lockPath_(stateLockPath(statePath)) {
  // A directory given as the state file is refused before a stray
  // "<dir>.lock" is made beside it.
  struct stat target {};
  if (::stat(stateFileTarget(statePath).c_str(), &target) == 0 && S_ISDIR(target.st_mode)) {
    throw esim::Error(esim::Errc::ioError, "state file " + statePath.string() + " is a directory",
                      "give the path of the JSON state file, for example " + statePath.string() +
                          "/card.json");
  }
  // O_NOFOLLOW: a link planted at the lock's name must not make us create
  // or lock a file elsewhere.
  fd_ = ::open(lockPath_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, kLockFileMode);
  if (fd_ < 0) lockFail(lockPath_, "cannot open or create it", errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    int err = errno;
    release();
    lockFail(lockPath_, "fstat", err);
  }
  if (!S_ISREG(st.st_mode)) {
    release();
    throw esim::Error(esim::Errc::ioError,
                      "lock file " + lockPath_.string() + " of the state file is not a plain file",
                      "remove it; euicc-emu and esimctl create it again");
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::chrono::milliseconds pause = kFirstPause;
  for (;;) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      release();
      lockFail(lockPath_, "flock", err);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      release();
      throw esim::Error(
          esim::Errc::ioError,
          "lock file " + lockPath_.string() + ": another process holds it (waited " +
              waitText(timeout) + " for the state file)",
          "another esimctl --emulator or euicc-emu is using this state file; wait for it to "
          "finish, or find it with `fuser " +
              lockPath_.string() + "`");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, kLongestPause);
  }
}

StateFileLock::~StateFileLock() {
  release();
}

StateFileLock::StateFileLock(StateFileLock &&other) noexcept
    : lockPath_(std::move(other.lockPath_)), fd_(other.fd_) {
  other.fd_ = -1;
}

StateFileLock &StateFileLock::operator=(StateFileLock &&other) noexcept {
  if (this != &other) {
    release();
    lockPath_ = std::move(other.lockPath_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void StateFileLock::release() noexcept {
  // Closing the only descriptor of the open file releases its flock.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

} // namespace euicc_emu
