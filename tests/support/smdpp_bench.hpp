// SmdppBench: the traveller's bench for integration tests: the test SM-DP+
// over TLS on loopback, a private pcscd with vpcd, and euicc-emu as the card
// whose profiles' notification addresses point at that SM-DP+. esimctl runs
// against it with the reader, --resolve and the test CI filled in.
//
//   SmdppBench bench;                       // writes the demo state
//   bench.start();                          // SM-DP+, pcscd, card
//   EsimctlResult r = bench.esimctl({"--json", "remove", iccid, "--yes"});
//   EXPECT_TRUE(bench.pendingDeletes().empty());
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/esim_env.hpp"
#include "support/smdpp_process.hpp"

namespace esim::test {

// kTravelHost is the FQDN the bench's notification addresses use.
inline constexpr const char *kTravelHost = "smdp.travel.example";

class SmdppBench {
public:
  // SmdppBench writes the emulator's demo state into a fresh TempDir.
  // Throws std::runtime_error if `euicc-emu --init` fails.
  SmdppBench() : SmdppBench(std::vector<std::string>{}) {}

  // SmdppBench with |pkiArgs| first makes the test PKI itself with
  // make-test-pki.sh (the demo EID and hosts, then |pkiArgs|, e.g.
  // {"--eum-eid-prefix", "8904999"} for an EUM whose name constraint
  // excludes the card's EID), and the demo state on it. Throws
  // std::runtime_error if the script or `euicc-emu --init` fails.
  explicit SmdppBench(std::vector<std::string> pkiArgs);

  // SmdppBench with existing PKIs (made once per suite with makeBenchPki):
  // the card holds the eUICC identity and trusts the CI of each of
  // |cardPkiDirs| (`euicc-emu --init --pki DIR...`, first one first), and
  // the SM-DP+ and esimctl's --ca-file use |serverPkiDir|. Nothing is
  // written to the PKI directories. Throws std::runtime_error if
  // `euicc-emu --init` fails.
  SmdppBench(std::vector<std::string> cardPkiDirs, std::string serverPkiDir);

  // makeBenchPki makes a test PKI in |dir| with make-test-pki.sh for the
  // demo card (its EID, the bench's SM-DP+ hosts) and |pkiArgs| (e.g.
  // {"--curve", "brainpoolP256r1"}). Throws std::runtime_error if the script
  // fails.
  static void makeBenchPki(const std::string &dir, const std::vector<std::string> &pkiArgs);

  // setDownload says how start() runs the SM-DP+'s ES9+ download functions:
  // on by default, with the built-in demo catalog (SmdppDownload{}); an
  // empty address becomes the card host (with ":PORT" when the server is
  // not on 443); nullopt turns them off. Call before start().
  void setDownload(std::optional<SmdppDownload> download) { download_ = std::move(download); }

  // smdpAddress is the address the running SM-DP+ answers to: the card host,
  // with ":PORT" when it is not on 443. activationCode returns
  // "LPA:1$<smdpAddress>$<matchingId>".
  const std::string &smdpAddress() const noexcept { return address_; }
  std::string activationCode(const std::string &matchingId = kDemoMatchingId) const {
    return "LPA:1$" + address_ + "$" + matchingId;
  }
  // smdsAddress is the address the running SM-DS answers to, as the LPA must
  // use it (esimctl profile discovery --smds): SmdppDownload::smdsAddress,
  // with ":PORT" when the server is not on 443; empty when the SM-DS role
  // is off. esimctl() resolves its host to 127.0.0.1 too.
  const std::string &smdsAddress() const noexcept { return smdsAddress_; }

  // start brings up the SM-DP+ with |smdppArgs| (unless |withServer| is
  // false), pcscd and the card (euicc-emu with |emulatorArgs|, e.g. faults)
  // and waits until pcscd sees the card. The SM-DP+ takes port 443 where it
  // may (root in the test's own network namespace), so the card's plain FQDN
  // works as in the field; elsewhere the card's addresses get the server's
  // port. |cardHost| is the FQDN written into the card's notification
  // addresses. Fails the current test (gtest) if the card does not show up.
  void start(std::vector<std::string> smdppArgs = {}, bool withServer = true,
             const std::string &cardHost = kTravelHost, std::vector<std::string> emulatorArgs = {});

  // restartCard stops euicc-emu and starts it again with |emulatorArgs| on
  // the same state file, waiting for pcscd to see the new card; |whileStopped|
  // runs in between (to put another state in place).
  void restartCard(std::vector<std::string> emulatorArgs = {},
                   const std::function<void()> &whileStopped = {});

  // esimctl runs esimctl with --reader, --resolve, --timeout 2 and (if
  // |trustTestCi|) --ca-file of the test CI before |args|.
  EsimctlResult esimctl(std::vector<std::string> args, bool trustTestCi = true);

  // esimctlArgv returns the whole command line esimctl() runs (program
  // first), for a test that starts esimctl itself (to kill it).
  std::vector<std::string> esimctlArgv(std::vector<std::string> args, bool trustTestCi = true);

  // pendingDeletes returns the card's pending delete notifications (through
  // `esimctl notification list`), failing the test if that fails.
  std::vector<nlohmann::json> pendingDeletes();

  // installed reports whether the card lists a profile |iccid| (through
  // `esimctl --json profile list`), failing the test if that fails.
  bool installed(const std::string &iccid);

  // acceptedDeletes counts the delete notifications the SM-DP+ accepted
  // for |iccid|.
  int acceptedDeletes(const std::string &iccid) const;

  TempDir &dir() noexcept { return dir_; }
  const std::string &statePath() const noexcept { return statePath_; }
  const std::string &pki() const noexcept { return pki_; }
  SmdppProcess &smdpp() noexcept { return *smdpp_; }
  Pcscd &pcscd() noexcept { return *pcscd_; }
  EmulatorProcess &emulator() noexcept { return *emu_; }

private:
  void startCard(std::vector<std::string> emulatorArgs);

  TempDir dir_;
  std::string statePath_;
  std::string pki_;
  std::string resolve_;
  std::string smdsResolve_; // --resolve of the SM-DS host; empty: none
  std::string address_;
  std::string smdsAddress_;
  std::optional<SmdppDownload> download_ = SmdppDownload{};
  std::unique_ptr<SmdppProcess> smdpp_;
  std::unique_ptr<Pcscd> pcscd_;
  std::unique_ptr<EmulatorProcess> emu_;
};

} // namespace esim::test
