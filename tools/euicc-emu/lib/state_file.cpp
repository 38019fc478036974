// loadState / saveState: the state file on disk. Saving is atomic (temporary
// file + fsync + rename + fsync of the directory) so that a crash or a full
// disk never leaves a half-written state that the next start cannot read.
// A symbolic link is followed to its final target, which is replaced, so
// that the link stays a link.
#include "state_file.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "euicc_emu/state_lock.hpp"
#include "unique_fd.hpp"

namespace euicc_emu {

namespace {

constexpr mode_t kNewFileMode = 0600;

namespace fs = std::filesystem;

// fileName names the state file in messages: the path the user gave, and the
// file it leads to if that is another (a symbolic link).
std::string fileName(const fs::path &given, const fs::path &target) {
  fs::path plain = given.parent_path().empty() ? fs::path(".") / given : given;
  if (plain == target) return given.string();
  return given.string() + " (-> " + target.string() + ")";
}

[[noreturn]] void ioFail(const std::string &name, const std::string &step, int err) {
  throw esim::Error(esim::Errc::ioError,
                    "saving state file " + name + ": " + step + ": " + std::strerror(err),
                    "check that the directory exists, is writable and the disk is not full");
}

[[noreturn]] void isDirectory(const std::string &name) {
  throw esim::Error(esim::Errc::ioError, "state file " + name + " is a directory",
                    "give the path of the JSON state file, for example " + name +
                        "/card.json (`euicc-emu --state FILE --init` makes one)");
}

// TempFile is the temporary file of one save; it is removed unless committed.
class TempFile {
public:
  TempFile(const fs::path &target, const std::string &name) {
    std::string hidden = ".";
    hidden += target.filename().string();
    hidden += ".XXXXXX";
    std::string pattern = (target.parent_path() / hidden).string();
    name_.assign(pattern.begin(), pattern.end());
    name_.push_back('\0');
    fd_.reset(::mkostemp(name_.data(), O_CLOEXEC));
    if (!fd_) ioFail(name, "creating a temporary file next to it", errno);
  }
  ~TempFile() {
    if (!committed_) ::unlink(name_.data());
  }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  int fd() const noexcept { return fd_.get(); }
  const char *name() const noexcept { return name_.data(); }
  // closeFd closes the descriptor, reporting a failed close (NFS reports
  // write errors there).
  int closeFd() noexcept { return fd_.close(); }
  void committed() noexcept { committed_ = true; }

private:
  std::vector<char> name_;
  UniqueFd fd_;
  bool committed_ = false;
};

void writeAll(int fd, const std::string &data, const std::string &name) {
  const char *p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ioFail(name, "write", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

} // namespace

std::string readStateFile(const fs::path &path) {
  // O_NONBLOCK: a FIFO in the file's place must not hang the open; it is
  // refused below. Regular files ignore the flag.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) {
    int err = errno;
    throw esim::Error(esim::Errc::ioError,
                      "cannot read state file " + path.string() + ": " + std::strerror(err),
                      "create one with `euicc-emu --state " + path.string() + " --init`");
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    int err = errno;
    throw esim::Error(esim::Errc::ioError,
                      "cannot read state file " + path.string() + ": fstat: " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) isDirectory(path.string());
  if (!S_ISREG(st.st_mode)) {
    throw esim::Error(esim::Errc::ioError, "state file " + path.string() + " is not a regular file",
                      "give the path of the JSON state file");
  }
  std::string text;
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      throw esim::Error(esim::Errc::ioError,
                        "reading state file " + path.string() + ": " + std::strerror(err),
                        "check the file and the disk");
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

EmulatorState stateFromFileText(std::string_view text, const fs::path &path) {
  EmulatorState state = parseState(text, path.string());
  // Relative PKI paths are relative to the state file, wherever the
  // emulator runs from.
  if (state.pki) state.pki->baseDirectory = path.parent_path().empty() ? "." : path.parent_path();
  return state;
}

EmulatorState loadState(const fs::path &path) {
  EmulatorState state = stateFromFileText(readStateFile(path), path);
  checkPki(state, path.string());
  return state;
}

std::string writeStateFile(const EmulatorState &state, const fs::path &pathIn) {
  validateState(state, pathIn.string() + " (not saved)");
  // A link stays a link: the file it finally names is replaced.
  const fs::path path = stateFileTarget(pathIn);
  const std::string name = fileName(pathIn, path);
  std::string text = stateToJson(state);

  // Keep the mode of the file we replace; a new file is private (it says
  // where the eUICC's private key is and holds its signed notifications).
  mode_t mode = kNewFileMode;
  struct stat old {};
  if (::stat(path.c_str(), &old) == 0) {
    if (S_ISDIR(old.st_mode)) isDirectory(name);
    mode = old.st_mode & 07777;
  }
  TempFile temp(path, name);
  if (::fchmod(temp.fd(), mode) != 0) ioFail(name, "fchmod", errno);
  writeAll(temp.fd(), text, name);
  if (::fsync(temp.fd()) != 0) ioFail(name, "fsync", errno);
  if (temp.closeFd() != 0) ioFail(name, "close", errno);
  if (::rename(temp.name(), path.c_str()) != 0) ioFail(name, "rename", errno);
  temp.committed();
  // The rename is durable only once the directory entry is on disk.
  UniqueFd dir(::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) ioFail(name, "opening its directory", errno);
  if (::fsync(dir.get()) != 0) ioFail(name, "fsync of its directory", errno);
  return text;
}

void saveState(const EmulatorState &state, const fs::path &path) {
  writeStateFile(state, path);
}

} // namespace euicc_emu
