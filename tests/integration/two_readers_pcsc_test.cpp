// Two readers from two threads through real PC/SC: one pcscd, vpcd's two
// slots, a different emulated eUICC in each, and one thread per reader with
// its own PcscTransport, IsdrSession and Euicc. Every answer must come from
// the thread's own card (the cards differ in EID and ICCIDs), and both
// cards, and their state files, must end as they started.
#include <gtest/gtest.h>

#include <barrier>
#include <memory>
#include <thread>

#include "esim/pcsc_transport.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_emu/vpcd.hpp"
#include "support/esim_env.hpp"
#include "support/pcscd_harness.hpp"
#include "support/two_cards.hpp"

namespace esim::test {
namespace {

using namespace std::chrono_literals;

// A round through pcscd is some 10-20 ms; 15 rounds keep both threads busy
// together for a few hundred ms, with hundreds of APDUs interleaved.
constexpr int kRounds = 15;
constexpr auto kCardTimeout = 10s;

// ServedCard is an emulated card in one vpcd slot, served from a thread of
// this process.
class ServedCard {
public:
  ServedCard(euicc_emu::EmulatorState state, const std::string &statePath, std::uint16_t port)
      : card_(std::move(state), statePath), link_(card_, options(port)),
        thread_([this] { link_.run(); }) {}
  ~ServedCard() {
    link_.stop();
    thread_.join();
  }
  ServedCard(const ServedCard &) = delete;
  ServedCard &operator=(const ServedCard &) = delete;
  euicc_emu::Card &card() noexcept { return card_; }

private:
  static euicc_emu::VpcdOptions options(std::uint16_t port) {
    euicc_emu::VpcdOptions o;
    o.port = port;
    return o;
  }
  euicc_emu::Card card_;
  euicc_emu::VpcdLink link_;
  std::thread thread_;
};

TEST(TwoReadersPcsc, EachThreadSeesOnlyItsOwnCard) {
  TempDir dir;
  const std::string pathA = dir.file("card-a.json");
  const std::string pathB = dir.file("card-b.json");
  writeDemoState(pathA);
  const euicc_emu::EmulatorState stateA = euicc_emu::loadState(pathA);
  const euicc_emu::EmulatorState stateB = otherCard(stateA);
  const CardExpectation expectA = expectationFor(stateA);
  const CardExpectation expectB = expectationFor(stateB);

  Pcscd pcscd;
  ASSERT_NE(pcscd.readerName(), pcscd.secondReaderName()) << "vpcd shows one slot only";
  auto cardA = std::make_unique<ServedCard>(stateA, pathA, pcscd.port());
  auto cardB =
      std::make_unique<ServedCard>(stateB, pathB, static_cast<std::uint16_t>(pcscd.port() + 1));
  ASSERT_TRUE(pcscd.waitForCard(pcscd.readerName(), kCardTimeout)) << pcscd.log();
  ASSERT_TRUE(pcscd.waitForCard(pcscd.secondReaderName(), kCardTimeout)) << pcscd.log();

  std::barrier<> sync(2);
  std::string problemA;
  std::string problemB;
  auto drive = [&](const std::string &reader, const CardExpectation &expected,
                   std::string &problem) {
    try {
      ReaderSelector selector;
      selector.name = reader;
      std::unique_ptr<PcscTransport> transport = PcscTransport::open(selector);
      problem = exerciseCard(*transport, expected, kRounds, sync);
    } catch (const std::exception &e) {
      sync.arrive_and_drop();
      problem = std::string("cannot open ") + reader + ": " + e.what();
    }
  };
  std::thread threadA([&] { drive(pcscd.readerName(), expectA, problemA); });
  std::thread threadB([&] { drive(pcscd.secondReaderName(), expectB, problemB); });
  threadA.join();
  threadB.join();
  EXPECT_EQ(problemA, "") << pcscd.readerName();
  EXPECT_EQ(problemB, "") << pcscd.secondReaderName();

  // The cards, and what they saved, end with the profiles they started with.
  EXPECT_EQ(cardA->card().state().profiles, stateA.profiles);
  EXPECT_EQ(cardB->card().state().profiles, stateB.profiles);
  cardA.reset();
  cardB.reset();
  EXPECT_EQ(euicc_emu::loadState(pathA).profiles, stateA.profiles);
  EXPECT_EQ(euicc_emu::loadState(pathB).profiles, stateB.profiles);
  EXPECT_EQ(toHex(euicc_emu::loadState(pathB).eid), expectB.eid);
}

} // namespace
} // namespace esim::test
