#include "support/smdpp_bench.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "euicc_emu/bench.hpp"
#include "euicc_emu/state.hpp"

namespace esim::test {

namespace {

#ifndef PKI_SCRIPT_PATH
#define PKI_SCRIPT_PATH "make-test-pki.sh"
#endif

// The demo state's EID (euicc-emu --init; tools/euicc-emu/lib/demo_state.cpp).
constexpr const char *kDemoEid = "89049032123451234512345678901235";
constexpr int kHttpsPort = 443;
constexpr auto kCardTimeout = std::chrono::seconds(10);
constexpr auto kGonePoll = std::chrono::milliseconds(50);
constexpr auto kGoneTimeout = std::chrono::seconds(5);

} // namespace

void SmdppBench::makeBenchPki(const std::string &dir, const std::vector<std::string> &pkiArgs) {
  std::vector<std::string> argv = {PKI_SCRIPT_PATH, dir, "--eid", kDemoEid};
  for (const std::string &host : euicc_emu::kDemoSmdpHosts)
    argv.insert(argv.end(), {"--smdp-host", host});
  argv.insert(argv.end(), pkiArgs.begin(), pkiArgs.end());
  CommandResult r = runCommand(argv, {}, std::chrono::seconds(30));
  if (r.exitCode != 0) {
    throw std::runtime_error("make-test-pki.sh failed (" + std::to_string(r.exitCode) +
                             "): " + r.stderrText);
  }
}

SmdppBench::SmdppBench(std::vector<std::string> pkiArgs)
    : statePath_(dir_.file("state.json")), pki_(dir_.file("pki")) {
  // euicc-emu --init reuses a complete PKI in <state dir>/pki.
  if (!pkiArgs.empty()) makeBenchPki(pki_, pkiArgs);
  writeDemoState(statePath_);
}

SmdppBench::SmdppBench(std::vector<std::string> cardPkiDirs, std::string serverPkiDir)
    : statePath_(dir_.file("state.json")), pki_(std::move(serverPkiDir)) {
  writeDemoState(statePath_, cardPkiDirs);
}

void SmdppBench::start(std::vector<std::string> smdppArgs, bool withServer,
                       const std::string &cardHost, std::vector<std::string> emulatorArgs) {
  int port = kHttpsPort;
  if (withServer) {
    std::optional<SmdppDownload> download = download_;
    const bool defaultAddress = download && download->address.empty();
    if (defaultAddress) download->address = cardHost;
    try {
      smdpp_ = std::make_unique<SmdppProcess>(pki_, dir_.path().string(), kHttpsPort, smdppArgs,
                                              download);
    } catch (const std::exception &) {
      smdpp_ = std::make_unique<SmdppProcess>(pki_, dir_.path().string(), 0, smdppArgs, download);
      if (defaultAddress) {
        // The catalog's notification addresses must carry the port: start
        // again on the port it found, with the address that names it.
        const int found = smdpp_->port();
        smdpp_.reset();
        download->address = cardHost + ":" + std::to_string(found);
        smdpp_ =
            std::make_unique<SmdppProcess>(pki_, dir_.path().string(), found, smdppArgs, download);
      }
    }
    port = smdpp_->port();
  }
  std::string address = cardHost + (port == kHttpsPort ? "" : ":" + std::to_string(port));
  address_ = address;
  euicc_emu::EmulatorState s = euicc_emu::loadState(statePath_);
  for (auto &p : s.profiles) {
    for (auto &n : p.notificationConfigurationInfo)
      n.notificationAddress = address;
  }
  euicc_emu::saveState(s, statePath_);
  resolve_ = cardHost + ":" + std::to_string(port) + ":127.0.0.1";
  smdsAddress_.clear();
  smdsResolve_.clear();
  if (withServer && download_ && !download_->smdsAddress.empty()) {
    const std::string &host = download_->smdsAddress;
    smdsAddress_ = host + (port == kHttpsPort ? "" : ":" + std::to_string(port));
    smdsResolve_ = host + ":" + std::to_string(port) + ":127.0.0.1";
  }
  pcscd_ = std::make_unique<Pcscd>();
  startCard(std::move(emulatorArgs));
}

void SmdppBench::startCard(std::vector<std::string> emulatorArgs) {
  emu_ = std::make_unique<EmulatorProcess>(statePath_, pcscd_->port(), dir_.path().string(),
                                           std::move(emulatorArgs));
  ASSERT_TRUE(pcscd_->waitForCard(pcscd_->readerName(), kCardTimeout)) << emu_->log();
}

void SmdppBench::restartCard(std::vector<std::string> emulatorArgs,
                             const std::function<void()> &whileStopped) {
  emu_.reset();
  // pcscd notices the card is gone within its 400 ms ATR poll.
  const auto deadline = std::chrono::steady_clock::now() + kGoneTimeout;
  while (std::chrono::steady_clock::now() < deadline &&
         pcscd_->waitForCard(pcscd_->readerName(), std::chrono::milliseconds(1))) {
    std::this_thread::sleep_for(kGonePoll);
  }
  if (whileStopped) whileStopped();
  startCard(std::move(emulatorArgs));
}

std::vector<std::string> SmdppBench::esimctlArgv(std::vector<std::string> args, bool trustTestCi) {
  const char *program = std::getenv("ESIMCTL");
  std::vector<std::string> full = {program && *program ? program : ESIMCTL_PATH,
                                   "--reader",
                                   pcscd_->readerName(),
                                   "--resolve",
                                   resolve_,
                                   "--timeout",
                                   "2"};
  if (!smdsResolve_.empty()) {
    full.insert(full.begin() + 5, {"--resolve", smdsResolve_});
  }
  if (trustTestCi) {
    full.push_back("--ca-file");
    full.push_back(pki_ + "/ci.pem");
  }
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

EsimctlResult SmdppBench::esimctl(std::vector<std::string> args, bool trustTestCi) {
  std::vector<std::string> full = esimctlArgv(std::move(args), trustTestCi);
  full.erase(full.begin());
  return runEsimctl(full);
}

std::vector<nlohmann::json> SmdppBench::pendingDeletes() {
  EsimctlResult r = esimctl({"--json", "notification", "list", "--event", "delete"});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe();
  std::vector<nlohmann::json> out;
  for (const auto &n : r.json["data"])
    out.push_back(n);
  return out;
}

bool SmdppBench::installed(const std::string &iccid) {
  EsimctlResult r = esimctl({"--json", "profile", "list"});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe();
  for (const auto &p : r.json["data"]) {
    if (p.value("iccid", "") == iccid) return true;
  }
  return false;
}

int SmdppBench::acceptedDeletes(const std::string &iccid) const {
  int n = 0;
  if (!smdpp_) return n;
  for (const nlohmann::json &line : smdpp_->accepted()) {
    if (line.value("profileManagementOperation", "") == "delete" &&
        line.value("iccid", "") == iccid)
      ++n;
  }
  return n;
}

} // namespace esim::test
