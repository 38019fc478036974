// The scripted fake itself must fail loudly: a fake that accepts anything
// would make every session test pass.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "support/scripted_transport.hpp"

namespace {

using esim::CommandApdu;
using esim::test::ScriptedTransport;
using esim::test::ScriptMismatch;

TEST(ScriptedTransportTest, AnswersScriptedSteps) {
  ScriptedTransport card;
  card.expect("00 70 00 00 01", "01 90 00").expect("00:70:80:01", "9000");
  const esim::ResponseApdu opened = card.transmit(CommandApdu::manageChannelOpen());
  EXPECT_EQ(opened.sw(), 0x9000);
  EXPECT_EQ(opened.data, esim::Bytes{0x01});
  EXPECT_EQ(card.transmit(CommandApdu::manageChannelClose(1)).sw(), 0x9000);
  EXPECT_EQ(card.stepsUsed(), 2U);
  card.checkAllUsed();
}

TEST(ScriptedTransportTest, MismatchFailsWithStepAndBothApdus) {
  ScriptedTransport card;
  card.expect("00 70 00 00 01", "01 90 00");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THROW(card.transmit(CommandApdu::manageChannelClose(2)), ScriptMismatch),
      "at step 0: got 00 70 80 02, expected 00 70 00 00 01");
  // Later APDUs are refused without further failures.
  EXPECT_THROW(card.transmit(CommandApdu::manageChannelOpen()), ScriptMismatch);
}

TEST(ScriptedTransportTest, ApduAfterTheScriptFails) {
  ScriptedTransport card;
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THROW(card.transmit(CommandApdu::manageChannelOpen()), ScriptMismatch),
      "at step 0: got 00 70 00 00 01, expected no more APDUs");
}

TEST(ScriptedTransportTest, UnusedStepsFailTheCheck) {
  ScriptedTransport card;
  card.expect("00 70 00 00 01", "01 90 00").expect("00 70 80 01", "90 00");
  card.transmit(CommandApdu::manageChannelOpen());
  EXPECT_NONFATAL_FAILURE(card.checkAllUsed(), "at step 1: script expected 00 70 80 01");
}

TEST(ScriptedTransportTest, FailureStepThrowsTheGivenError) {
  ScriptedTransport card;
  card.expectFailure("00 70 00 00 01", esim::Errc::cardRemoved, "gone");
  try {
    card.transmit(CommandApdu::manageChannelOpen());
    FAIL() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::cardRemoved);
  }
  card.checkAllUsed();
}

TEST(ScriptedTransportTest, CountsNestedTransactions) {
  ScriptedTransport card;
  card.expect("00 70 00 00 01", "01 90 00");
  {
    esim::Transaction outer(card);
    esim::Transaction inner(card);
    EXPECT_EQ(card.transactionDepth(), 2);
    card.transmit(CommandApdu::manageChannelOpen());
  }
  EXPECT_EQ(card.transactionDepth(), 0);
  EXPECT_EQ(card.transactionsBegun(), 1);
  EXPECT_FALSE(card.apduTransmittedOutsideTransaction());
}

} // namespace
