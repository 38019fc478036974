// ES10 codec: GetProfilesInfo (BF2D) requests and ProfileInfo lists,
// checked against hand-written DER (SGP.22 v2.2.2; each TLV decoded in a
// comment).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "support/codec_test_util.hpp"

namespace {

using esim::Bytes;
using esim::Errc;
using esim::fromHex;
using esim::ProfileClass;
using esim::ProfileInfo;
using testing::HasSubstr;
namespace codec = esim::codec;
using esim::test::errorOf;
using esim::test::hexText;
using esim::test::repeatHex;

// ICCID 8944476500001234567 (19 digits) as EF.ICCID: 98 44 74 56 00 00 21 43 65 F7.
const std::string kIccid19 = "8944476500001234567";
const std::string kIccid19Hex = "98 44 74 56 00 00 21 43 65 F7";
// ICCID 891032547698103254 (18 digits): 98 01 23 45 67 89 01 23 45 FF.
const std::string kIccid18 = "891032547698103254";
const std::string kIccid18Hex = "98 01 23 45 67 89 01 23 45 FF";
const std::string kAidHex = "A0000005591010FFFFFFFF8900001100";

// Test vectors are laid out one TLV per line.
// clang-format off
// Two profiles: one with every field, one with only iccid and state.
const std::string kTwoProfilesHex =
    "BF2D 81 B5"                                  // ProfileInfoListResponse, 181 bytes
    " A0 81 B2"                                   //  profileInfoListOk, 178 bytes
    "  E3 81 9D"                                  //   ProfileInfo #1, 157 bytes
    "   5A 0A " + kIccid19Hex +                   //    iccid 8944476500001234567
    "   4F 10 " + kAidHex +                       //    isdpAid
    "   9F70 01 01"                               //    profileState enabled
    "   90 04 " + hexText("Work") +               //    profileNickname
    "   91 08 " + hexText("Operator") +           //    serviceProviderName
    "   92 09 " + hexText("Test Plan") +          //    profileName
    "   93 01 01"                                 //    iconType png
    "   94 08 89504E470D0A1A0A"                   //    icon (a PNG signature)
    "   95 01 01"                                 //    profileClass provisioning
    "   B6 30"                                    //    notificationConfigurationInfo
    "    30 16 80 02 0780 81 10 " + hexText("smdp.example.com") + // install -> address
    "    30 16 80 02 0410 81 10 " + hexText("smdp.example.com") + // delete -> address
    "   B7 09 80 03 32F401 81 02 1234"            //    profileOwner: mccMnc 234/10, gid1 1234
    "   B8 0D 80 0B 2B0601040181F80201 8374"      //    dpOid 1.3.6.1.4.1.31746.1.500
    "   99 02 05 60"                              //    profilePolicyRules: ppr1, ppr2
    "  E3 10"                                     //   ProfileInfo #2, 16 bytes
    "   5A 0A " + kIccid18Hex +                   //    iccid 891032547698103254
    "   9F70 01 00";                              //    profileState disabled
// clang-format on

ProfileInfo fullProfile() {
  ProfileInfo p;
  p.iccid = kIccid19;
  p.isdpAid = fromHex(kAidHex);
  p.profileState = esim::ProfileState::enabled;
  p.profileNickname = "Work";
  p.serviceProviderName = "Operator";
  p.profileName = "Test Plan";
  p.iconType = esim::IconType::png;
  p.icon = fromHex("89504E470D0A1A0A");
  p.profileClass = ProfileClass::provisioning;
  p.notificationConfigurationInfo = {
      {esim::NotificationEvent::notificationInstall, "smdp.example.com"},
      {esim::NotificationEvent::notificationDelete, "smdp.example.com"}};
  p.profileOwner = esim::OperatorId{fromHex("32F401"), fromHex("1234"), std::nullopt};
  p.dpOid = "1.3.6.1.4.1.31746.1.500";
  p.profilePolicyRules = esim::PprIds{false, true, true};
  return p;
}

ProfileInfo minimalProfile() {
  ProfileInfo p;
  p.iccid = kIccid18;
  p.profileState = esim::ProfileState::disabled;
  return p;
}

// ---- requests ----

TEST(CodecGetProfilesInfo, RequestWithoutCriteria) {
  EXPECT_EQ(codec::encodeProfileInfoListRequest({}), fromHex("BF2D00"));
  const auto request = codec::decodeProfileInfoListRequest(fromHex("BF2D00"));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(request.searchCriteria));
  EXPECT_FALSE(request.tagList.has_value());
}

TEST(CodecGetProfilesInfo, RequestByIccid) {
  // BF2D 0E { A0 0C { 5A 0A <iccid> } }
  const Bytes der = fromHex("BF2D 0E A0 0C 5A 0A " + kIccid19Hex);
  esim::ProfileInfoListRequest request;
  request.searchCriteria = esim::Iccid{kIccid19};
  EXPECT_EQ(codec::encodeProfileInfoListRequest(request), der);
  EXPECT_EQ(codec::decodeProfileInfoListRequest(der), request);
}

TEST(CodecGetProfilesInfo, RequestByIsdpAid) {
  // BF2D 14 { A0 12 { 4F 10 <aid> } }
  const Bytes der = fromHex("BF2D 14 A0 12 4F 10 " + kAidHex);
  esim::ProfileInfoListRequest request;
  request.searchCriteria = esim::IsdpAid{fromHex(kAidHex)};
  EXPECT_EQ(codec::encodeProfileInfoListRequest(request), der);
  EXPECT_EQ(codec::decodeProfileInfoListRequest(der), request);
}

TEST(CodecGetProfilesInfo, RequestByProfileClassWithTagList) {
  // BF2D 05 { A0 03 { 95 01 00 } }: test profiles
  esim::ProfileInfoListRequest request;
  request.searchCriteria = ProfileClass::test;
  EXPECT_EQ(codec::encodeProfileInfoListRequest(request), fromHex("BF2D 05 A0 03 950100"));
  // BF2D 0B { A0 03 { 95 01 02 }, 5C 04 { 5A 9F70 90 } }: operational, iccid/state/nickname
  request.searchCriteria = ProfileClass::operational;
  request.tagList = fromHex("5A9F7090");
  const Bytes der = fromHex("BF2D 0B A0 03 950102 5C 04 5A9F7090");
  EXPECT_EQ(codec::encodeProfileInfoListRequest(request), der);
  EXPECT_EQ(codec::decodeProfileInfoListRequest(der), request);
  // BF2D 06 { 5C 04 ... } without criteria
  esim::ProfileInfoListRequest tagsOnly;
  tagsOnly.tagList = fromHex("5A9F7090");
  EXPECT_EQ(codec::encodeProfileInfoListRequest(tagsOnly), fromHex("BF2D 06 5C 04 5A9F7090"));
}

TEST(CodecGetProfilesInfo, RequestRejectsBadValues) {
  esim::ProfileInfoListRequest request;
  request.searchCriteria = esim::Iccid{"89444765000012345"}; // 17 digits
  EXPECT_THAT(errorOf([&] { codec::encodeProfileInfoListRequest(request); }, Errc::invalidArgument),
              HasSubstr("GetProfilesInfo request: searchCriteria: iccid"));
  request.searchCriteria = esim::IsdpAid{Bytes(17, 0xA0)};
  EXPECT_THAT(errorOf([&] { codec::encodeProfileInfoListRequest(request); }, Errc::invalidArgument),
              HasSubstr("isdpAid is 17 bytes, expected 1..16"));
  // A received request with a 9-byte ICCID: BF2D 0D { A0 0B { 5A 09 ... } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListRequest(
                    fromHex("BF2D 0D A0 0B 5A 09 984474560000214365"));
              }),
              HasSubstr("GetProfilesInfo request: searchCriteria: iccid is 9 bytes, expected 10"));
}

// ---- responses ----

TEST(CodecGetProfilesInfo, DecodesHandWrittenList) {
  const auto response = codec::decodeProfileInfoListResponse(fromHex(kTwoProfilesHex));
  EXPECT_FALSE(response.profileInfoListError.has_value());
  ASSERT_EQ(response.profileInfoListOk.size(), 2u);

  const ProfileInfo &p = response.profileInfoListOk[0];
  EXPECT_EQ(p.iccid, kIccid19);
  EXPECT_EQ(p.isdpAid, fromHex(kAidHex));
  EXPECT_EQ(p.profileState, esim::ProfileState::enabled);
  EXPECT_EQ(p.profileNickname, "Work");
  EXPECT_EQ(p.serviceProviderName, "Operator");
  EXPECT_EQ(p.profileName, "Test Plan");
  EXPECT_EQ(p.iconType, esim::IconType::png);
  EXPECT_EQ(p.icon, fromHex("89504E470D0A1A0A"));
  EXPECT_EQ(p.profileClass, ProfileClass::provisioning);
  ASSERT_EQ(p.notificationConfigurationInfo.size(), 2u);
  EXPECT_EQ(p.notificationConfigurationInfo[0].profileManagementOperation,
            esim::NotificationEvent::notificationInstall);
  EXPECT_EQ(p.notificationConfigurationInfo[0].notificationAddress, "smdp.example.com");
  EXPECT_EQ(p.notificationConfigurationInfo[1].profileManagementOperation,
            esim::NotificationEvent::notificationDelete);
  ASSERT_TRUE(p.profileOwner.has_value());
  EXPECT_EQ(p.profileOwner->mccMnc, fromHex("32F401"));
  EXPECT_EQ(p.profileOwner->gid1, fromHex("1234"));
  EXPECT_FALSE(p.profileOwner->gid2.has_value());
  EXPECT_EQ(p.dpOid, "1.3.6.1.4.1.31746.1.500");
  EXPECT_EQ(p.profilePolicyRules, (esim::PprIds{false, true, true}));
  EXPECT_EQ(p, fullProfile());

  const ProfileInfo &q = response.profileInfoListOk[1];
  EXPECT_EQ(q.iccid, kIccid18);
  EXPECT_EQ(q.profileState, esim::ProfileState::disabled);
  EXPECT_EQ(q.profileClass, ProfileClass::operational); // absent DEFAULT
  EXPECT_FALSE(q.isdpAid.has_value());
  EXPECT_FALSE(q.profileNickname.has_value());
  EXPECT_FALSE(q.icon.has_value());
  EXPECT_TRUE(q.notificationConfigurationInfo.empty());
  EXPECT_FALSE(q.profileOwner.has_value());
  EXPECT_FALSE(q.dpOid.has_value());
  EXPECT_FALSE(q.profilePolicyRules.has_value());
}

TEST(CodecGetProfilesInfo, EncodesExactlyTheHandWrittenList) {
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = {fullProfile(), minimalProfile()};
  EXPECT_EQ(esim::toHex(codec::encodeProfileInfoListResponse(response)),
            esim::toHex(fromHex(kTwoProfilesHex)));
}

TEST(CodecGetProfilesInfo, EmptyListAndErrors) {
  // BF2D 02 { A0 00 }: no profiles.
  const auto empty = codec::decodeProfileInfoListResponse(fromHex("BF2D02A000"));
  EXPECT_TRUE(empty.profileInfoListOk.empty());
  EXPECT_FALSE(empty.profileInfoListError.has_value());
  EXPECT_EQ(codec::encodeProfileInfoListResponse({}), fromHex("BF2D02A000"));
  // BF2D 03 { 81 01 01 }: incorrectInputValues.
  const auto error = codec::decodeProfileInfoListResponse(fromHex("BF2D03810101"));
  EXPECT_EQ(error.profileInfoListError, esim::ProfileInfoListError::incorrectInputValues);
  codec::ProfileInfoListResponse undefinedError;
  undefinedError.profileInfoListError = esim::ProfileInfoListError::undefinedError;
  EXPECT_EQ(codec::encodeProfileInfoListResponse(undefinedError), fromHex("BF2D0381017F"));
  // BF2D 03 { 81 01 05 }: a number SGP.22 does not name is kept.
  const auto five = codec::decodeProfileInfoListResponse(fromHex("BF2D03810105"));
  EXPECT_EQ(five.profileInfoListError, esim::ProfileInfoListError{5});
  EXPECT_EQ(esim::codeName(*five.profileInfoListError), std::nullopt);
}

TEST(CodecGetProfilesInfo, ExplicitDefaultProfileClassDecodes) {
  // BF2D 07 { A0 05 { E3 03 { 95 01 02 } } }: BER may carry the DEFAULT.
  const auto r = codec::decodeProfileInfoListResponse(fromHex("BF2D 07 A0 05 E3 03 950102"));
  ASSERT_EQ(r.profileInfoListOk.size(), 1u);
  EXPECT_EQ(r.profileInfoListOk[0].profileClass, ProfileClass::operational);
  // ... and DER leaves it out again: E3 00.
  EXPECT_EQ(codec::encodeProfileInfoListResponse(r), fromHex("BF2D 04 A0 02 E3 00"));
}

TEST(CodecGetProfilesInfo, RejectsBadFields) {
  // ProfileInfo #2 with a 9-byte ICCID:
  // BF2D 25 { A0 23 { E3 10 {5A 0A .., 9F70 01 00}, E3 0F {5A 09 .., 9F70 01 00} } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(
                    fromHex("BF2D 25 A0 23 E3 10 5A0A 98 01 23 45 67 89 01 23 45 FF 9F700100"
                            " E3 0F 5A09 98 01 23 45 67 89 01 23 45 9F700100"));
              }),
              HasSubstr("GetProfilesInfo response: ProfileInfo #2: iccid is 9 bytes, expected 10"));
  // Nickname of 65 bytes: BF2D 47 { A0 45 { E3 43 { 90 41 <65 x 'a'> } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(
                    fromHex("BF2D 47 A0 45 E3 43 90 41 " + repeatHex("61", 65)));
              }),
              HasSubstr("ProfileInfo #1: profileNickname is 65 bytes, at most 64"));
  // serviceProviderName of 33 bytes: BF2D 27 { A0 25 { E3 23 { 91 21 <33 x 'b'> } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(
                    fromHex("BF2D 27 A0 25 E3 23 91 21 " + repeatHex("62", 33)));
              }),
              HasSubstr("serviceProviderName is 33 bytes, at most 32"));
  // profileState 2: BF2D 08 { A0 06 { E3 04 { 9F70 01 02 } } }
  EXPECT_THAT(
      errorOf([] { codec::decodeProfileInfoListResponse(fromHex("BF2D08A006E3049F700102")); }),
      HasSubstr("ProfileInfo #1: unknown profileState 2"));
  // iconType 2: BF2D 07 { A0 05 { E3 03 { 93 01 02 } } }
  EXPECT_THAT(
      errorOf([] { codec::decodeProfileInfoListResponse(fromHex("BF2D07A005E303930102")); }),
      HasSubstr("unknown iconType 2"));
  // isdpAid of 17 bytes: BF2D 17 { A0 15 { E3 13 { 4F 11 <17 bytes> } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(
                    fromHex("BF2D 17 A0 15 E3 13 4F 11 " + repeatHex("A0", 17)));
              }),
              HasSubstr("isdpAid is 17 bytes, expected 1..16"));
  // Event with no bit set: BF2D 0D { A0 0B { E3 09 { B6 07 { 30 05 { 80 01 00, 81 00 } } } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(
                    fromHex("BF2D0D A00B E309 B607 3005 800100 8100"));
              }),
              HasSubstr("notificationConfigurationInfo #1: profileManagementOperation has 0 bits "
                        "set, expected exactly one"));
  // mccMnc of 2 bytes: BF2D 0A { A0 08 { E3 06 { B7 04 { 80 02 32F4 } } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(fromHex("BF2D0A A008 E306 B704 800232F4"));
              }),
              HasSubstr("profileOwner mccMnc is 2 bytes, expected 3"));
  // dpOid cut inside an arc: BF2D 0A { A0 08 { E3 06 { B8 04 { 80 02 2B 86 } } } }
  EXPECT_THAT(errorOf([] {
                codec::decodeProfileInfoListResponse(fromHex("BF2D0A A008 E306 B804 80022B86"));
              }),
              HasSubstr("dpOid ends inside an arc"));
}

TEST(CodecGetProfilesInfo, RejectsOversizedIcon) {
  // BF2D 82040D { A0 820409 { E3 820405 { 94 820401 <1025 bytes> } } }
  const Bytes der = fromHex("BF2D 82040D A0 820409 E3 820405 94 820401 " + repeatHex("00", 1025));
  EXPECT_THAT(errorOf([&] { codec::decodeProfileInfoListResponse(der); }),
              HasSubstr("ProfileInfo #1: icon is 1025 bytes, at most 1024"));
  ProfileInfo p;
  p.icon = Bytes(1025, 0);
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = {p};
  EXPECT_THAT(
      errorOf([&] { codec::encodeProfileInfoListResponse(response); }, Errc::invalidArgument),
      HasSubstr("icon is 1025 bytes"));
}

TEST(CodecGetProfilesInfo, LongListWithIconUsesLongFormLengths) {
  // One ProfileInfo with an iccid and a 300-byte icon: 328 bytes in all.
  // BF2D 82 0144 { A0 82 0140 { E3 82 013C { 5A 0A <iccid>, 94 82 012C <300 x AB> } } }
  const Bytes der = fromHex("BF2D 820144 A0 820140 E3 82013C 5A0A " + kIccid19Hex + " 94 82012C " +
                            repeatHex("AB", 300));
  ProfileInfo p;
  p.iccid = kIccid19;
  p.icon = Bytes(300, 0xAB);
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = {p};
  EXPECT_EQ(codec::encodeProfileInfoListResponse(response), der);
  const auto decoded = codec::decodeProfileInfoListResponse(der);
  ASSERT_EQ(decoded.profileInfoListOk.size(), 1u);
  EXPECT_EQ(decoded.profileInfoListOk[0], p);
}

TEST(CodecGetProfilesInfo, RoundTripsMaximalProfiles) {
  ProfileInfo p = fullProfile();
  p.icon = Bytes(1024, 0x5C);
  p.profileNickname = std::string(64, 'n');
  p.serviceProviderName = std::string(32, 's');
  p.profileName = std::string(64, 'p');
  p.profileOwner->gid2 = fromHex("FFFF");
  p.profileClass = ProfileClass::test;
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = {p, minimalProfile(), p};
  const Bytes der = codec::encodeProfileInfoListResponse(response);
  EXPECT_GT(der.size(), 2048u);
  const auto decoded = codec::decodeProfileInfoListResponse(der);
  EXPECT_EQ(decoded.profileInfoListOk, response.profileInfoListOk);
}

TEST(CodecGetProfilesInfo, RejectsTruncatedTrailingAndWrongTag) {
  const Bytes full = fromHex(kTwoProfilesHex);
  const Bytes truncated(full.begin(), full.end() - 1);
  EXPECT_THAT(errorOf([&] { codec::decodeProfileInfoListResponse(truncated); }),
              HasSubstr("GetProfilesInfo response: truncated"));
  Bytes trailing = full;
  trailing.push_back(0x00);
  EXPECT_THAT(errorOf([&] { codec::decodeProfileInfoListResponse(trailing); }),
              HasSubstr("1 trailing bytes after the BF2D element"));
  EXPECT_THAT(errorOf([] { codec::decodeProfileInfoListResponse(fromHex("BF2B02A000")); }),
              HasSubstr("wrong tag BF2B, expected BF2D"));
  EXPECT_THAT(errorOf([] { codec::decodeProfileInfoListResponse({}); }),
              HasSubstr("GetProfilesInfo response: empty input"));
  // A ProfileInfo whose inner TLV overruns it: E3 03 { 5A 0A ... }.
  EXPECT_THAT(
      errorOf([] { codec::decodeProfileInfoListResponse(fromHex("BF2D07A005E3035A0A98")); }),
      HasSubstr("GetProfilesInfo response:"));
}

TEST(CodecGetProfilesInfo, DpOidConversion) {
  // Arcs above 127 and a first arc of 2: 2.999.3 -> 88 37 03 (2*40+999 = 1079).
  ProfileInfo p;
  p.dpOid = "2.999.3";
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = {p};
  // BF2D 0B { A0 09 { E3 07 { B8 05 { 80 03 8837 03 } } } }
  const Bytes der = fromHex("BF2D0B A009 E307 B805 8003 883703");
  EXPECT_EQ(codec::encodeProfileInfoListResponse(response), der);
  EXPECT_EQ(codec::decodeProfileInfoListResponse(der).profileInfoListOk[0].dpOid, "2.999.3");
  for (const char *bad : {"1", "3.1", "1.40", "1..2", "1.2.", "a.b", ""}) {
    response.profileInfoListOk[0].dpOid = bad;
    EXPECT_THAT(
        errorOf([&] { codec::encodeProfileInfoListResponse(response); }, Errc::invalidArgument),
        HasSubstr("dpOid"))
        << bad;
  }
}

} // namespace
