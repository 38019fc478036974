// Pcscd: a private pcscd with the vpcd driver, for integration tests.
//
//   esim::test::Pcscd pcscd;                           // starts, waits for the reader
//   EuiccEmu card("127.0.0.1", pcscd.port());          // the card connects to vpcd
//   ASSERT_TRUE(pcscd.waitForCard(pcscd.readerName(), std::chrono::seconds(5)));
//   ... esimctl --reader "<readerName>" ...
//   // ~Pcscd stops pcscd by its PID and removes its configuration.
//
// pcscd 1.9.9 always serves /run/pcscd/pcscd.comm, so only one may run per
// machine (or per mount namespace). Pcscd refuses to start when another one
// answers there, instead of disturbing it.
//
// Environment: ESIM_PCSCD_DEBUG=1 adds --debug --apdu (the log is in
// logPath()); ESIM_PCSCD=<path> chooses the pcscd binary;
// ESIM_KEEP_TEST_DIRS=1 keeps the temporary directory.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace esim::test {

// PcscdOptions configures a Pcscd.
struct PcscdOptions {
  // firstPort is where the search for two free TCP ports (port, port + 1)
  // starts; away from vpcd's stock 35963/35964.
  std::uint16_t firstPort = 35990;
  // portAttempts is how many port pairs are tried.
  int portAttempts = 50;
  // friendlyName is the reader name prefix; pcscd appends " 00 00" and
  // " 00 01" for vpcd's two slots.
  std::string friendlyName = "esimctl test vpcd";
  // driver is the vpcd IFD handler.
  std::string driver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
  // startTimeout bounds the wait until pcscd lists the reader.
  std::chrono::milliseconds startTimeout = std::chrono::seconds(10);
};

// Pcscd runs one pcscd process with a private reader configuration.
class Pcscd {
public:
  // Pcscd starts pcscd and waits until PC/SC lists the vpcd readers. Throws
  // std::runtime_error with the reason (another pcscd running, no free port,
  // pcscd exited, timeout) and pcscd's log.
  explicit Pcscd(const PcscdOptions &options = {});
  // ~Pcscd stops pcscd and removes the temporary directory; never throws.
  ~Pcscd();
  Pcscd(const Pcscd &) = delete;
  Pcscd &operator=(const Pcscd &) = delete;

  // port returns the TCP port on which vpcd waits for the card of
  // readerName(); port() + 1 serves secondReaderName().
  std::uint16_t port() const noexcept { return port_; }
  // readerName returns the PC/SC name of the first vpcd slot.
  const std::string &readerName() const noexcept { return readers_.at(0); }
  // secondReaderName returns the PC/SC name of the second vpcd slot, or the
  // first one if vpcd exposes only one.
  const std::string &secondReaderName() const noexcept { return readers_.back(); }
  // pid returns pcscd's process id (-1 once stopped).
  pid_t pid() const noexcept { return process_ ? process_->pid() : -1; }
  // directory returns the temporary directory (configuration and logs).
  const std::string &directory() const noexcept { return dir_; }
  // logPath returns the file that receives pcscd's output (and its debug log
  // with ESIM_PCSCD_DEBUG=1).
  std::string logPath() const { return dir_ + "/pcscd.log"; }
  // log returns pcscd's output so far (for failure messages).
  std::string log() const;

  // waitForCard waits until |reader| holds a card that answered its ATR, or
  // until |deadline|. Returns false on timeout; throws std::runtime_error if
  // pcscd cannot be asked.
  bool waitForCard(const std::string &reader, std::chrono::steady_clock::time_point deadline) const;
  // waitForCard waits at most |timeout|.
  bool waitForCard(const std::string &reader, std::chrono::milliseconds timeout) const {
    return waitForCard(reader, std::chrono::steady_clock::now() + timeout);
  }

  // stop terminates pcscd (SIGTERM, then SIGKILL) and waits for it; never
  // throws. Called by the destructor.
  void stop() noexcept;

private:
  void writeConfig(const PcscdOptions &options);
  void waitForReaders(const PcscdOptions &options);

  std::string dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  std::vector<std::string> readers_;
};

// systemPcscdRunning reports whether a pcscd answers on /run/pcscd/pcscd.comm.
bool systemPcscdRunning();

} // namespace esim::test
