// SmdppProcess runs the test SM-DP+ (smdpp-emu) over TLS on 127.0.0.1 for
// integration tests, and reads its log of accepted notifications.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"

namespace esim::test {

// kDemoMatchingId and kDemoIccid are smdpp-emu's built-in demo order (the
// one served without --catalog; tools/smdpp-emu/catalog.hpp).
inline constexpr const char *kDemoMatchingId = "TRAVEL-DEMO-0001";
inline constexpr const char *kDemoIccid = "8944476500000000013";
// kSmdsHost is the SM-DS name make-test-pki.sh puts in the TLS certificate
// by default (--smds-host).
inline constexpr const char *kSmdsHost = "smds.travel.example";

// SmdppDownload turns on smdpp-emu's ES9+ download functions
// (initiateAuthentication, authenticateClient, getBoundProfilePackage,
// cancelSession) with the DPauth/DPpb certificates of the PKI (--pki DIR:
// dpauth.pem/.key, dppb.pem/.key, as make-test-pki.sh makes them).
struct SmdppDownload {
  // catalog is a --catalog FILE; empty: the built-in demo entry (matching ID
  // TRAVEL-DEMO-0001, ICCID 8944476500000000013, reusable, no code).
  std::string catalog;
  // address is --address, the SM-DP+ address the activation code names and
  // the default notification address of the catalog's profiles; empty:
  // smdpp-emu's default, smdp.travel.example.
  std::string address;
  // smdsAddress is --smds-address: smdpp-emu also plays an SM-DS (ES11)
  // at this FQDN, with the PKI's dsauth.pem/.key, listing the catalog's
  // events; it must be a name of the TLS certificate (kSmdsHost is). Empty:
  // no SM-DS.
  std::string smdsAddress = {};
};

class SmdppProcess {
public:
  // SmdppProcess starts smdpp-emu with the TLS certificate and CI of the PKI
  // in |pkiDir| (make-test-pki.sh layout), listening on 127.0.0.1:|port| (0:
  // any free port), with extra |args| (fault options) and, when |download|
  // is set, the download functions (--pki |pkiDir| [--catalog] [--address]).
  // Throws std::runtime_error if it does not come up.
  SmdppProcess(const std::string &pkiDir, const std::string &workDir, int port,
               std::vector<std::string> args = {},
               std::optional<SmdppDownload> download = std::nullopt);
  ~SmdppProcess();
  SmdppProcess(const SmdppProcess &) = delete;
  SmdppProcess &operator=(const SmdppProcess &) = delete;

  int port() const noexcept { return port_; }
  // logPath is the JSON-lines log of the notifications it accepted.
  const std::string &logPath() const noexcept { return log_; }
  // accepted returns the JSON lines of the notifications it accepted.
  std::vector<nlohmann::json> accepted() const;
  std::string stderrText() const;
  // eventCount counts its "event" lines of |kind| ("initiateAuthentication",
  // "cancelSession", ...) on standard error: the calls it answered.
  int eventCount(const std::string &kind) const;
  ChildProcess &process() noexcept { return *process_; }

private:
  std::string log_;
  std::string out_;
  std::string err_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// smdsEventCatalog returns a catalog (smdpp-emu --catalog) with one order
// per (matchingId, ICCID) of |orders|, the demo package under that ICCID,
// pushed to |eid| and announced at the SM-DS ("smdsEvent"), and the
// top-level |events| (an array).
nlohmann::json smdsEventCatalog(const std::string &eid,
                                const std::vector<std::pair<std::string, std::string>> &orders,
                                const nlohmann::json &events = nlohmann::json::array());

// freeLoopbackPort returns a TCP port nobody listens on at 127.0.0.1
// (bound, then released), for a server whose own configuration must name
// its port before it starts. Throws std::runtime_error if the socket calls
// fail.
int freeLoopbackPort();

} // namespace esim::test
