// IsdrSession against a scripted card: logical channel set-up, STORE DATA
// segmentation, GET RESPONSE collection and error reporting.
//
// The APDU headers below are written out by hand from SGP.22 5.7.2 and
// ISO/IEC 7816-4 (CLA 81 = proprietary class on channel 1, E2 = STORE DATA,
// P1 11/91 = more/last block, P2 = block number, C0 = GET RESPONSE), not
// produced by the code under test.
#include <gtest/gtest.h>

#include <string>

#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "esim/isdr_session.hpp"
#include "support/scripted_transport.hpp"

namespace {

using esim::Bytes;
using esim::Errc;
using esim::IsdrSession;
using esim::IsdrSessionOptions;
using esim::test::ScriptedTransport;

constexpr const char *kStandardAid = "A0000005591010FFFFFFFF8900000100";
constexpr const char *k5berAid = "A0000005591010FFFFFFFF8900050500";

constexpr const char *kOpenChannel = "00 70 00 00 01";
constexpr const char *kCloseChannel1 = "00 70 80 01";
constexpr const char *kSelectStandard = "01 A4 04 00 10 A0000005591010FFFFFFFF8900000100 00";
constexpr const char *kSelect5ber = "01 A4 04 00 10 A0000005591010FFFFFFFF8900050500 00";

// GetEID request (BF3E { 5C 01 5A }) and its answer with EID
// 89049032123451234512345678901235.
constexpr const char *kGetEid = "BF3E035C015A";
constexpr const char *kEidAnswer = "BF3E125A1089049032123451234512345678901235";

// pattern returns |length| bytes 00 01 02 ... FF 00 01 ..., a request body
// whose every block boundary is easy to check by eye.
Bytes pattern(std::size_t length, std::uint8_t start = 0) {
  Bytes out(length);
  for (std::size_t i = 0; i < length; ++i) {
    out[i] = static_cast<std::uint8_t>(start + i);
  }
  return out;
}

std::string hexOf(const Bytes &bytes, std::size_t offset, std::size_t length) {
  return esim::toHex(esim::ByteView(bytes).subspan(offset, length));
}

// thrownError runs |f| and returns the esim::Error it throws; a test
// failure (and an Errc::internal error) if it throws none.
template <typename F> esim::Error thrownError(F &&f) {
  try {
    f();
  } catch (const esim::Error &e) {
    return e;
  }
  ADD_FAILURE() << "no esim::Error thrown";
  return esim::Error(Errc::internal, "no error thrown");
}

class IsdrSessionTest : public ::testing::Test {
protected:
  void TearDown() override {
    card.checkAllUsed();
    EXPECT_EQ(card.transactionDepth(), 0) << "a transaction was left open";
  }

  // expectOpen scripts MANAGE CHANNEL open (channel 1) and SELECT of the
  // standard ISD-R answered 9000 without FCI.
  void expectOpen() { card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00"); }

  ScriptedTransport card;
};

TEST_F(IsdrSessionTest, OpensChannelAndCollectsFciAnnouncedBy61xx) {
  card.expect(kOpenChannel, "01 90 00")
      .expect(kSelectStandard, "61 07")
      .expect("01 C0 00 00 07", "E0 05 82 03 02 00 00 90 00")
      .expect(kCloseChannel1, "90 00");
  {
    IsdrSession session(card);
    EXPECT_EQ(session.channel(), 1);
    EXPECT_EQ(esim::toHex(session.aid()), kStandardAid);
    EXPECT_EQ(esim::toHex(session.selectResponse()), "E0058203020000");
    EXPECT_EQ(card.transactionsBegun(), 1);
    EXPECT_FALSE(card.apduTransmittedOutsideTransaction());
  }
}

TEST_F(IsdrSessionTest, OneBlockRequest) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, std::string(kEidAnswer) + "9000")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(esim::toHex(session.exchange(esim::fromHex(kGetEid))), kEidAnswer);
  EXPECT_EQ(card.transactionsBegun(), 2); // open, then the exchange
  EXPECT_FALSE(card.apduTransmittedOutsideTransaction());
}

TEST_F(IsdrSessionTest, RequestOf300BytesTakesTwoBlocksOf255) {
  const Bytes request = pattern(300);
  expectOpen();
  card.expect("81 E2 11 00 FF" + hexOf(request, 0, 255), "90 00")
      .expect("81 E2 91 01 2D" + hexOf(request, 255, 45), "BF2D03A0010090 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(esim::toHex(session.exchange(request)), "BF2D03A00100");
}

TEST_F(IsdrSessionTest, RequestOf300BytesTakesThreeBlocksOf120) {
  const Bytes request = pattern(300, 0x40);
  expectOpen();
  card.expect("81 E2 11 00 78" + hexOf(request, 0, 120), "90 00")
      .expect("81 E2 11 01 78" + hexOf(request, 120, 120), "90 00")
      .expect("81 E2 91 02 3C" + hexOf(request, 240, 60), "BF2D03A0010090 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card,
                      IsdrSessionOptions{.aids = esim::kKnownIsdrAids, .maxSegmentSize = 120});
  EXPECT_EQ(esim::toHex(session.exchange(request)), "BF2D03A00100");
}

TEST_F(IsdrSessionTest, RequestFillingExactlyOneBlockIsOneBlock) {
  const Bytes request = pattern(255);
  expectOpen();
  card.expect("81 E2 91 00 FF" + hexOf(request, 0, 255), "9000").expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_TRUE(session.exchange(request).empty());
}

TEST_F(IsdrSessionTest, LongAnswerIsCollectedWithTwoGetResponses) {
  // 256 + 44 = 300 bytes: 61 00 announces 256, 61 2C the remaining 44.
  const Bytes answer = pattern(300, 0x80);
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "61 00")
      .expect("01 C0 00 00 00", hexOf(answer, 0, 256) + "61 2C")
      .expect("01 C0 00 00 2C", hexOf(answer, 256, 44) + "90 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(session.exchange(esim::fromHex(kGetEid)), answer);
}

TEST_F(IsdrSessionTest, DataWith61xxIsKeptBeforeTheGetResponseData) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "BF3E12 61 13")
      .expect("01 C0 00 00 13", "5A1089049032123451234512345678901235 90 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(esim::toHex(session.exchange(esim::fromHex(kGetEid))), kEidAnswer);
}

TEST_F(IsdrSessionTest, WrongLe6CxxResendsStoreDataWithThatLe) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "6C 15")
      .expect(std::string("81 E2 91 00 06 ") + kGetEid + " 15", std::string(kEidAnswer) + "9000")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(esim::toHex(session.exchange(esim::fromHex(kGetEid))), kEidAnswer);
}

TEST_F(IsdrSessionTest, WrongLe6CxxOnGetResponseResendsIt) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "61 00")
      .expect("01 C0 00 00 00", "6C 15")
      .expect("01 C0 00 00 15", std::string(kEidAnswer) + "9000")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  EXPECT_EQ(esim::toHex(session.exchange(esim::fromHex(kGetEid))), kEidAnswer);
}

TEST_F(IsdrSessionTest, Repeated6CxxIsMalformed) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "6C 15")
      .expect(std::string("81 E2 91 00 06 ") + kGetEid + " 15", "6C 15")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(esim::fromHex(kGetEid)); });
  EXPECT_EQ(e.code(), Errc::malformedResponse) << e.what();
}

TEST_F(IsdrSessionTest, FallsBackTo5berAidWhenStandardAidAnswers6A82) {
  card.expect(kOpenChannel, "01 90 00")
      .expect(kSelectStandard, "6A 82")
      .expect(kCloseChannel1, "90 00")
      .expect(kOpenChannel, "01 90 00")
      .expect(kSelect5ber, "90 00")
      .expect(kCloseChannel1, "90 00");
  {
    IsdrSession session(card);
    EXPECT_EQ(esim::toHex(session.aid()), k5berAid);
    EXPECT_EQ(session.channel(), 1);
  }
}

TEST_F(IsdrSessionTest, NoIsdrOnAnyAidIsIsdrNotFound) {
  card.expect(kOpenChannel, "01 90 00")
      .expect(kSelectStandard, "6A 82")
      .expect(kCloseChannel1, "90 00")
      .expect(kOpenChannel, "01 90 00")
      .expect(kSelect5ber, "6A 82")
      .expect(kCloseChannel1, "90 00");
  const esim::Error e = thrownError([&] { IsdrSession session(card); });
  EXPECT_EQ(e.code(), Errc::isdrNotFound);
  EXPECT_NE(std::string(e.what()).find(kStandardAid), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find(k5berAid), std::string::npos) << e.what();
  EXPECT_NE(e.hint().find("--aid"), std::string::npos) << e.hint();
}

TEST_F(IsdrSessionTest, OtherSelectErrorIsNotRetriedWithTheNextAid) {
  card.expect(kOpenChannel, "01 90 00")
      .expect(kSelectStandard, "6D 00")
      .expect(kCloseChannel1, "90 00");
  const esim::Error e = thrownError([&] { IsdrSession session(card); });
  EXPECT_EQ(e.code(), Errc::statusWord) << e.what();
  EXPECT_EQ(e.statusWord(), 0x6D00);
}

TEST_F(IsdrSessionTest, ErrorOnMiddleBlockNamesTheBlockAndClosesTheChannel) {
  const Bytes request = pattern(300);
  expectOpen();
  card.expect("81 E2 11 00 78" + hexOf(request, 0, 120), "90 00")
      .expect("81 E2 11 01 78" + hexOf(request, 120, 120), "6A 80")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card,
                      IsdrSessionOptions{.aids = esim::kKnownIsdrAids, .maxSegmentSize = 120});
  const esim::Error e = thrownError([&] { session.exchange(request); });
  EXPECT_EQ(e.code(), Errc::statusWord);
  EXPECT_EQ(e.statusWord(), 0x6A80);
  EXPECT_NE(std::string(e.what()).find("STORE DATA block 2/3 on channel 1: card answered 6A80"),
            std::string::npos)
      << e.what();
  EXPECT_FALSE(e.hint().empty());
  EXPECT_EQ(card.transactionDepth(), 0);
  // The close step is consumed when |session| goes out of scope; TearDown
  // checks that it was.
}

TEST_F(IsdrSessionTest, ChannelIsClosedWhenExchangeThrowsAndSessionIsDestroyed) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "69 85");
  {
    IsdrSession session(card);
    EXPECT_THROW(session.exchange(esim::fromHex(kGetEid)), esim::Error);
    card.expect(kCloseChannel1, "90 00");
    EXPECT_EQ(card.stepsUsed(), 3U);
  }
  EXPECT_EQ(card.stepsUsed(), 4U); // MANAGE CHANNEL close was sent by ~IsdrSession
}

TEST_F(IsdrSessionTest, CardRemovedMidExchangePropagatesAndReleasesTheTransaction) {
  const Bytes request = pattern(300);
  expectOpen();
  card.expect("81 E2 11 00 FF" + hexOf(request, 0, 255), "90 00")
      .expectFailure("81 E2 91 01 2D" + hexOf(request, 255, 45), Errc::cardRemoved,
                     "SCardTransmit: the card was removed")
      .expectFailure(kCloseChannel1, Errc::cardRemoved, "SCardTransmit: the card was removed");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(request); });
  EXPECT_EQ(e.code(), Errc::cardRemoved);
  EXPECT_EQ(card.transactionDepth(), 0);
}

TEST_F(IsdrSessionTest, Intermediate61xxIsAStatusWordError) {
  const Bytes request = pattern(300);
  expectOpen();
  card.expect("81 E2 11 00 FF" + hexOf(request, 0, 255), "61 10").expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(request); });
  EXPECT_EQ(e.code(), Errc::statusWord);
  EXPECT_EQ(e.statusWord(), 0x6110);
  EXPECT_NE(std::string(e.what()).find("block 1/2"), std::string::npos) << e.what();
}

TEST_F(IsdrSessionTest, ErrorAfterGetResponseIsAStatusWordError) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "61 10")
      .expect("01 C0 00 00 10", "6F 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(esim::fromHex(kGetEid)); });
  EXPECT_EQ(e.code(), Errc::statusWord);
  EXPECT_EQ(e.statusWord(), 0x6F00);
  EXPECT_NE(std::string(e.what()).find("GET RESPONSE"), std::string::npos) << e.what();
}

TEST_F(IsdrSessionTest, EndlessGetResponseIsStopped) {
  expectOpen();
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "61 01");
  for (int i = 0; i < 300; ++i) {
    card.expect("01 C0 00 00 01", "AA 61 01");
  }
  card.expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(esim::fromHex(kGetEid)); });
  EXPECT_EQ(e.code(), Errc::malformedResponse) << e.what();
}

TEST_F(IsdrSessionTest, OversizedAnswerIsStopped) {
  // 256 full GET RESPONSEs are 64 KiB; the next byte is one too many.
  expectOpen();
  const std::string full = hexOf(pattern(256), 0, 256) + "61 00";
  card.expect(std::string("81 E2 91 00 06 ") + kGetEid, "61 00");
  for (int i = 0; i < 256; ++i) {
    card.expect("01 C0 00 00 00", full);
  }
  card.expect("01 C0 00 00 00", "AA 90 00").expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(esim::fromHex(kGetEid)); });
  EXPECT_EQ(e.code(), Errc::malformedResponse) << e.what();
}

TEST_F(IsdrSessionTest, DataBeforeTheLastBlockIsMalformed) {
  const Bytes request = pattern(300);
  expectOpen();
  card.expect("81 E2 11 00 FF" + hexOf(request, 0, 255), "AA 90 00")
      .expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange(request); });
  EXPECT_EQ(e.code(), Errc::malformedResponse) << e.what();
}

TEST_F(IsdrSessionTest, LargestRequestUses256Blocks) {
  // Block numbers run 00..FF: 256 blocks of one byte, nothing more.
  const Bytes request = pattern(256);
  expectOpen();
  for (int i = 0; i < 256; ++i) {
    const Bytes header = {0x81,
                          0xE2,
                          static_cast<std::uint8_t>(i == 255 ? 0x91 : 0x11),
                          static_cast<std::uint8_t>(i),
                          0x01,
                          request[static_cast<std::size_t>(i)]};
    card.expect(esim::toHex(header), "90 00");
  }
  card.expect(kCloseChannel1, "90 00");
  IsdrSession session(card, IsdrSessionOptions{.aids = esim::kKnownIsdrAids, .maxSegmentSize = 1});
  EXPECT_TRUE(session.exchange(request).empty());
}

TEST_F(IsdrSessionTest, RequestNeedingMoreThan256BlocksIsRejectedBeforeSending) {
  expectOpen();
  card.expect(kCloseChannel1, "90 00");
  IsdrSession session(card, IsdrSessionOptions{.aids = esim::kKnownIsdrAids, .maxSegmentSize = 1});
  const esim::Error e = thrownError([&] { session.exchange(pattern(257)); });
  EXPECT_EQ(e.code(), Errc::invalidArgument) << e.what();
}

TEST_F(IsdrSessionTest, EmptyRequestIsRejected) {
  expectOpen();
  card.expect(kCloseChannel1, "90 00");
  IsdrSession session(card);
  const esim::Error e = thrownError([&] { session.exchange({}); });
  EXPECT_EQ(e.code(), Errc::invalidArgument) << e.what();
}

TEST_F(IsdrSessionTest, SegmentSizeOutside1To255IsRejectedWithoutApdus) {
  for (std::size_t size : {std::size_t{0}, std::size_t{256}}) {
    try {
      IsdrSession session(card,
                          IsdrSessionOptions{.aids = esim::kKnownIsdrAids, .maxSegmentSize = size});
      FAIL() << "no error for " << size;
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), Errc::invalidArgument) << e.what();
    }
  }
  EXPECT_EQ(card.stepsUsed(), 0U);
}

TEST_F(IsdrSessionTest, ChannelUnavailableIsNotRetried) {
  card.expect(kOpenChannel, "68 81");
  const esim::Error e = thrownError([&] { IsdrSession session(card); });
  EXPECT_EQ(e.code(), Errc::channelUnavailable) << e.what();
}

} // namespace
