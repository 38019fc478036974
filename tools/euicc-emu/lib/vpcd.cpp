// VpcdLink: the card side of the vpcd protocol over TCP, with reconnection.
// Every wait polls the link's wake-up pipe too, so stop() ends run() at once
// whether it is connecting, waiting to retry or serving.
#include "euicc_emu/vpcd.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "unique_fd.hpp"

namespace euicc_emu {

namespace {

// vpcd control codes (vsmartcard vpcd.h).
constexpr std::uint8_t kVpcdPowerOff = 0;
constexpr std::uint8_t kVpcdPowerOn = 1;
constexpr std::uint8_t kVpcdReset = 2;
constexpr std::uint8_t kVpcdAtrRequest = 4;
constexpr std::size_t kLengthBytes = 2;
constexpr std::size_t kMaxPayload = 0xFFFF;
constexpr std::size_t kReceiveChunk = 4096;

std::string errnoText(int err) {
  return std::strerror(err);
}

// Address is one resolved socket address of vpcd.
struct Address {
  int family = 0;
  sockaddr_storage storage{};
  socklen_t length = 0;
};

std::vector<Address> resolve(const std::string &host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *list = nullptr;
  std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    throw esim::Error(esim::Errc::invalidArgument,
                      "vpcd host '" + host + "' cannot be resolved: " + ::gai_strerror(rc),
                      "give an address such as 127.0.0.1:35963");
  }
  std::vector<Address> out;
  for (addrinfo *ai = list; ai; ai = ai->ai_next) {
    Address a;
    a.family = ai->ai_family;
    a.length = static_cast<socklen_t>(std::min<std::size_t>(ai->ai_addrlen, sizeof a.storage));
    std::memcpy(&a.storage, ai->ai_addr, a.length);
    out.push_back(a);
  }
  ::freeaddrinfo(list);
  return out;
}

// WaitResult is how a wait for a socket ended.
enum class WaitResult { ready, stopped, timeout, failed };

// waitFor polls |fd| for |events| and the wake-up pipe; |timeoutMs| < 0 waits
// without limit. EINTR is retried.
WaitResult waitFor(int fd, short events, int wakeFd, int timeoutMs) {
  pollfd fds[2] = {{wakeFd, POLLIN, 0}, {fd, events, 0}};
  nfds_t count = fd >= 0 ? 2 : 1;
  while (true) {
    int rc = ::poll(fds, count, timeoutMs);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return WaitResult::failed;
    if (rc == 0) return WaitResult::timeout;
    if (fds[0].revents != 0) return WaitResult::stopped;
    return WaitResult::ready;
  }
}

// connectTo makes one non-blocking connection attempt to |a|.
UniqueFd connectTo(const Address &a, int wakeFd, int timeoutMs, std::string &error, bool &stopped) {
  UniqueFd fd(::socket(a.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    error = "socket: " + errnoText(errno);
    return {};
  }
  if (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&a.storage), a.length) == 0) return fd;
  if (errno != EINPROGRESS) {
    error = errnoText(errno);
    return {};
  }
  switch (waitFor(fd.get(), POLLOUT, wakeFd, timeoutMs)) {
  case WaitResult::stopped: stopped = true; return {};
  case WaitResult::timeout: error = "connection timed out"; return {};
  case WaitResult::failed: error = "poll: " + errnoText(errno); return {};
  case WaitResult::ready: break;
  }
  int soError = 0;
  socklen_t len = sizeof soError;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &soError, &len) != 0) soError = errno;
  if (soError != 0) {
    error = errnoText(soError);
    return {};
  }
  return fd;
}

void setIntOption(int fd, int level, int name, int value) noexcept {
  // Best effort: a socket without these options still works, only slower.
  (void)::setsockopt(fd, level, name, &value, sizeof value);
}

} // namespace

std::pair<std::string, std::uint16_t> parseVpcdAddress(std::string_view text) {
  auto bad = [&](const std::string &why) -> esim::Error {
    return esim::Error(esim::Errc::invalidArgument,
                       "vpcd address '" + std::string(text) + "': " + why,
                       "write HOST:PORT, for example 127.0.0.1:35963");
  };
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) throw bad("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) throw bad("no host");
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 0xFFFF) {
    throw bad("port must be a number 1..65535");
  }
  return {std::string(host), static_cast<std::uint16_t>(value)};
}

VpcdLink::VpcdLink(Card &card, VpcdOptions options)
    : card_(card), options_(std::move(options)),
      faults_(card_, options_.faults, [this](const std::string &line) { log(line); }) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw esim::Error(esim::Errc::ioError, "vpcd link: pipe: " + errnoText(errno));
  }
  wakeRead_ = fds[0];
  wakeWrite_ = fds[1];
}

VpcdLink::~VpcdLink() {
  ::close(wakeRead_);
  ::close(wakeWrite_);
}

void VpcdLink::stop() noexcept {
  stopRequested_.store(true);
  const char byte = 1;
  // A full pipe already holds a wake-up; nothing else can go wrong here.
  ssize_t ignored = ::write(wakeWrite_, &byte, 1);
  (void)ignored;
}

void VpcdLink::log(const std::string &line) const {
  if (!options_.log) return;
  try {
    options_.log(line);
  } catch (...) {
    // Logging must never stop the card.
  }
}

void VpcdLink::run() {
  const std::vector<Address> addresses = resolve(options_.host, options_.port);
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  auto backoff = options_.initialBackoff;
  bool toldWaiting = false;
  while (!stopRequested_.load()) {
    UniqueFd fd;
    std::string error = "no address";
    bool stopped = false;
    for (const Address &a : addresses) {
      fd = connectTo(a, wakeRead_, static_cast<int>(options_.connectTimeout.count()), error,
                     stopped);
      if (fd || stopped) break;
    }
    if (stopped || stopRequested_.load()) break;
    if (!fd) {
      if (!toldWaiting) {
        log("waiting for vpcd at " + where + " (" + error + "); retrying");
        toldWaiting = true;
      }
      if (waitFor(-1, 0, wakeRead_, static_cast<int>(backoff.count())) == WaitResult::stopped)
        break;
      backoff = std::min(backoff * 2, options_.maxBackoff);
      continue;
    }
    toldWaiting = false;
    backoff = options_.initialBackoff;
    connections_.fetch_add(1);
    log("connected to vpcd at " + where);
    faults_.reset(); // a new reader session starts from a fresh card session
    absence_ = options_.initialBackoff;
    std::string reason = serve(fd.get());
    fd = UniqueFd(); // vpcd (and so pcscd) sees the card gone now, not after the wait
    faults_.powerOff();
    log("disconnected from vpcd at " + where + ": " + reason);
    // Do not spin if vpcd accepts and drops connections at once; a removed
    // card stays away as long as its fault says.
    if (!stopRequested_.load() &&
        waitFor(-1, 0, wakeRead_, static_cast<int>(absence_.count())) == WaitResult::stopped)
      break;
  }
}

bool VpcdLink::sendMessage(int fd, const esim::Bytes &payload, std::string &error) {
  if (payload.size() > kMaxPayload) {
    error = "answer of " + std::to_string(payload.size()) + " bytes does not fit vpcd framing";
    return false;
  }
  esim::Bytes frame;
  frame.reserve(kLengthBytes + payload.size());
  frame.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
  frame.push_back(static_cast<std::uint8_t>(payload.size() & 0xFF));
  frame.insert(frame.end(), payload.begin(), payload.end());
  std::size_t sent = 0;
  while (sent < frame.size()) {
    ssize_t n = ::send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      error = "send: " + errnoText(errno);
      return false;
    }
    WaitResult w = waitFor(fd, POLLOUT, wakeRead_, -1);
    if (w == WaitResult::stopped) {
      error = "stopped";
      return false;
    }
    if (w == WaitResult::failed) {
      error = "poll: " + errnoText(errno);
      return false;
    }
  }
  return true;
}

std::string VpcdLink::serve(int fd) {
  // vpcd writes the length and the payload separately; with delayed ACKs
  // each APDU would wait ~40 ms. NODELAY once, QUICKACK before every
  // receive because Linux clears it again.
  setIntOption(fd, IPPROTO_TCP, TCP_NODELAY, 1);
  esim::Bytes buffer;
  std::uint8_t chunk[kReceiveChunk];
  std::string error;
  while (true) {
    // Handle every complete message received so far.
    std::size_t offset = 0;
    while (buffer.size() - offset >= kLengthBytes) {
      std::size_t length = (std::size_t{buffer[offset]} << 8) | buffer[offset + 1];
      if (buffer.size() - offset - kLengthBytes < length) break;
      esim::ByteView payload(buffer.data() + offset + kLengthBytes, length);
      offset += kLengthBytes + length;
      if (payload.size() == 1) {
        switch (payload[0]) {
        case kVpcdPowerOff: faults_.powerOff(); break;
        case kVpcdPowerOn: faults_.powerOn(); break;
        case kVpcdReset: faults_.reset(); break;
        case kVpcdAtrRequest:
          if (!sendMessage(fd, card_.atr(), error)) return error;
          break;
        default: log("ignoring unknown vpcd control code " + std::to_string(payload[0])); break;
        }
      } else if (payload.size() > 1) {
        std::string number = "#";
        number += std::to_string(faults_.apduCount() + 1);
        if (options_.traceApdus) log(number + " > " + esim::toHex(payload));
        FaultedAnswer a = faults_.exchange(payload);
        if (a.delay.count() > 0 &&
            waitFor(-1, 0, wakeRead_, static_cast<int>(a.delay.count())) == WaitResult::stopped)
          return "stopped";
        if (!a.answer) {
          absence_ = std::max(a.absence, options_.initialBackoff);
          return "card vanished (fault at APDU " + number + ")";
        }
        if (options_.traceApdus) log(number + " < " + esim::toHex(*a.answer));
        if (!sendMessage(fd, *a.answer, error)) return error;
      }
    }
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(offset));

    setIntOption(fd, IPPROTO_TCP, TCP_QUICKACK, 1);
    switch (waitFor(fd, POLLIN, wakeRead_, -1)) {
    case WaitResult::stopped: return "stopped";
    case WaitResult::failed: return "poll: " + errnoText(errno);
    case WaitResult::timeout:
    case WaitResult::ready: break;
    }
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n == 0) return "connection closed by vpcd";
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return "recv: " + errnoText(errno);
    }
    buffer.insert(buffer.end(), chunk, chunk + n);
  }
}

} // namespace euicc_emu
