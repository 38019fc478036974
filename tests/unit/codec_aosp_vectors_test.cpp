// ES10 codec against byte strings published by others: the APDU payloads of
// the Android Open Source Project's EuiccCardTest (frameworks/opt/telephony,
// tests/telephonytests/.../uicc/euicc/EuiccCardTest.java), status words
// removed. They were written independently of this codec.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using testing::HasSubstr;
namespace codec = esim::codec;

// AOSP's ICCID 98760000000000543210 (20 digits): 89 67 00 00 00 00 00 45 23 01.
const std::string kIccid = "98760000000000543210";

TEST(CodecAospVectors, GetAllProfiles) {
  // testGetAllProfiles: one ProfileInfo with iccid and profileState enabled.
  const auto r = codec::decodeProfileInfoListResponse(
      fromHex("BF2D14A012E3105A0A896700000000004523019F700101"));
  ASSERT_EQ(r.profileInfoListOk.size(), 1u);
  EXPECT_EQ(r.profileInfoListOk[0].iccid, kIccid);
  EXPECT_EQ(r.profileInfoListOk[0].profileState, esim::ProfileState::enabled);
  // testFSuffix: an 18-digit ICCID padded with FF.
  const auto f = codec::decodeProfileInfoListResponse(
      fromHex("BF2D14A012E3105A0A896700000000004523FF9F700101"));
  ASSERT_EQ(f.profileInfoListOk.size(), 1u);
  EXPECT_EQ(f.profileInfoListOk[0].iccid, "987600000000005432");
}

TEST(CodecAospVectors, GetProfileRequest) {
  // testGetProfile's request: searchCriteria iccid and an 11-byte tagList.
  esim::ProfileInfoListRequest request;
  request.searchCriteria = esim::Iccid{kIccid};
  request.tagList = fromHex("5A909192B79F709599BF76");
  const Bytes der = fromHex("BF2D1BA00C5A0A896700000000004523015C0B5A909192B79F709599BF76");
  EXPECT_EQ(codec::encodeProfileInfoListRequest(request), der);
  EXPECT_EQ(codec::decodeProfileInfoListRequest(der), request);
  // testGetAllProfiles' request: only the tagList.
  esim::ProfileInfoListRequest all;
  all.tagList = fromHex("5A909192B79F709599BF76");
  EXPECT_EQ(codec::encodeProfileInfoListRequest(all), fromHex("BF2D0D5C0B5A909192B79F709599BF76"));
}

TEST(CodecAospVectors, GetProfileWithUnknownExtension) {
  // testGetProfile's answer with its fields put in the ASN.1 order (AOSP's
  // TLV parser ignores order; the vector has profileState after
  // profileOwner). It ends with BF76, a field of newer SGP.22 versions that
  // must be skipped.
  const Bytes der =
      fromHex("BF2D8184A08181E37F"
              "5A0A89670000000000452301"           // iccid
              "9F700101"                           // profileState enabled
              "90046E69636B"                       // profileNickname "nick"
              "9103746D6F"                         // serviceProviderName "tmo"
              "92027031"                           // profileName "p1"
              "950101"                             // profileClass provisioning
              "B70F800312F34581030102038203040506" // profileOwner
              "990206C0"                           // profilePolicyRules: bits 0 and 1
              "BF7645E243E135C114ABCD92CBB156B280FA4E1429A6ECEEB6E5C1BFE4"
              "CA1D636F6D2E676F6F676C652E616E64726F69642E617070732E6D79617070"
              "E30ADB080000000000000001"); // unknown extension (carrier privilege rules)
  const auto r = codec::decodeProfileInfoListResponse(der);
  ASSERT_EQ(r.profileInfoListOk.size(), 1u);
  const esim::ProfileInfo &p = r.profileInfoListOk[0];
  EXPECT_EQ(p.iccid, kIccid);
  EXPECT_EQ(p.profileState, esim::ProfileState::enabled);
  EXPECT_EQ(p.profileNickname, "nick");
  EXPECT_EQ(p.serviceProviderName, "tmo");
  EXPECT_EQ(p.profileName, "p1");
  EXPECT_EQ(p.profileClass, esim::ProfileClass::provisioning);
  ASSERT_TRUE(p.profileOwner.has_value());
  EXPECT_EQ(p.profileOwner->mccMnc, fromHex("12F345")); // MCC 213, MNC 54
  EXPECT_EQ(p.profileOwner->gid1, fromHex("010203"));
  EXPECT_EQ(p.profileOwner->gid2, fromHex("040506"));
  // SGP.22 names bit 0 pprUpdateControl and bit 1 ppr1.
  EXPECT_EQ(p.profilePolicyRules, (esim::PprIds{true, true, false}));
}

TEST(CodecAospVectors, OutOfOrderFieldIsAnErrorNotALoss) {
  // testGetProfile's answer as published: profileState (9F70) comes after
  // profileOwner (B7). asn1c would skip it as an unknown extension; the
  // codec reports it instead of returning a profile without its state.
  const Bytes der =
      fromHex("BF2D8184A08181E37F5A0A8967000000000045230190046E69636B9103746D6F92027031"
              "B70F800312F345810301020382030405069F700101950101990206C0"
              "BF7645E243E135C114ABCD92CBB156B280FA4E1429A6ECEEB6E5C1BFE4"
              "CA1D636F6D2E676F6F676C652E616E64726F69642E617070732E6D79617070"
              "E30ADB080000000000000001");
  try {
    codec::decodeProfileInfoListResponse(der);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::malformedResponse);
    EXPECT_THAT(e.what(), HasSubstr("GetProfilesInfo response: ProfileInfo #1: profileState "
                                    "(tag 9F70) is out of the ASN.1 order"));
  }
}

TEST(CodecAospVectors, ProfileCommands) {
  // testSwitchToProfile / testDisableProfile: by ICCID, refreshFlag true.
  const codec::ProfileCommandRequest request{esim::Iccid{kIccid}, true};
  EXPECT_EQ(codec::encodeEnableProfileRequest(request),
            fromHex("BF3111A00C5A0A896700000000004523018101FF"));
  EXPECT_EQ(codec::encodeDisableProfileRequest(request),
            fromHex("BF3211A00C5A0A896700000000004523018101FF"));
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF3103800100")),
            esim::EnableProfileResult::ok);
  EXPECT_EQ(codec::decodeDisableProfileResponse(fromHex("BF3203800103")),
            esim::DisableProfileResult::disallowedByPolicy);
  // testDeleteProfile.
  EXPECT_EQ(codec::encodeDeleteProfileRequest(esim::Iccid{kIccid}),
            fromHex("BF330C5A0A89670000000000452301"));
  EXPECT_EQ(codec::decodeDeleteProfileResponse(fromHex("BF3303800103")),
            esim::DeleteProfileResult::disallowedByPolicy);
  // testSetNickname: "new nickname".
  EXPECT_EQ(codec::encodeSetNicknameRequest({kIccid, "new nickname"}),
            fromHex("BF291A5A0A89670000000000452301900C6E6577206E69636B6E616D65"));
  EXPECT_EQ(codec::decodeSetNicknameResponse(fromHex("BF2903800100")), esim::SetNicknameResult::ok);
  // testResetMemory: deleteFieldLoadedTestProfiles.
  esim::EuiccMemoryResetOptions options;
  options.deleteFieldLoadedTestProfiles = true;
  EXPECT_EQ(codec::encodeEuiccMemoryResetRequest(options), fromHex("BF340482020640"));
  EXPECT_EQ(codec::decodeEuiccMemoryResetResponse(fromHex("BF3403800100")),
            esim::EuiccMemoryResetResult::ok);
}

TEST(CodecAospVectors, ErrorAlternativesKeepUnnamedCodes) {
  // testListNotifications_Error: listNotificationsResultError 3, a number
  // SGP.22 does not name (only undefinedError(127)); the INTEGER is open, so
  // it is the card's answer, not a malformed one.
  const auto list = codec::decodeListNotificationResponse(fromHex("BF2803810103"));
  ASSERT_TRUE(list.listNotificationsResultError.has_value());
  EXPECT_EQ(esim::codeNumber(*list.listNotificationsResultError), 3);
  EXPECT_EQ(esim::describeCode(*list.listNotificationsResultError), "other(3)");
  EXPECT_TRUE(list.notificationMetadataList.empty());
  // testRetrieveNotificationList_Error (3, unnamed) and
  // testRetrieveNotification_Error (1, noResultAvailable).
  const auto retrieve = codec::decodeRetrieveNotificationsListResponse(fromHex("BF2B03810103"));
  ASSERT_TRUE(retrieve.notificationsListResultError.has_value());
  EXPECT_EQ(esim::describeCode(*retrieve.notificationsListResultError), "other(3)");
  EXPECT_EQ(codec::decodeRetrieveNotificationsListResponse(fromHex("BF2B03810101"))
                .notificationsListResultError,
            esim::NotificationsListResultError::noResultAvailable);
  // testCancelSession_Error: cancelSessionResponseError 3 (SGP.22 names 5
  // and 127).
  const auto cancel = codec::decodeCancelSessionResponse(fromHex("BF4103810103"));
  ASSERT_TRUE(cancel.cancelSessionResponseError.has_value());
  EXPECT_EQ(esim::describeCode(*cancel.cancelSessionResponseError), "other(3)");
}

TEST(CodecAospVectors, ResultCodes) {
  // testSwitchToProfile_Error, testDisableProfile_Error and
  // testDeleteProfile_Error answer 3: disallowedByPolicy, named in all three.
  EXPECT_EQ(esim::describeCode(codec::decodeEnableProfileResponse(fromHex("BF3103800103"))),
            "disallowedByPolicy (3)");
  EXPECT_EQ(esim::describeCode(codec::decodeDisableProfileResponse(fromHex("BF3203800103"))),
            "disallowedByPolicy (3)");
  EXPECT_EQ(esim::describeCode(codec::decodeDeleteProfileResponse(fromHex("BF3303800103"))),
            "disallowedByPolicy (3)");
}

TEST(CodecAospVectors, AddressesAndEid) {
  // testGetDefaultSmdpAddress / testGetSmdsAddress.
  const auto a = codec::decodeEuiccConfiguredAddressesResponse(
      fromHex("BF3C148008534D44502E434F4D8108736D64732E636F6D"));
  EXPECT_EQ(a.defaultDpAddress, "SMDP.COM");
  EXPECT_EQ(a.rootDsAddress, "smds.com");
  EXPECT_EQ(codec::encodeEuiccConfiguredAddressesRequest(), fromHex("BF3C00"));
  // testSetDefaultSmdpAddress.
  EXPECT_EQ(codec::encodeSetDefaultDpAddressRequest("smdp.gsma.com"),
            fromHex("BF3F0F800D736D64702E67736D612E636F6D"));
  EXPECT_EQ(codec::decodeSetDefaultDpAddressResponse(fromHex("BF3F03800100")),
            esim::SetDefaultDpAddressResult::ok);
  // testGetEid: the request matches; AOSP's 4-byte EID answer is too short
  // for SGP.22 (16 bytes) and is refused.
  EXPECT_EQ(codec::encodeGetEidRequest(), fromHex("BF3E035C015A"));
  try {
    codec::decodeGetEidResponse(fromHex("BF3E065A041A2B3C4D"));
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::malformedResponse);
    EXPECT_THAT(e.what(), HasSubstr("GetEID response: eidValue is 4 bytes, expected 16"));
  }
  // testGetEuiccInfo1 / 2: the requests.
  EXPECT_EQ(codec::encodeGetEuiccInfo1Request(), fromHex("BF2000"));
  EXPECT_EQ(codec::encodeGetEuiccInfo2Request(), fromHex("BF2200"));
}

} // namespace
