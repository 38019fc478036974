// Two eUICCs used at once from two threads, in-process: each thread has its
// own EmulatorTransport, IsdrSession and Euicc on its own Card. Every answer
// must come from its own card, and both cards must end as they started.
// Global mutable state anywhere below Euicc (codec, session, asn1c's type
// descriptors) shows up here as a wrong answer, or under ASan/UBSan (CI
// stage 2) as a report.
#include <gtest/gtest.h>

#include <barrier>
#include <chrono>
#include <thread>

#include "emu_bench_fixture.hpp"
#include "support/two_cards.hpp"

namespace {

using esim::test::CardExpectation;

// Each round is six ES10 exchanges (two of them signing notifications), so
// this is a few hundred exchanges per thread interleaved with the other's.
constexpr int kRounds = 25;
// kCardLatency is how long each APDU takes. A real card needs milliseconds;
// without any latency the two threads' calls hardly interleave in-process,
// and a shared buffer in the session layer (tried) went unnoticed.
constexpr std::chrono::microseconds kCardLatency{100};

// SlowCardTransport is an EmulatorTransport whose card answers after
// kCardLatency, the time in which the other thread runs.
class SlowCardTransport : public euicc_emu::EmulatorTransport {
public:
  using EmulatorTransport::EmulatorTransport;

protected:
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override {
    std::this_thread::sleep_for(kCardLatency);
    return EmulatorTransport::transmitApdu(command);
  }
};

TEST(TwoCardsTwoThreads, EachThreadSeesOnlyItsOwnCard) {
  const euicc_emu::EmulatorState stateA = emu_test::demoWithPki();
  const euicc_emu::EmulatorState stateB = esim::test::otherCard(stateA);
  const CardExpectation expectA = esim::test::expectationFor(stateA);
  const CardExpectation expectB = esim::test::expectationFor(stateB);
  ASSERT_NE(expectA.eid, expectB.eid);
  ASSERT_NE(expectA.enabledIccid, expectB.enabledIccid);

  euicc_emu::Card cardA(stateA);
  euicc_emu::Card cardB(stateB);
  SlowCardTransport transportA(cardA);
  SlowCardTransport transportB(cardB);
  std::barrier<> sync(2);
  std::string problemA;
  std::string problemB;
  std::thread threadA(
      [&] { problemA = esim::test::exerciseCard(transportA, expectA, kRounds, sync); });
  std::thread threadB(
      [&] { problemB = esim::test::exerciseCard(transportB, expectB, kRounds, sync); });
  threadA.join();
  threadB.join();
  EXPECT_EQ(problemA, "") << "card A";
  EXPECT_EQ(problemB, "") << "card B";

  // Both cards end as they started, plus the same number of notifications,
  // each about a profile of its own card.
  const euicc_emu::EmulatorState endA = cardA.state();
  const euicc_emu::EmulatorState endB = cardB.state();
  EXPECT_EQ(endA.notifications.size(), endB.notifications.size());
  EXPECT_GT(endA.notifications.size(), stateA.notifications.size());
  for (auto [end, start] : {std::pair{&endA, &stateA}, std::pair{&endB, &stateB}}) {
    EXPECT_EQ(end->profiles, start->profiles);
    EXPECT_EQ(end->eid, start->eid);
    const CardExpectation own = esim::test::expectationFor(*start);
    for (const auto &n : end->notifications) {
      const std::string iccid = n.metadata.iccid.value_or("");
      EXPECT_TRUE(iccid == own.enabledIccid || iccid == own.disabledIccid)
          << "notification " << n.metadata.seqNumber << " about " << iccid << " on card "
          << own.eid;
    }
  }
  EXPECT_EQ(cardA.openChannelMask(), 1u); // the sessions closed their channels
  EXPECT_EQ(cardB.openChannelMask(), 1u);
}

} // namespace
