#include "esim/iccid.hpp"

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

TEST(Iccid, TwentyDigitsSwapNibbles) {
  // EF.ICCID: digit order 2-1-4-3...
  EXPECT_EQ(toHex(encodeIccid("89049032123451234512")), "98400923214315325421");
  EXPECT_EQ(decodeIccid(fromHex("98400923214315325421")), "89049032123451234512");
}

TEST(Iccid, NineteenDigitsPadWithFToTenBytes) {
  Bytes b = encodeIccid("8944476500001234567");
  ASSERT_EQ(b.size(), kIccidLength);
  EXPECT_EQ(toHex(b), "984474560000214365F7");
  EXPECT_EQ(decodeIccid(b), "8944476500001234567");
}

TEST(Iccid, EighteenDigitsStillTenBytes) {
  Bytes b = encodeIccid("894447650000123456");
  EXPECT_EQ(toHex(b), "984474560000214365FF");
  EXPECT_EQ(decodeIccid(b), "894447650000123456");
}

TEST(Iccid, TrailingFOfTwentyCharactersIsAccepted) {
  EXPECT_EQ(toHex(encodeIccid("8944476500001234567F")), "984474560000214365F7");
}

TEST(Iccid, RejectsBadText) {
  EXPECT_THROW(encodeIccid("12345"), Error);
  EXPECT_THROW(encodeIccid("89444765000012345A7"), Error);
  EXPECT_THROW(encodeIccid("894447650000123456789"), Error);
}

TEST(Iccid, RejectsBadWireForm) {
  EXPECT_THROW(decodeIccid(fromHex("984474560000214365")), Error);   // 9 bytes
  EXPECT_THROW(decodeIccid(fromHex("984474560000214365AB")), Error); // not BCD
  EXPECT_THROW(decodeIccid(fromHex("98447456F0002143650F")), Error); // digit after padding
}

TEST(Iccid, RecognisesUserText) {
  EXPECT_TRUE(isIccidText("8944476500001234567"));
  EXPECT_TRUE(isIccidText("8944476500001234567F"));
  EXPECT_FALSE(isIccidText("Travel"));
  EXPECT_FALSE(isIccidText("123"));
}

} // namespace
} // namespace esim
