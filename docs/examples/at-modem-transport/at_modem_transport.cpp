// AT command transport for an eUICC in a cellular modem (3GPP TS 27.007).
#include "at_modem_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <system_error>

#include "esim/apdu.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"

namespace at_modem {
namespace {

using Clock = std::chrono::steady_clock;

// kMaxChannel is the highest logical channel a CLA byte can code (ISO/IEC
// 7816-4 clause 5.4.1); the numbers we hand out only need to survive that
// round trip through the CLA.
constexpr std::uint8_t kMaxChannel = 19;
// kShownCommandLength keeps error messages readable when an APDU is long.
constexpr std::size_t kShownCommandLength = 60;
constexpr std::size_t kReadChunk = 256;
constexpr std::size_t kMinResponseHex = 4; // SW1 SW2
// TS 27.007 clause 9.2.1 error numbers with a meaning of their own here.
constexpr std::string_view kCmeErrorPrefix = "+CME ERROR:";
constexpr int kCmeSimNotInserted = 10;
constexpr int kCmeSimFailure = 13;
constexpr int kCmeNotFound = 22;

const char *const kPortHint =
    "check the device (ls /dev/ttyUSB* /dev/ttyACM*; the AT port is often "
    "the third of a USB modem), that you may open it (group dialout) "
    "and that no other program (ModemManager) is using it";

// errorText is strerror without its shared buffer: two transports may fail
// in two threads at once.
std::string errorText(int error) {
  return std::generic_category().message(error);
}

std::string shown(const std::string &command) {
  if (command.size() <= kShownCommandLength) return command;
  return command.substr(0, kShownCommandLength) + "...";
}

// cmeError returns the number of a "+CME ERROR: <n>" result, or -1.
int cmeError(const std::string &final) {
  if (final.rfind(kCmeErrorPrefix, 0) != 0) return -1;
  std::string_view rest = std::string_view(final).substr(kCmeErrorPrefix.size());
  while (!rest.empty() && rest.front() == ' ')
    rest.remove_prefix(1);
  int value = -1;
  std::from_chars(rest.data(), rest.data() + rest.size(), value);
  return value;
}

bool isFinalResult(const std::string &line) {
  // MODEM: some modems also end with "+CMS ERROR" or "NO CARRIER"; none of
  // them applies to the SIM commands used here.
  return line == "OK" || line == "ERROR" || line.rfind(kCmeErrorPrefix, 0) == 0;
}

int openPort(const std::string &device) {
  // O_NOCTTY: the modem must not become our controlling terminal.
  // O_NONBLOCK: reads are bounded by poll(), never by the driver.
  const int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    throw esim::Error(esim::Errc::readerNotFound,
                      "cannot open modem port " + device + ": " + errorText(errno), kPortHint);
  return fd;
}

// configurePort sets raw mode: no echo, no line editing, no CR/LF
// translation, so that bytes arrive exactly as the modem sent them.
void configurePort(int fd, const std::string &device) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0)
    throw esim::Error(esim::Errc::readerNotFound,
                      device + " is not a serial port: " + errorText(errno), kPortHint);
  cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  // USB modems ignore the speed; a modem on a real UART needs its own.
  cfsetispeed(&tio, B115200);
  cfsetospeed(&tio, B115200);
  if (tcsetattr(fd, TCSANOW, &tio) != 0)
    throw esim::Error(esim::Errc::readerNotFound,
                      "cannot configure " + device + ": " + errorText(errno), kPortHint);
  // Answers to a previous program's commands must not be taken for ours.
  tcflush(fd, TCIOFLUSH);
}

} // namespace

AtModemTransport::Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

AtModemTransport::AtModemTransport(const std::string &device, AtModemOptions options)
    : device_(device), options_(options), fd_(openPort(device)) {
  configurePort(fd_.get(), device_);
  // With echo on the modem repeats every command; run() skips the echo, but
  // turning it off halves the traffic of every APDU.
  Reply reply = run("ATE0");
  if (!reply.ok())
    throw esim::Error(esim::Errc::ioError, "ATE0 on " + device_ + " answered " + reply.final,
                      "is " + device_ + " the modem's AT command port?");
}

AtModemTransport::~AtModemTransport() = default;

void AtModemTransport::writeAll(const std::string &text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd_.get(), text.data() + done, text.size() - done);
    if (wrote >= 0) {
      done += static_cast<std::size_t>(wrote);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN) {
      pollfd pfd{fd_.get(), POLLOUT, 0};
      ::poll(&pfd, 1, static_cast<int>(options_.timeout.count()));
      continue;
    }
    throw esim::Error(esim::Errc::ioError,
                      "writing to modem port " + device_ + " failed: " + errorText(errno),
                      "the modem may have been unplugged or reset; open the port again");
  }
}

std::string AtModemTransport::readLine(const std::string &command, Clock::time_point deadline) {
  for (;;) {
    // V.250 frames answers as CR LF text CR LF; splitting at either
    // character and dropping empty pieces handles every framing variant.
    const std::size_t end = received_.find_first_of("\r\n");
    if (end != std::string::npos) {
      std::string line = received_.substr(0, end);
      received_.erase(0, end + 1);
      if (!line.empty()) return line;
      continue;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{fd_.get(), POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0)
      throw esim::Error(esim::Errc::ioError,
                        shown(command) + ": no answer from modem port " + device_ + " within " +
                            std::to_string(options_.timeout.count()) + " ms" +
                            (received_.empty() ? "" : " (got \"" + received_ + "\")"),
                        "check that " + device_ + " is the AT command port and the modem is on");
    char buffer[kReadChunk];
    const ssize_t got = ::read(fd_.get(), buffer, sizeof buffer);
    if (got > 0) {
      received_.append(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    // 0 or EIO: the other end is gone (modem unplugged or reset).
    throw esim::Error(esim::Errc::cardRemoved,
                      shown(command) + ": modem port " + device_ + " was closed" +
                          (got < 0 ? std::string(": ") + errorText(errno) : std::string()),
                      "the modem may have been unplugged or reset; open the port again");
  }
}

AtModemTransport::Reply AtModemTransport::run(const std::string &command) {
  writeAll(command + "\r");
  const Clock::time_point deadline = Clock::now() + options_.timeout;
  Reply reply;
  for (;;) {
    std::string line = readLine(command, deadline);
    if (line == command) continue; // the echo (before ATE0 took effect)
    if (isFinalResult(line)) {
      reply.final = std::move(line);
      return reply;
    }
    // Information text, and any unsolicited result code (+CREG: ...) that
    // came in between; the callers look for their own prefix.
    reply.lines.push_back(std::move(line));
  }
}

esim::LogicalChannel AtModemTransport::openLogicalChannel(esim::ByteView aid) {
  std::uint8_t channel = 1;
  while (channel <= kMaxChannel && sessions_.count(channel) != 0)
    ++channel;
  if (channel > kMaxChannel)
    throw esim::Error(esim::Errc::channelUnavailable,
                      "AT+CCHO: all " + std::to_string(kMaxChannel) + " channels are in use",
                      "close sessions you no longer need");

  const std::string command = "AT+CCHO=\"" + esim::toHex(aid) + "\"";
  Reply reply = run(command);
  if (!reply.ok()) {
    if (cmeError(reply.final) == kCmeNotFound)
      throw esim::Error(esim::Errc::isdrNotFound, command + " answered " + reply.final,
                        "the card has no application with this AID");
    throw esim::Error(esim::Errc::channelUnavailable, command + " answered " + reply.final,
                      "the modem may have no logical channel left, or no card; check AT+CPIN?");
  }
  // TS 27.007 answers the bare session id; MODEM: many modems prefix it
  // with "+CCHO: ". Both are accepted.
  for (std::string_view line : reply.lines) {
    constexpr std::string_view kPrefix = "+CCHO:";
    if (line.rfind(kPrefix, 0) == 0) line.remove_prefix(kPrefix.size());
    while (!line.empty() && line.front() == ' ')
      line.remove_prefix(1);
    std::uint32_t session = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), session);
    if (line.empty() || ec != std::errc() || ptr != line.data() + line.size()) continue;
    sessions_[channel] = session;
    // +CCHO does not return the SELECT answer (FCI); nothing in the
    // library needs it.
    return esim::LogicalChannel{channel, {}};
  }
  throw esim::Error(esim::Errc::ioError, command + " answered OK without a session id",
                    "the modem's +CCHO answer format is not known; adapt openLogicalChannel");
}

void AtModemTransport::closeLogicalChannel(std::uint8_t channel) noexcept {
  auto found = sessions_.find(channel);
  if (found == sessions_.end()) return;
  const std::uint32_t session = found->second;
  sessions_.erase(found);
  try {
    run("AT+CCHC=" + std::to_string(session));
  } catch (...) {
    // The modem is gone or confused; its channel is unusable either way.
  }
}

esim::ResponseApdu AtModemTransport::transmitApdu(const esim::CommandApdu &command) {
  const std::string hex = esim::toHex(command.toBytes());
  const std::string apdu = std::to_string(hex.size()) + ",\"" + hex + "\"";
  const std::uint8_t channel = esim::channelFromCla(command.cla);
  if (channel == 0) return exchangeApdu("AT+CSIM=" + apdu, "+CSIM:");
  auto found = sessions_.find(channel);
  if (found == sessions_.end())
    throw esim::Error(esim::Errc::channelUnavailable,
                      "APDU for logical channel " + std::to_string(channel) +
                          ", which was not opened with AT+CCHO",
                      "open the channel with openLogicalChannel first");
  // The CLA still carries our channel number: the modem codes its own
  // channel into the CLA of +CGLA commands (TS 27.007 leaves the CLA to the
  // MT). MODEM: if yours does not, it needs the card's channel number, which
  // +CCHO does not return; such modems are best driven with +CSIM and MANAGE
  // CHANNEL instead.
  return exchangeApdu("AT+CGLA=" + std::to_string(found->second) + "," + apdu, "+CGLA:");
}

esim::ResponseApdu AtModemTransport::exchangeApdu(const std::string &command,
                                                  std::string_view prefix) {
  Reply reply = run(command);
  if (!reply.ok()) {
    const int cme = cmeError(reply.final);
    if (cme == kCmeSimNotInserted || cme == kCmeSimFailure)
      throw esim::Error(esim::Errc::cardRemoved, shown(command) + " answered " + reply.final,
                        "the modem lost the card; check AT+CPIN? and try again");
    throw esim::Error(esim::Errc::ioError, shown(command) + " answered " + reply.final,
                      "the modem refused the APDU; AT+CMEE=2 shows its reason in words");
  }
  for (std::string_view line : reply.lines) {
    if (line.rfind(prefix, 0) != 0) continue;
    line.remove_prefix(prefix.size());
    // <length>,"<hex>": length counts hex characters (TS 27.007 8.17/8.43).
    const std::size_t comma = line.find(',');
    std::size_t length = 0;
    std::string_view lengthText = line.substr(0, comma);
    while (!lengthText.empty() && lengthText.front() == ' ')
      lengthText.remove_prefix(1);
    auto [ptr, ec] =
        std::from_chars(lengthText.data(), lengthText.data() + lengthText.size(), length);
    std::string_view data = comma == std::string_view::npos ? "" : line.substr(comma + 1);
    if (data.size() >= 2 && data.front() == '"' && data.back() == '"')
      data = data.substr(1, data.size() - 2);
    if (comma == std::string_view::npos || ec != std::errc() ||
        ptr != lengthText.data() + lengthText.size() || length != data.size() ||
        data.size() < kMinResponseHex || data.size() % 2 != 0)
      throw esim::Error(esim::Errc::malformedResponse,
                        shown(command) + ": malformed answer \"" + std::string(prefix) +
                            std::string(line) + "\"",
                        "the modem's answer format is not known; adapt exchangeApdu");
    return esim::ResponseApdu::parse(esim::fromHex(data, "the modem's R-APDU"));
  }
  throw esim::Error(esim::Errc::malformedResponse,
                    shown(command) + " answered OK without a " + std::string(prefix) + " line",
                    "the modem's answer format is not known; adapt exchangeApdu");
}

} // namespace at_modem
