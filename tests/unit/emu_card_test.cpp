// euicc_emu::Card at the APDU level: logical channels, SELECT, STORE DATA
// reassembly, GET RESPONSE chaining, and the status word of every kind of
// bad input. Expected APDUs are written out by hand from ISO/IEC 7816-4,
// GlobalPlatform STORE DATA and SGP.22 5.7.2, not produced by the code under
// test.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state.hpp"

namespace {

using esim::Bytes;
using euicc_emu::Card;

constexpr const char *kIsdrAid = "A0000005591010FFFFFFFF8900000100";
// FCI of the ISD-R: 6F 1F { 84 10 <AID>, A5 04 { 9F65 01 FF }, E0 05 { 82 03 02 02 02 } }
// (the version is the demo state's svn 2.2.2).
constexpr const char *kFci = "6F1F8410A0000005591010FFFFFFFF8900000100A5049F6501FFE0058203020202";
// GetEID (BF3E { 5C 01 5A }) and the demo EID answer.
constexpr const char *kGetEid = "BF3E035C015A";
constexpr const char *kEidAnswer = "BF3E125A1089049032123451234512345678901235";

class CardTest : public ::testing::Test {
protected:
  CardTest() : card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo")) {}

  // send passes hex APDU |capdu| to the card and returns the answer as hex.
  std::string send(const std::string &capdu) {
    return esim::toHex(card.processApdu(esim::fromHex(capdu)));
  }
  // selectIsdr opens nothing; it selects the ISD-R on |channel| with Le 00.
  void selectIsdr(int channel) {
    std::string cla = "0" + std::to_string(channel);
    ASSERT_EQ(send(cla + " A4 04 00 10" + kIsdrAid + "00"), std::string(kFci) + "9000");
  }

  Card card;
};

TEST_F(CardTest, AtrWithoutOneInTheStateOffersOnlyT0) {
  // The demo state names no ATR: TS 3B, T0 17 (TA1, 7 historical bytes),
  // TA1 96, no TD1 (T=0 only) and so no TCK.
  EXPECT_EQ(esim::toHex(card.atr()), "3B179680318073FE211B");
}

TEST_F(CardTest, DefaultAtrCanBeChangedButTheStatesWins) {
  card.setDefaultAtr(esim::fromHex("3B87800180318073FE211B80"));
  EXPECT_EQ(esim::toHex(card.atr()), "3B87800180318073FE211B80");
  euicc_emu::EmulatorState state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  state.atr = esim::fromHex("3B00");
  Card withAtr(state);
  withAtr.setDefaultAtr(esim::fromHex("3B87800180318073FE211B80"));
  EXPECT_EQ(esim::toHex(withAtr.atr()), "3B00");
  // Only the state's own ATR is part of the state.
  EXPECT_FALSE(card.state().atr.has_value());
}

TEST_F(CardTest, ManageChannelOpensUpToThreeChannelsThenRefuses) {
  EXPECT_EQ(send("00 70 00 00 01"), "019000");
  EXPECT_EQ(send("00 70 00 00 01"), "029000");
  EXPECT_EQ(send("00 70 00 00"), "039000"); // no Le: still answered
  EXPECT_EQ(send("00 70 00 00 01"), "6A81");
  EXPECT_EQ(send("00 70 80 02"), "9000");
  EXPECT_EQ(send("00 70 00 00 01"), "029000"); // the lowest free number again
}

TEST_F(CardTest, ManageChannelCloseForms) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  ASSERT_EQ(send("00 70 00 00 01"), "029000");
  EXPECT_EQ(send("00 70 80 01 00"), "9000"); // lpac's trailing 00
  EXPECT_EQ(send("02 70 80 02"), "9000");    // closed from the channel itself
  EXPECT_EQ(send("00 70 80 01"), "6881");    // already closed
  EXPECT_EQ(send("00 70 80 00"), "6A81");    // the basic channel stays open
  EXPECT_EQ(send("00 70 80 14"), "6A86");    // 20 is no channel number
  EXPECT_EQ(send("00 70 40 00"), "6A86");    // neither open nor close
  EXPECT_EQ(send("00 70 00 00 01 01 01"), "6700");
}

TEST_F(CardTest, ManageChannelOpenSpecificNumber) {
  EXPECT_EQ(send("00 70 00 02"), "9000");
  EXPECT_EQ(send("00 70 00 02"), "6985");
  EXPECT_EQ(send("00 70 00 05"), "6881");
  EXPECT_EQ(send("00 70 00 00 01"), "019000");
}

TEST_F(CardTest, CommandsOnAClosedChannelAnswer6881) {
  EXPECT_EQ(send(std::string("01 A4 04 00 10") + kIsdrAid), "6881");
  EXPECT_EQ(send("81 E2 91 00 06" + std::string(kGetEid)), "6881");
  EXPECT_EQ(send("43 A4 04 00 10" + std::string(kIsdrAid)), "6881"); // channel 7
}

TEST_F(CardTest, SelectIsdrWithoutLeNeedsGetResponse) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  EXPECT_EQ(send(std::string("01 A4 04 00 10") + kIsdrAid), "6121"); // 33 bytes of FCI
  EXPECT_EQ(send("01 C0 00 00 21"), std::string(kFci) + "9000");
  EXPECT_EQ(send("01 C0 00 00 21"), "6985"); // nothing left
}

TEST_F(CardTest, SelectWithLeAnswersDataDirectly) {
  selectIsdr(0);
  EXPECT_EQ(send(std::string("00 A4 04 00 10") + kIsdrAid + "10"), "6C21"); // Le too short
}

TEST_F(CardTest, SelectVariants) {
  EXPECT_EQ(send("00 A4 04 00 10 A0000005591010FFFFFFFF8900050500 00"), "6A82");
  EXPECT_EQ(send("00 A4 04 00 05 A000000559"), "6121"); // right-truncated AID (the RID)
  EXPECT_EQ(send("00 A4 04 00 04 A0000005"), "6A82");   // shorter than a RID
  EXPECT_EQ(send(std::string("00 A4 04 0C 10") + kIsdrAid), "9000"); // no FCI wanted
  EXPECT_EQ(send(std::string("00 A4 04 02 10") + kIsdrAid), "6A82"); // next occurrence
  EXPECT_EQ(send("00 A4 00 00 02 3F00"), "6A82");                    // no file system
  EXPECT_EQ(send(std::string("00 A4 04 10 10") + kIsdrAid), "6A86");
  EXPECT_EQ(send("00 A4 04 00"), "6700");
}

TEST_F(CardTest, FailedSelectKeepsTheIsdrSelected) {
  selectIsdr(0);
  EXPECT_EQ(send("00 A4 04 00 05 A000000000"), "6A82");
  EXPECT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
}

TEST_F(CardTest, TerminalCapability) {
  EXPECT_EQ(send("80 AA 00 00 0A A9 08 81 00 82 01 01 83 01 07"), "9000");
  EXPECT_EQ(send("00 AA 00 00 0A A9 08 81 00 82 01 01 83 01 07"), "6E00");
  EXPECT_EQ(send("80 AA 01 00 0A A9 08 81 00 82 01 01 83 01 07"), "6A86");
}

TEST_F(CardTest, StoreDataNeedsTheIsdrSelected) {
  EXPECT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6985");
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  EXPECT_EQ(send("81 E2 91 00 06" + std::string(kGetEid)), "6985");
}

TEST_F(CardTest, StoreDataSingleBlockAndGetResponse) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  selectIsdr(1);
  EXPECT_EQ(send("81 E2 91 00 06" + std::string(kGetEid)), "6115");
  EXPECT_EQ(send("81 C0 00 00 15"), std::string(kEidAnswer) + "9000"); // lpac's CLA 8n
}

TEST_F(CardTest, StoreDataReassemblesSeveralBlocks) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  selectIsdr(1);
  EXPECT_EQ(send("81 E2 11 00 02 BF3E"), "9000");
  EXPECT_EQ(send("81 E2 11 01 02 035C"), "9000");
  EXPECT_EQ(send("81 E2 91 02 02 015A"), "6115");
  EXPECT_EQ(send("01 C0 00 00 15"), std::string(kEidAnswer) + "9000"); // ISO's CLA 0n
}

TEST_F(CardTest, StoreDataOnTwoChannelsIsKeptApart) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  ASSERT_EQ(send("00 70 00 00 01"), "029000");
  selectIsdr(1);
  selectIsdr(2);
  EXPECT_EQ(send("81 E2 11 00 03 BF3E03"), "9000");
  EXPECT_EQ(send("82 E2 11 00 02 BF3E"), "9000");
  EXPECT_EQ(send("81 E2 91 01 03 5C015A"), "6115");
  EXPECT_EQ(send("82 E2 91 01 04 035C015A"), "6115");
  EXPECT_EQ(send("82 C0 00 00 15"), std::string(kEidAnswer) + "9000");
}

// Two LPAs without PC/SC transactions: each channel keeps its own answer
// waiting for GET RESPONSE while the other channel sends commands.
TEST_F(CardTest, GetResponseDataOnTwoChannelsIsKeptApart) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  ASSERT_EQ(send("00 70 00 00 01"), "029000");
  selectIsdr(1);
  selectIsdr(2);
  EXPECT_EQ(send("81 E2 91 00 06" + std::string(kGetEid)), "6115");
  EXPECT_EQ(send("82 E2 91 00 06" + std::string(kGetEid)), "6115");
  const std::string eid(kEidAnswer);
  EXPECT_EQ(send("02 C0 00 00 05"), eid.substr(0, 10) + "6110");
  EXPECT_EQ(send("01 C0 00 00 15"), eid + "9000");
  EXPECT_EQ(send("02 C0 00 00 10"), eid.substr(10) + "9000");
  EXPECT_EQ(send("01 C0 00 00 15"), "6985"); // nothing left on channel 1
}

TEST_F(CardTest, StoreDataWrongBlockOrderIsRefusedAndDropped) {
  selectIsdr(0);
  EXPECT_EQ(send("80 E2 11 01 02 BF3E"), "6A86"); // does not start at block 0
  EXPECT_EQ(send("80 E2 11 00 02 BF3E"), "9000");
  EXPECT_EQ(send("80 E2 91 02 04 035C015A"), "6A86"); // block 1 skipped
  EXPECT_EQ(send("80 E2 91 01 04 035C015A"), "6A86"); // the request was dropped
  // Block 0 starts over.
  EXPECT_EQ(send("80 E2 11 00 02 BF3E"), "9000");
  EXPECT_EQ(send("80 E2 91 01 04 035C015A"), "6115");
}

TEST_F(CardTest, StoreDataBadParameters) {
  selectIsdr(0);
  EXPECT_EQ(send("80 E2 90 00 06" + std::string(kGetEid)), "6A86"); // P1 not 11/91
  EXPECT_EQ(send("80 E2 91 00"), "6700");                           // no data
  EXPECT_EQ(send("00 E2 91 00 06" + std::string(kGetEid)), "6E00"); // interindustry CLA
  EXPECT_EQ(send("84 E2 91 00 06" + std::string(kGetEid)), "6882"); // secure messaging
  EXPECT_EQ(send("90 E2 91 00 06" + std::string(kGetEid)), "6884"); // command chaining
}

TEST_F(CardTest, UnknownOrUndecodableEs10RequestAnswers6A80) {
  selectIsdr(0);
  EXPECT_EQ(send("80 E2 91 00 03 BF4400"), "6A80");    // no such ES10 function
  EXPECT_EQ(send("80 E2 91 00 03 BF2D05"), "6A80");    // truncated GetProfilesInfo
  EXPECT_EQ(send("80 E2 91 00 03 BF3E00"), "6A80");    // GetEID without tagList
  EXPECT_EQ(send("80 E2 91 00 03 BF2001"), "6A80");    // length runs past the end
  EXPECT_EQ(send("80 E2 91 00 04 BF2000 00"), "6A80"); // trailing byte
  EXPECT_EQ(send("80 E2 91 00 01 00"), "6A80");
  // The card still works afterwards.
  EXPECT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
}

TEST_F(CardTest, GetResponseChainsAnswersOver256Bytes) {
  selectIsdr(0);
  const Bytes expected = esim::codec::encodeProfileInfoListResponse({card.state().profiles, {}});
  ASSERT_GT(expected.size(), 512u) << "the demo state must need three GET RESPONSEs";
  ASSERT_LT(expected.size(), 768u);
  const std::size_t last = expected.size() - 512;
  EXPECT_EQ(send("80 E2 91 00 03 BF2D00"), "6100"); // 256 or more waiting
  Bytes all;
  // 256 bytes twice (Le 00 = 256; ISO's CLA 00, then lpac's CLA 80), then the rest.
  Bytes chunk = card.processApdu(esim::fromHex("00 C0 00 00 00"));
  ASSERT_EQ(chunk.size(), 258u);
  EXPECT_EQ(esim::toHex(esim::ByteView(chunk).last(2)), "6100");
  all.insert(all.end(), chunk.begin(), chunk.end() - 2);
  chunk = card.processApdu(esim::fromHex("80 C0 00 00 00"));
  ASSERT_EQ(chunk.size(), 258u);
  EXPECT_EQ(chunk[256], 0x61);
  EXPECT_EQ(chunk[257], last);
  all.insert(all.end(), chunk.begin(), chunk.end() - 2);
  chunk = card.processApdu(Bytes{0x00, 0xC0, 0x00, 0x00, static_cast<std::uint8_t>(last)});
  ASSERT_EQ(chunk.size(), last + 2);
  EXPECT_EQ(esim::toHex(esim::ByteView(chunk).last(2)), "9000");
  all.insert(all.end(), chunk.begin(), chunk.end() - 2);
  EXPECT_EQ(esim::toHex(all), esim::toHex(expected));
}

TEST_F(CardTest, GetResponseWithWrongLe) {
  selectIsdr(0);
  ASSERT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
  EXPECT_EQ(send("00 C0 00 00 16"), "6C15"); // more than waits: exact length, data kept
  EXPECT_EQ(send("00 C0 00 00"), "6C15");    // no Le at all
  EXPECT_EQ(send("00 C0 01 00 15"), "6A86");
  // Less than waits: that much, and 61xx for the rest.
  EXPECT_EQ(send("00 C0 00 00 05"), "BF3E125A10"
                                    "6110");
  EXPECT_EQ(send("00 C0 00 00 10"), std::string(kEidAnswer).substr(10) + "9000");
}

TEST_F(CardTest, AnotherCommandDropsThePendingResponse) {
  selectIsdr(0);
  ASSERT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
  EXPECT_EQ(send("80 AA 00 00 0A A9 08 81 00 82 01 01 83 01 07"), "9000");
  EXPECT_EQ(send("00 C0 00 00 15"), "6985");
}

TEST_F(CardTest, ChannelOpenedFromAChannelInheritsTheSelection) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  selectIsdr(1);
  EXPECT_EQ(send("01 70 00 00 01"), "029000");
  EXPECT_EQ(send("82 E2 91 00 06" + std::string(kGetEid)), "6115");
  // Opened from the basic channel, nothing is selected.
  EXPECT_EQ(send("00 70 00 00 01"), "039000");
  EXPECT_EQ(send("83 E2 91 00 06" + std::string(kGetEid)), "6985");
}

TEST_F(CardTest, ClassAndInstructionErrors) {
  EXPECT_EQ(send("FF A4 04 00 10" + std::string(kIsdrAid)), "6E00");
  EXPECT_EQ(send("20 A4 04 00 10" + std::string(kIsdrAid)), "6E00"); // reserved form
  EXPECT_EQ(send("A0 A4 00 00 02 3F00"), "6E00");                    // GSM SIM class
  EXPECT_EQ(send("80 A4 04 00 10" + std::string(kIsdrAid)), "6E00"); // SELECT is interindustry
  EXPECT_EQ(send("00 B0 00 00 10"), "6D00");                         // READ BINARY
  EXPECT_EQ(send("80 CA 00 5A 00"), "6D00");                         // GET DATA
  EXPECT_EQ(send("0C A4 04 00 10" + std::string(kIsdrAid)), "6882");
  EXPECT_EQ(send("10 A4 04 00 10" + std::string(kIsdrAid)), "6884");
}

TEST_F(CardTest, LengthErrors) {
  EXPECT_EQ(send(""), "6700");
  EXPECT_EQ(send("00"), "6700");
  EXPECT_EQ(send("00 A4 04"), "6700");
  EXPECT_EQ(send("00 A4 04 00 10 A000"), "6700"); // Lc larger than the data
  EXPECT_EQ(send("00 A4 04 00 00 00 10" + std::string(kIsdrAid)), "6700"); // extended length
}

TEST_F(CardTest, PowerCycleClosesChannelsAndDropsTransfers) {
  ASSERT_EQ(send("00 70 00 00 01"), "019000");
  selectIsdr(1);
  selectIsdr(0);
  ASSERT_EQ(send("80 E2 11 00 02 BF3E"), "9000");
  card.powerOff();
  card.powerOn();
  EXPECT_EQ(send("81 E2 91 00 06" + std::string(kGetEid)), "6881");
  EXPECT_EQ(send("80 E2 91 01 04 035C015A"), "6985"); // ISD-R deselected too
  selectIsdr(0);
  ASSERT_EQ(send("80 E2 11 00 02 BF3E"), "9000");
  card.reset();
  selectIsdr(0);
  EXPECT_EQ(send("80 E2 91 01 04 035C015A"), "6A86"); // the partial request is gone
}

TEST_F(CardTest, StoreDataRequestSizeIsBounded) {
  selectIsdr(0);
  const std::string block(255 * 2, 'A');
  unsigned accepted = 0;
  std::string answer;
  // 128 blocks of 255 bytes (32640) fit the 32 KiB bound; the 129th does not.
  for (unsigned n = 0; n < 256; ++n) {
    char p2[3];
    std::snprintf(p2, sizeof p2, "%02X", n);
    answer = send("80 E2 11 " + std::string(p2) + " FF" + block);
    if (answer != "9000") break;
    ++accepted;
  }
  EXPECT_EQ(accepted, 128u);
  EXPECT_EQ(answer, "6A84");
  EXPECT_EQ(send("80 E2 91 81 04 035C015A"), "6A86"); // the request was dropped
  EXPECT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
}

// Garbage of every length 0..10 never crashes the card and always gets a
// status word; lengths up to 2 exhaustively, longer ones by a seeded PRNG.
TEST_F(CardTest, GarbageOfEveryShortLengthGetsAStatusWord) {
  selectIsdr(0);
  ASSERT_EQ(card.processApdu(Bytes{}), (Bytes{0x67, 0x00}));
  for (unsigned v = 0; v < 0x100; ++v) {
    ASSERT_EQ(card.processApdu(Bytes{static_cast<std::uint8_t>(v)}), (Bytes{0x67, 0x00}));
  }
  for (unsigned v = 0; v < 0x10000; ++v) {
    Bytes apdu{static_cast<std::uint8_t>(v & 0xFF), static_cast<std::uint8_t>(v >> 8)};
    ASSERT_EQ(card.processApdu(apdu), (Bytes{0x67, 0x00}));
  }
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t len = 3; len <= 10; ++len) {
    for (int i = 0; i < 20000; ++i) {
      Bytes apdu(len);
      for (auto &b : apdu)
        b = static_cast<std::uint8_t>(byte(rng));
      // Bias towards the commands the card knows, so the parsers run too.
      if (i % 2 == 0 && len >= 2) {
        static constexpr std::uint8_t kIns[] = {0x70, 0xA4, 0xC0, 0xE2, 0xAA};
        apdu[1] = kIns[static_cast<std::size_t>(i / 2) % 5];
        apdu[0] = static_cast<std::uint8_t>(apdu[0] & 0x83);
      }
      Bytes answer = card.processApdu(apdu);
      ASSERT_GE(answer.size(), 2u) << esim::toHex(apdu);
      ASSERT_LE(answer.size(), 258u) << esim::toHex(apdu);
    }
  }
  // Still a working card.
  card.reset();
  selectIsdr(0);
  EXPECT_EQ(send("80 E2 91 00 06" + std::string(kGetEid)), "6115");
}

} // namespace
