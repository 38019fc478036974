// AtPtyServer: serves an AtModem on a pseudo-terminal, so that a modem
// transport opens it like the modem's serial port (/dev/ttyUSB2):
//
//   euicc_emu::AtModem modem(faults);
//   euicc_emu::AtPtyServer server(modem, {"/tmp/modem"}); // /tmp/modem -> /dev/pts/N
//   std::thread thread([&] { server.run(); });
//   ...
//   server.stop(); // from another thread or a signal handler
//   thread.join();
//
// Command lines end with CR (V.250's S3) or LF; empty lines are ignored. The
// server keeps the slave side open itself and in raw mode, so clients may
// come and go, and a client that never touches termios (cat, echo) works.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "euicc_emu/at_modem.hpp"

namespace euicc_emu {

// AtPtyOptions configures an AtPtyServer.
struct AtPtyOptions {
  // link becomes a symbolic link to the slave device (/dev/pts/N). An
  // existing symbolic link there is replaced; any other file is an error.
  std::filesystem::path link;
  // traceLines logs every command line ("> AT...") and answer ("< ...").
  bool traceLines = false;
  // log receives one line per event, called from run()'s thread.
  std::function<void(const std::string &line)> log;
};

// AtPtyServer owns the pseudo-terminal and the link to it.
class AtPtyServer {
public:
  // AtPtyServer opens the pseudo-terminal and makes the link; |modem| must
  // outlive it. Throws esim::Error(Errc::ioError) naming the failed step
  // (posix_openpt, grantpt, the link, ...) with the OS error.
  AtPtyServer(AtModem &modem, AtPtyOptions options);
  // ~AtPtyServer removes the link (if it still points to our device) and
  // closes the pseudo-terminal. Never throws.
  ~AtPtyServer();
  AtPtyServer(const AtPtyServer &) = delete;
  AtPtyServer &operator=(const AtPtyServer &) = delete;

  // slaveName returns the slave device's path (/dev/pts/N).
  const std::string &slaveName() const noexcept { return slaveName_; }

  // run answers command lines until stop() is called (also if it was called
  // before run). Throws esim::Error(Errc::ioError) if the pseudo-terminal
  // fails (poll, read or write errors other than interruptions).
  void run();

  // stop makes run() return soon. Safe from any thread and from a signal
  // handler (it stores a flag and writes one byte to a pipe).
  void stop() noexcept;

private:
  // feed adds received bytes and answers every complete line.
  void feed(const char *data, std::size_t size);
  // send writes |text| to the master side, waiting while the client is slow.
  void send(const std::string &text);
  void log(const std::string &line) const;

  AtModem &modem_;
  AtPtyOptions options_;
  std::string slaveName_;
  std::string pending_;
  // overflow_ is set while the current line is over kMaxAtLineLength: the
  // rest of it is dropped and the line is answered ERROR.
  bool overflow_ = false;
  int master_ = -1;
  int slave_ = -1;
  int wakeRead_ = -1;
  int wakeWrite_ = -1;
  bool linked_ = false;
  std::atomic<bool> stopRequested_{false};
};

} // namespace euicc_emu
