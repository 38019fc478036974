// The state file's lock: several processes (esimctl --emulator runs, a
// serving euicc-emu) change one state file and no change is lost, no removed
// notification comes back. Before the lock, each process loaded the file
// once and saved its whole copy on each change, so the later save dropped
// the other's changes.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "support/esim_env.hpp"

namespace {

using namespace emu_test;
using esim::Iccid;
using euicc_emu::StateFileLock;
using euicc_emu::StateFileLocking;
using namespace std::chrono_literals;

constexpr int kRounds = 20;

// benchFile saves the demo state (absolute PKI paths) in |dir| and returns
// its path.
fs::path benchFile(const ScratchDir &dir) {
  const fs::path path = dir.path() / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  return path;
}

// errorOf runs |f| and returns the esim::Error it throws.
template <typename F> std::optional<esim::Error> errorOf(F &&f) {
  try {
    f();
  } catch (const esim::Error &e) {
    return e;
  }
  return std::nullopt;
}

std::optional<std::string> nicknameOf(const euicc_emu::EmulatorState &s, const char *iccid) {
  for (const auto &p : s.profiles) {
    if (p.iccid == std::string(iccid)) return p.profileNickname;
  }
  return std::nullopt;
}

TEST(EmuStateLock, SecondHolderWaitsThenFailsNamingTheLockFile) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  const fs::path lockPath = dir.path() / "card.json.lock";
  std::optional<StateFileLock> first(std::in_place, path);
  EXPECT_EQ(first->lockPath(), lockPath);
  struct stat st {};
  ASSERT_EQ(::stat(lockPath.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  const auto start = std::chrono::steady_clock::now();
  auto e = errorOf([&] { StateFileLock second(path, 150ms); });
  ASSERT_TRUE(e);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms); // it waited
  EXPECT_EQ(e->code(), esim::Errc::ioError);
  EXPECT_NE(std::string(e->what()).find(lockPath.string() + ": another process holds it"),
            std::string::npos)
      << e->what();
  // Released: the next one gets it at once, and the lock file stays.
  first.reset();
  EXPECT_NO_THROW(StateFileLock(path, 0ms));
  EXPECT_TRUE(fs::exists(lockPath));
}

TEST(EmuStateLock, TwoLinksToOneFileShareTheLock) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  fs::create_directory(dir.path() / "elsewhere");
  const fs::path link = dir.path() / "elsewhere" / "link.json";
  fs::create_symlink("../card.json", link);
  EXPECT_EQ(euicc_emu::stateLockPath(link), euicc_emu::stateLockPath(path));
  StateFileLock held(link);
  EXPECT_TRUE(errorOf([&] { StateFileLock(path, 20ms); }));
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere" / "link.json.lock"));
}

// esimctl --emulator: the card holds the lock from load to its end.
TEST(EmuStateLock, WholeLifetimeCardHoldsTheLockUntilItGoes) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  {
    FileLpa lpa(path, StateFileLocking::wholeLifetime);
    EXPECT_EQ(lpa.euicc().setNickname(kHomeIccid, "held"), esim::SetNicknameResult::ok);
    EXPECT_TRUE(errorOf([&] { StateFileLock(path, 20ms); }));
    EXPECT_TRUE(errorOf([&] { FileLpa(path, StateFileLocking::wholeLifetime, 20ms); }));
  }
  EXPECT_NO_THROW(StateFileLock(path, 0ms));
  EXPECT_EQ(nicknameOf(euicc_emu::loadState(path), kHomeIccid), "held");
}

// A serving euicc-emu reloads what another process wrote between two of its
// commands: no lost update, no resurrected notification.
TEST(EmuStateLock, PerCommandCardSeesAnotherWritersChanges) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  FileLpa served(path, StateFileLocking::perCommand);
  // The card does not keep the lock between commands.
  EXPECT_NO_THROW(StateFileLock(path, 0ms));
  EXPECT_EQ(served.euicc().setNickname(kHomeIccid, "served-1"), esim::SetNicknameResult::ok);
  {
    // Another process (esimctl --emulator) disables the travel profile: a
    // notification is made.
    FileLpa other(path, StateFileLocking::wholeLifetime);
    EXPECT_EQ(nicknameOf(other.card().state(), kHomeIccid), "served-1");
    EXPECT_EQ(other.euicc().disableProfile(Iccid{kTravelIccid}, false),
              esim::DisableProfileResult::ok);
  }
  // The served card's next change keeps the disable and its notification.
  EXPECT_EQ(served.euicc().setNickname(kHomeIccid, "served-2"), esim::SetNicknameResult::ok);
  euicc_emu::EmulatorState s = euicc_emu::loadState(path);
  EXPECT_EQ(s.profiles[0].profileState, esim::ProfileState::disabled);
  ASSERT_EQ(s.notifications.size(), 1u);
  const std::int64_t seq = s.notifications[0].metadata.seqNumber;
  EXPECT_EQ(s.nextSeqNumber, seq + 1);
  EXPECT_EQ(nicknameOf(s, kHomeIccid), "served-2");
  ASSERT_EQ(served.euicc().listNotification().size(), 1u);
  {
    // The other process delivers and removes the notification.
    FileLpa other(path, StateFileLocking::wholeLifetime);
    EXPECT_EQ(other.euicc().removeNotificationFromList(seq), esim::NotificationSentResult::ok);
  }
  // It does not come back with the served card's next save.
  EXPECT_EQ(served.euicc().setNickname(kTravelIccid, "served-3"), esim::SetNicknameResult::ok);
  s = euicc_emu::loadState(path);
  EXPECT_TRUE(s.notifications.empty());
  EXPECT_EQ(s.nextSeqNumber, seq + 1);
  EXPECT_EQ(nicknameOf(s, kTravelIccid), "served-3");
  EXPECT_TRUE(served.euicc().listNotification().empty());
  EXPECT_EQ(served.euicc().removeNotificationFromList(seq),
            esim::NotificationSentResult::nothingToDelete);
}

TEST(EmuStateLock, PerCommandCardAnswers6581NamingTheFileWhenItCannotReload) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  FileLpa served(path, StateFileLocking::perCommand, 100ms);
  const std::string good = readText(path);
  // A file broken by hand between two commands.
  std::ofstream(path, std::ios::trunc) << "{ not json";
  auto e = errorOf([&] { served.euicc().setNickname(kHomeIccid, "x"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->statusWord(), 0x6581);
  EXPECT_NE(std::string(e->what()).find("state file " + path.string()), std::string::npos)
      << e->what();
  ASSERT_FALSE(served.log().empty());
  EXPECT_NE(served.log().back().find("state file not reloaded"), std::string::npos);
  EXPECT_EQ(readText(path), "{ not json"); // nothing was written over it
  // Another process holding the lock too long: the same answer, naming the lock.
  std::ofstream(path, std::ios::trunc) << good;
  {
    StateFileLock held(path);
    e = errorOf([&] { served.euicc().setNickname(kHomeIccid, "x"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->statusWord(), 0x6581);
    EXPECT_NE(std::string(e->what()).find("card.json.lock: another process holds it"),
              std::string::npos)
        << e->what();
  }
  EXPECT_EQ(served.euicc().setNickname(kHomeIccid, "x"), esim::SetNicknameResult::ok);
}

// toggleRounds is one child: kRounds times, as one esimctl --emulator run
// each (load, change, save, unlock), it enables the home or the travel
// profile; each switch makes exactly one notification (the travel
// profile's disable or enable). Exits 0 if every switch was answered ok.
[[noreturn]] void toggleRounds(const fs::path &path) {
  try {
    for (int i = 0; i < kRounds; ++i) {
      FileLpa lpa(path, StateFileLocking::wholeLifetime);
      if (lpa.euicc().enableProfile(Iccid{i % 2 == 0 ? kHomeIccid : kTravelIccid}, false) !=
          esim::EnableProfileResult::ok)
        ::_exit(5);
    }
    ::_exit(0);
  } catch (...) {
    ::_exit(3);
  }
}

// nicknameRounds is the other child: a long-lived card as euicc-emu serves
// it (perCommand), setting the home profile's nickname kRounds times.
[[noreturn]] void nicknameRounds(const fs::path &path) {
  try {
    FileLpa lpa(path, StateFileLocking::perCommand);
    for (int i = 0; i < kRounds; ++i) {
      if (lpa.euicc().setNickname(kHomeIccid, "served-" + std::to_string(i)) !=
          esim::SetNicknameResult::ok)
        ::_exit(5);
    }
    ::_exit(0);
  } catch (...) {
    ::_exit(3);
  }
}

int waitChild(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(EmuStateLock, TwoProcessesChangingOneFileLoseNothing) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  const std::int64_t seqBefore = euicc_emu::loadState(path).nextSeqNumber;
  const pid_t toggler = ::fork();
  ASSERT_GE(toggler, 0);
  if (toggler == 0) toggleRounds(path);
  const pid_t namer = ::fork();
  if (namer == 0) nicknameRounds(path);
  EXPECT_GE(namer, 0);
  EXPECT_EQ(waitChild(toggler), 0);
  if (namer > 0) {
    EXPECT_EQ(waitChild(namer), 0);
  }

  const euicc_emu::EmulatorState s = euicc_emu::loadState(path);
  // Every acknowledged switch left its notification; none was overwritten.
  EXPECT_EQ(s.nextSeqNumber, seqBefore + kRounds);
  EXPECT_EQ(s.notifications.size(), static_cast<std::size_t>(kRounds));
  // An even number of switches: the travel profile is enabled again.
  EXPECT_EQ(s.profiles[0].profileState, esim::ProfileState::enabled);
  EXPECT_EQ(nicknameOf(s, kHomeIccid), "served-" + std::to_string(kRounds - 1));
}

// The same through the esimctl program, as the tester ran it: two esimctl
// --emulator on one file at once, many times.
TEST(EmuStateLock, TwoEsimctlRunsAtOnceLoseNothing) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  const std::int64_t seqBefore = euicc_emu::loadState(path).nextSeqNumber;
  constexpr int kRuns = 12;
  int switches = 0;
  std::string failures;
  std::thread toggler([&] {
    for (int i = 0; i < kRuns; ++i) {
      auto r = esim::test::runEsimctl({"--emulator", path.string(), "profile", "enable",
                                       i % 2 == 0 ? kHomeIccid : kTravelIccid, "--no-report"});
      if (r.command.exitCode == 0)
        ++switches;
      else
        failures += r.describe();
    }
  });
  int lastNickname = -1;
  for (int i = 0; i < kRuns; ++i) {
    auto r = esim::test::runEsimctl({"--emulator", path.string(), "profile", "nickname",
                                     kTravelIccid, "run-" + std::to_string(i)});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    if (r.command.exitCode == 0) lastNickname = i;
  }
  toggler.join();
  EXPECT_EQ(switches, kRuns) << failures;
  const euicc_emu::EmulatorState s = euicc_emu::loadState(path);
  EXPECT_EQ(s.nextSeqNumber, seqBefore + switches);
  EXPECT_EQ(s.notifications.size(), static_cast<std::size_t>(switches));
  EXPECT_EQ(nicknameOf(s, kTravelIccid), "run-" + std::to_string(lastNickname));
}

} // namespace
