// loadState / saveState: the state file on disk. Saving is atomic (temporary
// file + fsync + rename + fsync of the directory) so that a crash or a full
// disk never leaves a half-written state that the next start cannot read.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "euicc_emu/state.hpp"
#include "unique_fd.hpp"

namespace euicc_emu {

namespace {

constexpr mode_t kNewFileMode = 0600;

[[noreturn]] void ioFail(const std::filesystem::path &path, const std::string &step, int err) {
  throw esim::Error(esim::Errc::ioError,
                    "saving state file " + path.string() + ": " + step + ": " + std::strerror(err),
                    "check that the directory exists, is writable and the disk is not full");
}

// TempFile is the temporary file of one save; it is removed unless committed.
class TempFile {
public:
  explicit TempFile(const std::filesystem::path &target) {
    std::string pattern =
        (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    name_.assign(pattern.begin(), pattern.end());
    name_.push_back('\0');
    fd_.reset(::mkostemp(name_.data(), O_CLOEXEC));
    if (!fd_) ioFail(target, "creating a temporary file next to it", errno);
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

void writeAll(int fd, const std::string &data, const std::filesystem::path &target) {
  const char *p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ioFail(target, "write", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

} // namespace

EmulatorState loadState(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    throw esim::Error(esim::Errc::ioError,
                      "cannot read state file " + path.string() + ": " + std::strerror(err),
                      "create one with `euicc-emu --state " + path.string() + " --init`");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw esim::Error(esim::Errc::ioError, "reading state file " + path.string() + " failed",
                      "check the file and the disk");
  }
  EmulatorState state = parseState(text.str(), path.string());
  if (state.pki) {
    // Relative PKI paths are relative to the state file, wherever the
    // emulator runs from.
    state.pki->baseDirectory = path.parent_path().empty() ? "." : path.parent_path();
    checkPki(state, path.string());
  }
  return state;
}

void saveState(const EmulatorState &state, const std::filesystem::path &pathIn) {
  validateState(state, pathIn.string() + " (not saved)");
  std::filesystem::path path = pathIn;
  if (path.parent_path().empty()) path = std::filesystem::path(".") / path;
  std::string text = stateToJson(state);

  TempFile temp(path);
  // Keep the mode of the file we replace; a new file is private (it says
  // where the eUICC's private key is and holds its signed notifications).
  mode_t mode = kNewFileMode;
  struct stat old {};
  if (::stat(path.c_str(), &old) == 0) mode = old.st_mode & 07777;
  if (::fchmod(temp.fd(), mode) != 0) ioFail(path, "fchmod", errno);
  writeAll(temp.fd(), text, path);
  if (::fsync(temp.fd()) != 0) ioFail(path, "fsync", errno);
  if (temp.closeFd() != 0) ioFail(path, "close", errno);
  if (::rename(temp.name(), path.c_str()) != 0) ioFail(path, "rename", errno);
  temp.committed();
  // The rename is durable only once the directory entry is on disk.
  UniqueFd dir(::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) ioFail(path, "opening its directory", errno);
  if (::fsync(dir.get()) != 0) ioFail(path, "fsync of its directory", errno);
}

} // namespace euicc_emu
