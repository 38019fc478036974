// A killed emulator keeps a valid state file: a child process switches
// profiles as fast as it can through a Card saving to a state file, the
// parent SIGKILLs it at random moments, and every time the file must load
// (validateState and checkPki pass), follow the card's rules and hold every
// change the card had answered before it died.
//
// The kill moments adapt to the card's speed (an ASan build is several times
// slower than a release one): the child reports each finished switch on a
// pipe, the parent waits for a random number of them and then for a random
// part of the measured time one switch takes, so the kill lands inside a
// switch (and often inside its save) on any build.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <random>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codec/es10_codec.hpp"
#include "emu_bench_fixture.hpp"
#include "support/signature_check.hpp"

namespace {

using namespace emu_test;
using esim::Iccid;
namespace codec = esim::codec;

constexpr int kRounds = 30;
constexpr int kVerifyEvery = 10;
constexpr int kMaxSwitchesBeforeKill = 3;
constexpr std::size_t kMaxPending = 4;

// switchForever is the child: it never returns. It leaves with _exit so that
// no destructor of the parent's objects (the shared bench) runs in it.
// It writes one byte to |progress| once its card is up and one after each
// answered switch, so that the parent knows what the file must hold.
[[noreturn]] void switchForever(const fs::path &path, int progress) {
  try {
    euicc_emu::EmulatorState start = euicc_emu::loadState(path);
    // Go on from where the last child was killed: enable the disabled one.
    unsigned first = 0;
    for (const auto &p : start.profiles) {
      if (p.iccid == std::string(kHomeIccid) && p.profileState == esim::ProfileState::enabled)
        first = 1;
    }
    Lpa lpa(std::move(start), path);
    const char byte = 1;
    if (::write(progress, &byte, 1) != 1) ::_exit(4);
    for (unsigned i = first;; ++i) {
      // Keep the file small: drop the oldest notifications first (each
      // removal is a save too).
      auto pending = lpa.euicc().listNotification();
      for (std::size_t k = 0; k + kMaxPending < pending.size(); ++k)
        lpa.euicc().removeNotificationFromList(pending[k].seqNumber);
      // Each enable disables the other profile: a signed notification (the
      // travel profile's disable or enable) and one save per call.
      if (lpa.euicc().enableProfile(Iccid{(i % 2 == 0) ? kHomeIccid : kTravelIccid}, false) !=
          esim::EnableProfileResult::ok)
        ::_exit(5);
      if (::write(progress, &byte, 1) != 1) ::_exit(4);
    }
  } catch (...) {
    ::_exit(3);
  }
}

// fastDirectoryBase returns tmpfs (/dev/shm) when there is one: fsync costs
// nothing there, so a card saves every few hundred microseconds and the kills
// land inside writes and renames, not only between slow fsyncs. A SIGKILL
// (unlike a power cut) tests exactly that: the write-then-rename protocol.
fs::path fastDirectoryBase() {
  std::error_code ec;
  const fs::path shm = "/dev/shm";
  if (fs::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0) return shm;
  return fs::temp_directory_path();
}

// readByte blocks until the child reports one step; false if it died.
bool readByte(int fd) {
  char byte = 0;
  return ::read(fd, &byte, 1) == 1;
}

TEST(EmuCrash, KilledMidWriteLeavesAValidState) {
  using Clock = std::chrono::steady_clock;
  ScratchDir dir(fastDirectoryBase());
  const fs::path path = dir.path() / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  std::mt19937 random(20240611);
  std::uniform_int_distribution<int> switchesBeforeKill(0, kMaxSwitchesBeforeKill);
  std::uniform_real_distribution<double> partOfASwitch(0.0, 1.0);
  // The time one switch takes, measured while the rounds run; the first
  // rounds wait for at least one switch so that there is a measurement.
  Clock::duration switchTime{};
  std::int64_t lastNext = 0;
  int progressed = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int progress[2];
    ASSERT_EQ(::pipe(progress), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(progress[0]);
      switchForever(path, progress[1]);
    }
    ::close(progress[1]);
    EXPECT_TRUE(readByte(progress[0])) << "the child's card did not start";
    const int waitFor =
        switchTime == Clock::duration{} ? 1 + round % 2 : switchesBeforeKill(random);
    int answered = 0;
    auto last = Clock::now();
    for (; answered < waitFor && readByte(progress[0]); ++answered) {
      const auto now = Clock::now();
      // The first switch of a card pays for its start; later ones do not.
      if (answered > 0 || switchTime == Clock::duration{}) switchTime = now - last;
      last = now;
    }
    std::this_thread::sleep_for(
        std::chrono::duration_cast<Clock::duration>(switchTime * partOfASwitch(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    // Switches answered after the ones the parent counted (they are in the
    // pipe) count as answered too.
    while (readByte(progress[0]))
      ++answered;
    ::close(progress[0]);
    // Killed, not failed on its own (exit 3: an error; 5: a switch refused).
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

    euicc_emu::EmulatorState s;
    ASSERT_NO_THROW(s = euicc_emu::loadState(path));
    ASSERT_EQ(s.profiles.size(), 2u);
    int enabled = 0;
    for (const auto &p : s.profiles)
      enabled += p.profileState == esim::ProfileState::enabled ? 1 : 0;
    EXPECT_EQ(enabled, 1);
    EXPECT_GE(s.nextSeqNumber, lastNext); // never goes back
    // Every answered switch made one notification: none of them is lost.
    EXPECT_GE(s.nextSeqNumber, lastNext + answered) << answered << " switches were answered";
    if (s.nextSeqNumber > lastNext) ++progressed;
    lastNext = s.nextSeqNumber;
    EXPECT_LE(s.notifications.size(), kMaxPending + 1);
    for (const auto &n : s.notifications)
      EXPECT_LT(n.metadata.seqNumber, s.nextSeqNumber);
    // The stored notifications are whole and signed (checked now and then:
    // a signature check costs more than a round).
    if (round % kVerifyEvery == 0 || round + 1 == kRounds) {
      for (const auto &n : s.notifications) {
        EXPECT_EQ(esim::test::verifyNotification(codec::decodePendingNotification(n.der), ciPem()),
                  "")
            << n.metadata.seqNumber;
      }
    }
  }
  // The kills must have hit a card at work, not only one starting up.
  EXPECT_GE(progressed, kRounds / 2);
  EXPECT_GT(switchTime, Clock::duration{});
  // Temporary files of interrupted saves may remain next to the state; the
  // state itself is always whole. Their number shows how often a kill hit a
  // save in progress.
  int interrupted = 0;
  for (const auto &entry : fs::directory_iterator(dir.path()))
    interrupted += entry.path().filename().string().rfind(".card.json.", 0) == 0 ? 1 : 0;
  RecordProperty("interruptedSaves", interrupted);
  std::cout << "[ INFO     ] " << progressed << " of " << kRounds << " rounds changed the state, "
            << interrupted << " kills interrupted a save; one switch takes "
            << std::chrono::duration_cast<std::chrono::microseconds>(switchTime).count() << " us\n";
}

} // namespace
