// Profile lifecycle through pcscd + vpcd + euicc-emu, as a user runs it:
// disable and delete the travel profile, find its signed deletion
// notification, switch another profile on and off, and meet the refusals
// (policy rules, no confirmation).
#include <gtest/gtest.h>

#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/pcsc_transport.hpp"
#include "euicc_emu/state.hpp"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"
#include "support/pty_run.hpp"
#include "support/signature_check.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kTravelIccid = "8981100000000000002";
constexpr const char *kHomeIccid = "89490000000000000007";

class LifecycleThroughPcscd : public ::testing::Test {
protected:
  void startCard() { reader_.startCard(); }
  void stopCard() { reader_.stopCard(); }
  EsimctlResult esimctl(std::vector<std::string> args, const std::string &input = {}) {
    return reader_.esimctl(std::move(args), input);
  }
  json profileNamed(const std::string &iccid) {
    EsimctlResult r = esimctl({"--json", "profile", "list"});
    for (const auto &p : r.json["data"]) {
      if (p["iccid"] == iccid) return p;
    }
    return nullptr;
  }
  std::vector<PendingNotification> retrieveAll() {
    auto transport = PcscTransport::open(ReaderSelector{reader_.readerName(), std::nullopt});
    IsdrSession session(*transport);
    Euicc euicc(session);
    return euicc.retrieveNotificationsList();
  }

  TempDir dir_;
  EmulatedReader reader_{dir_};
};

TEST_F(LifecycleThroughPcscd, DisableThenDeleteTravelProfileLeavesSignedDeleteNotification) {
  EsimctlResult disable = esimctl({"--json", "profile", "disable", kTravelIccid, "--no-report"});
  ASSERT_EQ(disable.command.exitCode, 0) << disable.describe();
  EXPECT_EQ(disable.json["data"]["disableResult"], "ok");
  EXPECT_EQ(profileNamed(kTravelIccid)["profileState"], "disabled");

  EsimctlResult del =
      esimctl({"--json", "profile", "delete", "Tokyo trip", "--yes", "--no-report"});
  ASSERT_EQ(del.command.exitCode, 0) << del.describe();
  EXPECT_EQ(del.json["data"]["deleteResult"], "ok");
  EXPECT_TRUE(profileNamed(kTravelIccid).is_null());

  EsimctlResult list = esimctl({"--json", "notification", "list"});
  ASSERT_EQ(list.command.exitCode, 0) << list.describe();
  std::optional<std::int64_t> deleteSeq;
  for (const auto &n : list.json["data"]) {
    if (n["profileManagementOperation"] == "delete" && n["iccid"] == kTravelIccid) {
      EXPECT_EQ(n["notificationAddress"], "smdp.travel.example");
      deleteSeq = n["seqNumber"].get<std::int64_t>();
    }
  }
  ASSERT_TRUE(deleteSeq) << list.describe();

  bool verified = false;
  for (const PendingNotification &n : retrieveAll()) {
    if (n.metadata.seqNumber != *deleteSeq) continue;
    EXPECT_EQ(n.kind, PendingNotificationKind::otherSignedNotification);
    EXPECT_EQ(verifyNotification(n, dir_.file("pki/ci.pem")), "");
    verified = true;
  }
  EXPECT_TRUE(verified) << "RetrieveNotificationsList did not return #" << *deleteSeq;
}

TEST_F(LifecycleThroughPcscd, DeleteOfEnabledProfileNeedsDisableFirst) {
  EsimctlResult refused = esimctl({"--json", "profile", "delete", kTravelIccid, "--yes"});
  EXPECT_NE(refused.command.exitCode, 0);
  EXPECT_EQ(refused.json["error"]["code"], "not-allowed") << refused.describe();
  EXPECT_NE(refused.json["error"]["hint"].get<std::string>().find("--disable-first"),
            std::string::npos);
  EXPECT_FALSE(profileNamed(kTravelIccid).is_null());

  EsimctlResult del = esimctl(
      {"--json", "profile", "delete", kTravelIccid, "--yes", "--disable-first", "--no-report"});
  ASSERT_EQ(del.command.exitCode, 0) << del.describe();
  EXPECT_EQ(del.json["data"]["disableResult"], "ok");
  EXPECT_EQ(del.json["data"]["deleteResult"], "ok");
}

TEST_F(LifecycleThroughPcscd, EnableAnotherProfileSwitchesAndDisableWorks) {
  EsimctlResult enable = esimctl({"--json", "profile", "enable", kHomeIccid, "--no-report"});
  ASSERT_EQ(enable.command.exitCode, 0) << enable.describe();
  EXPECT_EQ(profileNamed(kHomeIccid)["profileState"], "enabled");
  // At most one profile is enabled: the eUICC disabled the travel profile.
  EXPECT_EQ(profileNamed(kTravelIccid)["profileState"], "disabled");

  EsimctlResult disable = esimctl({"--json", "profile", "disable", kHomeIccid, "--no-report"});
  ASSERT_EQ(disable.command.exitCode, 0) << disable.describe();
  EXPECT_EQ(profileNamed(kHomeIccid)["profileState"], "disabled");

  EsimctlResult again = esimctl({"--json", "profile", "disable", kHomeIccid});
  EXPECT_NE(again.command.exitCode, 0);
  EXPECT_EQ(again.json["error"]["code"], "card-refused") << again.describe();
  EXPECT_NE(again.json["error"]["message"].get<std::string>().find("profileNotInEnabledState"),
            std::string::npos);
}

TEST_F(LifecycleThroughPcscd, PolicyProtectedProfilesAreRefusedClearly) {
  stopCard();
  euicc_emu::EmulatorState s = euicc_emu::loadState(reader_.statePath());
  for (auto &p : s.profiles)
    p.profilePolicyRules = PprIds{false, true, true};
  euicc_emu::saveState(s, reader_.statePath());
  startCard();

  EsimctlResult disable = esimctl({"--json", "profile", "disable", kTravelIccid});
  EXPECT_NE(disable.command.exitCode, 0);
  EXPECT_EQ(disable.json["error"]["code"], "card-refused") << disable.describe();
  EXPECT_NE(disable.json["error"]["message"].get<std::string>().find("disallowedByPolicy"),
            std::string::npos);

  EsimctlResult del = esimctl({"--json", "profile", "delete", kHomeIccid, "--yes"});
  EXPECT_NE(del.command.exitCode, 0);
  EXPECT_EQ(del.json["error"]["code"], "not-allowed") << del.describe();
  EXPECT_NE(del.json["error"]["message"].get<std::string>().find("PPR2"), std::string::npos);
  EXPECT_EQ(profileNamed(kTravelIccid)["profileState"], "enabled");
}

TEST_F(LifecycleThroughPcscd, DeleteWithoutTerminalOrYesChangesNothing) {
  esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  EsimctlResult r = esimctl({"profile", "delete", kTravelIccid});
  EXPECT_EQ(r.command.exitCode, 3) << r.describe();
  EXPECT_NE(r.command.stderrText.find("--yes"), std::string::npos) << r.describe();
  EXPECT_FALSE(profileNamed(kTravelIccid).is_null());
  EsimctlResult dry = esimctl({"--json", "profile", "delete", kTravelIccid, "--dry-run"});
  ASSERT_EQ(dry.command.exitCode, 0) << dry.describe();
  EXPECT_FALSE(profileNamed(kTravelIccid).is_null());
}

TEST_F(LifecycleThroughPcscd, DeleteOnTerminalShowsTheProfileAndAsks) {
  esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  std::vector<std::string> argv = {ESIMCTL_PATH, "--reader",   reader_.readerName(), "profile",
                                   "delete",     kTravelIccid, "--no-report"};
  PtyResult declined = runOnPty(argv, "[y/N]", "n\n", std::chrono::seconds(20));
  EXPECT_EQ(declined.exitCode, 3) << declined.output;
  EXPECT_NE(declined.output.find("Japan Travel 7 days"), std::string::npos) << declined.output;
  EXPECT_NE(declined.output.find("cannot be undone"), std::string::npos) << declined.output;
  EXPECT_FALSE(profileNamed(kTravelIccid).is_null());

  PtyResult accepted = runOnPty(argv, "[y/N]", "y\n", std::chrono::seconds(20));
  EXPECT_EQ(accepted.exitCode, 0) << accepted.output;
  EXPECT_NE(accepted.output.find("Deleted"), std::string::npos) << accepted.output;
  EXPECT_TRUE(profileNamed(kTravelIccid).is_null());
}

TEST_F(LifecycleThroughPcscd, RemovingAnUndeliveredNotificationWarnsAndAsks) {
  esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  esimctl({"profile", "delete", kTravelIccid, "--yes", "--no-report"});
  EsimctlResult list = esimctl({"--json", "notification", "list", "--event", "delete"});
  ASSERT_EQ(list.json["data"].size(), 1u) << list.describe();
  std::string seq = std::to_string(list.json["data"][0]["seqNumber"].get<std::int64_t>());

  EsimctlResult refused = esimctl({"notification", "remove", seq});
  EXPECT_EQ(refused.command.exitCode, 3) << refused.describe();
  EXPECT_NE(refused.command.stderrText.find("never learn"), std::string::npos)
      << refused.describe();
  EXPECT_NE(refused.command.stderrText.find("refuse to release"), std::string::npos);

  EsimctlResult forced = esimctl({"--json", "notification", "remove", seq, "--force"});
  ASSERT_EQ(forced.command.exitCode, 0) << forced.describe();
  EsimctlResult after = esimctl({"--json", "notification", "list", "--event", "delete"});
  EXPECT_TRUE(after.json["data"].empty()) << after.describe();
}

TEST_F(LifecycleThroughPcscd, SeqNumbersKeepGrowingAcrossEmulatorRestarts) {
  esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  EsimctlResult first = esimctl({"--json", "notification", "list"});
  ASSERT_FALSE(first.json["data"].empty()) << first.describe();
  std::int64_t highest = 0;
  for (const auto &n : first.json["data"])
    highest = std::max(highest, n["seqNumber"].get<std::int64_t>());
  // Drop every notification, restart the card: numbers must not be reused.
  for (const auto &n : first.json["data"]) {
    esimctl(
        {"notification", "remove", std::to_string(n["seqNumber"].get<std::int64_t>()), "--force"});
  }
  stopCard();
  startCard();
  esimctl({"profile", "enable", kTravelIccid, "--no-report"});
  EsimctlResult second = esimctl({"--json", "notification", "list"});
  ASSERT_FALSE(second.json["data"].empty()) << second.describe();
  for (const auto &n : second.json["data"])
    EXPECT_GT(n["seqNumber"].get<std::int64_t>(), highest);
}

} // namespace
} // namespace esim::test
