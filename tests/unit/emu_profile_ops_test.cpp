// The emulator's profile state changes, every result code of every function,
// through the LPA's own stack (esim::Euicc -> IsdrSession -> EmulatorTransport
// -> Card): EnableProfile, DisableProfile, DeleteProfile, SetNickname,
// SetDefaultDpAddress, EuiccMemoryReset; the 6985 refusal without a PKI and
// the 6581 answer when the state cannot be saved.
#include <gtest/gtest.h>

#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"
#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "euicc_emu/demo_state.hpp"

namespace {

using namespace emu_test;
using esim::Bytes;
using esim::DeleteProfileResult;
using esim::DisableProfileResult;
using esim::EnableProfileResult;
using esim::Iccid;
using esim::IsdpAid;
using esim::NotificationEvent;
using esim::ProfileState;

constexpr const char *kUnknownIccid = "8981100000000000010";
constexpr const char *kUnknownAid = "A0000005591010FFFFFFFF8900009900";

IsdpAid aid(const char *hex) {
  return IsdpAid{esim::fromHex(hex)};
}

// withRules sets the policy rules of profile |iccid| in |s|.
euicc_emu::EmulatorState withRules(euicc_emu::EmulatorState s, const std::string &iccid,
                                   esim::PprIds rules) {
  for (auto &p : s.profiles) {
    if (p.iccid == iccid) p.profilePolicyRules = rules;
  }
  return s;
}

// statusWordOf runs |f| and returns the status word of the esim::Error it
// throws (0 if none).
template <typename F> std::uint16_t statusWordOf(F &&f) {
  try {
    f();
  } catch (const esim::Error &e) {
    return e.statusWord().value_or(0);
  }
  return 0;
}

TEST(EmuEnableProfile, EnablingAnotherProfileDisablesTheEnabledOneAndNotifies) {
  Lpa lpa(demoWithPki());
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kHomeIccid}, true), EnableProfileResult::ok);
  EXPECT_EQ(lpa.stateOf(kHomeIccid), ProfileState::enabled);
  EXPECT_EQ(lpa.stateOf(kTravelIccid), ProfileState::disabled);
  // The travel profile reports its (implicit) disable; the home profile
  // asks only for delete notifications.
  auto list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].seqNumber, 0);
  EXPECT_EQ(list[0].profileManagementOperation, NotificationEvent::notificationDisable);
  EXPECT_EQ(list[0].notificationAddress, "smdp.travel.example");
  EXPECT_EQ(list[0].iccid, kTravelIccid);

  // And back by ISD-P AID: disable of home (nothing configured), enable of travel.
  EXPECT_EQ(lpa.euicc().enableProfile(aid(kTravelAid), false), EnableProfileResult::ok);
  EXPECT_EQ(lpa.stateOf(kTravelIccid), ProfileState::enabled);
  EXPECT_EQ(lpa.stateOf(kHomeIccid), ProfileState::disabled);
  list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].seqNumber, 1);
  EXPECT_EQ(list[1].profileManagementOperation, NotificationEvent::notificationEnable);
  EXPECT_EQ(list[1].iccid, kTravelIccid);
}

TEST(EmuEnableProfile, EnableWithNoProfileEnabledJustEnables) {
  euicc_emu::EmulatorState s = demoWithPki();
  s.profiles[0].profileState = ProfileState::disabled;
  Lpa lpa(s);
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kHomeIccid}, false), EnableProfileResult::ok);
  EXPECT_EQ(lpa.stateOf(kHomeIccid), ProfileState::enabled);
  EXPECT_TRUE(lpa.euicc().listNotification().empty());
}

TEST(EmuEnableProfile, Refusals) {
  Lpa lpa(demoWithPki());
  const euicc_emu::EmulatorState before = lpa.card().state();
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kUnknownIccid}, false),
            EnableProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().enableProfile(aid(kUnknownAid), false),
            EnableProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kTravelIccid}, false),
            EnableProfileResult::profileNotInDisabledState);
  EXPECT_EQ(lpa.euicc().enableProfile(aid(kTravelAid), false),
            EnableProfileResult::profileNotInDisabledState);
  EXPECT_EQ(lpa.card().state(), before);
}

TEST(EmuEnableProfile, Ppr1OnTheEnabledProfileForbidsSwitching) {
  Lpa lpa(withRules(demoWithPki(), kTravelIccid, {false, true, false}));
  const euicc_emu::EmulatorState before = lpa.card().state();
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kHomeIccid}, false),
            EnableProfileResult::disallowedByPolicy);
  EXPECT_EQ(lpa.card().state(), before);
  // PPR1 on the profile being enabled does not matter.
  Lpa other(withRules(demoWithPki(), kHomeIccid, {false, true, true}));
  EXPECT_EQ(other.euicc().enableProfile(Iccid{kHomeIccid}, false), EnableProfileResult::ok);
}

TEST(EmuDisableProfile, DisableAndItsNotification) {
  Lpa lpa(demoWithPki());
  EXPECT_EQ(lpa.euicc().disableProfile(aid(kTravelAid), true), DisableProfileResult::ok);
  EXPECT_EQ(lpa.stateOf(kTravelIccid), ProfileState::disabled);
  auto list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].profileManagementOperation, NotificationEvent::notificationDisable);
  EXPECT_EQ(list[0].iccid, kTravelIccid);
}

TEST(EmuDisableProfile, Refusals) {
  Lpa lpa(withRules(demoWithPki(), kTravelIccid, {false, true, false}));
  const euicc_emu::EmulatorState before = lpa.card().state();
  EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kUnknownIccid}, false),
            DisableProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().disableProfile(aid(kUnknownAid), false),
            DisableProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kHomeIccid}, false),
            DisableProfileResult::profileNotInEnabledState);
  EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false),
            DisableProfileResult::disallowedByPolicy);
  EXPECT_EQ(lpa.card().state(), before);
}

TEST(EmuDeleteProfile, DeleteByIccidAndByAidWithNotifications) {
  Lpa lpa(demoWithPki());
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), DeleteProfileResult::ok);
  EXPECT_FALSE(lpa.profile(kHomeIccid));
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), DisableProfileResult::ok);
  EXPECT_EQ(lpa.euicc().deleteProfile(aid(kTravelAid)), DeleteProfileResult::ok);
  EXPECT_TRUE(lpa.card().state().profiles.empty());
  auto list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].profileManagementOperation, NotificationEvent::notificationDelete);
  EXPECT_EQ(list[0].notificationAddress, "smdp.home.example");
  EXPECT_EQ(list[0].iccid, kHomeIccid);
  EXPECT_EQ(list[1].profileManagementOperation, NotificationEvent::notificationDisable);
  EXPECT_EQ(list[2].profileManagementOperation, NotificationEvent::notificationDelete);
  EXPECT_EQ(list[2].notificationAddress, "smdp.travel.example");
  EXPECT_EQ(list[2].iccid, kTravelIccid);
  EXPECT_EQ(list[2].seqNumber, 2);
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), DeleteProfileResult::iccidOrAidNotFound);
}

TEST(EmuDeleteProfile, Refusals) {
  Lpa lpa(withRules(demoWithPki(), kHomeIccid, {false, false, true}));
  const euicc_emu::EmulatorState before = lpa.card().state();
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kUnknownIccid}),
            DeleteProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().deleteProfile(aid(kUnknownAid)), DeleteProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kTravelIccid}),
            DeleteProfileResult::profileNotInDisabledState);
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), DeleteProfileResult::disallowedByPolicy);
  EXPECT_EQ(lpa.card().state(), before);
}

TEST(EmuSetNickname, SetsChangesAndClears) {
  Lpa lpa(demoWithPki());
  EXPECT_EQ(lpa.euicc().setNickname(kHomeIccid, "家族"), esim::SetNicknameResult::ok);
  EXPECT_EQ(lpa.profile(kHomeIccid)->profileNickname, "家族");
  EXPECT_EQ(lpa.euicc().setNickname(kTravelIccid, ""), esim::SetNicknameResult::ok);
  EXPECT_EQ(lpa.profile(kTravelIccid)->profileNickname, "");
  EXPECT_EQ(lpa.euicc().setNickname(kUnknownIccid, "x"), esim::SetNicknameResult::iccidNotFound);
  EXPECT_TRUE(lpa.euicc().listNotification().empty());
}

TEST(EmuSetNickname, OverlongOrInvalidNicknameIs6A80) {
  Lpa lpa(demoWithPki());
  // BF29 { 5A <ICCID> 90 <nickname> }, built by hand: the encoder refuses these.
  auto request = [](const std::string &nickname) {
    namespace der = esim::codec::der;
    Bytes body;
    der::appendTlv(body, esim::codec::kTagIccid, esim::fromHex("98940000000000000070"));
    der::appendTlv(body, esim::codec::kTagProfileNickname, Bytes(nickname.begin(), nickname.end()));
    Bytes out;
    der::appendTlv(out, esim::codec::kTagSetNickname, body);
    return out;
  };
  EXPECT_EQ(statusWordOf([&] { lpa.session().exchange(request(std::string(65, 'n'))); }), 0x6A80);
  EXPECT_EQ(statusWordOf([&] { lpa.session().exchange(request("\xC3")); }), 0x6A80);
  // 64 bytes is the limit and allowed.
  auto answer = lpa.session().exchange(request(std::string(64, 'n')));
  EXPECT_EQ(esim::codec::decodeSetNicknameResponse(answer), esim::SetNicknameResult::ok);
  EXPECT_EQ(lpa.profile(kHomeIccid)->profileNickname, std::string(64, 'n'));
}

TEST(EmuSetDefaultDpAddress, SetsAndClears) {
  Lpa lpa(demoWithPki());
  EXPECT_EQ(lpa.euicc().setDefaultDpAddress("smdp.example.com"),
            esim::SetDefaultDpAddressResult::ok);
  EXPECT_EQ(lpa.euicc().getEuiccConfiguredAddresses().defaultDpAddress, "smdp.example.com");
  EXPECT_EQ(lpa.euicc().setDefaultDpAddress(""), esim::SetDefaultDpAddressResult::ok);
  EXPECT_FALSE(lpa.euicc().getEuiccConfiguredAddresses().defaultDpAddress);
  EXPECT_EQ(lpa.euicc().getEuiccConfiguredAddresses().rootDsAddress, "lpa.ds.gsma.com");
}

// resetState is the demo with a test and a provisioning profile added, PPRs
// on everything and a default SM-DP+ address.
euicc_emu::EmulatorState resetState() {
  euicc_emu::EmulatorState s = demoWithPki();
  esim::ProfileInfo test = s.profiles[1];
  test.iccid = "89000000000000000011";
  test.isdpAid = esim::fromHex("A0000005591010FFFFFFFF8900001200");
  test.profileClass = esim::ProfileClass::test;
  esim::ProfileInfo provisioning = test;
  provisioning.iccid = "89000000000000000029";
  provisioning.isdpAid = esim::fromHex("A0000005591010FFFFFFFF8900001300");
  provisioning.profileClass = esim::ProfileClass::provisioning;
  s.profiles.push_back(test);
  s.profiles.push_back(provisioning);
  for (auto &p : s.profiles)
    p.profilePolicyRules = esim::PprIds{false, true, true};
  s.configuredAddresses.defaultDpAddress = "smdp.example.com";
  return s;
}

std::vector<std::string> iccids(const euicc_emu::EmulatorState &s) {
  std::vector<std::string> out;
  for (const auto &p : s.profiles)
    out.push_back(*p.iccid);
  return out;
}

TEST(EmuEuiccMemoryReset, OperationalProfilesGoWhateverTheirStateAndRules) {
  using R = esim::EuiccMemoryResetResult;
  Lpa lpa(resetState());
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({true, false, false}), R::ok);
  EXPECT_EQ(iccids(lpa.card().state()),
            (std::vector<std::string>{"89000000000000000011", "89000000000000000029"}));
  EXPECT_TRUE(lpa.euicc().listNotification().empty()); // no notifications for a reset
  EXPECT_EQ(lpa.euicc().getEuiccConfiguredAddresses().defaultDpAddress, "smdp.example.com");
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({true, false, false}), R::nothingToDelete);
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({false, true, false}), R::ok);
  EXPECT_EQ(iccids(lpa.card().state()), (std::vector<std::string>{"89000000000000000029"}));
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({true, true, false}), R::nothingToDelete);
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({false, false, true}), R::ok);
  EXPECT_FALSE(lpa.euicc().getEuiccConfiguredAddresses().defaultDpAddress);
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({true, true, true}), R::nothingToDelete);
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({false, false, false}), R::nothingToDelete);
  // The provisioning profile always stays.
  EXPECT_EQ(iccids(lpa.card().state()), (std::vector<std::string>{"89000000000000000029"}));
}

TEST(EmuEuiccMemoryReset, KeepsPendingNotificationsAndTheirNumbers) {
  Lpa lpa(demoWithPki());
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), DisableProfileResult::ok);
  EXPECT_EQ(lpa.euicc().euiccMemoryReset({true, true, true}), esim::EuiccMemoryResetResult::ok);
  EXPECT_TRUE(lpa.card().state().profiles.empty());
  ASSERT_EQ(lpa.euicc().listNotification().size(), 1u);
  EXPECT_EQ(lpa.card().state().nextSeqNumber, 1);
}

TEST(EmuNoPki, FunctionsThatMustSignAnswer6985AndChangeNothing) {
  // The demo without "pki": its profiles ask for notifications.
  Lpa lpa(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo"));
  const euicc_emu::EmulatorState before = lpa.card().state();
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().disableProfile(Iccid{kTravelIccid}, false); }), 0x6985);
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().enableProfile(Iccid{kHomeIccid}, false); }), 0x6985);
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().deleteProfile(Iccid{kHomeIccid}); }), 0x6985);
  EXPECT_EQ(lpa.card().state(), before);
  ASSERT_EQ(lpa.log().size(), 3u);
  EXPECT_NE(lpa.log()[0].find("DisableProfile: profile 8981100000000000002 asks for a disable "
                              "notification to smdp.travel.example"),
            std::string::npos)
      << lpa.log()[0];
  EXPECT_NE(lpa.log()[0].find("\"pki\""), std::string::npos) << lpa.log()[0];
  // Everything that needs no signature still works.
  EXPECT_EQ(lpa.euicc().setNickname(kHomeIccid, "home"), esim::SetNicknameResult::ok);
  EXPECT_EQ(lpa.euicc().getProfilesInfo().size(), 2u);
}

TEST(EmuNoPki, ProfilesWithoutNotificationConfigurationNeedNoPki) {
  euicc_emu::EmulatorState s = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  for (auto &p : s.profiles)
    p.notificationConfigurationInfo.clear();
  Lpa lpa(s);
  EXPECT_EQ(lpa.euicc().enableProfile(Iccid{kHomeIccid}, false), EnableProfileResult::ok);
  EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kHomeIccid}, false), DisableProfileResult::ok);
  EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), DeleteProfileResult::ok);
  EXPECT_TRUE(lpa.euicc().listNotification().empty());
}

TEST(EmuFailedSave, Answers6581AndKeepsTheState) {
  ScratchDir dir;
  const fs::path sub = dir.path() / "bench";
  fs::create_directory(sub);
  const fs::path path = sub / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  Lpa lpa(euicc_emu::loadState(path), path);
  const euicc_emu::EmulatorState before = lpa.card().state();
  // Without its directory the save fails at the temporary file (as root,
  // permissions would not stop it).
  fs::remove_all(sub);
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().disableProfile(Iccid{kTravelIccid}, false); }), 0x6581);
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().setNickname(kHomeIccid, "x"); }), 0x6581);
  EXPECT_EQ(statusWordOf([&] { lpa.euicc().setDefaultDpAddress("a.example"); }), 0x6581);
  EXPECT_EQ(lpa.card().state(), before);
  ASSERT_FALSE(lpa.log().empty());
  EXPECT_NE(lpa.log()[0].find("state not saved"), std::string::npos) << lpa.log()[0];
  // With the directory back, the same request works.
  fs::create_directory(sub);
  EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), DisableProfileResult::ok);
  EXPECT_EQ(euicc_emu::loadState(path).profiles[0].profileState, ProfileState::disabled);
}

} // namespace
