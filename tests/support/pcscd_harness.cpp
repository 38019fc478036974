#include "support/pcscd_harness.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "esim/pcsc_transport.hpp"
#include "transport/pcsc_wait.hpp"

namespace esim::test {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char *kPcscdSocket = "/run/pcscd/pcscd.comm";
constexpr auto kPollInterval = std::chrono::milliseconds(20);

bool envFlag(const char *name) {
  const char *value = std::getenv(name);
  return value != nullptr && *value != '\0' && std::string(value) != "0";
}

// tcpPortFree reports whether |port| can be bound on all interfaces, as vpcd
// will bind it.
bool tcpPortFree(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  const bool free = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
  ::close(fd);
  return free;
}

std::string hex4(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", value);
  return text;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string makeTempDir() {
  const char *tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/esim-pcscd-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("Pcscd: mkdtemp(" + pattern + "): " + std::strerror(errno));
  }
  return pattern;
}

} // namespace

bool systemPcscdRunning() {
  if (!std::filesystem::exists(kPcscdSocket)) {
    return false;
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return true; // cannot tell; assume the worst
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, kPcscdSocket, sizeof address.sun_path - 1);
  const bool answers =
      ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
  ::close(fd);
  return answers;
}

Pcscd::Pcscd(const PcscdOptions &options) {
  if (systemPcscdRunning()) {
    throw std::runtime_error(
        std::string("Pcscd: a pcscd already serves ") + kPcscdSocket +
        "; the test needs its own. Stop it (systemctl stop pcscd.socket pcscd.service) or run "
        "the tests in a private namespace: unshare --mount --net --fork bash -c 'mkdir -p "
        "/run/pcscd; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; ctest ...'");
  }
  dir_ = makeTempDir();
  try {
    writeConfig(options);
    std::vector<std::string> argv = {"pcscd", "--foreground", "-c", dir_ + "/reader.conf.d"};
    if (const char *binary = std::getenv("ESIM_PCSCD"); binary != nullptr && *binary != '\0') {
      argv[0] = binary;
    } else if (std::filesystem::exists("/usr/sbin/pcscd")) {
      argv[0] = "/usr/sbin/pcscd"; // /usr/sbin is often not in a user's PATH
    }
    if (envFlag("ESIM_PCSCD_DEBUG")) {
      argv.push_back("--debug");
      argv.push_back("--apdu");
    }
    // pcscd writes its --debug log to standard output and errors to standard
    // error; one file keeps them in order.
    process_ =
        std::make_unique<ChildProcess>(argv, std::vector<std::string>{}, logPath(), logPath());
    waitForReaders(options);
  } catch (...) {
    stop();
    if (!envFlag("ESIM_KEEP_TEST_DIRS")) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
    throw;
  }
}

Pcscd::~Pcscd() {
  stop();
  if (!envFlag("ESIM_KEEP_TEST_DIRS")) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

void Pcscd::writeConfig(const PcscdOptions &options) {
  // vpcd listens on the port coded in DEVICENAME and on the next one for its
  // second slot, so a pair of free ports is needed.
  for (int attempt = 0; attempt < options.portAttempts && port_ == 0; ++attempt) {
    const auto candidate = static_cast<std::uint16_t>(options.firstPort + 2 * attempt);
    if (tcpPortFree(candidate) && tcpPortFree(static_cast<std::uint16_t>(candidate + 1))) {
      port_ = candidate;
    }
  }
  if (port_ == 0) {
    throw std::runtime_error("Pcscd: no free TCP port pair from " +
                             std::to_string(options.firstPort));
  }
  std::filesystem::create_directory(dir_ + "/reader.conf.d");
  std::ofstream conf(dir_ + "/reader.conf.d/vpcd");
  conf << "FRIENDLYNAME \"" << options.friendlyName << "\"\n"
       << "DEVICENAME   /dev/null:0x" << hex4(port_) << "\n"
       << "LIBPATH      " << options.driver << "\n"
       << "CHANNELID    0x" << hex4(port_) << "\n";
  if (!conf.flush()) {
    throw std::runtime_error("Pcscd: cannot write " + dir_ + "/reader.conf.d/vpcd");
  }
}

void Pcscd::waitForReaders(const PcscdOptions &options) {
  const auto deadline = Clock::now() + options.startTimeout;
  std::string lastError = "nothing tried yet";
  for (;;) {
    if (!process_->running()) {
      throw std::runtime_error("Pcscd: pcscd exited with status " +
                               std::to_string(process_->exitStatus().value_or(-1)) +
                               " before listing the reader. Its log:\n" + log());
    }
    try {
      readers_.clear();
      for (const ReaderInfo &reader : esim::listReaders()) {
        if (reader.name.rfind(options.friendlyName, 0) == 0) {
          readers_.push_back(reader.name);
        }
      }
      if (!readers_.empty()) {
        std::sort(readers_.begin(), readers_.end());
        return;
      }
      lastError = "the reader list has no \"" + options.friendlyName + "\" yet";
    } catch (const esim::Error &e) {
      // pcsc-no-service until the socket exists, no-reader until vpcd loaded.
      lastError = e.what();
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error("Pcscd: pcscd (pid " + std::to_string(process_->pid()) +
                               ") did not list its vpcd reader within " +
                               std::to_string(options.startTimeout.count()) +
                               " ms (last: " + lastError + "). Its log:\n" + log());
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string Pcscd::log() const {
  return readFile(logPath());
}

bool Pcscd::waitForCard(const std::string &reader, Clock::time_point deadline) const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  try {
    return esim::pcsc::waitForCardPresent(reader, std::max(left, std::chrono::milliseconds(0)));
  } catch (const esim::Error &e) {
    throw std::runtime_error(std::string("Pcscd::waitForCard: ") + e.what());
  }
}

void Pcscd::stop() noexcept {
  if (process_) {
    process_->stop();
  }
}

} // namespace esim::test
