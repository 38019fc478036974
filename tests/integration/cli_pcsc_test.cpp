// esimctl as a user runs it, through a real pcscd with the vpcd reader and the
// euicc-emu program as the card.
#include <gtest/gtest.h>

#include "esim/base64.hpp"
#include "euicc_emu/state.hpp"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

class CliThroughPcscd : public ::testing::Test {
protected:
  EsimctlResult esimctl(std::vector<std::string> args) { return reader_.esimctl(std::move(args)); }

  TempDir dir_;
  EmulatedReader reader_{dir_};
};

// expectProfileMatches checks every ProfileInfo field esimctl printed against
// the emulator's state.
void expectProfileMatches(const json &got, const ProfileInfo &want) {
  ASSERT_TRUE(want.iccid.has_value());
  EXPECT_EQ(got.at("iccid"), *want.iccid);
  EXPECT_EQ(got.at("isdpAid"), toHex(*want.isdpAid));
  EXPECT_EQ(got.at("profileState"),
            *want.profileState == ProfileState::enabled ? "enabled" : "disabled");
  auto optionalText = [&](const char *key, const std::optional<std::string> &value) {
    if (value) {
      EXPECT_EQ(got.at(key), *value) << key;
    } else {
      EXPECT_FALSE(got.contains(key)) << key;
    }
  };
  optionalText("profileNickname", want.profileNickname);
  optionalText("serviceProviderName", want.serviceProviderName);
  optionalText("profileName", want.profileName);
  if (want.icon) {
    EXPECT_EQ(base64Decode(got.at("icon").get<std::string>()), *want.icon);
    EXPECT_EQ(got.at("iconType"), *want.iconType == IconType::png ? "png" : "jpg");
  }
  const char *classes[] = {"test", "provisioning", "operational"};
  EXPECT_EQ(got.at("profileClass"), classes[static_cast<int>(want.profileClass)]);
  ASSERT_EQ(got.value("notificationConfigurationInfo", json::array()).size(),
            want.notificationConfigurationInfo.size());
  for (std::size_t i = 0; i < want.notificationConfigurationInfo.size(); ++i) {
    const auto &n = want.notificationConfigurationInfo[i];
    EXPECT_EQ(got["notificationConfigurationInfo"][i]["profileManagementOperation"],
              notificationEventName(n.profileManagementOperation));
    EXPECT_EQ(got["notificationConfigurationInfo"][i]["notificationAddress"],
              n.notificationAddress);
  }
  if (want.profileOwner) {
    EXPECT_EQ(got.at("profileOwner").at("mccMnc"), toHex(want.profileOwner->mccMnc));
    if (want.profileOwner->gid1) {
      EXPECT_EQ(got["profileOwner"]["gid1"], toHex(*want.profileOwner->gid1));
    }
  }
  if (want.dpOid) {
    EXPECT_EQ(got.at("dpProprietaryData").at("dpOid"), *want.dpOid);
  }
  if (want.profilePolicyRules) {
    json rules = json::array();
    if (want.profilePolicyRules->pprUpdateControl) rules.push_back("pprUpdateControl");
    if (want.profilePolicyRules->ppr1) rules.push_back("ppr1");
    if (want.profilePolicyRules->ppr2) rules.push_back("ppr2");
    EXPECT_EQ(got.value("profilePolicyRules", json::array()), rules);
  }
}

TEST_F(CliThroughPcscd, ProfileListReturnsEveryProfileWithAllFields) {
  euicc_emu::EmulatorState state = euicc_emu::loadState(reader_.statePath());
  ASSERT_GE(state.profiles.size(), 2u);
  EsimctlResult r = esimctl({"--json", "profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(r.json["ok"], true);
  const json &list = r.json["data"];
  ASSERT_EQ(list.size(), state.profiles.size()) << r.describe();
  for (std::size_t i = 0; i < list.size(); ++i) {
    SCOPED_TRACE("profile " + std::to_string(i));
    expectProfileMatches(list[i], state.profiles[i]);
  }
}

TEST_F(CliThroughPcscd, ProfileListTableShowsProviderNames) {
  EsimctlResult r = esimctl({"profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  euicc_emu::EmulatorState state = euicc_emu::loadState(reader_.statePath());
  for (const auto &p : state.profiles) {
    EXPECT_NE(r.command.stdoutText.find(*p.iccid), std::string::npos) << r.describe();
    if (p.serviceProviderName) {
      EXPECT_NE(r.command.stdoutText.find(*p.serviceProviderName), std::string::npos);
    }
  }
}

TEST_F(CliThroughPcscd, ChipInfoShowsEidAndAddresses) {
  euicc_emu::EmulatorState state = euicc_emu::loadState(reader_.statePath());
  EsimctlResult r = esimctl({"--json", "chip", "info"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  EXPECT_EQ(r.json["data"]["eid"], toHex(state.eid));
  EXPECT_EQ(r.json["data"]["configuredAddresses"]["rootDsAddress"],
            state.configuredAddresses.rootDsAddress);
  EXPECT_EQ(r.json["data"]["euiccInfo2"]["svn"], versionText(state.euiccInfo2.svn));
  EsimctlResult text = esimctl({"chip", "info"});
  ASSERT_EQ(text.command.exitCode, 0) << text.describe();
  EXPECT_NE(text.command.stdoutText.find(toHex(state.eid)), std::string::npos);
}

TEST_F(CliThroughPcscd, DefaultReaderIsTheOneWithAnEuicc) {
  EsimctlResult r = runEsimctl({"--json", "chip", "info"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  EXPECT_EQ(r.json["data"]["eid"].get<std::string>().size(), 32u);
}

TEST_F(CliThroughPcscd, SmallSegmentsAndTraceStillWork) {
  EsimctlResult r = esimctl({"--mss", "16", "--trace", "--json", "profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  // Every APDU is traced: the STORE DATA and the GET RESPONSE of the list.
  EXPECT_NE(r.command.stderrText.find(">> 81E29100"), std::string::npos) << r.describe();
  EXPECT_NE(r.command.stderrText.find(">> 01C00000"), std::string::npos) << r.describe();
}

TEST_F(CliThroughPcscd, UnknownReaderNameListsReaders) {
  EsimctlResult r = runEsimctl({"--reader", "No Such Reader", "--json", "profile", "list"});
  EXPECT_NE(r.command.exitCode, 0);
  EXPECT_EQ(r.json["ok"], false) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "reader-not-found") << r.describe();
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find(reader_.pcscd().readerName()),
            std::string::npos)
      << r.describe();
}

TEST_F(CliThroughPcscd, EmptySecondSlotIsNoCard) {
  if (reader_.pcscd().secondReaderName() == reader_.pcscd().readerName())
    GTEST_SKIP() << "one vpcd slot only";
  EsimctlResult r =
      runEsimctl({"--reader", reader_.pcscd().secondReaderName(), "--json", "chip", "info"});
  EXPECT_NE(r.command.exitCode, 0);
  EXPECT_EQ(r.json["error"]["code"], "no-card") << r.describe();
}

TEST(CliWithoutPcscd, NoServiceIsAClearError) {
  ASSERT_FALSE(systemPcscdRunning()) << "a pcscd is running; this test needs none";
  EsimctlResult r = runEsimctl({"--json", "profile", "list"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "pcsc-no-service") << r.describe();
  EsimctlResult text = runEsimctl({"profile", "list"});
  EXPECT_NE(text.command.stderrText.find("pcscd"), std::string::npos) << text.describe();
}

// A value that fails its check aborts CLI11's parse before --json is
// assigned; the answer must still be JSON, with the usage exit code.
TEST(CliUsage, BadOptionValueIsJsonWithJson) {
  EsimctlResult r = runEsimctl({"--json", "--mss", "300", "profile", "list"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "invalid-argument") << r.describe();
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("--mss"), std::string::npos)
      << r.describe();
}

TEST(CliWithoutCard, CardWithoutIsdrIsIsdrNotFound) {
  TempDir dir;
  std::string state = dir.file("state.json");
  writeDemoState(state);
  // An applet AID the LPA does not know stands for "a card without ISD-R".
  std::string text = readText(state);
  euicc_emu::EmulatorState s = euicc_emu::parseState(text, state);
  s.isdrAid = fromHex("A000000151000000");
  euicc_emu::saveState(s, state);
  Pcscd pcscd;
  EmulatorProcess emu(state, pcscd.port(), dir.path().string());
  ASSERT_TRUE(pcscd.waitForCard(pcscd.readerName(), std::chrono::seconds(10))) << emu.log();
  EsimctlResult r = runEsimctl({"--reader", pcscd.readerName(), "--json", "profile", "list"});
  EXPECT_NE(r.command.exitCode, 0);
  EXPECT_EQ(r.json["error"]["code"], "isdr-not-found") << r.describe();
  EXPECT_EQ(r.json["error"]["statusWord"], "6A82") << r.describe();
  // With the right AID given, the same card works.
  EsimctlResult ok = runEsimctl(
      {"--reader", pcscd.readerName(), "--aid", "A000000151000000", "--json", "chip", "info"});
  EXPECT_EQ(ok.command.exitCode, 0) << ok.describe();
}

} // namespace
} // namespace esim::test
