// Two esimctl processes on one reader at the same time, through pcscd + vpcd
// + euicc-emu: both must get right answers, and the card must see every ES10
// exchange (and every channel opening) in one piece. The emulator's APDU
// trace shows what the card really received; the PC/SC transactions that
// esimctl takes are what keeps the other process out.
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <thread>

#include "esim/apdu.hpp"
#include "euicc_emu/state.hpp"
#include "support/apdu_trace.hpp"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kTravelIccid = "8981100000000000002";
// Each process runs every command this many times. Each esimctl run takes
// some 50 ms here, so the two processes overlap for about a second.
constexpr int kRounds = 4;
// A tiny STORE DATA block so that every ES10 request takes several blocks,
// and the card's larger answers take several GET RESPONSEs: many chances for
// the other process to cut in.
constexpr const char *kSegmentSize = "2";
// How many runs must have overlapped a run of the other process for the test
// to mean something (the threads start together, so nearly all do).
constexpr int kMinOverlappingRuns = kRounds;
constexpr std::size_t kApduHeader = 4;

using Clock = std::chrono::steady_clock;

// Span is when one esimctl process ran.
struct Span {
  Clock::time_point start;
  Clock::time_point end;
};

// Loop is what one chain of esimctl processes did.
struct Loop {
  std::string problem; // the first wrong answer, "" if none
  std::vector<Span> runs;
};

// overlapping counts the runs in |a| that ran while one in |b| did.
int overlapping(const std::vector<Span> &a, const std::vector<Span> &b) {
  int count = 0;
  for (const Span &x : a) {
    for (const Span &y : b) {
      if (x.start < y.end && y.start < x.end) {
        ++count;
        break;
      }
    }
  }
  return count;
}

// Expected is what the card holds, read from its state file.
struct Expected {
  std::string eid;
  std::set<std::string> iccids;
  std::set<std::int64_t> seqNumbers;
};

Expected expectedFrom(const euicc_emu::EmulatorState &state) {
  Expected e;
  e.eid = toHex(state.eid);
  for (const ProfileInfo &p : state.profiles) {
    if (p.iccid) e.iccids.insert(*p.iccid);
  }
  for (const auto &n : state.notifications)
    e.seqNumbers.insert(n.metadata.seqNumber);
  return e;
}

// mismatch returns why |r| is not the right answer to |command|, or "".
std::string mismatch(const std::string &command, const EsimctlResult &r, const Expected &want) {
  if (r.command.exitCode != 0 || !r.json.is_object() || r.json["ok"] != true) {
    return command + " failed: " + r.describe();
  }
  const json &data = r.json["data"];
  if (command == "chip info") {
    if (data["eid"] != want.eid) return command + ": wrong EID: " + r.describe();
  } else if (command == "profile list") {
    std::set<std::string> got;
    for (const json &p : data)
      got.insert(p.value("iccid", ""));
    if (got != want.iccids) return command + ": wrong ICCIDs: " + r.describe();
  } else {
    std::set<std::int64_t> got;
    for (const json &n : data)
      got.insert(n.value("seqNumber", std::int64_t{-1}));
    if (got != want.seqNumbers) return command + ": wrong seqNumbers: " + r.describe();
  }
  return "";
}

class ConcurrencyThroughPcscd : public ::testing::Test {
protected:
  // runRounds runs the read-only commands kRounds times, one esimctl process
  // after the other, and stops at the first wrong answer. With |findReader|
  // esimctl gets no --reader and probes the readers for an ISD-R (a channel
  // opened and closed in a transaction of its own).
  Loop runRounds(const Expected &want, bool findReader) {
    static const std::array<std::vector<std::string>, 3> kCommands = {
        {{"profile", "list"}, {"chip", "info"}, {"notification", "list"}}};
    Loop loop;
    for (int round = 0; round < kRounds; ++round) {
      for (const auto &command : kCommands) {
        std::vector<std::string> args = {"--json", "--mss", kSegmentSize};
        args.insert(args.end(), command.begin(), command.end());
        Span run{Clock::now(), {}};
        const EsimctlResult result = findReader ? runEsimctl(args) : reader_.esimctl(args);
        run.end = Clock::now();
        loop.runs.push_back(run);
        loop.problem = mismatch(command[0] + " " + command[1], result, want);
        if (!loop.problem.empty()) {
          loop.problem = "round " + std::to_string(round + 1) + ": " + loop.problem;
          return loop;
        }
      }
    }
    return loop;
  }

  TempDir dir_;
  EmulatedReader reader_{dir_, {"--trace"}};
};

TEST_F(ConcurrencyThroughPcscd, TwoProcessesNeverInterleaveAnExchange) {
  // A pending notification, so that notification list has something to show.
  EsimctlResult disable = reader_.esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  ASSERT_EQ(disable.command.exitCode, 0) << disable.describe();
  const Expected want = expectedFrom(euicc_emu::loadState(reader_.statePath()));
  ASSERT_FALSE(want.seqNumbers.empty());

  std::array<Loop, 2> loops;
  std::thread first([&] { loops[0] = runRounds(want, false); });
  std::thread second([&] { loops[1] = runRounds(want, true); });
  first.join();
  second.join();
  EXPECT_EQ(loops[0].problem, "");
  EXPECT_EQ(loops[1].problem, "");
  // The test means something only if the processes ran at the same time,
  // requests took several blocks and answers several GET RESPONSEs.
  // Both directions: pcscd may keep one process waiting (in SCardConnect)
  // through several runs of the other.
  EXPECT_GE(overlapping(loops[0].runs, loops[1].runs) + overlapping(loops[1].runs, loops[0].runs),
            kMinOverlappingRuns);

  const std::vector<TracedApdu> apdus = parseEmulatorTrace(reader_.emulator().log());
  bool multiBlock = false;
  bool getResponse = false;
  for (const TracedApdu &a : apdus) {
    if (a.command.size() < kApduHeader) continue;
    multiBlock = multiBlock || (a.command[1] == ins::kStoreData && a.command[3] > 0);
    getResponse = getResponse || a.command[1] == ins::kGetResponse;
  }
  EXPECT_TRUE(multiBlock);
  EXPECT_TRUE(getResponse);

  const std::vector<std::string> interleaved = findInterleavedExchanges(apdus);
  std::string first3;
  for (std::size_t i = 0; i < interleaved.size() && i < 3; ++i)
    first3 += interleaved[i] + "\n";
  EXPECT_TRUE(interleaved.empty()) << interleaved.size() << " APDUs cut into an exchange:\n"
                                   << first3;
}

} // namespace
} // namespace esim::test
