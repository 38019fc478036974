// The emulator's ES10 functions end to end in-process: esim::Euicc ->
// IsdrSession -> EmulatorTransport -> Card -> ES10 handlers -> codec, and
// back. What the library reads must be exactly what the state holds.
#include <gtest/gtest.h>

#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"
#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/emulator_transport.hpp"

namespace {

using esim::Bytes;

class EmuEs10Test : public ::testing::Test {
protected:
  EmuEs10Test()
      : state(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo")), card(state),
        transport(card) {}

  euicc_emu::EmulatorState state;
  euicc_emu::Card card;
  euicc_emu::EmulatorTransport transport;
};

TEST_F(EmuEs10Test, GetEid) {
  esim::IsdrSession session(transport);
  EXPECT_EQ(session.channel(), 1);
  esim::Euicc euicc(session);
  EXPECT_EQ(euicc.getEid(), "89049032123451234512345678901235");
}

TEST_F(EmuEs10Test, GetEidAnswerBytes) {
  // Hand-checked: BF3E 12 { 5A 10 <EID> }.
  esim::IsdrSession session(transport);
  EXPECT_EQ(esim::toHex(session.exchange(esim::fromHex("BF3E035C015A"))),
            "BF3E125A1089049032123451234512345678901235");
}

TEST_F(EmuEs10Test, EuiccInfoAndAddressesMatchTheState) {
  esim::IsdrSession session(transport);
  esim::Euicc euicc(session);
  EXPECT_EQ(euicc.getEuiccInfo1(), state.euiccInfo1);
  esim::EUICCInfo2 info2 = euicc.getEuiccInfo2();
  EXPECT_EQ(info2, state.euiccInfo2);
  EXPECT_EQ(info2.extCardResourceDecoded.freeNonVolatileMemory, 412345u);
  EXPECT_EQ(esim::versionText(info2.svn), "2.2.2");
  EXPECT_EQ(euicc.getEuiccConfiguredAddresses(), state.configuredAddresses);
}

TEST_F(EmuEs10Test, GetProfilesInfoReturnsEveryFieldOverChainedResponses) {
  // Small STORE DATA blocks too, so the request is reassembled from several.
  esim::IsdrSessionOptions options;
  options.maxSegmentSize = 2;
  esim::IsdrSession session(transport, options);
  esim::Euicc euicc(session);
  EXPECT_EQ(euicc.getProfilesInfo(), state.profiles);
}

TEST_F(EmuEs10Test, GetProfilesInfoSearchCriteria) {
  esim::IsdrSession session(transport);
  esim::Euicc euicc(session);
  auto byIccid = euicc.getProfilesInfo({esim::Iccid{"89490000000000000007"}, std::nullopt});
  ASSERT_EQ(byIccid.size(), 1u);
  EXPECT_EQ(byIccid[0], state.profiles[1]);
  auto byAid = euicc.getProfilesInfo(
      {esim::IsdpAid{esim::fromHex("A0000005591010FFFFFFFF8900001000")}, std::nullopt});
  ASSERT_EQ(byAid.size(), 1u);
  EXPECT_EQ(byAid[0], state.profiles[0]);
  EXPECT_EQ(euicc.getProfilesInfo({esim::ProfileClass::operational, std::nullopt}).size(), 2u);
  EXPECT_TRUE(euicc.getProfilesInfo({esim::ProfileClass::test, std::nullopt}).empty());
  EXPECT_TRUE(euicc.getProfilesInfo({esim::Iccid{"8981100000000000010"}, std::nullopt}).empty());
}

TEST_F(EmuEs10Test, GetProfilesInfoTagListSelectsFields) {
  esim::IsdrSession session(transport);
  esim::Euicc euicc(session);
  // 5A iccid, 9F70 profileState, 91 serviceProviderName.
  auto list = euicc.getProfilesInfo({std::monostate{}, esim::fromHex("5A9F7091")});
  ASSERT_EQ(list.size(), 2u);
  esim::ProfileInfo expected;
  expected.iccid = state.profiles[0].iccid;
  expected.profileState = esim::ProfileState::enabled;
  expected.serviceProviderName = state.profiles[0].serviceProviderName;
  EXPECT_EQ(list[0], expected);
  EXPECT_FALSE(list[1].icon);
  EXPECT_TRUE(list[1].notificationConfigurationInfo.empty());
  // Unknown tags are ignored; B6, B7, B8 and 99 bring their fields.
  auto rich = euicc.getProfilesInfo({std::monostate{}, esim::fromHex("DF7FB6B7B899")});
  ASSERT_EQ(rich.size(), 2u);
  EXPECT_FALSE(rich[0].iccid);
  EXPECT_EQ(rich[0].notificationConfigurationInfo.size(), 4u);
  EXPECT_EQ(rich[0].profileOwner, state.profiles[0].profileOwner);
  EXPECT_EQ(rich[0].dpOid, state.profiles[0].dpOid);
}

TEST_F(EmuEs10Test, GetProfilesInfoLeavesOutTheDefaultProfileClass) {
  // DER never encodes a DEFAULT value: the operational profile's E3 has no
  // 95 element; a test profile's has 95 01 00.
  namespace der = esim::codec::der;
  state.profiles[1].profileClass = esim::ProfileClass::test;
  euicc_emu::Card testCard(state);
  euicc_emu::EmulatorTransport testTransport(testCard);
  esim::IsdrSession session(testTransport);
  const Bytes answer = session.exchange(esim::fromHex("BF2D00"));
  der::Element outer;
  der::Element list;
  ASSERT_EQ(der::Reader(answer).next(outer), der::Status::ok);
  ASSERT_EQ(der::Reader(outer.value).next(list), der::Status::ok);
  der::Reader profiles(list.value);
  std::vector<std::optional<Bytes>> classes;
  der::Element info;
  while (profiles.next(info) == der::Status::ok) {
    std::optional<Bytes> found;
    der::Reader fields(info.value);
    der::Element field;
    while (fields.next(field) == der::Status::ok) {
      if (field.tag == esim::codec::kTagProfileClass)
        found = Bytes(field.value.begin(), field.value.end());
    }
    classes.push_back(found);
  }
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(state.profiles[0].profileClass, esim::ProfileClass::operational);
  EXPECT_FALSE(classes[0]) << esim::toHex(answer);
  EXPECT_EQ(classes[1], Bytes{0x00});
}

TEST_F(EmuEs10Test, MalformedTagListIsIncorrectInputValues) {
  esim::IsdrSession session(transport);
  // 1F starts a multi-byte tag that never ends.
  Bytes request = esim::codec::encodeProfileInfoListRequest({std::monostate{}, Bytes{0x1F}});
  auto response = esim::codec::decodeProfileInfoListResponse(session.exchange(request));
  ASSERT_TRUE(response.profileInfoListError);
  EXPECT_EQ(*response.profileInfoListError, esim::ProfileInfoListError::incorrectInputValues);
}

TEST_F(EmuEs10Test, UnknownFunctionIsStatusWord6A80) {
  esim::IsdrSession session(transport);
  try {
    session.exchange(esim::fromHex("BF4400"));
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.statusWord(), 0x6A80);
  }
  // The session is still usable.
  EXPECT_EQ(esim::Euicc(session).getEid(), "89049032123451234512345678901235");
}

TEST_F(EmuEs10Test, DiagnosticsExplainRefusedRequests) {
  std::vector<std::string> lines;
  card.setLog([&](const std::string &line) { lines.push_back(line); });
  esim::IsdrSession session(transport);
  EXPECT_THROW(session.exchange(esim::fromHex("BF2D03A001")), esim::Error);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("GetProfilesInfo"), std::string::npos) << lines[0];
}

TEST_F(EmuEs10Test, TwoSessionsOnTwoChannels) {
  esim::IsdrSession first(transport);
  esim::IsdrSession second(transport);
  EXPECT_NE(first.channel(), second.channel());
  EXPECT_EQ(esim::Euicc(second).getEid(), esim::Euicc(first).getEid());
}

} // namespace
