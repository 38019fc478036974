// The emulated modem's AT command parser and its answers: every command of
// TS 27.007 that UICC access needs, and every way a line can be malformed.
#include <gtest/gtest.h>

#include <string>

#include "esim/bytes.hpp"
#include "euicc_emu/at_command.hpp"
#include "euicc_emu/at_modem.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state.hpp"

namespace {

using euicc_emu::AtCommandKind;
using euicc_emu::parseAtCommand;

constexpr const char *kIsdrAid = "A0000005591010FFFFFFFF8900000100";
// The commands that open the ISD-R, written out whole: g++ 12 at -O2 reports
// -Warray-bounds false positives for std::string("..") + const char * chains.
constexpr const char *kOpenIsdrQuoted = "AT+CCHO=\"A0000005591010FFFFFFFF8900000100\"";
constexpr const char *kOpenIsdrBare = "at+ccho=A0000005591010FFFFFFFF8900000100";

TEST(AtCommand, ParsesBasicCommandsInEitherCase) {
  EXPECT_EQ(parseAtCommand("AT").kind, AtCommandKind::attention);
  EXPECT_EQ(parseAtCommand("  at  ").kind, AtCommandKind::attention);
  EXPECT_EQ(parseAtCommand("ATE0").kind, AtCommandKind::echoOff);
  EXPECT_EQ(parseAtCommand("ate1").kind, AtCommandKind::echoOn);
  EXPECT_EQ(parseAtCommand("ATE").kind, AtCommandKind::echoOn);
}

TEST(AtCommand, ParsesQuotedAndUnquotedParameters) {
  auto open = parseAtCommand(kOpenIsdrQuoted);
  EXPECT_EQ(open.kind, AtCommandKind::openChannel);
  EXPECT_EQ(esim::toHex(open.data), kIsdrAid);
  EXPECT_EQ(parseAtCommand(kOpenIsdrBare).data, open.data);

  auto cgla = parseAtCommand("AT+CGLA=7,10,\"81e2910003\"");
  ASSERT_EQ(cgla.kind, AtCommandKind::cgla) << cgla.problem;
  EXPECT_EQ(cgla.session, 7u);
  EXPECT_EQ(esim::toHex(cgla.data), "81E2910003");
  auto spaced = parseAtCommand("AT+CGLA= 7 , 10 , 81E2910003 ");
  ASSERT_EQ(spaced.kind, AtCommandKind::cgla) << spaced.problem;
  EXPECT_EQ(spaced.data, cgla.data);

  auto quotedSpaced = parseAtCommand("AT+CGLA=7, 10, \"81E2910003\"");
  ASSERT_EQ(quotedSpaced.kind, AtCommandKind::cgla) << quotedSpaced.problem;
  EXPECT_EQ(quotedSpaced.data, cgla.data);

  auto csim = parseAtCommand("AT+CSIM=10,\"0070000001\"");
  ASSERT_EQ(csim.kind, AtCommandKind::csim) << csim.problem;
  EXPECT_EQ(esim::toHex(csim.data), "0070000001");

  auto close = parseAtCommand("AT+CCHC=12");
  ASSERT_EQ(close.kind, AtCommandKind::closeChannel);
  EXPECT_EQ(close.session, 12u);
}

TEST(AtCommand, RefusesMalformedParametersWithAReason) {
  struct Case {
    const char *line;
    const char *problem; // a part of the reason
  };
  for (const Case &c : {
           Case{"AT+CGLA=7,12,\"81E2910003\"", "does not match"}, // length too big
           Case{"AT+CGLA=7,8,\"81E2910003\"", "does not match"},  // too small
           Case{"AT+CGLA=7,x,\"81E2910003\"", "not a number"},
           Case{"AT+CGLA=7,-10,\"81E2910003\"", "not a number"},
           Case{"AT+CGLA=7,9,\"81E291000\"", "odd number"},
           Case{"AT+CGLA=7,10,\"81E29100G3\"", "not hex"},
           Case{"AT+CGLA=7,0,\"\"", "empty"},
           Case{"AT+CGLA=seven,10,\"81E2910003\"", "not a number"},
           Case{"AT+CGLA=7,10", "3 parameter"},
           Case{"AT+CGLA=7,10,\"81E2910003\",1", "3 parameter"},
           Case{"AT+CGLA=7,10,\"81E2910003", "unterminated"},
           Case{"AT+CSIM=\"0070000001\"", "2 parameter"},
           Case{"AT+CCHO=\"A00000055\"", "odd number"},
           Case{"AT+CCHO=\"\"", "empty"},
           Case{"AT+CCHO=", "empty"},
           Case{"AT+CCHC=", "not a number"},
           Case{"AT+CCHC=99999999999", "not a number"},
       }) {
    auto parsed = parseAtCommand(c.line);
    EXPECT_EQ(parsed.kind, AtCommandKind::badParameter) << c.line;
    EXPECT_NE(parsed.problem.find(c.problem), std::string::npos)
        << c.line << ": " << parsed.problem;
  }
}

TEST(AtCommand, RefusesUnknownAndOverlongLines) {
  for (const char *line : {"", "A", "XYZ", "AT+COPS?", "ATD123;", "ATE2", "+CGLA=1,2,\"00\""})
    EXPECT_EQ(parseAtCommand(line).kind, AtCommandKind::syntaxError) << line;
  std::string hex(euicc_emu::kMaxAtLineLength, '0');
  auto overlong = parseAtCommand("AT+CSIM=" + std::to_string(hex.size()) + ",\"" + hex + "\"");
  EXPECT_EQ(overlong.kind, AtCommandKind::syntaxError);
  EXPECT_NE(overlong.problem.find("longer than"), std::string::npos) << overlong.problem;
}

// ModemTest drives an AtModem in front of the demo card.
class ModemTest : public ::testing::Test {
protected:
  ModemTest()
      : card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo")), faults(card, {}),
        modem(faults) {
    EXPECT_EQ(modem.handleLine("ATE0"), "ATE0\r\r\nOK\r\n"); // echoed: echo was still on
  }

  // openIsdr opens a session with the ISD-R and returns its id.
  std::string openIsdr() {
    std::string answer = modem.handleLine(kOpenIsdrQuoted);
    const std::string ok = "\r\n\r\nOK\r\n";
    EXPECT_TRUE(answer.size() > ok.size() + 2 && answer.ends_with(ok)) << answer;
    return answer.substr(2, answer.size() - ok.size() - 2);
  }

  euicc_emu::Card card;
  euicc_emu::FaultInjector faults;
  euicc_emu::AtModem modem;
};

TEST_F(ModemTest, AnswersInTheModemsFormat) {
  EXPECT_EQ(modem.handleLine("AT"), "\r\nOK\r\n");
  EXPECT_EQ(modem.handleLine("AT+COPS?"), "\r\nERROR\r\n");
  EXPECT_EQ(modem.handleLine("AT+CGLA=7,3,\"00\""), "\r\n+CME ERROR: 50\r\n");
  EXPECT_EQ(modem.handleLine("ATE1"), "\r\nOK\r\n");
  EXPECT_EQ(modem.handleLine("AT"), "AT\r\r\nOK\r\n");
}

TEST_F(ModemTest, SessionIdIsNotTheChannelAndCglaUsesTheSessionsChannel) {
  const std::string session = openIsdr();
  EXPECT_NE(session, "1");
  EXPECT_EQ(card.openChannelMask(), 0b11u); // the card gave channel 1
  // GetEID (BF3E 03 5C 01 5A) in one STORE DATA whose CLA names channel 0,
  // where no ISD-R is selected: the modem codes channel 1 into the CLA.
  EXPECT_EQ(modem.handleLine("AT+CGLA=" + session + ",22,\"80E2910006BF3E035C015A\""),
            "\r\n+CGLA: 4,\"6115\"\r\n\r\nOK\r\n");
  std::string answer = modem.handleLine("AT+CGLA=" + session + ",10,\"00C0000015\"");
  EXPECT_EQ(answer.rfind("\r\n+CGLA: 46,\"BF3E125A10", 0), 0u) << answer;
  EXPECT_TRUE(answer.ends_with("9000\"\r\n\r\nOK\r\n")) << answer;
  EXPECT_EQ(modem.handleLine("AT+CCHC=" + session), "\r\nOK\r\n");
  EXPECT_EQ(card.openChannelMask(), 0b1u);
  EXPECT_EQ(modem.handleLine("AT+CCHC=" + session), "\r\n+CME ERROR: 21\r\n");
}

TEST_F(ModemTest, UnknownSessionAndUnknownAid) {
  EXPECT_EQ(modem.handleLine("AT+CGLA=1,10,\"80E2910003\""), "\r\n+CME ERROR: 21\r\n");
  EXPECT_EQ(modem.handleLine("AT+CCHO=\"A0000000000001\""), "\r\n+CME ERROR: 22\r\n");
  EXPECT_EQ(card.openChannelMask(), 0b1u); // the channel was closed again
  EXPECT_EQ(modem.sessionCount(), 0u);
}

TEST_F(ModemTest, CsimUsesTheBasicChannelAsItIs) {
  EXPECT_EQ(modem.handleLine("AT+CSIM=10,\"0070000001\""), "\r\n+CSIM: 6,\"019000\"\r\n\r\nOK\r\n");
  EXPECT_EQ(card.openChannelMask(), 0b11u);
}

TEST(AtModem, ACardThatVanishesIsASimFailure) {
  euicc_emu::Card card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo"));
  euicc_emu::FaultPlan plan;
  euicc_emu::addFaultSpec(plan, "remove@2"); // at the SELECT of AT+CCHO
  euicc_emu::FaultInjector faults(card, plan);
  euicc_emu::AtModem modem(faults);
  const std::string open = kOpenIsdrQuoted;
  EXPECT_EQ(modem.handleLine(open), open + "\r\r\n+CME ERROR: 13\r\n");
  EXPECT_EQ(modem.sessionCount(), 0u);
  EXPECT_EQ(card.openChannelMask(), 1u); // reset: the channel opened at APDU 1 is gone
  // The card is back for the next command.
  EXPECT_TRUE(modem.handleLine(open).ends_with("\r\n42\r\n\r\nOK\r\n"));
}

} // namespace
