#include "esim/apdu.hpp"

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

TEST(Apdu, ManageChannelOpenAndClose) {
  EXPECT_EQ(toHex(CommandApdu::manageChannelOpen().toBytes()), "0070000001");
  EXPECT_EQ(toHex(CommandApdu::manageChannelClose(2).toBytes()), "00708002");
}

TEST(Apdu, SelectIsdrOnChannelOne) {
  Bytes aid = fromHex("A0000005591010FFFFFFFF8900000100");
  EXPECT_EQ(toHex(CommandApdu::select(1, aid).toBytes()),
            "01A4040010A0000005591010FFFFFFFF890000010000");
}

TEST(Apdu, StoreDataBlocksCarryChannelAndBlockNumber) {
  Bytes data = fromHex("BF2D00");
  EXPECT_EQ(toHex(CommandApdu::storeData(1, true, 0, data).toBytes()), "81E2910003BF2D00");
  EXPECT_EQ(toHex(CommandApdu::storeData(2, false, 5, data).toBytes()), "82E2110503BF2D00");
}

TEST(Apdu, GetResponseCodesLe256AsZero) {
  EXPECT_EQ(toHex(CommandApdu::getResponse(1, 256).toBytes()), "01C0000000");
  EXPECT_EQ(toHex(CommandApdu::getResponse(3, 0x2C).toBytes()), "03C000002C");
}

TEST(Apdu, TerminalCapabilityMatchesEtsiLayout) {
  EXPECT_EQ(toHex(CommandApdu::terminalCapability().toBytes()), "80AA00000AA9088100820101830107");
}

TEST(Apdu, ChannelCodingCoversFurtherInterindustryChannels) {
  EXPECT_EQ(claForChannel(0x80, 3), 0x83);
  EXPECT_EQ(claForChannel(0x00, 4), 0x40);
  EXPECT_EQ(claForChannel(0x80, 19), 0xCF);
  EXPECT_THROW(claForChannel(0x00, 20), Error);
  for (std::uint8_t ch = 0; ch <= 19; ++ch) {
    EXPECT_EQ(channelFromCla(claForChannel(0x80, ch)), ch) << int(ch);
  }
}

TEST(Apdu, RejectsOversizedDataAndLe) {
  CommandApdu big{0x80, 0xE2, 0x91, 0x00, Bytes(256, 0xAA), std::nullopt};
  EXPECT_THROW(big.toBytes(), Error);
  CommandApdu badLe{0x00, 0xC0, 0, 0, {}, 257};
  EXPECT_THROW(badLe.toBytes(), Error);
}

TEST(Apdu, ParseCommandCases) {
  CommandApdu c1 = CommandApdu::parse(fromHex("00708002"));
  EXPECT_EQ(c1.ins, 0x70);
  EXPECT_FALSE(c1.le.has_value());
  CommandApdu c2 = CommandApdu::parse(fromHex("01C0000000"));
  EXPECT_EQ(c2.le, 256);
  CommandApdu c3 = CommandApdu::parse(fromHex("81E2910003BF2D00"));
  EXPECT_EQ(toHex(c3.data), "BF2D00");
  EXPECT_FALSE(c3.le.has_value());
  CommandApdu c4 = CommandApdu::parse(fromHex("01A4040002AABB00"));
  EXPECT_EQ(toHex(c4.data), "AABB");
  EXPECT_EQ(c4.le, 256);
  EXPECT_THROW(CommandApdu::parse(fromHex("00A404")), Error);
  EXPECT_THROW(CommandApdu::parse(fromHex("00A4040005AABB")), Error);
}

TEST(Apdu, ParseResponse) {
  ResponseApdu r = ResponseApdu::parse(fromHex("BF3E009000"));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(toHex(r.data), "BF3E00");
  EXPECT_EQ(ResponseApdu::parse(fromHex("6A82")).sw(), 0x6A82);
  try {
    ResponseApdu::parse(fromHex("90"));
    FAIL() << "a one-byte answer must be rejected";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::malformedResponse);
  }
}

TEST(Apdu, StatusWordTextExplains) {
  EXPECT_EQ(statusWordText(0x6A82), "6A82 (application not found)");
  EXPECT_EQ(statusWordText(0x6110), "6110 (more data available)");
  EXPECT_EQ(statusWordText(0x1234), "1234");
}

TEST(Hex, RoundTripAndErrors) {
  EXPECT_EQ(toHex(fromHex("a0:00 05")), "A00005");
  EXPECT_THROW(fromHex("ABC"), Error);
  EXPECT_THROW(fromHex("XY"), Error);
}

} // namespace
} // namespace esim
