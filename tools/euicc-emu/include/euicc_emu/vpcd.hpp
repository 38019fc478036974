// VpcdLink: puts a Card into a vpcd virtual reader (vsmartcard-vpcd, the
// pcscd driver). The card side connects to vpcd over TCP; vpcd then sends
// messages of a 2-byte big-endian length and a payload: a 1-byte payload is a
// control code (0 power off, 1 power on, 2 reset, 4 ATR request, which is
// answered with the ATR), a longer one is a C-APDU, answered with the R-APDU.
// Answers use the same framing.
//
//   euicc_emu::VpcdOptions options; // 127.0.0.1:35963
//   euicc_emu::VpcdLink link(card, options);
//   std::thread server([&] { link.run(); });
//   ...
//   link.stop(); // from another thread or a signal handler
//   server.join();
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "esim/bytes.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/faults.hpp"

namespace euicc_emu {

// kDefaultVpcdPort is the port of vpcd's first reader in its stock
// configuration ("Virtual PCD 00 00").
inline constexpr std::uint16_t kDefaultVpcdPort = 35963;

// VpcdOptions configures a VpcdLink.
struct VpcdOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = kDefaultVpcdPort;
  // Reconnection waits start at initialBackoff and double up to maxBackoff
  // while vpcd is not listening (pcscd not started yet, or restarting).
  std::chrono::milliseconds initialBackoff{100};
  std::chrono::milliseconds maxBackoff{2000};
  // connectTimeout bounds one TCP connection attempt.
  std::chrono::milliseconds connectTimeout{3000};
  // traceApdus logs every C-APDU ("#N > ...") and R-APDU ("#N < ...") in
  // hex, numbered as FaultPlan counts them.
  bool traceApdus = false;
  // faults are injected into the exchanges (none by default). A card that
  // vanishes closes the connection, so pcscd sees it removed, and connects
  // again after the fault's absence.
  FaultPlan faults;
  // log receives one line per event: waiting for vpcd, connected,
  // disconnected (with the reason), traces. Called from run()'s thread.
  std::function<void(const std::string &line)> log;
};

// parseVpcdAddress splits "HOST:PORT" ("127.0.0.1:35963", "[::1]:35963",
// "localhost:35963") into host and port. Throws
// esim::Error(Errc::invalidArgument) on a missing or invalid port.
std::pair<std::string, std::uint16_t> parseVpcdAddress(std::string_view text);

// VpcdLink serves one Card to one vpcd reader until stopped.
class VpcdLink {
public:
  // VpcdLink prepares the link; |card| must outlive it. Throws
  // esim::Error(Errc::ioError) if the internal wake-up pipe cannot be made.
  VpcdLink(Card &card, VpcdOptions options);
  ~VpcdLink();
  VpcdLink(const VpcdLink &) = delete;
  VpcdLink &operator=(const VpcdLink &) = delete;

  // run connects to vpcd and serves it; when the connection fails or drops
  // it reconnects with backoff. Returns once stop() was called (also if it
  // was called before run). Throws esim::Error(Errc::invalidArgument) if the
  // host name cannot be resolved.
  void run();

  // stop makes run() return soon (within one poll wake-up). Safe to call from
  // any thread and from a signal handler (it only stores a flag and writes
  // one byte to a pipe); calling it again is harmless.
  void stop() noexcept;

  // connections returns how many times run() has connected so far.
  unsigned connections() const noexcept { return connections_.load(); }

private:
  // serve handles one connection until it ends; returns why it ended.
  std::string serve(int fd);
  // sendMessage frames and sends |payload|; false if the connection failed.
  bool sendMessage(int fd, const esim::Bytes &payload, std::string &error);
  void log(const std::string &line) const;

  Card &card_;
  VpcdOptions options_;
  FaultInjector faults_;
  // absence_ is how long serve() asked run() to stay away (a fault).
  std::chrono::milliseconds absence_{0};
  int wakeRead_ = -1;
  int wakeWrite_ = -1;
  std::atomic<bool> stopRequested_{false};
  std::atomic<unsigned> connections_{0};
};

} // namespace euicc_emu
