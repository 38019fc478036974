// esimctl through pcscd + vpcd against a card that misbehaves on purpose
// (euicc-emu --fault): a wrong status word, a truncated answer, the card
// pulled out mid-command, power lost during DeleteProfile or
// RemoveNotificationFromList, a slow card. Each time esimctl must fail with
// the specific error, a non-zero exit code, its logical channel closed, the
// card's state whole (all of a change or none) and no notification lost.
//
// The APDU numbers the faults aim at follow esimctl's framing of `profile
// list` (MANAGE CHANNEL open, SELECT with Le, STORE DATA GetProfilesInfo,
// GET RESPONSEs, MANAGE CHANNEL close); each test checks in
// the emulator's log that its fault hit the command it meant, so a change of
// framing fails here loudly instead of testing something else.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "euicc_emu/state.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kTravelIccid = "8981100000000000002";
// APDU numbers in a fresh card's first `esimctl profile list`.
constexpr int kListStoreData = 3;
constexpr int kListGetResponse = 4;
constexpr auto kCardBack = std::chrono::seconds(5);

class FaultsThroughPcscd : public ::testing::Test {
protected:
  // startWith brings up pcscd and a card with |faults| (and the SM-DP+ if
  // |withServer|).
  void startWith(std::vector<std::string> faults, bool withServer = false) {
    std::vector<std::string> args = {"--trace"};
    for (const std::string &f : faults) {
      args.push_back("--fault");
      args.push_back(f);
    }
    bench_.start({}, withServer, kTravelHost, args);
  }

  std::string emuLog() { return bench_.emulator().log(); }

  // faultThenClose checks that the emulator logged |fault| and, after it,
  // the LPA's own MANAGE CHANNEL close of channel 1 (not a reset).
  void expectFaultThenOwnClose(const std::string &fault) {
    const std::string log = emuLog();
    const std::size_t at = log.find(fault);
    ASSERT_NE(at, std::string::npos) << "no '" << fault << "' in\n" << log;
    EXPECT_NE(log.find("channel 1 closed at APDU #", at), std::string::npos)
        << "esimctl left channel 1 open after the fault:\n"
        << log;
  }

  // waitForReinsertion waits until the card connected to vpcd a second time
  // (it was removed by a fault) and pcscd sees it.
  void waitForReinsertion() {
    const auto deadline = std::chrono::steady_clock::now() + kCardBack;
    const std::regex connected("connected to vpcd at");
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string log = emuLog();
      auto n = std::distance(std::sregex_iterator(log.begin(), log.end(), connected),
                             std::sregex_iterator());
      if (n >= 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(bench_.pcscd().waitForCard(bench_.pcscd().readerName(), deadline)) << emuLog();
  }

  euicc_emu::EmulatorState savedState() { return euicc_emu::loadState(bench_.statePath()); }

  bool hasProfile(const euicc_emu::EmulatorState &s, const std::string &iccid) {
    for (const auto &p : s.profiles)
      if (p.iccid == iccid) return true;
    return false;
  }

  // expectError checks the --json error of a failed run.
  void expectError(const EsimctlResult &r, const std::string &code, const std::string &named) {
    EXPECT_NE(r.command.exitCode, 0) << r.describe();
    EXPECT_FALSE(r.command.timedOut) << r.describe();
    ASSERT_TRUE(r.json.is_object()) << r.describe();
    EXPECT_EQ(r.json["ok"], false) << r.describe();
    EXPECT_EQ(r.json["error"]["code"], code) << r.describe();
    const std::string message = r.json["error"].value("message", "");
    EXPECT_NE(message.find(named), std::string::npos) << r.describe();
    EXPECT_FALSE(r.json["error"].value("hint", "").empty()) << r.describe();
  }

  // disableTravel disables the travel profile without reporting, so it can
  // be deleted in one step.
  void disableTravel() {
    EsimctlResult r = bench_.esimctl({"--json", "profile", "disable", kTravelIccid, "--no-report"});
    ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  }

  SmdppBench bench_;
};

TEST_F(FaultsThroughPcscd, StatusWordOnStoreDataFailsNamingItAndClosesTheChannel) {
  startWith({"sw=6F00@" + std::to_string(kListStoreData)});
  const auto before = savedState();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "list"});
  expectError(r, "status-word", "GetProfilesInfo: STORE DATA block 1/1 on channel 1");
  EXPECT_NE(r.json["error"].value("message", "").find("6F00"), std::string::npos) << r.describe();
  expectFaultThenOwnClose("fault: status word 6F00 instead of processing 81E29100 at APDU #" +
                          std::to_string(kListStoreData));
  EXPECT_EQ(savedState(), before);
  // Fired once: the card works again.
  EXPECT_EQ(bench_.esimctl({"profile", "list"}).command.exitCode, 0);
}

TEST_F(FaultsThroughPcscd, TruncatedAnswerIsMalformedAndClosesTheChannel) {
  startWith({"truncate@" + std::to_string(kListGetResponse)});
  const auto before = savedState();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "list"});
  expectError(r, "malformed-response", "GetProfilesInfo");
  expectFaultThenOwnClose("fault: answer to 01C00000 truncated");
  EXPECT_EQ(savedState(), before);
}

TEST_F(FaultsThroughPcscd, CardRemovedMidCommandFailsClearlyAndComesBackWhole) {
  startWith({"remove@" + std::to_string(kListStoreData)});
  const auto before = savedState();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "list"});
  expectError(r, "card-removed", "GetProfilesInfo: STORE DATA");
  const std::string log = emuLog();
  EXPECT_NE(log.find("fault: card removed before answering 81E29100 at APDU #" +
                     std::to_string(kListStoreData)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("channel 1 closed by power off"), std::string::npos) << log;
  waitForReinsertion();
  EXPECT_EQ(savedState(), before);
  EsimctlResult again = bench_.esimctl({"--json", "profile", "list"});
  ASSERT_EQ(again.command.exitCode, 0) << again.describe();
  EXPECT_EQ(again.json["data"].size(), before.profiles.size());
}

TEST_F(FaultsThroughPcscd, TearBeforeDeleteStoresNothing) {
  startWith({"tear=DeleteProfile:before"}, true);
  disableTravel();
  const auto before = savedState();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  expectError(r, "card-removed", "DeleteProfile: STORE DATA");
  EXPECT_NE(emuLog().find("fault: power lost before DeleteProfile ran"), std::string::npos);
  waitForReinsertion();
  EXPECT_EQ(savedState(), before); // the profile and its notifications as they were
  EXPECT_TRUE(bench_.pendingDeletes().empty());
  // The user runs it again; this time it goes through and is reported.
  EsimctlResult retry = bench_.esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  ASSERT_EQ(retry.command.exitCode, 0) << retry.describe();
  EXPECT_FALSE(hasProfile(savedState(), kTravelIccid));
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 1);
}

TEST_F(FaultsThroughPcscd, TearAfterDeleteKeepsTheNotificationForTheNextRun) {
  startWith({"tear=DeleteProfile:after"}, true);
  disableTravel();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  expectError(r, "card-removed", "DeleteProfile: STORE DATA");
  EXPECT_NE(emuLog().find("fault: power lost after DeleteProfile committed"), std::string::npos);
  waitForReinsertion();
  // The card committed the deletion with its notification before the power went.
  EXPECT_FALSE(hasProfile(savedState(), kTravelIccid));
  auto pending = bench_.pendingDeletes();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["iccid"], kTravelIccid);
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 0);
  EsimctlResult process = bench_.esimctl({"--json", "notification", "process", "--all"});
  ASSERT_EQ(process.command.exitCode, 0) << process.describe();
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 1);
  EXPECT_TRUE(bench_.pendingDeletes().empty());
}

TEST_F(FaultsThroughPcscd, TearInRemoveNotificationKeepsItToBeSentAgain) {
  startWith({"tear=RemoveNotificationFromList:before"}, true);
  disableTravel(); // its disable notification stays; only the deletion is reported
  EsimctlResult r = bench_.esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  expectError(r, "card-removed", "RemoveNotificationFromList");
  EXPECT_NE(emuLog().find("fault: power lost before RemoveNotificationFromList ran"),
            std::string::npos);
  // The SM-DP+ has it, but the card was never told: it must still hold it.
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 1);
  waitForReinsertion();
  EXPECT_FALSE(hasProfile(savedState(), kTravelIccid));
  ASSERT_EQ(bench_.pendingDeletes().size(), 1u);
  // The next run delivers it again (the SM-DP+ sees it twice, which SGP.22
  // allows) and only then removes it.
  EsimctlResult process = bench_.esimctl({"--json", "notification", "process", "--all"});
  ASSERT_EQ(process.command.exitCode, 0) << process.describe();
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 2);
  EXPECT_TRUE(bench_.pendingDeletes().empty());
}

TEST_F(FaultsThroughPcscd, SlowCardStillWorks) {
  constexpr int kLatencyMs = 50;
  startWith({"latency=" + std::to_string(kLatencyMs)});
  const auto start = std::chrono::steady_clock::now();
  EsimctlResult r = bench_.esimctl({"--json", "profile", "list"});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  EXPECT_FALSE(r.json["data"].empty());
  // Every APDU waited: open, select, STORE DATA, GET RESPONSE, close at least.
  EXPECT_GE(elapsed, std::chrono::milliseconds(kLatencyMs * (kListGetResponse + 1)));
  EXPECT_NE(emuLog().find("channel 1 closed at APDU #"), std::string::npos);
}

TEST_F(FaultsThroughPcscd, BadFaultSpecIsAUsageError) {
  TempDir dir;
  std::string state = dir.file("state.json");
  writeDemoState(state);
  CommandResult r =
      runCommand({EUICC_EMU_PATH, "--state", state, "--vpcd", "127.0.0.1:1", "--fault", "sw=6F00"},
                 {}, std::chrono::seconds(10));
  EXPECT_EQ(r.exitCode, 2) << r.stderrText;
  EXPECT_NE(r.stderrText.find("fault spec 'sw=6F00'"), std::string::npos) << r.stderrText;
}

} // namespace
} // namespace esim::test
