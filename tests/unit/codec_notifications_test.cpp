// ES10 codec: ListNotification (BF28), RetrieveNotificationsList (BF2B),
// RemoveNotificationFromList (BF30) and signed notifications, against
// hand-written DER (SGP.22 v2.2.2; each TLV decoded in a comment).
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
using esim::NotificationEvent;
using testing::HasSubstr;
namespace codec = esim::codec;
using esim::test::errorOf;
using esim::test::hexText;
using esim::test::repeatHex;

const std::string kIccid = "8944476500001234567";
const std::string kIccidHex = "98 44 74 56 00 00 21 43 65 F7";
const std::string kAddressHex = hexText("smdp.example.com"); // 16 bytes

// Test vectors are laid out one TLV per line.
// clang-format off
// NotificationMetadata seq 5, delete, with iccid: 40 bytes.
const std::string kMetadataDeleteHex = "BF2F 25"               // NotificationMetadata
                                       "  80 01 05"            //  seqNumber 5
                                       "  81 02 04 10"         //  notificationDelete (bit 3)
                                       "  0C 10 " + kAddressHex + //  notificationAddress
                                       "  5A 0A " + kIccidHex; //  iccid
// NotificationMetadata seq 0, install, without iccid: 28 bytes.
const std::string kMetadataInstallHex = "BF2F 19"
                                        "  80 01 00"           //  seqNumber 0
                                        "  81 02 07 80"        //  notificationInstall (bit 0)
                                        "  0C 10 " + kAddressHex;
// NotificationMetadata seq 7, install, with iccid: 40 bytes.
const std::string kMetadataSeq7Hex = "BF2F 25 80 01 07 81 02 07 80 0C 10 " + kAddressHex +
                                     " 5A 0A " + kIccidHex;

const std::string kSignatureHex = repeatHex("11", 32) + repeatHex("22", 32); // r || s
const std::string kEuiccCertHex = "30 06 020101 020102"; // stand-ins for X.509 DER
const std::string kEumCertHex = "30 06 020103 020104";

// OtherSignedNotification: 125 bytes.
const std::string kOtherSignedHex = "30 7B " + kMetadataDeleteHex + // tbsOtherNotification
                                    " 5F37 40 " + kSignatureHex +  // euiccNotificationSignature
                                    " " + kEuiccCertHex +          // euiccCertificate
                                    " " + kEumCertHex;             // eumCertificate

// ProfileInstallationResult: 153 bytes.
const std::string kInstallResultHex =
    "BF37 81 95"                          // ProfileInstallationResult
    "  BF27 4F"                           //  profileInstallationResultData
    "    80 04 01020304"                  //   transactionId
    "    " + kMetadataSeq7Hex +           //   notificationMetadata
    "    06 05 2B06010401"                //   smdpOid 1.3.6.1.4.1
    "    A2 18 A0 16"                     //   finalResult: successResult
    "      4F 10 A0000005591010FFFFFFFF8900001100" // aid
    "      04 02 9000"                    //    simaResponse
    "  5F37 40 " + repeatHex("33", 64);   //  euiccSignPIR

// RetrieveNotificationsListResponse with both: 286 bytes.
const std::string kRetrievedHex = "BF2B 82011A A0 820116 " + kOtherSignedHex + " " +
                                  kInstallResultHex;
// clang-format on

esim::NotificationMetadata metadataDelete() {
  return {5, NotificationEvent::notificationDelete, "smdp.example.com", kIccid};
}

// ---- ListNotification ----

TEST(CodecListNotification, Requests) {
  EXPECT_EQ(codec::encodeListNotificationRequest(std::nullopt), fromHex("BF2800"));
  EXPECT_EQ(codec::decodeListNotificationRequest(fromHex("BF2800")), std::nullopt);
  // BF28 04 { 81 02 <NotificationEvent> }: one bit, trailing zero bits dropped.
  EXPECT_EQ(codec::encodeListNotificationRequest(NotificationEvent::notificationInstall),
            fromHex("BF28 04 81 02 0780"));
  EXPECT_EQ(codec::encodeListNotificationRequest(NotificationEvent::notificationEnable),
            fromHex("BF28 04 81 02 0640"));
  EXPECT_EQ(codec::encodeListNotificationRequest(NotificationEvent::notificationDisable),
            fromHex("BF28 04 81 02 0520"));
  EXPECT_EQ(codec::encodeListNotificationRequest(NotificationEvent::notificationDelete),
            fromHex("BF28 04 81 02 0410"));
  EXPECT_EQ(codec::decodeListNotificationRequest(fromHex("BF28 04 81 02 0410")),
            NotificationEvent::notificationDelete);
}

TEST(CodecListNotification, DecodesHandWrittenList) {
  // BF28 46 { A0 44 { <seq 5 delete>, <seq 0 install> } }
  const Bytes der = fromHex("BF28 46 A0 44 " + kMetadataDeleteHex + " " + kMetadataInstallHex);
  const auto response = codec::decodeListNotificationResponse(der);
  EXPECT_FALSE(response.listNotificationsResultError);
  ASSERT_EQ(response.notificationMetadataList.size(), 2u);
  const auto &first = response.notificationMetadataList[0];
  EXPECT_EQ(first.seqNumber, 5);
  EXPECT_EQ(first.profileManagementOperation, NotificationEvent::notificationDelete);
  EXPECT_EQ(first.notificationAddress, "smdp.example.com");
  EXPECT_EQ(first.iccid, kIccid);
  const auto &second = response.notificationMetadataList[1];
  EXPECT_EQ(second.seqNumber, 0);
  EXPECT_EQ(second.profileManagementOperation, NotificationEvent::notificationInstall);
  EXPECT_FALSE(second.iccid.has_value());
  EXPECT_EQ(codec::encodeListNotificationResponse(response), der);
}

TEST(CodecListNotification, ErrorAlternative) {
  // BF28 03 { 81 01 7F }: undefinedError.
  const auto response = codec::decodeListNotificationResponse(fromHex("BF28 03 81017F"));
  EXPECT_EQ(response.listNotificationsResultError,
            esim::ListNotificationsResultError::undefinedError);
  EXPECT_TRUE(response.notificationMetadataList.empty());
  codec::ListNotificationResponse error;
  error.listNotificationsResultError = esim::ListNotificationsResultError::undefinedError;
  EXPECT_EQ(codec::encodeListNotificationResponse(error), fromHex("BF28 03 81017F"));
  // SGP.22 names only 127, but the INTEGER is open: 1 is kept, not refused.
  const auto one = codec::decodeListNotificationResponse(fromHex("BF28 03 810101"));
  EXPECT_EQ(one.listNotificationsResultError, esim::ListNotificationsResultError{1});
  EXPECT_EQ(esim::codeName(*one.listNotificationsResultError), std::nullopt);
  EXPECT_EQ(codec::encodeListNotificationResponse(one), fromHex("BF28 03 810101"));
  // A negative number is no code: BF28 03 { 81 01 FF } is -1.
  EXPECT_THAT(errorOf([] { codec::decodeListNotificationResponse(fromHex("BF28 03 8101FF")); }),
              HasSubstr("ListNotification response: listNotificationsResultError -1 is outside "
                        "0..2147483647"));
}

TEST(CodecListNotification, RejectsBadEvents) {
  // Two bits set (disable + delete): 81 02 04 30.
  EXPECT_THAT(errorOf([] {
                codec::decodeListNotificationResponse(
                    fromHex("BF28 1E A0 1C BF2F 19 800101 81020430 0C 10" + kAddressHex));
              }),
              HasSubstr("ListNotification response: NotificationMetadata #1: "
                        "profileManagementOperation has 2 bits set, expected exactly one"));
  // Bit 4 (not an SGP.22 v2 event): 81 02 03 08.
  EXPECT_THAT(errorOf([] {
                codec::decodeListNotificationResponse(
                    fromHex("BF28 1E A0 1C BF2F 19 800101 81020308 0C 10" + kAddressHex));
              }),
              HasSubstr("unknown event bit 4"));
  // A request filter with no bit: BF28 03 { 81 01 00 }.
  EXPECT_THAT(errorOf([] { codec::decodeListNotificationRequest(fromHex("BF28 03 810100")); }),
              HasSubstr("ListNotification request: profileManagementOperation has 0 bits set"));
}

// ---- RetrieveNotificationsList ----

TEST(CodecRetrieveNotificationsList, Requests) {
  EXPECT_EQ(codec::encodeRetrieveNotificationsListRequest(std::monostate{}), fromHex("BF2B00"));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(
      codec::decodeRetrieveNotificationsListRequest(fromHex("BF2B00"))));
  // BF2B 05 { A0 03 { 80 01 05 } }: searchCriteria seqNumber 5.
  const Bytes bySeq = fromHex("BF2B 05 A0 03 800105");
  EXPECT_EQ(codec::encodeRetrieveNotificationsListRequest(std::int64_t{5}), bySeq);
  EXPECT_EQ(std::get<std::int64_t>(codec::decodeRetrieveNotificationsListRequest(bySeq)), 5);
  // BF2B 06 { A0 04 { 81 02 04 10 } }: searchCriteria notificationDelete.
  const Bytes byEvent = fromHex("BF2B 06 A0 04 81020410");
  EXPECT_EQ(codec::encodeRetrieveNotificationsListRequest(NotificationEvent::notificationDelete),
            byEvent);
  EXPECT_EQ(std::get<NotificationEvent>(codec::decodeRetrieveNotificationsListRequest(byEvent)),
            NotificationEvent::notificationDelete);
  EXPECT_THAT(errorOf([] { codec::encodeRetrieveNotificationsListRequest(std::int64_t{-1}); },
                      Errc::invalidArgument),
              HasSubstr("seqNumber -1 is out of range"));
}

TEST(CodecRetrieveNotificationsList, DecodesBothKindsWithExactBytes) {
  const Bytes der = fromHex(kRetrievedHex);
  const auto response = codec::decodeRetrieveNotificationsListResponse(der);
  EXPECT_FALSE(response.notificationsListResultError.has_value());
  ASSERT_EQ(response.notificationList.size(), 2u);

  const esim::PendingNotification &other = response.notificationList[0];
  EXPECT_EQ(other.kind, esim::PendingNotificationKind::otherSignedNotification);
  EXPECT_EQ(other.raw, fromHex(kOtherSignedHex));
  EXPECT_EQ(other.metadata, metadataDelete());
  EXPECT_EQ(other.tbsOtherNotification, fromHex(kMetadataDeleteHex));
  EXPECT_EQ(other.euiccNotificationSignature, fromHex(kSignatureHex));
  EXPECT_EQ(other.euiccCertificate, fromHex(kEuiccCertHex));
  EXPECT_EQ(other.eumCertificate, fromHex(kEumCertHex));

  const esim::PendingNotification &install = response.notificationList[1];
  EXPECT_EQ(install.kind, esim::PendingNotificationKind::profileInstallationResult);
  EXPECT_EQ(install.raw, fromHex(kInstallResultHex));
  EXPECT_EQ(install.metadata.seqNumber, 7);
  EXPECT_EQ(install.metadata.profileManagementOperation, NotificationEvent::notificationInstall);
  EXPECT_EQ(install.metadata.notificationAddress, "smdp.example.com");
  EXPECT_EQ(install.metadata.iccid, kIccid);
  EXPECT_TRUE(install.tbsOtherNotification.empty());
  EXPECT_TRUE(install.euiccNotificationSignature.empty());
  EXPECT_TRUE(install.euiccCertificate.empty());
}

TEST(CodecRetrieveNotificationsList, EncoderSplicesRawBytes) {
  const Bytes der = fromHex(kRetrievedHex);
  EXPECT_EQ(codec::encodeRetrieveNotificationsListResponse(
                codec::decodeRetrieveNotificationsListResponse(der)),
            der);
  // The raw bytes are used even when the metadata says something else.
  codec::RetrieveNotificationsListResponse response;
  esim::PendingNotification p;
  p.raw = fromHex(kOtherSignedHex);
  p.metadata.seqNumber = 99;
  response.notificationList = {p};
  // BF2B 7F { A0 7D { <125 bytes> } }
  EXPECT_EQ(codec::encodeRetrieveNotificationsListResponse(response),
            fromHex("BF2B 7F A0 7D " + kOtherSignedHex));
  EXPECT_EQ(codec::encodeRetrieveNotificationsListResponse({}), fromHex("BF2B 02 A0 00"));
  p.raw = fromHex("0401AA"); // an OCTET STRING is no PendingNotification
  response.notificationList = {p};
  EXPECT_THAT(errorOf([&] { codec::encodeRetrieveNotificationsListResponse(response); },
                      Errc::invalidArgument),
              HasSubstr("RetrieveNotificationsList response: notification #1: PendingNotification "
                        "has tag 04"));
}

TEST(CodecRetrieveNotificationsList, ErrorAlternative) {
  // BF2B 03 { 81 01 01 }: noResultAvailable.
  const auto none = codec::decodeRetrieveNotificationsListResponse(fromHex("BF2B 03 810101"));
  EXPECT_EQ(none.notificationsListResultError,
            esim::NotificationsListResultError::noResultAvailable);
  EXPECT_TRUE(none.notificationList.empty());
  codec::RetrieveNotificationsListResponse error;
  error.notificationsListResultError = esim::NotificationsListResultError::undefinedError;
  EXPECT_EQ(codec::encodeRetrieveNotificationsListResponse(error), fromHex("BF2B 03 81017F"));
  const auto three = codec::decodeRetrieveNotificationsListResponse(fromHex("BF2B 03 810103"));
  EXPECT_EQ(three.notificationsListResultError, esim::NotificationsListResultError{3});
  EXPECT_EQ(esim::describeCode(*three.notificationsListResultError), "other(3)");
  EXPECT_EQ(esim::describeCode(*none.notificationsListResultError), "noResultAvailable (1)");
}

TEST(CodecRetrieveNotificationsList, NamesTheBadNotification) {
  // The OtherSignedNotification again, with seqNumber -1 (80 01 FF).
  std::string bad = kOtherSignedHex;
  bad.replace(bad.find("80 01 05"), 8, "80 01 FF");
  const Bytes der = fromHex("BF2B 82011A A0 820116 " + kInstallResultHex + " " + bad);
  EXPECT_THAT(errorOf([&] { codec::decodeRetrieveNotificationsListResponse(der); }),
              HasSubstr("RetrieveNotificationsList response: notification #2: "
                        "tbsOtherNotification: seqNumber -1 is negative"));
}

TEST(CodecRetrieveNotificationsList, RejectsTruncatedAndTrailing) {
  const Bytes der = fromHex(kRetrievedHex);
  EXPECT_THAT(errorOf([&] {
                codec::decodeRetrieveNotificationsListResponse(Bytes(der.begin(), der.end() - 10));
              }),
              HasSubstr("RetrieveNotificationsList response: truncated"));
  Bytes trailing = der;
  trailing.insert(trailing.end(), {0x90, 0x00});
  EXPECT_THAT(errorOf([&] { codec::decodeRetrieveNotificationsListResponse(trailing); }),
              HasSubstr("2 trailing bytes"));
  EXPECT_THAT(
      errorOf([] { codec::decodeRetrieveNotificationsListResponse(fromHex("BF28 02 A000")); }),
      HasSubstr("wrong tag BF28, expected BF2B"));
}

// ---- single notifications ----

TEST(CodecPendingNotification, EncodesMetadataAndSignedNotification) {
  EXPECT_EQ(codec::encodeNotificationMetadata(metadataDelete()), fromHex(kMetadataDeleteHex));
  esim::NotificationMetadata install{0, NotificationEvent::notificationInstall, "smdp.example.com",
                                     std::nullopt};
  EXPECT_EQ(codec::encodeNotificationMetadata(install), fromHex(kMetadataInstallHex));
  EXPECT_EQ(codec::encodeOtherSignedNotification(fromHex(kMetadataDeleteHex),
                                                 fromHex(kSignatureHex), fromHex(kEuiccCertHex),
                                                 fromHex(kEumCertHex)),
            fromHex(kOtherSignedHex));
}

TEST(CodecPendingNotification, SignedNotificationOver127BytesUsesLongLength) {
  // With 100-byte certificates the SEQUENCE holds 40 + 67 + 100 + 100 = 307 bytes.
  const std::string cert = "30 62 04 60 " + repeatHex("AA", 96);
  const Bytes der = codec::encodeOtherSignedNotification(
      fromHex(kMetadataDeleteHex), fromHex(kSignatureHex), fromHex(cert), fromHex(cert));
  const Bytes expected = fromHex("30 820133 " + kMetadataDeleteHex + " 5F37 40 " + kSignatureHex +
                                 " " + cert + " " + cert);
  EXPECT_EQ(der, expected);
  const auto decoded = codec::decodePendingNotification(der);
  EXPECT_EQ(decoded.euiccCertificate, fromHex(cert));
  EXPECT_EQ(decoded.raw, der);
}

TEST(CodecPendingNotification, EncoderChecksItsParts) {
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeOtherSignedNotification(fromHex("3000"), fromHex(kSignatureHex),
                                                         fromHex(kEuiccCertHex),
                                                         fromHex(kEumCertHex));
                  },
                  Errc::invalidArgument),
              HasSubstr("OtherSignedNotification: tbsOtherNotification has tag 30, expected BF2F"));
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeOtherSignedNotification(
                        fromHex(kMetadataDeleteHex), fromHex(kSignatureHex), fromHex("3006020101"),
                        fromHex(kEumCertHex));
                  },
                  Errc::invalidArgument),
              HasSubstr("euiccCertificate is not one DER element: truncated"));
  EXPECT_THAT(errorOf(
                  [] {
                    codec::encodeNotificationMetadata(
                        {-1, NotificationEvent::notificationDelete, "x", std::nullopt});
                  },
                  Errc::invalidArgument),
              HasSubstr("NotificationMetadata: seqNumber -1 is negative"));
}

TEST(CodecPendingNotification, DecodesEachKindAlone) {
  const auto other = codec::decodePendingNotification(fromHex(kOtherSignedHex));
  EXPECT_EQ(other.kind, esim::PendingNotificationKind::otherSignedNotification);
  EXPECT_EQ(other.metadata, metadataDelete());
  EXPECT_EQ(other.tbsOtherNotification, fromHex(kMetadataDeleteHex));
  const auto install = codec::decodePendingNotification(fromHex(kInstallResultHex));
  EXPECT_EQ(install.kind, esim::PendingNotificationKind::profileInstallationResult);
  EXPECT_EQ(install.metadata.seqNumber, 7);
  EXPECT_EQ(install.raw, fromHex(kInstallResultHex));
  EXPECT_THAT(errorOf([] { codec::decodePendingNotification(fromHex("BF2F 00")); }),
              HasSubstr("PendingNotification: PendingNotification has tag BF2F"));
  EXPECT_THAT(errorOf([] { codec::decodePendingNotification({}); }),
              HasSubstr("PendingNotification: empty"));
}

// ---- RemoveNotificationFromList ----

TEST(CodecNotificationSent, RequestsAndResponses) {
  // BF30 03 { 80 01 05 }: seqNumber 5.
  EXPECT_EQ(codec::encodeNotificationSentRequest(5), fromHex("BF30 03 800105"));
  EXPECT_EQ(codec::decodeNotificationSentRequest(fromHex("BF30 03 800105")), 5);
  EXPECT_EQ(codec::encodeNotificationSentRequest(0), fromHex("BF30 03 800100"));
  // 200 needs a leading zero octet to stay positive: 80 02 00 C8.
  EXPECT_EQ(codec::encodeNotificationSentRequest(200), fromHex("BF30 04 800200C8"));
  EXPECT_EQ(codec::decodeNotificationSentRequest(fromHex("BF30 04 800200C8")), 200);
  EXPECT_THAT(errorOf([] { codec::decodeNotificationSentRequest(fromHex("BF30 03 8001FF")); }),
              HasSubstr("RemoveNotificationFromList request: seqNumber -1 is negative"));
  // BF30 03 { 80 01 <deleteNotificationStatus> }
  EXPECT_EQ(codec::decodeNotificationSentResponse(fromHex("BF30 03 800100")),
            esim::NotificationSentResult::ok);
  EXPECT_EQ(codec::decodeNotificationSentResponse(fromHex("BF30 03 800101")),
            esim::NotificationSentResult::nothingToDelete);
  EXPECT_EQ(codec::encodeNotificationSentResponse(esim::NotificationSentResult::undefinedError),
            fromHex("BF30 03 80017F"));
  EXPECT_EQ(esim::describeCode(codec::decodeNotificationSentResponse(fromHex("BF30 03 800102"))),
            "other(2)");
}

} // namespace
