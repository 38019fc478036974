// UniqueFd: owns a POSIX file descriptor and closes it. Internal.
#pragma once

#include <unistd.h>

namespace euicc_emu {

// UniqueFd closes its descriptor on destruction (never throws); -1 means none.
class UniqueFd {
public:
  UniqueFd() noexcept = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  ~UniqueFd() { close(); }
  UniqueFd(UniqueFd &&other) noexcept : fd_(other.release()) {}
  UniqueFd &operator=(UniqueFd &&other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // release gives up ownership and returns the descriptor.
  int release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // reset closes the current descriptor and owns |fd|.
  void reset(int fd = -1) noexcept {
    close();
    fd_ = fd;
  }
  // close closes the descriptor now; returns close()'s result (0 if none).
  int close() noexcept {
    int rc = 0;
    if (fd_ >= 0) rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

private:
  int fd_ = -1;
};

} // namespace euicc_emu
