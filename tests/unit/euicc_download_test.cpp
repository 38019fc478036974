// Euicc's ES10b download calls against a scripted card: the exact C-APDUs of
// LoadBoundProfilePackage for a small synthetic BPP and for the real 5ber
// trace, stopping at an early BF37, "no result", and the other calls.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec/download_codec.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "support/scripted_transport.hpp"
#include "unit/download_trace_5ber.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using esim::toHex;
using esim::test::ScriptedTransport;
namespace codec = esim::codec;
namespace trace = esim::test::trace5ber;

constexpr const char *kOpenChannel = "00 70 00 00 01";
constexpr const char *kSelectStandard = "01 A4 04 00 10 A0000005591010FFFFFFFF8900000100 00";
constexpr const char *kCloseChannel1 = "00 70 80 01";

// storeDataApdus returns the STORE DATA C-APDUs (channel 1) of one ES10b
// command in blocks of |block| bytes.
std::vector<std::string> storeDataApdus(esim::ByteView command, std::size_t block) {
  std::vector<std::string> out;
  const std::size_t count = (command.size() + block - 1) / block;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t n = std::min(block, command.size() - i * block);
    Bytes apdu = {0x81, 0xE2, static_cast<std::uint8_t>(i + 1 == count ? 0x91 : 0x11),
                  static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(n)};
    apdu.insert(apdu.end(), command.begin() + static_cast<long>(i * block),
                command.begin() + static_cast<long>(i * block + n));
    out.push_back(toHex(apdu));
  }
  return out;
}

// withSw9000 returns |data| followed by status word 9000.
std::string withSw9000(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 4);
  out.append(data.data(), data.size());
  out.append("9000");
  return out;
}

class EuiccDownloadTest : public ::testing::Test {
protected:
  void TearDown() override { card.checkAllUsed(); }
  ScriptedTransport card;
};

// A small BPP: BF23, A0 with one 87, A1 with two 88, A2 with one 87, A3 with two 86.
Bytes smallBpp() {
  esim::InitialiseSecureChannelRequest isc;
  isc.transactionId = fromHex("0102");
  isc.controlRefTemplate.hostId = fromHex("01020304");
  isc.smdpOtpk = Bytes(65, 0x04);
  isc.smdpSign = Bytes(64, 0x55);
  codec::BoundProfilePackage bpp;
  bpp.initialiseSecureChannelRequest = codec::encodeInitialiseSecureChannelRequest(isc);
  bpp.firstSequenceOf87 = {fromHex("8703AABBCC")};
  bpp.sequenceOf88 = {fromHex("88021122"), fromHex("880133")};
  bpp.secondSequenceOf87 = std::vector<Bytes>{fromHex("870144")};
  bpp.sequenceOf86 = {Bytes{0x86, 0x81, 0x90}, fromHex("860166")};
  bpp.sequenceOf86[0].resize(3 + 0x90, 0x77);
  return codec::encodeBoundProfilePackage(bpp);
}

TEST_F(EuiccDownloadTest, LoadSplitsTheBppAsRealLpasDoAndReturnsTheResult) {
  const Bytes bpp = smallBpp();
  const auto segments = codec::splitBoundProfilePackage(bpp);
  ASSERT_EQ(segments.size(), 9u);
  EXPECT_EQ(segments[0].kind, codec::BppSegmentKind::initialiseSecureChannel);
  EXPECT_EQ(toHex(esim::ByteView(bpp).subspan(segments[2].offset, segments[2].length)), "A107");
  EXPECT_EQ(segments[5].kind, codec::BppSegmentKind::secondSequenceOf87);
  EXPECT_EQ(toHex(esim::ByteView(bpp).subspan(segments[6].offset, segments[6].length)), "A38196");
  card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00");
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto apdus =
        storeDataApdus(esim::ByteView(bpp).subspan(segments[i].offset, segments[i].length), 120);
    for (std::size_t j = 0; j < apdus.size(); ++j) {
      const bool lastOfAll = i + 1 == segments.size() && j + 1 == apdus.size();
      card.expect(apdus[j],
                  lastOfAll ? withSw9000(trace::kProfileInstallationResult) : std::string("9000"));
    }
  }
  card.expect(kCloseChannel1, "90 00");
  esim::IsdrSession session(card, {.maxSegmentSize = 120});
  esim::Euicc euicc(session);
  std::vector<std::size_t> progress;
  const auto result =
      euicc.loadBoundProfilePackage(bpp, [&](std::size_t loaded, std::size_t total) {
        EXPECT_EQ(total, bpp.size());
        progress.push_back(loaded);
      });
  ASSERT_TRUE(result.profileInstallationResult);
  EXPECT_EQ(result.commandsSent, 9u);
  EXPECT_EQ(result.profileInstallationResult->raw, fromHex(trace::kProfileInstallationResult));
  ASSERT_EQ(progress.size(), 9u);
  EXPECT_EQ(progress.back(), bpp.size());
}

TEST_F(EuiccDownloadTest, LoadOfThe5berBppSendsWhatThePhoneSent) {
  const Bytes bpp = fromHex(trace::kBoundProfilePackage);
  card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00");
  std::vector<std::string> sent;
  std::size_t offset = 0;
  for (std::size_t size : trace::kBppCommandSizes) {
    for (const std::string &apdu : storeDataApdus(esim::ByteView(bpp).subspan(offset, size), 120)) {
      sent.push_back(apdu);
    }
    offset += size;
  }
  // The first blocks as the phone sent them, verbatim.
  const std::size_t verbatim[] = {0, 1, 2, 3, 4, 5, 6, 14};
  for (std::size_t i = 0; i < std::size(verbatim); ++i) {
    EXPECT_EQ(sent[verbatim[i]], toHex(fromHex(trace::kBppFirstApdus[i]))) << "block " << i;
  }
  for (std::size_t i = 0; i < sent.size(); ++i) {
    card.expect(sent[i], i + 1 == sent.size() ? withSw9000(trace::kProfileInstallationResult)
                                              : std::string("9000"));
  }
  card.expect(kCloseChannel1, "90 00");
  esim::IsdrSession session(card, {.maxSegmentSize = 120});
  const auto result = esim::Euicc(session).loadBoundProfilePackage(bpp);
  ASSERT_TRUE(result.profileInstallationResult);
  EXPECT_EQ(result.commandsSent, std::size(trace::kBppCommandSizes));
  EXPECT_TRUE(result.profileInstallationResult->profileInstallationResultData.successResult);
}

TEST_F(EuiccDownloadTest, LoadStopsAtAnEarlyResultAndReportsNoResultDistinctly) {
  const Bytes bpp = smallBpp();
  const auto segments = codec::splitBoundProfilePackage(bpp);
  esim::ProfileInstallationResultData data;
  data.transactionId = fromHex("0102");
  data.notificationMetadata = {3, esim::NotificationEvent::notificationInstall, "smdp.example",
                               std::nullopt};
  data.errorResult = esim::ErrorResult{esim::BppCommandId::initialiseSecureChannel,
                                       esim::ErrorReason::invalidSignature, std::nullopt};
  const Bytes pir = codec::encodeProfileInstallationResult(
      codec::encodeProfileInstallationResultData(data), Bytes(64, 9));
  card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00");
  for (const std::string &apdu :
       storeDataApdus(esim::ByteView(bpp).first(segments[0].length), 255)) {
    card.expect(apdu, toHex(pir) + "9000");
  }
  card.expect(kCloseChannel1, "90 00");
  {
    esim::IsdrSession session(card);
    const auto result = esim::Euicc(session).loadBoundProfilePackage(bpp);
    ASSERT_TRUE(result.profileInstallationResult);
    EXPECT_EQ(result.commandsSent, 1u);
    const auto &error = result.profileInstallationResult->profileInstallationResultData.errorResult;
    ASSERT_TRUE(error);
    EXPECT_EQ(error->errorReason, esim::ErrorReason::invalidSignature);
  }

  // Every command answered 9000 without data: no result.
  card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00");
  for (const auto &segment : segments) {
    for (const std::string &apdu :
         storeDataApdus(esim::ByteView(bpp).subspan(segment.offset, segment.length), 255)) {
      card.expect(apdu, "9000");
    }
  }
  card.expect(kCloseChannel1, "90 00");
  esim::IsdrSession session(card);
  const auto result = esim::Euicc(session).loadBoundProfilePackage(bpp);
  EXPECT_FALSE(result.profileInstallationResult);
  EXPECT_EQ(result.commandsSent, segments.size());
}

TEST_F(EuiccDownloadTest, ChallengeAuthenticatePrepareCancel) {
  const Bytes tid = fromHex("00000000188DD217");
  const Bytes prepare = fromHex(trace::kPrepareDownloadRequest);
  const auto prepareParts = codec::decodePrepareDownloadRequest(prepare);
  card.expect(kOpenChannel, "01 90 00")
      .expect(kSelectStandard, "90 00")
      .expect("81 E2 91 00 03 BF2E00", withSw9000(trace::kGetEuiccChallengeResponse))
      .expect("81 E2 91 00 10 BF410D800800000000188DD217810101", "BF4103810105 9000");
  for (const std::string &apdu : storeDataApdus(prepare, 255)) {
    card.expect(apdu, apdu == storeDataApdus(prepare, 255).back()
                          ? withSw9000(trace::kPrepareDownloadResponse)
                          : std::string("9000"));
  }
  card.expect(kCloseChannel1, "90 00");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  EXPECT_EQ(toHex(euicc.getEuiccChallenge()), "9F6915434D2AF2176EA4518B45EB3890");
  const auto cancel = euicc.cancelSession(tid, esim::CancelSessionReason::postponed);
  EXPECT_EQ(cancel.cancelSessionResponseError, esim::CancelSessionError::invalidTransactionId);
  EXPECT_EQ(toHex(cancel.raw), "BF4103810105");
  const auto response = euicc.prepareDownload(prepareParts.request);
  ASSERT_TRUE(response.downloadResponseOk);
  EXPECT_EQ(response.raw, fromHex(trace::kPrepareDownloadResponse));
  EXPECT_THROW(euicc.cancelSession(Bytes(17, 0), esim::CancelSessionReason::timeout), esim::Error);
}

} // namespace
