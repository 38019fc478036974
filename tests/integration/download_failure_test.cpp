// `esimctl profile download` when something goes wrong, through the real
// stack (esimctl -> pcscd -> vpcd -> euicc-emu, smdpp-emu over TLS): each
// failure gives a clear error naming the step and the right exit code (1
// failed, 2 usage, 3 declined, 4 installed but not reported), ends the
// session on both sides when it happens before the load, leaves no half
// profile and loses no notification.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "euicc_emu/state.hpp"
#include "support/pty_run.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

// The demo state's own profile (tools/euicc-emu/lib/demo_state.cpp).
constexpr const char *kCardIccid = "8981100000000000002";
constexpr const char *kCode = "7391-2208";
// CancelSessionReason values as the SM-DP+ logs them (SGP.22 5.7.14).
constexpr int kEndUserRejection = 0;
constexpr int kUndefinedReason = 127;
// The demo BPP as the LPA sends it: BF36+BF23, A0, A1, 88, A3, then four
// 86 segments (LoadBoundProfilePackage runs once per part; faults.hpp).
constexpr int kDemoBppParts = 9;

class DownloadFailure : public ::testing::Test {
protected:
  DownloadFailure() = default;
  explicit DownloadFailure(std::vector<std::string> pkiArgs) : bench_(std::move(pkiArgs)) {}

  // start runs the card with --trace: its log shows what it answered.
  void start(std::vector<std::string> emulatorArgs = {}, std::vector<std::string> smdpArgs = {},
             bool withServer = true) {
    emulatorArgs.insert(emulatorArgs.begin(), "--trace");
    bench_.start(std::move(smdpArgs), withServer, kTravelHost, std::move(emulatorArgs));
  }
  // catalog serves |entries| (matching ID, ICCID, extra fields) with the
  // built-in demo package.
  void useCatalog(const std::vector<json> &entries) {
    json doc = {{"profiles", json::array()}};
    for (const json &e : entries) {
      json p = {{"matchingId", e["matchingId"]},
                {"profilePackage", "builtin:demo"},
                {"metadata",
                 {{"iccid", e["iccid"]},
                  {"serviceProviderName", "esimctl Failures"},
                  {"profileName", "Failure " + e["matchingId"].get<std::string>()}}}};
      for (const auto &[k, v] : e.items()) {
        if (k != "matchingId" && k != "iccid") p[k] = v;
      }
      doc["profiles"].push_back(p);
    }
    const std::string path = bench_.dir().file("catalog.json");
    std::ofstream(path) << doc.dump(2);
    bench_.setDownload(SmdppDownload{path, ""});
  }
  std::string writeFile(const std::string &name, const std::string &text) {
    const std::string path = bench_.dir().file(name);
    std::ofstream(path) << text;
    return path;
  }

  EsimctlResult esimctl(std::vector<std::string> args, const std::string &input = {}) {
    std::vector<std::string> argv = bench_.esimctlArgv(std::move(args));
    argv.erase(argv.begin());
    return runEsimctl(argv, input);
  }
  EsimctlResult download(const std::string &matchingId, std::vector<std::string> extra = {},
                         const std::string &input = {}) {
    std::vector<std::string> args = {"--json",
                                     "profile",
                                     "download",
                                     bench_.activationCode(matchingId),
                                     "--yes",
                                     "--receipt-dir",
                                     bench_.dir().file("receipts")};
    args.insert(args.end(), extra.begin(), extra.end());
    return esimctl(args, input);
  }
  std::string message(const EsimctlResult &r) {
    return r.json.is_object() && r.json.contains("error")
               ? r.json["error"].value("message", "") + " | " + r.json["error"].value("hint", "")
               : r.command.stderrText;
  }

  // profiles returns the ICCIDs on the card, failing the test if listing fails.
  std::vector<std::string> profiles() {
    EsimctlResult r = esimctl({"--json", "profile", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    std::vector<std::string> out;
    for (const auto &p : r.json["data"])
      out.push_back(p.value("iccid", ""));
    return out;
  }
  bool installed(const std::string &iccid) {
    const std::vector<std::string> all = profiles();
    return std::find(all.begin(), all.end(), iccid) != all.end();
  }
  json pending() {
    EsimctlResult r = esimctl({"--json", "notification", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    return r.json["data"];
  }
  int acceptedInstalls(const std::string &iccid) {
    int n = 0;
    for (const json &line : bench_.smdpp().accepted()) {
      if (line.value("profileManagementOperation", "") == "install" &&
          line.value("iccid", "") == iccid && line.value("signatureValid", false))
        ++n;
    }
    return n;
  }
  // events returns the SM-DP+'s event lines of |kind| ("smdpp-emu: event {...}").
  std::vector<json> events(const std::string &kind) {
    std::vector<json> out;
    std::istringstream in(bench_.smdpp().stderrText());
    const std::string prefix = "smdpp-emu: event ";
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) != 0) continue;
      json j = json::parse(line.substr(prefix.size()), nullptr, false);
      if (j.is_object() && j.value("kind", "") == kind) out.push_back(j);
    }
    return out;
  }
  // cardCancels counts the ES10b CancelSessions the card answered with its
  // signed euiccCancelSessionSigned (BF41 A0 ...), from its --trace log
  // ("#N > C-APDU", "#N < R-APDU"; the answer may come by GET RESPONSE).
  int cardCancels() {
    bool inCancel = false;
    int n = 0;
    std::istringstream in(bench_.emulator().log());
    for (std::string line; std::getline(in, line);) {
      const std::size_t gt = line.find(" > "), lt = line.find(" < ");
      const std::size_t mark = std::min(gt, lt);
      if (mark == std::string::npos) continue;
      const std::string hex = line.substr(mark + 3);
      if (hex.size() < 14) continue;
      if (mark == gt) {
        // STORE DATA whose data (after CLA INS P1 P2 Lc) is BF41; GET
        // RESPONSE (INS C0) continues the command before it.
        if (hex.substr(2, 2) != "C0") inCancel = hex.substr(10, 4) == "BF41";
      } else if (inCancel && hex.rfind("BF41", 0) == 0 && hex.substr(hex.size() - 4) == "9000") {
        const std::size_t value = hex.substr(4, 2) == "81" ? 8 : 6;
        if (hex.substr(value, 2) == "A0") ++n;
      }
    }
    return n;
  }
  // expectCancelledBothSides: the card cancelled the session (signed, with
  // |reason|) and the LPA gave that to the SM-DP+ (which checks the card's
  // signature), or the SM-DP+ had ended the session itself when it refused
  // (then it answers that the transaction is unknown).
  void expectCancelledBothSides(int reason, std::size_t nth = 1) {
    EXPECT_EQ(cardCancels(), static_cast<int>(nth)) << bench_.emulator().log();
    const std::vector<json> accepted = events("cancelSession");
    const std::vector<json> refused = events("cancelSessionFailed");
    ASSERT_EQ(accepted.size() + refused.size(), nth) << bench_.smdpp().stderrText();
    if (accepted.size() + refused.size() != nth) return;
    if (!accepted.empty() &&
        accepted.back()["time"] >= (refused.empty() ? json("") : refused.back()["time"])) {
      EXPECT_EQ(accepted.back()["reason"], reason) << accepted.back().dump();
    } else {
      EXPECT_EQ(refused.back()["reasonCode"], "3.9") << refused.back().dump();
    }
  }
  void expectNothingLeft(const std::string &iccid) {
    EXPECT_FALSE(installed(iccid));
    EXPECT_TRUE(pending().empty()) << pending().dump();
  }
  // expectStateValid: the state file loads (an install is atomic).
  void expectStateValid() {
    EXPECT_NO_THROW((void)euicc_emu::loadState(bench_.statePath())) << bench_.emulator().log();
  }

  SmdppBench bench_;
};

// ---- Confirmation codes ----

TEST_F(DownloadFailure, AWrongConfirmationCodeFromAFileIsRefusedAndTheRightOneInstalls) {
  useCatalog({{{"matchingId", "CC-FILE"},
               {"iccid", "8944476500000000021"},
               {"confirmationCode", kCode},
               {"confirmationCodeAttempts", 3}}});
  start();
  EsimctlResult r =
      download("CC-FILE", {"--confirmation-code-file", writeFile("wrong", "1111-0000\n")});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "server-error") << r.describe();
  EXPECT_NE(message(r).find("getBoundProfilePackage"), std::string::npos) << message(r);
  EXPECT_NE(message(r).find("confirmation code"), std::string::npos) << message(r);
  expectCancelledBothSides(kUndefinedReason);
  expectNothingLeft("8944476500000000021");

  EsimctlResult ok =
      download("CC-FILE", {"--confirmation-code-file", writeFile("right", std::string(kCode))});
  ASSERT_EQ(ok.command.exitCode, 0) << ok.describe() << bench_.smdpp().stderrText();
  EXPECT_TRUE(installed("8944476500000000021"));
  EXPECT_EQ(acceptedInstalls("8944476500000000021"), 1);
  EXPECT_TRUE(pending().empty());
}

TEST_F(DownloadFailure, AMissingOrWrongConfirmationCodeOnStandardInputIsRefused) {
  useCatalog({{{"matchingId", "CC-STDIN"},
               {"iccid", "8944476500000000039"},
               {"confirmationCode", kCode},
               {"confirmationCodeAttempts", 3}}});
  start();
  // Standard input is not a terminal and there is no file: the code is read
  // from it; empty is no code at all, ended before PrepareDownload.
  EsimctlResult none = download("CC-STDIN", {}, "");
  EXPECT_EQ(none.command.exitCode, 1) << none.describe();
  EXPECT_NE(message(none).find("confirmation code"), std::string::npos) << message(none);
  expectCancelledBothSides(kEndUserRejection);
  expectNothingLeft("8944476500000000039");

  EsimctlResult wrong = download("CC-STDIN", {}, "0000\n");
  EXPECT_EQ(wrong.command.exitCode, 1) << wrong.describe();
  EXPECT_NE(message(wrong).find("getBoundProfilePackage"), std::string::npos) << message(wrong);
  expectCancelledBothSides(kUndefinedReason, 2);
  expectNothingLeft("8944476500000000039");

  EsimctlResult ok = download("CC-STDIN", {}, std::string(kCode) + "\n");
  ASSERT_EQ(ok.command.exitCode, 0) << ok.describe() << bench_.smdpp().stderrText();
  EXPECT_TRUE(installed("8944476500000000039"));
  EXPECT_EQ(acceptedInstalls("8944476500000000039"), 1);
}

// ---- Refusals of the SM-DP+ and of the card ----

class DownloadFailureEum : public DownloadFailure {
protected:
  // The EUM may only certify EIDs starting with 8904999; the card's is 89049032...
  DownloadFailureEum() : DownloadFailure({"--eum-eid-prefix", "8904999"}) {}
};

TEST_F(DownloadFailureEum, AnEidOutsideTheEumsNameConstraintIsRefused) {
  start();
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "server-error") << r.describe();
  EXPECT_NE(message(r).find("authenticateClient"), std::string::npos) << message(r);
  EXPECT_NE(message(r).find("EID"), std::string::npos) << message(r);
  expectCancelledBothSides(kUndefinedReason);
  expectNothingLeft(kDemoIccid);
}

TEST_F(DownloadFailure, AnIccidAlreadyOnTheCardIsRefusedAndTheErrorIsReported) {
  useCatalog({{{"matchingId", "SAME-ICCID"}, {"iccid", kCardIccid}}});
  start();
  const json before = profiles();
  EsimctlResult r = download("SAME-ICCID");
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_NE(message(r).find("LoadBoundProfilePackage"), std::string::npos) << message(r);
  EXPECT_NE(message(r).find("installFailedDueToIccidAlreadyExistsOnEuicc"), std::string::npos)
      << message(r);
  // The card's signed error result is the install notification: reported
  // and gone from the card; the old profile is untouched.
  EXPECT_EQ(acceptedInstalls(kCardIccid), 1) << bench_.smdpp().stderrText();
  EXPECT_TRUE(pending().empty()) << pending().dump();
  EXPECT_EQ(json(profiles()), before);
  EXPECT_TRUE(events("cancelSession").empty()); // the load ended the session
}

TEST_F(DownloadFailure, NotEnoughMemoryIsRefusedAndTheErrorIsReported) {
  euicc_emu::EmulatorState s = euicc_emu::loadState(bench_.statePath());
  s.euiccInfo2.extCardResourceDecoded.freeNonVolatileMemory = 200;
  euicc_emu::saveState(s, bench_.statePath());
  start();
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_NE(message(r).find("installFailedDueToInsufficientMemoryForProfile"), std::string::npos)
      << message(r);
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1) << bench_.smdpp().stderrText();
  expectNothingLeft(kDemoIccid);
  expectStateValid();
}

TEST_F(DownloadFailure, ThePpkVariantInstallsAlsoWithSmallBlocks) {
  useCatalog({{{"matchingId", "PPK-255"}, {"iccid", "8944476500000000047"}, {"ppk", true}},
              {{"matchingId", "PPK-120"}, {"iccid", "8944476500000000054"}, {"ppk", true}}});
  start();
  EsimctlResult r = download("PPK-255");
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  std::vector<std::string> args = {
      "--mss", "120", "--json", "profile", "download", bench_.activationCode("PPK-120"), "--yes"};
  EsimctlResult small = esimctl(args);
  ASSERT_EQ(small.command.exitCode, 0) << small.describe() << bench_.smdpp().stderrText();
  EXPECT_TRUE(installed("8944476500000000047"));
  EXPECT_TRUE(installed("8944476500000000054"));
  EXPECT_EQ(acceptedInstalls("8944476500000000047"), 1);
  EXPECT_EQ(acceptedInstalls("8944476500000000054"), 1);
  EXPECT_TRUE(pending().empty());
}

// ---- The SM-DP+ unreachable or failing ----

TEST_F(DownloadFailure, NoSmdpIsANetworkErrorAndInstallsNothing) {
  start({}, {}, false);
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "network") << r.describe();
  EXPECT_NE(message(r).find("initiateAuthentication"), std::string::npos) << message(r);
  expectNothingLeft(kDemoIccid);
}

// Requests to the SM-DP+ are counted from 1: initiateAuthentication,
// authenticateClient, getBoundProfilePackage, then handleNotification.
struct FailingStep {
  const char *function;
  int sparedRequests;
  bool sessionToCancel;
};

class DownloadFailureHttp500 : public DownloadFailure,
                               public ::testing::WithParamInterface<FailingStep> {};

TEST_P(DownloadFailureHttp500, AtThisStepFailsAndEndsTheSession) {
  const FailingStep step = GetParam();
  // esimctl tries each request 3 times when the answer is 5xx: all fail.
  start({}, {"--fail-status", "500", "--fail-after", std::to_string(step.sparedRequests),
             "--fail-first", "3"});
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "server-error") << r.describe();
  EXPECT_NE(message(r).find(step.function), std::string::npos) << message(r);
  EXPECT_NE(message(r).find("500"), std::string::npos) << message(r);
  if (step.sessionToCancel) {
    expectCancelledBothSides(kUndefinedReason);
  } else {
    EXPECT_TRUE(events("cancelSession").empty()); // no transaction yet
    EXPECT_EQ(cardCancels(), 0);
  }
  expectNothingLeft(kDemoIccid);
  // The order is still there.
  EsimctlResult again = download(kDemoMatchingId);
  EXPECT_EQ(again.command.exitCode, 0) << again.describe() << bench_.smdpp().stderrText();
}

INSTANTIATE_TEST_SUITE_P(Steps, DownloadFailureHttp500,
                         ::testing::Values(FailingStep{"initiateAuthentication", 0, false},
                                           FailingStep{"authenticateClient", 1, true},
                                           FailingStep{"getBoundProfilePackage", 2, true}),
                         [](const auto &p) { return std::string(p.param.function); });

TEST_F(DownloadFailure, Http500AtHandleNotificationInstallsAndKeepsTheNotification) {
  start({}, {"--fail-status", "500", "--fail-after", "3", "--fail-first", "3"});
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 4) << r.describe();
  EXPECT_EQ(r.json["data"]["notification"]["delivered"], false) << r.describe();
  EXPECT_TRUE(installed(kDemoIccid));
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 0);
  json left = pending();
  ASSERT_EQ(left.size(), 1u) << left.dump();
  EXPECT_EQ(left[0]["profileManagementOperation"], "install") << left.dump();
  EXPECT_EQ(left[0]["seqNumber"], r.json["data"]["seqNumber"]) << left.dump();
  // Sent later, it arrives and leaves the card.
  EsimctlResult later = esimctl({"--json", "notification", "process", "--all"});
  EXPECT_EQ(later.command.exitCode, 0) << later.describe();
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1) << bench_.smdpp().stderrText();
  EXPECT_TRUE(pending().empty());
}

// ---- Ctrl-C ----

TEST_F(DownloadFailure, SigintAfterTheYesEndsTheSessionOnBothSidesBeforeTheLoad) {
  // getBoundProfilePackage (the third ES9+ request) answers after 1.5 s
  // (esimctl's --timeout is 2 s): the signal lands while it is under way.
  start({}, {"--delay-ms", "1500", "--fail-after", "2", "--fail-first", "1"});
  const std::string out = bench_.dir().file("download.out");
  ChildProcess child(bench_.esimctlArgv({"profile", "download", bench_.activationCode(), "--yes",
                                         "--receipt-dir", bench_.dir().file("receipts")}),
                     {}, out, out + ".err");
  // The progress lines go to standard error.
  const std::string progress = out + ".err";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (readText(progress).find("Preparing the download") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(readText(progress).find("Preparing the download"), std::string::npos)
      << readText(progress);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(child.pid(), SIGINT);
  const std::optional<int> status = child.wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 3) << readText(out) << readText(out + ".err");
  EXPECT_NE(readText(out + ".err").find("stopped by SIGINT: download cancelled"), std::string::npos)
      << readText(out + ".err");
  expectCancelledBothSides(kEndUserRejection);
  expectNothingLeft(kDemoIccid);
}

// ---- The card gone during the load ----

TEST_F(DownloadFailure, TheCardRemovedDuringTheLoadLeavesNoProfile) {
  // APDU 28 of the emulator's life (counted with --trace): after esimctl's
  // first commands and the authentication, the first 86 segment's second
  // STORE DATA block of the load.
  start({"--fault", "remove@28:300"});
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "card-removed") << r.describe();
  EXPECT_NE(message(r).find("LoadBoundProfilePackage"), std::string::npos) << message(r);
  EXPECT_NE(message(r).find("profile list"), std::string::npos) << message(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(600)); // the card comes back
  expectNothingLeft(kDemoIccid);
  expectStateValid();
  EsimctlResult again = download(kDemoMatchingId);
  EXPECT_EQ(again.command.exitCode, 0) << again.describe() << bench_.emulator().log();
  EXPECT_TRUE(installed(kDemoIccid));
}

class DownloadFailurePowerLoss : public DownloadFailure,
                                 public ::testing::WithParamInterface<const char *> {};

TEST_P(DownloadFailurePowerLoss, LeavesNoProfileAndASecondDownloadWorks) {
  start({"--fault", std::string("tear=LoadBoundProfilePackage#") + GetParam() + ":300"});
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_NE(message(r).find("LoadBoundProfilePackage"), std::string::npos) << message(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  expectNothingLeft(kDemoIccid);
  expectStateValid();
  EsimctlResult again = download(kDemoMatchingId);
  EXPECT_EQ(again.command.exitCode, 0) << again.describe() << bench_.emulator().log();
  EXPECT_TRUE(installed(kDemoIccid));
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1);
}

INSTANTIATE_TEST_SUITE_P(Points, DownloadFailurePowerLoss,
                         ::testing::Values("1:after", "5:after", "9:before"), [](const auto &p) {
                           std::string name = p.param;
                           std::replace(name.begin(), name.end(), ':', '_');
                           return "Command" + name;
                         });

TEST_F(DownloadFailure, PowerLostAfterTheLastCommandLeavesTheWholeProfileAndItsNotification) {
  // The last part committed: the whole profile is there, only the answer
  // is lost. Its install notification waits on the card and is not lost.
  start(
      {"--fault", "tear=LoadBoundProfilePackage#" + std::to_string(kDemoBppParts) + ":after:300"});
  EsimctlResult r = download(kDemoMatchingId);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  // The hint says how to find out, rather than "repeat it".
  EXPECT_NE(message(r).find("notification process --all"), std::string::npos) << message(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  expectStateValid();
  EXPECT_TRUE(installed(kDemoIccid));
  json left = pending();
  ASSERT_EQ(left.size(), 1u) << left.dump();
  EXPECT_EQ(left[0]["profileManagementOperation"], "install");
  EsimctlResult later = esimctl({"--json", "notification", "process", "--all"});
  EXPECT_EQ(later.command.exitCode, 0) << later.describe();
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1) << bench_.smdpp().stderrText();
  EXPECT_TRUE(pending().empty());
}

// ---- The user says no ----

TEST_F(DownloadFailure, DecliningOnATerminalCancelsBothSides) {
  start();
  std::vector<std::string> argv =
      bench_.esimctlArgv({"profile", "download", bench_.activationCode()});
  PtyResult r = runOnPty(argv, "[y/N]", "n\n", std::chrono::seconds(20));
  EXPECT_EQ(r.exitCode, 3) << r.output;
  EXPECT_NE(r.output.find(kDemoIccid), std::string::npos) << r.output;
  expectCancelledBothSides(kEndUserRejection);
  expectNothingLeft(kDemoIccid);
}

} // namespace
} // namespace esim::test
