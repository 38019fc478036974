// `esimctl profile download` through the real stack: esimctl -> pcscd ->
// vpcd -> euicc-emu (the card checks the SM-DP+ and unwraps the BPP), and
// smdpp-emu over TLS on 127.0.0.1 (it checks the eUICC and binds the BPP):
// three independent sides of SGP.22 meeting. The happy path, smaller STORE
// DATA blocks, the preview, refusals, and power lost in the middle of the
// load.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

// The built-in demo order of smdpp-emu (tools/smdpp-emu/catalog.cpp).
constexpr const char *kDemoCode = "LPA:1$smdp.travel.example$TRAVEL-DEMO-0001";
constexpr const char *kDemoIccid = "8944476500000000013";

class DownloadFlow : public ::testing::Test {
protected:
  // The bench's SM-DP+ serves download with its built-in demo order.
  void start(std::vector<std::string> emulatorArgs = {}, std::vector<std::string> smdpArgs = {}) {
    bench_.start(std::move(smdpArgs), true, kTravelHost, std::move(emulatorArgs));
    ASSERT_EQ(bench_.activationCode(), kDemoCode);
  }
  EsimctlResult esimctl(std::vector<std::string> args) { return bench_.esimctl(std::move(args)); }
  std::string receipts() { return bench_.dir().file("receipts"); }

  json profile(const std::string &iccid) {
    EsimctlResult r = esimctl({"--json", "profile", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    for (const auto &p : r.json["data"]) {
      if (p["iccid"] == iccid) return p;
    }
    return nullptr;
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
  bool serverLogged(const std::string &kind) {
    return bench_.smdpp().stderrText().find("\"kind\":\"" + kind + "\"") != std::string::npos;
  }

  SmdppBench bench_;
};

TEST_F(DownloadFlow, InstallsTheDemoProfileAndReportsItsInstallNotification) {
  start();
  EsimctlResult r =
      esimctl({"--json", "profile", "download", kDemoCode, "--yes", "--receipt-dir", receipts()});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(r.json["data"]["iccid"], kDemoIccid);
  EXPECT_EQ(r.json["data"]["profileMetadata"]["serviceProviderName"], "esimctl Travel");
  EXPECT_EQ(r.json["data"]["notification"]["delivered"], true) << r.describe();
  EXPECT_EQ(r.json["data"]["notification"]["removedFromEuicc"], true) << r.describe();
  // The card has it, disabled, with the metadata the SM-DP+ offered...
  json p = profile(kDemoIccid);
  ASSERT_FALSE(p.is_null());
  EXPECT_EQ(p["profileState"], "disabled");
  EXPECT_EQ(p["profileName"], r.json["data"]["profileMetadata"]["profileName"]);
  EXPECT_EQ(p["isdpAid"], r.json["data"]["isdpAid"]);
  // ...the SM-DP+ verified the signed install notification, and it left the eUICC.
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1) << bench_.smdpp().stderrText();
  EXPECT_TRUE(pending().empty());
  // The receipt says what was offered, installed and reported.
  bool found = false;
  for (const auto &e : std::filesystem::directory_iterator(receipts())) {
    json j = json::parse(readText(e.path()));
    if (j.value("kind", "") != "install") continue;
    found = true;
    EXPECT_EQ(j["iccid"], kDemoIccid);
    EXPECT_EQ(j["installed"], true);
    EXPECT_EQ(j["reported"], true);
    EXPECT_EQ(j["load"]["status"], "ok");
  }
  EXPECT_TRUE(found);
  EsimctlResult rec = runEsimctl({"--json", "receipts", "--receipt-dir", receipts()});
  ASSERT_EQ(rec.json["data"]["downloads"].size(), 1u) << rec.describe();
  EXPECT_EQ(rec.json["data"]["downloads"][0]["installed"], true) << rec.describe();
  EXPECT_EQ(rec.json["data"]["downloads"][0]["reported"], true) << rec.describe();
  EXPECT_TRUE(rec.json["data"]["skipped"].empty()) << rec.describe();
  // And the traveller's removal of it reaches the same SM-DP+.
  EsimctlResult rm =
      esimctl({"--json", "remove", kDemoIccid, "--yes", "--receipt-dir", receipts()});
  EXPECT_EQ(rm.command.exitCode, 0) << rm.describe();
  EXPECT_TRUE(profile(kDemoIccid).is_null());
}

TEST_F(DownloadFlow, WorksWithSmallStoreDataBlocksAndFromStandardInput) {
  start();
  // The activation code on standard input, as `-` says.
  std::vector<std::string> argv = bench_.esimctlArgv(
      {"--mss", "120", "--json", "profile", "download", "-", "--yes", "--receipt-dir", receipts()});
  argv.erase(argv.begin());
  EsimctlResult r = runEsimctl(argv, std::string(kDemoCode) + "\n");
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_FALSE(profile(kDemoIccid).is_null());
  EXPECT_EQ(acceptedInstalls(kDemoIccid), 1);
}

TEST_F(DownloadFlow, PreviewShowsTheOfferAndCancelsBothSides) {
  start();
  EsimctlResult r = esimctl({"profile", "download", kDemoCode, "--preview"});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe();
  EXPECT_NE(r.command.stdoutText.find(kDemoIccid), std::string::npos) << r.describe();
  EXPECT_NE(r.command.stdoutText.find("nothing was installed"), std::string::npos) << r.describe();
  EXPECT_TRUE(profile(kDemoIccid).is_null());
  EXPECT_TRUE(serverLogged("cancelSession")) << bench_.smdpp().stderrText();
  // The order is still there for the real download.
  EsimctlResult again =
      esimctl({"--json", "profile", "download", kDemoCode, "--yes", "--receipt-dir", receipts()});
  EXPECT_EQ(again.command.exitCode, 0) << again.describe() << bench_.smdpp().stderrText();
}

TEST_F(DownloadFlow, NoTerminalAndNoYesDeclinesAndCancels) {
  start();
  EsimctlResult r = esimctl({"--json", "profile", "download", kDemoCode});
  EXPECT_EQ(r.command.exitCode, 3) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "confirmation-required") << r.describe();
  EXPECT_TRUE(profile(kDemoIccid).is_null());
  EXPECT_TRUE(serverLogged("cancelSession")) << bench_.smdpp().stderrText();
}

TEST_F(DownloadFlow, AnUnknownMatchingIdIsTheSmdpsRefusal) {
  start();
  EsimctlResult r = esimctl(
      {"--json", "profile", "download", "LPA:1$smdp.travel.example$NO-SUCH-ORDER", "--yes"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "server-error") << r.describe();
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("8.2.6"), std::string::npos)
      << r.describe();
  EXPECT_TRUE(profile(kDemoIccid).is_null());
  EXPECT_TRUE(pending().empty());
}

TEST_F(DownloadFlow, ABadActivationCodeIsAUsageErrorBeforeTheCard) {
  start();
  for (const char *code : {"LPA:1", "LPA:2$smdp.travel.example$X", "LPA:1$not a host$X",
                           "LPA:1$smdp.travel.example$bad id!"}) {
    EsimctlResult r = esimctl({"--trace", "profile", "download", code, "--yes"});
    EXPECT_EQ(r.command.exitCode, 2) << code << "\n" << r.describe();
    EXPECT_EQ(r.command.stderrText.find(">> "), std::string::npos) << code << ": an APDU was sent";
  }
}

TEST_F(DownloadFlow, PowerLostDuringTheLoadLeavesNoProfile) {
  // The third command of the load (the StoreMetadata segments' header).
  start({"--fault", "tear=LoadBoundProfilePackage#3:before:300"});
  EsimctlResult r =
      esimctl({"--json", "profile", "download", kDemoCode, "--yes", "--receipt-dir", receipts()});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  std::this_thread::sleep_for(std::chrono::milliseconds(800)); // the card comes back
  EXPECT_TRUE(profile(kDemoIccid).is_null());
  EXPECT_TRUE(pending().empty());
  // The receipt written before the load says it did not finish.
  int installs = 0;
  for (const auto &e : std::filesystem::directory_iterator(receipts())) {
    json j = json::parse(readText(e.path()));
    if (j.value("kind", "") != "install") continue;
    ++installs;
    EXPECT_EQ(j["installed"], false);
    EXPECT_EQ(j["load"]["status"], "sent");
  }
  EXPECT_EQ(installs, 1);
}

} // namespace
} // namespace esim::test
