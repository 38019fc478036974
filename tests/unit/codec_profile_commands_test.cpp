// ES10 codec: EnableProfile (BF31), DisableProfile (BF32), DeleteProfile
// (BF33), SetNickname (BF29) and EuiccMemoryReset (BF34) against
// hand-written DER (SGP.22 v2.2.2; each TLV decoded in a comment).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "support/codec_test_util.hpp"

namespace {

using esim::Bytes;
using esim::Errc;
using esim::fromHex;
using testing::HasSubstr;
namespace codec = esim::codec;
using esim::test::errorOf;

// ICCID 8944476500001234567 as EF.ICCID (19 digits, F-padded).
const std::string kIccid = "8944476500001234567";
const std::string kIccidHex = "98 44 74 56 00 00 21 43 65 F7";
const std::string kAidHex = "A0000005591010FFFFFFFF8900001100";

codec::ProfileCommandRequest byIccid(bool refresh) {
  return codec::ProfileCommandRequest{esim::Iccid{kIccid}, refresh};
}
codec::ProfileCommandRequest byAid(bool refresh) {
  return codec::ProfileCommandRequest{esim::IsdpAid{fromHex(kAidHex)}, refresh};
}

bool sameRequest(const codec::ProfileCommandRequest &a, const codec::ProfileCommandRequest &b) {
  return a.profileIdentifier == b.profileIdentifier && a.refreshFlag == b.refreshFlag;
}

// ---- EnableProfile ----

TEST(CodecEnableProfile, RequestByIccidWithRefresh) {
  // BF31 11 { A0 0C { 5A 0A <iccid> }, 81 01 FF (refreshFlag TRUE) }
  const Bytes der = fromHex("BF31 11 A0 0C 5A 0A " + kIccidHex + " 81 01 FF");
  EXPECT_EQ(codec::encodeEnableProfileRequest(byIccid(true)), der);
  EXPECT_TRUE(sameRequest(codec::decodeEnableProfileRequest(der), byIccid(true)));
}

TEST(CodecEnableProfile, RequestByAidWithoutRefresh) {
  // BF31 17 { A0 12 { 4F 10 <aid> }, 81 01 00 (refreshFlag FALSE) }
  const Bytes der = fromHex("BF31 17 A0 12 4F 10 " + kAidHex + " 81 01 00");
  EXPECT_EQ(codec::encodeEnableProfileRequest(byAid(false)), der);
  EXPECT_TRUE(sameRequest(codec::decodeEnableProfileRequest(der), byAid(false)));
}

TEST(CodecEnableProfile, Responses) {
  // BF31 03 { 80 01 <enableResult> }
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF31 03 800100")),
            esim::EnableProfileResult::ok);
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF31 03 800102")),
            esim::EnableProfileResult::profileNotInDisabledState);
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF31 03 800104")),
            esim::EnableProfileResult::wrongProfileReenabling);
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF31 03 800105")),
            esim::EnableProfileResult::catBusy);
  EXPECT_EQ(codec::decodeEnableProfileResponse(fromHex("BF31 03 80017F")),
            esim::EnableProfileResult::undefinedError);
  EXPECT_EQ(codec::encodeEnableProfileResponse(esim::EnableProfileResult::disallowedByPolicy),
            fromHex("BF31 03 800103"));
}

TEST(CodecEnableProfile, UnnamedResultIsKept) {
  // SGP.22's INTEGER {ok(0), ...} is open: a newer card's 9 is a result.
  const esim::EnableProfileResult nine =
      codec::decodeEnableProfileResponse(fromHex("BF31 03 800109"));
  EXPECT_EQ(esim::codeNumber(nine), 9);
  EXPECT_EQ(esim::codeName(nine), std::nullopt);
  EXPECT_EQ(esim::describeCode(nine), "other(9)");
  EXPECT_EQ(esim::codeLabel(nine), "other(9)");
  EXPECT_EQ(esim::describeCode(esim::EnableProfileResult::catBusy), "catBusy (5)");
  EXPECT_EQ(codec::encodeEnableProfileResponse(nine), fromHex("BF31 03 800109"));
  // The largest code: 80 04 7FFFFFFF.
  EXPECT_EQ(esim::codeNumber(codec::decodeEnableProfileResponse(fromHex("BF31 06 80047FFFFFFF"))),
            2147483647);
}

TEST(CodecEnableProfile, OutOfRangeResultIsMalformed) {
  // A negative INTEGER: 80 01 FF = -1.
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF31 03 8001FF")); }),
              HasSubstr("EnableProfile response: enableResult -1 is outside 0..2147483647"));
  // 2^31: 80 05 0080000000.
  EXPECT_THAT(
      errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF31 07 80050080000000")); }),
      HasSubstr("EnableProfile response: enableResult 2147483648 is outside "
                "0..2147483647"));
  // A value beyond 64 bits: 80 09 01 00.. (asn1c cannot hold it).
  EXPECT_THAT(errorOf([] {
                codec::decodeEnableProfileResponse(fromHex("BF31 0B 8009 010000000000000000"));
              }),
              HasSubstr("EnableProfile response:"));
  // A negative value the caller made up cannot be encoded.
  EXPECT_THAT(
      errorOf(
          [] { codec::encodeEnableProfileResponse(static_cast<esim::EnableProfileResult>(-1)); },
          Errc::invalidArgument),
      HasSubstr("enableResult -1 is negative"));
}

TEST(CodecEnableProfile, RejectsBadInput) {
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse({}); }),
              HasSubstr("EnableProfile response: empty input"));
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF31 03 8001")); }),
              HasSubstr("EnableProfile response: truncated"));
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF31 03 800100 00")); }),
              HasSubstr("1 trailing bytes"));
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF32 03 800100")); }),
              HasSubstr("wrong tag BF32, expected BF31"));
  // Response without its INTEGER: BF31 00.
  EXPECT_THAT(errorOf([] { codec::decodeEnableProfileResponse(fromHex("BF31 00")); }),
              HasSubstr("EnableProfile response:"));
  // Request with a 9-byte ICCID: BF31 10 { A0 0B { 5A 09 ... }, 81 01 00 }
  EXPECT_THAT(errorOf([] {
                codec::decodeEnableProfileRequest(
                    fromHex("BF31 10 A0 0B 5A 09 98 44 74 56 00 00 21 43 65 810100"));
              }),
              HasSubstr("EnableProfile request: iccid is 9 bytes, expected 10"));
  // Bad arguments to the encoder.
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeEnableProfileRequest({esim::Iccid{"12345"}, false});
                  },
                  Errc::invalidArgument),
              HasSubstr("EnableProfile request: iccid"));
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeEnableProfileRequest({esim::IsdpAid{Bytes{}}, false});
                  },
                  Errc::invalidArgument),
              HasSubstr("isdpAid is 0 bytes, expected 1..16"));
}

// ---- DisableProfile ----

TEST(CodecDisableProfile, RequestsAndResponses) {
  // BF32 11 { A0 0C { 5A 0A <iccid> }, 81 01 FF }
  const Bytes der = fromHex("BF32 11 A0 0C 5A 0A " + kIccidHex + " 81 01 FF");
  EXPECT_EQ(codec::encodeDisableProfileRequest(byIccid(true)), der);
  EXPECT_TRUE(sameRequest(codec::decodeDisableProfileRequest(der), byIccid(true)));
  // BF32 17 { A0 12 { 4F 10 <aid> }, 81 01 00 }
  const Bytes byAidDer = fromHex("BF32 17 A0 12 4F 10 " + kAidHex + " 81 01 00");
  EXPECT_EQ(codec::encodeDisableProfileRequest(byAid(false)), byAidDer);
  EXPECT_TRUE(sameRequest(codec::decodeDisableProfileRequest(byAidDer), byAid(false)));
  // BF32 03 { 80 01 <disableResult> }
  EXPECT_EQ(codec::decodeDisableProfileResponse(fromHex("BF32 03 800102")),
            esim::DisableProfileResult::profileNotInEnabledState);
  EXPECT_EQ(codec::decodeDisableProfileResponse(fromHex("BF32 03 800103")),
            esim::DisableProfileResult::disallowedByPolicy);
  EXPECT_EQ(codec::encodeDisableProfileResponse(esim::DisableProfileResult::ok),
            fromHex("BF32 03 800100"));
  // 4 is wrongProfileReenabling for EnableProfile only: unnamed here, kept.
  EXPECT_EQ(esim::describeCode(codec::decodeDisableProfileResponse(fromHex("BF32 03 800104"))),
            "other(4)");
}

// ---- DeleteProfile ----

TEST(CodecDeleteProfile, RequestByIccidHasNoWrapper) {
  // BF33 0C { 5A 0A <iccid> }: the CHOICE sits directly in BF33.
  const Bytes der = fromHex("BF33 0C 5A 0A " + kIccidHex);
  EXPECT_EQ(codec::encodeDeleteProfileRequest(esim::Iccid{kIccid}), der);
  EXPECT_EQ(codec::decodeDeleteProfileRequest(der), esim::ProfileIdentifier(esim::Iccid{kIccid}));
}

TEST(CodecDeleteProfile, RequestByAid) {
  // BF33 12 { 4F 10 <aid> }
  const Bytes der = fromHex("BF33 12 4F 10 " + kAidHex);
  EXPECT_EQ(codec::encodeDeleteProfileRequest(esim::IsdpAid{fromHex(kAidHex)}), der);
  EXPECT_EQ(codec::decodeDeleteProfileRequest(der),
            esim::ProfileIdentifier(esim::IsdpAid{fromHex(kAidHex)}));
}

TEST(CodecDeleteProfile, TwentyDigitIccid) {
  // 89049032123451234512 (20 digits): 98 40 09 23 21 43 15 32 54 21, no padding.
  const Bytes der = fromHex("BF33 0C 5A 0A 98 40 09 23 21 43 15 32 54 21");
  EXPECT_EQ(codec::encodeDeleteProfileRequest(esim::Iccid{"89049032123451234512"}), der);
  EXPECT_EQ(codec::decodeDeleteProfileRequest(der),
            esim::ProfileIdentifier(esim::Iccid{"89049032123451234512"}));
}

TEST(CodecDeleteProfile, Responses) {
  // BF33 03 { 80 01 <deleteResult> }
  EXPECT_EQ(codec::decodeDeleteProfileResponse(fromHex("BF33 03 800100")),
            esim::DeleteProfileResult::ok);
  EXPECT_EQ(codec::decodeDeleteProfileResponse(fromHex("BF33 03 800101")),
            esim::DeleteProfileResult::iccidOrAidNotFound);
  EXPECT_EQ(codec::decodeDeleteProfileResponse(fromHex("BF33 03 800102")),
            esim::DeleteProfileResult::profileNotInDisabledState);
  EXPECT_EQ(codec::encodeDeleteProfileResponse(esim::DeleteProfileResult::undefinedError),
            fromHex("BF33 03 80017F"));
  // catBusy (5) is not a named deleteResult: kept as other(5).
  EXPECT_EQ(esim::describeCode(codec::decodeDeleteProfileResponse(fromHex("BF33 03 800105"))),
            "other(5)");
}

TEST(CodecDeleteProfile, RejectsNineByteIccid) {
  // BF33 0B { 5A 09 ... }: the lpac bug of an 18-digit ICCID sent as 9 bytes.
  EXPECT_THAT(errorOf([] {
                codec::decodeDeleteProfileRequest(
                    fromHex("BF33 0B 5A 09 98 01 23 45 67 89 01 23 45"));
              }),
              HasSubstr("DeleteProfile request: iccid is 9 bytes, expected 10"));
}

// ---- SetNickname ----

TEST(CodecSetNickname, Request) {
  // BF29 12 { 5A 0A <iccid>, 90 04 "Work" }
  const Bytes der = fromHex("BF29 12 5A 0A " + kIccidHex + " 90 04 576F726B");
  EXPECT_EQ(codec::encodeSetNicknameRequest({kIccid, "Work"}), der);
  const auto request = codec::decodeSetNicknameRequest(der);
  EXPECT_EQ(request.iccid, kIccid);
  EXPECT_EQ(request.profileNickname, "Work");
  // An empty nickname: BF29 0E { 5A 0A <iccid>, 90 00 }
  EXPECT_EQ(codec::encodeSetNicknameRequest({kIccid, ""}),
            fromHex("BF29 0E 5A 0A " + kIccidHex + " 90 00"));
}

TEST(CodecSetNickname, LimitsAndResponses) {
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeSetNicknameRequest({kIccid, std::string(65, 'x')});
                  },
                  Errc::invalidArgument),
              HasSubstr("SetNickname request: profileNickname is 65 bytes, at most 64"));
  EXPECT_NO_THROW(codec::encodeSetNicknameRequest({kIccid, std::string(64, 'x')}));
  // BF29 03 { 80 01 <setNicknameResult> }
  EXPECT_EQ(codec::decodeSetNicknameResponse(fromHex("BF29 03 800101")),
            esim::SetNicknameResult::iccidNotFound);
  EXPECT_EQ(codec::encodeSetNicknameResponse(esim::SetNicknameResult::ok),
            fromHex("BF29 03 800100"));
  EXPECT_EQ(esim::describeCode(codec::decodeSetNicknameResponse(fromHex("BF29 03 800102"))),
            "other(2)");
}

// ---- EuiccMemoryReset ----

TEST(CodecEuiccMemoryReset, RequestBitsAreTrimmed) {
  // BF34 04 { 82 02 05 A0 }: bits 0 (deleteOperationalProfiles) and 2
  // (resetDefaultSmdpAddress), 5 unused bits.
  const Bytes der = fromHex("BF34 04 82 02 05 A0");
  esim::EuiccMemoryResetOptions options;
  options.deleteOperationalProfiles = true;
  options.resetDefaultSmdpAddress = true;
  EXPECT_EQ(codec::encodeEuiccMemoryResetRequest(options), der);
  const auto decoded = codec::decodeEuiccMemoryResetRequest(der);
  EXPECT_TRUE(decoded.deleteOperationalProfiles);
  EXPECT_FALSE(decoded.deleteFieldLoadedTestProfiles);
  EXPECT_TRUE(decoded.resetDefaultSmdpAddress);
  // BF34 04 { 82 02 06 40 }: only bit 1 (deleteFieldLoadedTestProfiles).
  esim::EuiccMemoryResetOptions testOnly;
  testOnly.deleteFieldLoadedTestProfiles = true;
  EXPECT_EQ(codec::encodeEuiccMemoryResetRequest(testOnly), fromHex("BF34 04 82 02 06 40"));
  // BF34 03 { 82 01 00 }: no bit set is the empty BIT STRING.
  EXPECT_EQ(codec::encodeEuiccMemoryResetRequest({}), fromHex("BF34 03 82 01 00"));
  const auto none = codec::decodeEuiccMemoryResetRequest(fromHex("BF34 03 82 01 00"));
  EXPECT_FALSE(none.deleteOperationalProfiles || none.deleteFieldLoadedTestProfiles ||
               none.resetDefaultSmdpAddress);
}

TEST(CodecEuiccMemoryReset, Responses) {
  // BF34 03 { 80 01 <resetResult> }
  EXPECT_EQ(codec::decodeEuiccMemoryResetResponse(fromHex("BF34 03 800101")),
            esim::EuiccMemoryResetResult::nothingToDelete);
  EXPECT_EQ(codec::decodeEuiccMemoryResetResponse(fromHex("BF34 03 800105")),
            esim::EuiccMemoryResetResult::catBusy);
  EXPECT_EQ(codec::encodeEuiccMemoryResetResponse(esim::EuiccMemoryResetResult::ok),
            fromHex("BF34 03 800100"));
  EXPECT_EQ(esim::describeCode(codec::decodeEuiccMemoryResetResponse(fromHex("BF34 03 800102"))),
            "other(2)");
}

} // namespace
