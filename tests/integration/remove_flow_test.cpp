// The traveller's flow end to end: `esimctl remove` through pcscd + vpcd +
// euicc-emu, reporting to the test SM-DP+ over real TLS on 127.0.0.1, and
// every way the report can fail leaving the notification on the eUICC.
#include <gtest/gtest.h>

#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kTravelIccid = "8981100000000000002";

class RemoveFlow : public ::testing::Test {
protected:
  void start(std::vector<std::string> smdppArgs = {}, bool withServer = true,
             const std::string &cardHost = kTravelHost) {
    bench_.start(std::move(smdppArgs), withServer, cardHost);
  }
  EsimctlResult esimctl(std::vector<std::string> args, bool trustTestCi = true) {
    return bench_.esimctl(std::move(args), trustTestCi);
  }
  std::vector<json> pendingDeletes() { return bench_.pendingDeletes(); }

  SmdppBench bench_;
};

TEST_F(RemoveFlow, RemoveTravelProfileReportsItAndKeepsAReceipt) {
  start();
  std::string receipts = bench_.dir().file("receipts");
  EsimctlResult r = esimctl({"remove", "トラベルSIM", "--yes", "--receipt-dir", receipts});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  const std::string &out = r.command.stdoutText;
  EXPECT_NE(out.find("disable: ok"), std::string::npos) << out;
  EXPECT_NE(out.find("delete: ok"), std::string::npos) << out;
  EXPECT_NE(out.find("accepted (HTTP 204)"), std::string::npos) << out;
  EXPECT_NE(out.find("receipt: " + receipts), std::string::npos) << out;

  // The SM-DP+ received the deletion notification with a valid signature...
  bool seen = false;
  for (const json &line : bench_.smdpp().accepted()) {
    if (line.value("profileManagementOperation", "") == "delete") {
      EXPECT_EQ(line["iccid"], kTravelIccid);
      EXPECT_EQ(line["signatureValid"], true);
      seen = true;
    }
  }
  EXPECT_TRUE(seen) << "SM-DP+ log has no delete notification";
  // ...and the eUICC no longer holds it, nor the profile.
  EXPECT_TRUE(pendingDeletes().empty());
  EsimctlResult list = esimctl({"--json", "profile", "list"});
  for (const auto &p : list.json["data"])
    EXPECT_NE(p["iccid"], kTravelIccid);

  EsimctlResult rec = runEsimctl({"--json", "receipts", "--receipt-dir", receipts});
  ASSERT_EQ(rec.command.exitCode, 0) << rec.describe();
  ASSERT_EQ(rec.json["data"]["receipts"].size(), 1u) << rec.describe();
  const json &receipt = rec.json["data"]["receipts"][0];
  EXPECT_EQ(receipt["iccid"], kTravelIccid);
  EXPECT_EQ(receipt["eid"], "89049032123451234512345678901235");
  EXPECT_EQ(receipt["reported"], true);
  EXPECT_EQ(receipt["serverAnswer"]["httpStatus"], 204);
  EXPECT_TRUE(receipt["seqNumber"].is_number_integer());
  EXPECT_EQ(receipt["serviceProviderName"], "トラベルSIM");
}

TEST_F(RemoveFlow, DeleteReportsRightAwayAndProcessSendsLeftovers) {
  start();
  EsimctlResult disable = esimctl({"--json", "profile", "disable", kTravelIccid, "--no-report"});
  ASSERT_EQ(disable.command.exitCode, 0) << disable.describe();
  EsimctlResult del = esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  ASSERT_EQ(del.command.exitCode, 0) << del.describe();
  EXPECT_EQ(del.json["data"]["reports"][0]["delivered"], true) << del.describe();
  EXPECT_TRUE(pendingDeletes().empty());
  // The disable notification was kept (--no-report); process sends it now.
  EsimctlResult process = esimctl({"--json", "notification", "process", "--all"});
  ASSERT_EQ(process.command.exitCode, 0) << process.describe();
  EsimctlResult left = esimctl({"--json", "notification", "list"});
  EXPECT_TRUE(left.json["data"].empty()) << left.describe();
}

struct FailureCase {
  const char *name;
  std::vector<std::string> smdppArgs;
  bool withServer;
  bool trustTestCi;
  const char *cardHost;
  const char *errorCode;
};

class RemoveFlowFailure : public RemoveFlow, public ::testing::WithParamInterface<FailureCase> {};

TEST_P(RemoveFlowFailure, ProfileIsDeletedButTheNotificationStaysOnTheEuicc) {
  const FailureCase &c = GetParam();
  start(c.smdppArgs, c.withServer, c.cardHost);
  std::string receipts = bench_.dir().file("receipts");
  EsimctlResult r = esimctl({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", receipts},
                            c.trustTestCi);
  EXPECT_EQ(r.command.exitCode, 4) << r.describe();
  EXPECT_EQ(r.json["data"]["deleteResult"], "ok") << r.describe();
  EXPECT_EQ(r.json["data"]["reported"], false);
  bool sawError = false;
  for (const auto &rep : r.json["data"]["reports"]) {
    if (rep["profileManagementOperation"] != "delete") continue;
    EXPECT_EQ(rep["delivered"], false);
    EXPECT_EQ(rep["error"]["code"], c.errorCode) << r.describe();
    sawError = true;
  }
  EXPECT_TRUE(sawError) << r.describe();
  // Nothing lost: the deletion notification is still on the eUICC...
  auto pending = pendingDeletes();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["iccid"], kTravelIccid);
  // ...and the receipt says it was not reported, and why.
  EsimctlResult rec = runEsimctl({"--json", "receipts", "--receipt-dir", receipts});
  ASSERT_EQ(rec.json["data"]["receipts"].size(), 1u) << rec.describe();
  EXPECT_EQ(rec.json["data"]["receipts"][0]["reported"], false);
  EXPECT_FALSE(rec.json["data"]["receipts"][0]["error"].get<std::string>().empty());
  // A later `notification process` without a working server fails the same
  // way and still keeps it.
  EsimctlResult again = esimctl({"notification", "process", "--all"}, c.trustTestCi);
  EXPECT_EQ(again.command.exitCode, 4) << again.describe();
  EXPECT_EQ(pendingDeletes().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RemoveFlowFailure,
    ::testing::Values(
        FailureCase{"ServerDown", {}, false, true, kTravelHost, "network"},
        FailureCase{"Http500", {"--fail-status", "500"}, true, true, kTravelHost, "server-error"},
        FailureCase{"FailedStatus", {"--fail-function"}, true, true, kTravelHost, "server-error"},
        FailureCase{"WrongCa", {}, true, false, kTravelHost, "tls"},
        FailureCase{"HostnameMismatch", {}, true, true, "smdp.wrong.example", "tls"},
        FailureCase{"Timeout", {"--delay-ms", "3000"}, true, true, kTravelHost, "network"},
        FailureCase{"DroppedConnection", {"--drop"}, true, true, kTravelHost, "network"}),
    [](const auto &param) { return std::string(param.param.name); });

TEST_F(RemoveFlow, NotificationProcessAfterAnOutageDelivers) {
  start({"--fail-first", "3"});
  EsimctlResult first =
      esimctl({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", bench_.dir().file("r")});
  // The retries inside one run may or may not outlast --fail-first 3; either
  // way nothing may be lost and a second run must finish the job.
  ASSERT_TRUE(first.command.exitCode == 0 || first.command.exitCode == 4) << first.describe();
  EsimctlResult process = esimctl({"--json", "notification", "process", "--all"});
  EXPECT_EQ(process.command.exitCode, 0) << process.describe();
  EXPECT_TRUE(pendingDeletes().empty());
  bool seen = false;
  for (const json &line : bench_.smdpp().accepted()) {
    if (line.value("profileManagementOperation", "") == "delete") seen = true;
  }
  EXPECT_TRUE(seen);
}

} // namespace
} // namespace esim::test
