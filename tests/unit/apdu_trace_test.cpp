// The checker behind the concurrency integration test: it must find an APDU
// of another channel inside an exchange, and only there.
#include <gtest/gtest.h>

#include <stdexcept>

#include "support/apdu_trace.hpp"

namespace esim::test {
namespace {

TracedApdu apdu(const std::string &command, const std::string &response) {
  return {fromHex(command), fromHex(response)};
}

// One LPA's session on |channel|: open, SELECT with its answer fetched by GET
// RESPONSE, a two-block request whose answer takes two GET RESPONSEs.
std::vector<TracedApdu> session(const std::string &channel) {
  return {
      apdu("0070000001", channel + "9000"),
      apdu(channel + "A4040010A0000005591010FFFFFFFF8900000100", "6120"),
      apdu(channel + "C0000020", std::string(64, 'A').append("9000")),
      apdu("8" + channel.substr(1) + "E21100" + "03BF2D00", "9000"),
      apdu("8" + channel.substr(1) + "E29101" + "015C", "6110"),
      apdu(channel + "C0000010", std::string(32, 'B').append("6102")),
      apdu(channel + "C0000002", "AAAA9000"),
  };
}

TEST(ApduTrace, ParsesTheEmulatorsLinesOnly) {
  const std::string log = "euicc-emu: serving EID 89...\n"
                          "euicc-emu: > 0070000001\n"
                          "euicc-emu: < 019000\n"
                          "euicc-emu: STORE DATA block 3 > expected\n"
                          "> 01C0000002\n"
                          "< AAAA9000\n"
                          "euicc-emu: fault: #7 > ignored\n"
                          "euicc-emu: #7 > 00A4040000\n" // numbered lines (--fault builds)
                          "euicc-emu: #7 < 6A82";
  const std::vector<TracedApdu> apdus = parseEmulatorTrace(log);
  ASSERT_EQ(apdus.size(), 3u);
  EXPECT_EQ(toHex(apdus[2].command), "00A4040000");
  EXPECT_EQ(toHex(apdus[2].response), "6A82");
  EXPECT_EQ(toHex(apdus[0].command), "0070000001");
  EXPECT_EQ(toHex(apdus[0].response), "019000");
  EXPECT_EQ(toHex(apdus[1].response), "AAAA9000");
}

TEST(ApduTrace, RejectsAnAnswerWithoutCommandAndBadHex) {
  EXPECT_THROW(parseEmulatorTrace("euicc-emu: < 9000\n"), std::runtime_error);
  EXPECT_THROW(parseEmulatorTrace("euicc-emu: > 00\neuicc-emu: > 00\n"), std::runtime_error);
  EXPECT_THROW(parseEmulatorTrace("euicc-emu: > 0G\n"), std::runtime_error);
}

TEST(ApduTrace, SessionsOneAfterTheOtherAreClean) {
  std::vector<TracedApdu> apdus = session("01");
  const std::vector<TracedApdu> other = session("02");
  apdus.insert(apdus.end(), other.begin(), other.end());
  EXPECT_TRUE(findInterleavedExchanges(apdus).empty());
}

TEST(ApduTrace, FindsAnApduInsideEveryKindOfExchange) {
  const std::vector<TracedApdu> one = session("01");
  const TracedApdu intruder = apdu("82E29100"
                                   "03BF2200",
                                   "9000");
  // After the open, the SELECT, the first block, the last block and a GET
  // RESPONSE that still left data: each place is inside an exchange.
  for (std::size_t at : {1u, 2u, 4u, 5u, 6u}) {
    SCOPED_TRACE("intruder before APDU " + std::to_string(at));
    std::vector<TracedApdu> apdus = one;
    apdus.insert(apdus.begin() + static_cast<std::ptrdiff_t>(at), intruder);
    const std::vector<std::string> problems = findInterleavedExchanges(apdus);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("on channel 2 came inside the exchange on channel 1"),
              std::string::npos)
        << problems[0];
  }
}

TEST(ApduTrace, BetweenExchangesAnotherChannelMayGo) {
  const std::vector<TracedApdu> one = session("01");
  // Before the open, after the SELECT's answer and after the last answer.
  for (std::size_t at : {0u, 3u, 7u}) {
    std::vector<TracedApdu> apdus = one;
    apdus.insert(apdus.begin() + static_cast<std::ptrdiff_t>(at), apdu("00708002", "9000"));
    EXPECT_TRUE(findInterleavedExchanges(apdus).empty()) << "at " << at;
  }
}

TEST(ApduTrace, AnErrorOnABlockEndsTheExchange) {
  std::vector<TracedApdu> apdus = {apdu("81E21100"
                                        "02BF2D",
                                        "6A86"),
                                   apdu("00708002", "9000")};
  EXPECT_TRUE(findInterleavedExchanges(apdus).empty());
}

} // namespace
} // namespace esim::test
