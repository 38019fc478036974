// ES10 codec: GetEID, GetEuiccInfo1/2, GetEuiccConfiguredAddresses and
// SetDefaultDpAddress, checked against hand-written DER (tags from
// SGP.22 v2.2.2 RSPDefinitions; each TLV decoded in a comment).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
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
using testing::HasSubstr;
namespace codec = esim::codec;
using esim::test::errorOf;
using esim::test::hexText;

// The GSMA test CI's key identifier (SGP.26), 20 bytes.
const std::string kTestCiPkid = "F54172BDF98A95D65CBEB88A38A1C11D800A85C3";

// ---- GetEID ----

TEST(CodecGetEid, RequestIsTagList5A) {
  // BF3E 03 { 5C 01 5A }: GetEuiccDataRequest, tagList = '5A' (the EID).
  EXPECT_EQ(codec::encodeGetEidRequest(), fromHex("BF3E035C015A"));
  EXPECT_NO_THROW(codec::decodeGetEidRequest(fromHex("BF3E035C015A")));
  EXPECT_THAT(errorOf([] { codec::decodeGetEidRequest(fromHex("BF3E035C014F")); }),
              HasSubstr("GetEID request: tagList is '4F'"));
}

TEST(CodecGetEid, DecodesHandWrittenResponse) {
  // BF3E 12 { 5A 10 <EID, 16 bytes> }
  const Bytes der = fromHex("BF3E 12 5A 10 89049032123451234512345678901234");
  EXPECT_EQ(codec::decodeGetEidResponse(der), "89049032123451234512345678901234");
  EXPECT_EQ(codec::encodeGetEidResponse(fromHex("89049032123451234512345678901234")), der);
}

TEST(CodecGetEid, RejectsBadResponses) {
  // 15-byte EID: BF3E 11 { 5A 0F ... }
  EXPECT_THAT(errorOf([] {
                codec::decodeGetEidResponse(
                    fromHex("BF3E 11 5A 0F 890490321234512345123456789012"));
              }),
              HasSubstr("GetEID response: eidValue is 15 bytes, expected 16"));
  // Empty input.
  EXPECT_THAT(errorOf([] { codec::decodeGetEidResponse({}); }),
              HasSubstr("GetEID response: empty input"));
  // Truncated: the length says 18 bytes, 10 arrive.
  EXPECT_THAT(
      errorOf([] { codec::decodeGetEidResponse(fromHex("BF3E 12 5A 10 8904903212345123")); }),
      HasSubstr("GetEID response: truncated"));
  // Trailing garbage after a complete answer.
  EXPECT_THAT(errorOf([] {
                codec::decodeGetEidResponse(
                    fromHex("BF3E 12 5A 10 89049032123451234512345678901234 9000"));
              }),
              HasSubstr("2 trailing bytes"));
  // Wrong outer tag (a GetProfilesInfo answer).
  EXPECT_THAT(errorOf([] { codec::decodeGetEidResponse(fromHex("BF2D 02 A0 00")); }),
              HasSubstr("wrong tag BF2D, expected BF3E"));
  // Encoding a 15-byte EID is the caller's mistake.
  EXPECT_THAT(errorOf([] { codec::encodeGetEidResponse(Bytes(15, 0x89)); }, Errc::invalidArgument),
              HasSubstr("eidValue is 15 bytes"));
}

// ---- GetEuiccInfo1 ----

TEST(CodecEuiccInfo1, EmptyRequest) {
  EXPECT_EQ(codec::encodeGetEuiccInfo1Request(), fromHex("BF2000"));
}

TEST(CodecEuiccInfo1, DecodesHandWrittenResponse) {
  // clang-format off
  const Bytes der = fromHex("BF20 35"              // EUICCInfo1, 53 bytes
                            "  82 03 020202"      // svn 2.2.2
                            "  A9 16 04 14" +     // euiccCiPKIdListForVerification { SKI }
                            kTestCiPkid +         //
                            "  AA 16 04 14" +     // euiccCiPKIdListForSigning { SKI }
                            kTestCiPkid);
  // clang-format on
  const esim::EUICCInfo1 info = codec::decodeEuiccInfo1(der);
  EXPECT_EQ(info.svn, fromHex("020202"));
  ASSERT_EQ(info.euiccCiPKIdListForVerification.size(), 1u);
  EXPECT_EQ(info.euiccCiPKIdListForVerification[0], fromHex(kTestCiPkid));
  ASSERT_EQ(info.euiccCiPKIdListForSigning.size(), 1u);
  EXPECT_EQ(info.euiccCiPKIdListForSigning[0], fromHex(kTestCiPkid));
  EXPECT_EQ(codec::encodeEuiccInfo1(info), der);
}

TEST(CodecEuiccInfo1, RejectsShortSvn) {
  // svn of 2 bytes: BF20 08 { 82 02 0202, A9 00, AA 00 }
  EXPECT_THAT(errorOf([] { codec::decodeEuiccInfo1(fromHex("BF20 08 82020202 A900 AA00")); }),
              HasSubstr("GetEuiccInfo1 response: svn is 2 bytes, expected 3"));
}

// ---- GetEuiccInfo2 ----

// Test vectors are laid out one TLV per line.
// clang-format off
// A full EUICCInfo2, 155 bytes of content.
const std::string kEuiccInfo2Hex =
    "BF22 81 9B"
    "  81 03 020301"                     // profileVersion 2.3.1
    "  82 03 020202"                     // svn 2.2.2
    "  83 03 010000"                     // euiccFirmwareVer 1.0.0
    "  84 0D 810105 820400 01D4C0 83021F40" // extCardResource: 5 apps, NVM 120000, RAM 8000
    "  85 03 01 6802"                    // uiccCapability: bits 1, 2, 4, 14 (1 unused bit)
    "  86 03 090200"                     // ts102241Version 9.2.0
    "  87 03 020300"                     // globalplatformVersion 2.3.0
    "  88 02 04 90"                      // rspCapability: bits 0 and 3
    "  A9 16 04 14 F54172BDF98A95D65CBEB88A38A1C11D800A85C3" // CI PKIDs for verification
    "  AA 16 04 14 F54172BDF98A95D65CBEB88A38A1C11D800A85C3" // CI PKIDs for signing
    "  8B 01 02"                         // euiccCategory mediumEuicc
    "  99 02 06 40"                      // forbiddenProfilePolicyRules: ppr1
    "  04 03 010200"                     // ppVersion 1.2.0
    "  0C 0D 47492D42412D55502D30343139" // sasAcreditationNumber "GI-BA-UP-0419"
    "  AC 1D"                            // certificationDataObject
    "    80 09 506C6174666F726D58"       //   platformLabel "PlatformX"
    "    81 10 736D64732E6578616D706C652E636F6D"; // discoveryBaseURL "smds.example.com"
// clang-format on

TEST(CodecEuiccInfo2, EmptyRequest) {
  EXPECT_EQ(codec::encodeGetEuiccInfo2Request(), fromHex("BF2200"));
}

TEST(CodecEuiccInfo2, DecodesHandWrittenResponse) {
  const esim::EUICCInfo2 info = codec::decodeEuiccInfo2(fromHex(kEuiccInfo2Hex));
  EXPECT_EQ(info.profileVersion, fromHex("020301"));
  EXPECT_EQ(info.svn, fromHex("020202"));
  EXPECT_EQ(info.euiccFirmwareVer, fromHex("010000"));
  EXPECT_EQ(info.extCardResource, fromHex("810105 82040001D4C0 83021F40"));
  EXPECT_EQ(info.extCardResourceDecoded.numberOfInstalledApplications, 5u);
  EXPECT_EQ(info.extCardResourceDecoded.freeNonVolatileMemory, 120000u);
  EXPECT_EQ(info.extCardResourceDecoded.freeVolatileMemory, 8000u);
  EXPECT_EQ(info.uiccCapability.bytes, fromHex("6802"));
  EXPECT_EQ(info.uiccCapability.unusedBits, 1);
  EXPECT_TRUE(info.uiccCapability.test(1));  // usimSupport
  EXPECT_TRUE(info.uiccCapability.test(14)); // javacard
  EXPECT_FALSE(info.uiccCapability.test(0));
  EXPECT_EQ(info.ts102241Version, fromHex("090200"));
  EXPECT_EQ(info.globalplatformVersion, fromHex("020300"));
  EXPECT_EQ(info.rspCapability.bytes, fromHex("90"));
  EXPECT_EQ(info.rspCapability.unusedBits, 4);
  ASSERT_EQ(info.euiccCiPKIdListForVerification.size(), 1u);
  EXPECT_EQ(info.euiccCiPKIdListForVerification[0], fromHex(kTestCiPkid));
  ASSERT_EQ(info.euiccCiPKIdListForSigning.size(), 1u);
  EXPECT_EQ(info.euiccCategory, esim::EuiccCategory::mediumEuicc);
  ASSERT_TRUE(info.forbiddenProfilePolicyRules.has_value());
  EXPECT_EQ(*info.forbiddenProfilePolicyRules, (esim::PprIds{false, true, false}));
  EXPECT_EQ(info.ppVersion, fromHex("010200"));
  EXPECT_EQ(info.sasAcreditationNumber, "GI-BA-UP-0419");
  ASSERT_TRUE(info.certificationDataObject.has_value());
  EXPECT_EQ(info.certificationDataObject->platformLabel, "PlatformX");
  EXPECT_EQ(info.certificationDataObject->discoveryBaseURL, "smds.example.com");
}

TEST(CodecEuiccInfo2, ReencodesToTheSameBytes) {
  const Bytes der = fromHex(kEuiccInfo2Hex);
  EXPECT_EQ(codec::encodeEuiccInfo2(codec::decodeEuiccInfo2(der)), der);
}

// Found by fuzz_es10_euicc_info2: uiccCapability 85 04 06 7F 32 BC has bits
// set among its 6 unused bits; the decoded value kept them, so it changed
// when re-encoded. Bits are now read in minimal form; a non-minimal encoding
// (trailing zero bytes) gives the same value too.
TEST(CodecEuiccInfo2, BitStringsDecodeToTheirMinimalForm) {
  const Bytes der =
      fromHex("BF2275810302030182030202028303040600840C7E00000000000000780280008504067F32BC86030902"
              "00870302030088020490A91604144247983555EFF4FEFD0B1A48B5EF04136D4539A1AA1604144247D8"
              "3555EFF4FEFD0B1A48B5EF04136D4530A104030203000C0D454D554C41544F522D30303031");
  const esim::EUICCInfo2 info = codec::decodeEuiccInfo2(der);
  EXPECT_EQ(info.uiccCapability, (esim::BitString{{0x7F, 0x32, 0x80}, 7}));
  EXPECT_TRUE(info.uiccCapability.test(16));
  EXPECT_FALSE(info.uiccCapability.test(17));
  EXPECT_EQ(codec::decodeEuiccInfo2(codec::encodeEuiccInfo2(info)), info);

  std::string hex = esim::toHex(der);
  const std::string minimal = "8504077F3280";
  const std::string padded = "8505007F328000"; // same bits, a zero byte more
  hex.replace(hex.find("8504067F32BC"), 12, minimal);
  const esim::EUICCInfo2 fromMinimal = codec::decodeEuiccInfo2(fromHex(hex));
  std::string paddedHex = hex;
  paddedHex.replace(paddedHex.find(minimal), minimal.size(), padded);
  // The outer lengths grow by one byte with the padded form.
  paddedHex.replace(0, 6, "BF2276");
  EXPECT_EQ(codec::decodeEuiccInfo2(fromHex(paddedHex)).uiccCapability, fromMinimal.uiccCapability);
  EXPECT_EQ(fromMinimal.uiccCapability, info.uiccCapability);
}

TEST(CodecEuiccInfo2, EncodesDecodedExtCardResourceMinimally) {
  esim::EUICCInfo2 info = codec::decodeEuiccInfo2(fromHex(kEuiccInfo2Hex));
  info.extCardResource.clear(); // use extCardResourceDecoded
  const Bytes der = codec::encodeEuiccInfo2(info);
  // 84 0C { 81 01 05, 82 03 01D4C0, 83 02 1F40 }
  const Bytes expected = fromHex("840C 810105 820301D4C0 83021F40");
  EXPECT_NE(std::search(der.begin(), der.end(), expected.begin(), expected.end()), der.end());
  EXPECT_EQ(codec::decodeEuiccInfo2(der).extCardResourceDecoded, info.extCardResourceDecoded);
}

// Test vectors are laid out one TLV per line.
// clang-format off
// A minimal EUICCInfo2 around extCardResource |ext| (content 34 + ext bytes).
std::string minimalInfo2(const std::string &lengthHex, const std::string &extHex) {
  return "BF22 " + lengthHex +
         "  81 03 020200"  // profileVersion
         "  82 03 020202"  // svn
         "  83 03 010000"  // euiccFirmwareVer
         "  84 " + extHex + // extCardResource
         "  85 01 00"      // uiccCapability: no bits
         "  88 01 00"      // rspCapability: no bits
         "  A9 00 AA 00"   // no CI PKIDs
         "  04 03 010000"  // ppVersion
         "  0C 00";        // sasAcreditationNumber ""
}
// clang-format on

TEST(CodecEuiccInfo2, ToleratesUnknownExtCardResourceTlv) {
  // extCardResource 84 0A { 81 01 05, 84 01 07 (unknown), 83 02 1F40 }
  const auto info =
      codec::decodeEuiccInfo2(fromHex(minimalInfo2("2C", "0A 810105 840107 83021F40")));
  EXPECT_EQ(info.extCardResourceDecoded.numberOfInstalledApplications, 5u);
  EXPECT_FALSE(info.extCardResourceDecoded.freeNonVolatileMemory.has_value());
  EXPECT_EQ(info.extCardResourceDecoded.freeVolatileMemory, 8000u);
  EXPECT_FALSE(info.euiccCategory.has_value());
  EXPECT_FALSE(info.certificationDataObject.has_value());
  EXPECT_TRUE(info.uiccCapability.bytes.empty());
}

TEST(CodecEuiccInfo2, RejectsMalformedExtCardResource) {
  // 84 03 { 81 05 00 }: the TLV announces 5 bytes, 1 follows.
  EXPECT_THAT(errorOf([] { codec::decodeEuiccInfo2(fromHex(minimalInfo2("25", "03 810500"))); }),
              HasSubstr("GetEuiccInfo2 response: extCardResource: truncated TLV"));
  // 84 0B { 82 09 <9-byte number> }: more than 64 bits.
  EXPECT_THAT(errorOf([] {
                codec::decodeEuiccInfo2(fromHex(minimalInfo2("2D", "0B 8209 010000000000000000")));
              }),
              HasSubstr("extCardResource tag 82 does not fit 64 bits"));
}

TEST(CodecEuiccInfo2, RejectsBadVersionLength) {
  // ppVersion of 2 bytes; content 33 bytes.
  const std::string hex = "BF22 21 810302020082030202028303010000 8400 850100 880100 A900 AA00"
                          " 0402 0100 0C00";
  EXPECT_THAT(errorOf([&] { codec::decodeEuiccInfo2(fromHex(hex)); }),
              HasSubstr("GetEuiccInfo2 response: ppVersion is 2 bytes, expected 3"));
}

TEST(CodecEuiccInfo2, SkipsUnknownExtensionField) {
  // The minimal EUICCInfo2 with an extension from a newer SGP.22 appended:
  // 8D 02 07 80 (treProperties); content 34 + 4 = 38.
  const auto info = codec::decodeEuiccInfo2(fromHex(minimalInfo2("26", "00") + " 8D 02 0780"));
  EXPECT_EQ(info.svn, fromHex("020202"));
}

TEST(CodecEuiccInfo2, OutOfOrderOptionalFieldIsAnError) {
  // ts102241Version (86) at the end, after sasAcreditationNumber (0C): asn1c
  // takes it for an unknown extension and would skip it. Content 39 bytes.
  const std::string hex = "BF22 27 810302020082030202028303010000 8400 850100 880100 A900 AA00"
                          " 0403010000 0C00 8603090200";
  EXPECT_THAT(errorOf([&] { codec::decodeEuiccInfo2(fromHex(hex)); }),
              HasSubstr("GetEuiccInfo2 response: ts102241Version (tag 86) is out of the ASN.1 "
                        "order of its SEQUENCE"));
  // Where a mandatory field is still missing, asn1c refuses by itself:
  // euiccCategory (8B) then ts102241Version (86) before ppVersion.
  const std::string early = "BF22 2A 810302020082030202028303010000 8400 850100 880100 A900"
                            " AA00 8B0101 8603090200 0403010000 0C00";
  EXPECT_THAT(errorOf([&] { codec::decodeEuiccInfo2(fromHex(early)); }),
              HasSubstr("GetEuiccInfo2 response: not a valid EUICCInfo2"));
}

// ---- GetEuiccConfiguredAddresses ----

TEST(CodecConfiguredAddresses, RequestAndHandWrittenResponse) {
  EXPECT_EQ(codec::encodeEuiccConfiguredAddressesRequest(), fromHex("BF3C00"));
  // BF3C 23 { 80 10 "smdp.example.com", 81 0F "lpa.ds.gsma.com" }
  const Bytes der = fromHex("BF3C 23 80 10 " + hexText("smdp.example.com") + " 81 0F " +
                            hexText("lpa.ds.gsma.com"));
  const auto a = codec::decodeEuiccConfiguredAddressesResponse(der);
  EXPECT_EQ(a.defaultDpAddress, "smdp.example.com");
  EXPECT_EQ(a.rootDsAddress, "lpa.ds.gsma.com");
  EXPECT_EQ(codec::encodeEuiccConfiguredAddressesResponse(a), der);
}

TEST(CodecConfiguredAddresses, WithoutDefaultDpAddress) {
  // BF3C 11 { 81 0F "lpa.ds.gsma.com" }
  const Bytes der = fromHex("BF3C 11 81 0F " + hexText("lpa.ds.gsma.com"));
  const auto a = codec::decodeEuiccConfiguredAddressesResponse(der);
  EXPECT_FALSE(a.defaultDpAddress.has_value());
  EXPECT_EQ(a.rootDsAddress, "lpa.ds.gsma.com");
  EXPECT_EQ(codec::encodeEuiccConfiguredAddressesResponse(a), der);
}

// ---- SetDefaultDpAddress ----

TEST(CodecSetDefaultDpAddress, Request) {
  // BF3F 12 { 80 10 "smdp.example.com" }
  const Bytes der = fromHex("BF3F 12 80 10 " + hexText("smdp.example.com"));
  EXPECT_EQ(codec::encodeSetDefaultDpAddressRequest("smdp.example.com"), der);
  EXPECT_EQ(codec::decodeSetDefaultDpAddressRequest(der), "smdp.example.com");
  // An empty address clears it: BF3F 02 { 80 00 }.
  EXPECT_EQ(codec::encodeSetDefaultDpAddressRequest(""), fromHex("BF3F028000"));
  EXPECT_EQ(codec::decodeSetDefaultDpAddressRequest(fromHex("BF3F028000")), "");
}

TEST(CodecSetDefaultDpAddress, Response) {
  // BF3F 03 { 80 01 <result> }
  EXPECT_EQ(codec::decodeSetDefaultDpAddressResponse(fromHex("BF3F03800100")),
            esim::SetDefaultDpAddressResult::ok);
  EXPECT_EQ(codec::decodeSetDefaultDpAddressResponse(fromHex("BF3F0380017F")),
            esim::SetDefaultDpAddressResult::undefinedError);
  EXPECT_EQ(
      codec::encodeSetDefaultDpAddressResponse(esim::SetDefaultDpAddressResult::undefinedError),
      fromHex("BF3F0380017F"));
  EXPECT_EQ(esim::describeCode(codec::decodeSetDefaultDpAddressResponse(fromHex("BF3F03800105"))),
            "other(5)");
}

} // namespace
