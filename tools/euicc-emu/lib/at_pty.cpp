// The emulated modem's serial port: a pseudo-terminal and its line handling.
#include "euicc_emu/at_pty.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "esim/error.hpp"
#include "euicc_emu/at_command.hpp"
#include "unique_fd.hpp"

namespace euicc_emu {
namespace {

constexpr std::size_t kReadChunk = 512;
constexpr std::size_t kPtyNameMax = 128;
constexpr int kPollForever = -1;

[[noreturn]] void throwOs(const std::string &step, int error) {
  throw esim::Error(esim::Errc::ioError,
                    "euicc-emu --at-pty: " + step + " failed: " + std::strerror(error),
                    "check that /dev/ptmx and /dev/pts are usable and the link's directory "
                    "is writable");
}

// printable shows CR and LF of a traced line.
std::string printable(const std::string &text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\r')
      out += "\\r";
    else if (ch == '\n')
      out += "\\n";
    else
      out += ch;
  }
  return out;
}

} // namespace

AtPtyServer::AtPtyServer(AtModem &modem, AtPtyOptions options)
    : modem_(modem), options_(std::move(options)) {
  UniqueFd master(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master) throwOs("posix_openpt", errno);
  if (grantpt(master.get()) != 0) throwOs("grantpt", errno);
  if (unlockpt(master.get()) != 0) throwOs("unlockpt", errno);
  std::array<char, kPtyNameMax> name{};
  if (int rc = ptsname_r(master.get(), name.data(), name.size()); rc != 0) throwOs("ptsname", rc);
  slaveName_ = name.data();

  // Holding the slave open keeps the master readable between clients
  // (without it, read() answers EIO once the last client closes).
  UniqueFd slave(::open(slaveName_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave) throwOs("open " + slaveName_, errno);
  termios raw{};
  if (tcgetattr(slave.get(), &raw) != 0) throwOs("tcgetattr", errno);
  cfmakeraw(&raw);
  if (tcsetattr(slave.get(), TCSANOW, &raw) != 0) throwOs("tcsetattr", errno);
  const int flags = fcntl(master.get(), F_GETFL);
  if (flags < 0 || fcntl(master.get(), F_SETFL, flags | O_NONBLOCK) != 0)
    throwOs("fcntl O_NONBLOCK", errno);

  std::array<int, 2> pipeFds{};
  if (pipe2(pipeFds.data(), O_CLOEXEC | O_NONBLOCK) != 0) throwOs("pipe", errno);
  UniqueFd wakeRead(pipeFds[0]);
  UniqueFd wakeWrite(pipeFds[1]);

  std::error_code ec;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(options_.link, ec)))
    std::filesystem::remove(options_.link, ec);
  std::filesystem::create_symlink(slaveName_, options_.link, ec);
  if (ec)
    throw esim::Error(esim::Errc::ioError,
                      "euicc-emu --at-pty: cannot link " + options_.link.string() + " to " +
                          slaveName_ + ": " + ec.message(),
                      "choose a path that does not exist yet (or is a symbolic link) in a "
                      "writable directory");
  linked_ = true;
  master_ = master.release();
  slave_ = slave.release();
  wakeRead_ = wakeRead.release();
  wakeWrite_ = wakeWrite.release();
}

AtPtyServer::~AtPtyServer() {
  if (linked_) {
    std::error_code ec;
    if (std::filesystem::read_symlink(options_.link, ec) == slaveName_ && !ec)
      std::filesystem::remove(options_.link, ec);
  }
  for (int fd : {master_, slave_, wakeRead_, wakeWrite_}) {
    if (fd >= 0) ::close(fd);
  }
}

void AtPtyServer::stop() noexcept {
  stopRequested_.store(true);
  const char byte = 0;
  // A full pipe already holds a wake-up; nothing else can go wrong here.
  [[maybe_unused]] ssize_t rc = ::write(wakeWrite_, &byte, 1);
}

void AtPtyServer::log(const std::string &line) const {
  if (options_.log) options_.log(line);
}

void AtPtyServer::run() {
  std::array<char, kReadChunk> buffer{};
  while (!stopRequested_.load()) {
    std::array<pollfd, 2> fds{{{master_, POLLIN, 0}, {wakeRead_, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), kPollForever) < 0) {
      if (errno == EINTR) continue;
      throwOs("poll", errno);
    }
    if (stopRequested_.load()) break;
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t got = ::read(master_, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EIO) continue;
      throwOs("read", errno);
    }
    feed(buffer.data(), static_cast<std::size_t>(got));
  }
}

void AtPtyServer::feed(const char *data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    const char ch = data[i];
    if (ch != '\r' && ch != '\n') {
      if (overflow_) continue;
      pending_ += ch;
      if (pending_.size() > kMaxAtLineLength) {
        overflow_ = true;
        pending_.clear();
      }
      continue;
    }
    if (overflow_) {
      overflow_ = false;
      log("line longer than " + std::to_string(kMaxAtLineLength) + " characters: ERROR");
      send("\r\nERROR\r\n");
      continue;
    }
    if (pending_.empty()) continue; // the LF of a CR LF, or a blank line
    if (options_.traceLines) log("> " + pending_);
    const std::string answer = modem_.handleLine(pending_);
    pending_.clear();
    if (options_.traceLines) log("< " + printable(answer));
    send(answer);
  }
}

void AtPtyServer::send(const std::string &text) {
  std::size_t done = 0;
  while (done < text.size() && !stopRequested_.load()) {
    const ssize_t wrote = ::write(master_, text.data() + done, text.size() - done);
    if (wrote >= 0) {
      done += static_cast<std::size_t>(wrote);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) throwOs("write", errno);
    // The client is not reading: wait until it does or stop() is called.
    std::array<pollfd, 2> fds{{{master_, POLLOUT, 0}, {wakeRead_, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), kPollForever) < 0 && errno != EINTR) throwOs("poll", errno);
  }
}

} // namespace euicc_emu
