// The removal's journal through the real stack (esimctl -> pcscd -> vpcd ->
// euicc-emu, the SM-DP+ over TLS on 127.0.0.1): a card error in the report
// step, a receipt folder that cannot be written, SIGTERM, and SIGKILL at
// random moments. Whatever happens, the receipt on disk, the card and the
// SM-DP+'s log tell the same story, and `esimctl remove ICCID` run again
// finishes the job.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "support/process.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kTravelIccid = "8981100000000000002";

class RemoveJournal : public ::testing::Test {
protected:
  EsimctlResult esimctl(std::vector<std::string> args) { return bench_.esimctl(std::move(args)); }

  json receipts(const std::string &dir) {
    EsimctlResult r = runEsimctl({"--json", "receipts", "--receipt-dir", dir});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.json["data"]["skipped"].empty()) << r.describe();
    return r.json["data"]["receipts"];
  }
  // travel returns the travel profile as `profile list` shows it, or null.
  json travel() {
    EsimctlResult r = esimctl({"--json", "profile", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    for (const auto &p : r.json["data"]) {
      if (p["iccid"] == kTravelIccid) return p;
    }
    return nullptr;
  }
  std::set<std::int64_t> pendingSeqs() {
    EsimctlResult r = esimctl({"--json", "notification", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << r.describe();
    std::set<std::int64_t> out;
    for (const auto &n : r.json["data"])
      out.insert(n["seqNumber"].get<std::int64_t>());
    return out;
  }
  std::multiset<std::int64_t> acceptedSeqs(std::size_t from = 0) {
    std::multiset<std::int64_t> out;
    auto lines = bench_.smdpp().accepted();
    for (std::size_t i = from; i < lines.size(); ++i)
      out.insert(lines[i]["seqNumber"].get<std::int64_t>());
    return out;
  }

  // expectConsistent checks the receipts in |dir| against the card and the
  // SM-DP+'s log since line |logFrom|.
  void expectConsistent(const std::string &dir, std::size_t logFrom, const std::string &where) {
    SCOPED_TRACE(where);
    json list = receipts(dir);
    json profile = travel();
    std::set<std::int64_t> pending = pendingSeqs();
    std::multiset<std::int64_t> accepted = acceptedSeqs(logFrom);
    ASSERT_LE(list.size(), 1u);
    if (list.empty()) {
      // No record: nothing may have changed.
      ASSERT_FALSE(profile.is_null()) << "deleted without a receipt";
      EXPECT_EQ(profile["profileState"], "enabled") << "disabled without a receipt";
      EXPECT_TRUE(pending.empty()) << "a notification without a receipt";
      EXPECT_TRUE(accepted.empty()) << "reported without a receipt";
      return;
    }
    const json &r = list[0];
    const std::string disable = r["steps"]["disable"]["status"];
    const std::string deletion = r["steps"]["delete"]["status"];
    if (deletion == "ok") {
      EXPECT_TRUE(profile.is_null()) << r.dump(1);
    }
    if (deletion == "pending") {
      EXPECT_FALSE(profile.is_null()) << r.dump(1);
    }
    if (disable == "pending") {
      ASSERT_FALSE(profile.is_null()) << r.dump(1);
      EXPECT_EQ(profile["profileState"], "enabled") << r.dump(1);
    }
    if (disable == "ok" && !profile.is_null()) {
      EXPECT_EQ(profile["profileState"], "disabled");
    }
    std::set<std::int64_t> recorded;
    for (const auto &n : r["notifications"]) {
      const std::int64_t seq = n["seqNumber"];
      recorded.insert(seq);
      const std::string delivery = n["delivery"];
      const std::string removal = n["removal"];
      if (removal == "ok") {
        EXPECT_FALSE(pending.count(seq)) << seq << r.dump(1);
      }
      if (removal == "pending") {
        EXPECT_TRUE(pending.count(seq)) << seq << r.dump(1);
      }
      if (delivery == "delivered") {
        EXPECT_TRUE(accepted.count(seq)) << seq << r.dump(1);
      }
      if (delivery == "pending") {
        EXPECT_FALSE(accepted.count(seq)) << seq << r.dump(1);
      }
    }
    // A notification on the card that the receipt does not know of is one
    // the removal had not read yet.
    for (std::int64_t seq : pending) {
      if (!recorded.count(seq)) {
        EXPECT_FALSE(r["steps"]["notificationsListed"].get<bool>()) << seq;
      }
    }
    // Nothing left the eUICC unacknowledged.
    for (std::int64_t seq : recorded) {
      if (!pending.count(seq)) {
        EXPECT_TRUE(accepted.count(seq)) << seq << " lost";
      }
    }
  }

  // expectFinishedAfterRerun runs `remove ICCID` again (the user's way to
  // finish) and checks that nothing is left anywhere.
  void expectFinishedAfterRerun(const std::string &dir, const std::string &where) {
    SCOPED_TRACE(where);
    EsimctlResult again =
        esimctl({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", dir});
    bool nothingToDo = again.command.exitCode == 1 && again.json["error"]["code"] == "not-found";
    EXPECT_TRUE(again.command.exitCode == 0 || nothingToDo) << again.describe();
    EXPECT_TRUE(travel().is_null());
    EXPECT_TRUE(pendingSeqs().empty());
    for (const auto &r : receipts(dir))
      EXPECT_TRUE(r["finished"].get<bool>()) << r.dump(1);
  }

  SmdppBench bench_;
};

TEST_F(RemoveJournal, ACardErrorInTheReportStepExits4AndRemoveAgainFinishes) {
  // Power is lost in the first RemoveNotificationFromList: the SM-DP+ has
  // the notification, the eUICC still holds it.
  bench_.start({}, true, kTravelHost, {"--fault", "tear=RemoveNotificationFromList:before:300"});
  std::string dir = bench_.dir().file("receipts");
  EsimctlResult r = esimctl({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", dir});
  EXPECT_EQ(r.command.exitCode, 4) << r.describe();
  EXPECT_EQ(r.json["ok"], false) << r.describe();
  // A tear drops the answer: PC/SC reports the card gone, or an empty answer.
  const std::string code = r.json["error"]["code"].get<std::string>();
  EXPECT_TRUE(code == "card-removed" || code == "malformed-response") << r.describe();
  EXPECT_EQ(r.json["data"]["deleted"], true) << r.describe();
  EXPECT_FALSE(r.json["data"]["leftToDo"].empty()) << r.describe();
  std::this_thread::sleep_for(std::chrono::milliseconds(800)); // the card comes back
  expectConsistent(dir, 0, "after the tear");
  json list = receipts(dir);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["notifications"][0]["delivery"], "delivered");
  EXPECT_EQ(list[0]["notifications"][0]["removal"], "sent");

  // The text form of a second try says where the profile went, then finishes.
  EsimctlResult again = esimctl({"remove", kTravelIccid, "--yes", "--receipt-dir", dir});
  EXPECT_EQ(again.command.exitCode, 0) << again.describe();
  EXPECT_NE(again.command.stdoutText.find("is no longer on eUICC"), std::string::npos)
      << again.describe();
  EXPECT_NE(again.command.stdoutText.find("Done: the profile is deleted"), std::string::npos)
      << again.describe();
  expectFinishedAfterRerun(dir, "second run");
  // The disable notification, acknowledged but not removed, went again; the
  // delete notification once.
  EXPECT_EQ(bench_.acceptedDeletes(kTravelIccid), 1);
  EXPECT_EQ(bench_.smdpp().accepted().size(), 3u);
}

TEST_F(RemoveJournal, AReceiptFolderThatCannotBeWrittenRefusesBeforeTheCard) {
  bench_.start();
  std::ofstream(bench_.dir().file("file")) << "x";
  for (const std::string &dir :
       {bench_.dir().file("file") + "/receipts", bench_.dir().file("file")}) {
    EsimctlResult r =
        esimctl({"--json", "--trace", "remove", kTravelIccid, "--yes", "--receipt-dir", dir});
    EXPECT_EQ(r.command.exitCode, 1) << r.describe();
    EXPECT_EQ(r.json["error"]["code"], "io-error") << r.describe();
    EXPECT_EQ(r.command.stderrText.find(">>"), std::string::npos) << "an APDU was sent";
  }
  // A full file system (a tiny tmpfs in the test's own mount namespace).
  const std::string full = bench_.dir().file("full");
  std::filesystem::create_directory(full);
  if (::geteuid() != 0 || ::mount("tmpfs", full.c_str(), "tmpfs", 0, "size=64k,nr_inodes=64") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here";
  {
    std::ofstream fill(full + "/fill");
    std::string block(4096, 'x');
    while (fill.write(block.data(), block.size()))
      ;
  }
  EsimctlResult r =
      esimctl({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", full + "/receipts"});
  ::umount(full.c_str());
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "io-error") << r.describe();
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("No space left"), std::string::npos)
      << r.describe();
  EXPECT_FALSE(travel().is_null());
  EXPECT_TRUE(pendingSeqs().empty());
}

// runAndSignal starts `remove` through pcscd, signals it after |delay| and
// returns its exit status.
int runAndSignal(SmdppBench &bench, const std::string &dir, int sig,
                 std::chrono::microseconds delay, const std::string &out) {
  ChildProcess child(
      bench.esimctlArgv({"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", dir}), {}, out,
      out + ".err");
  std::this_thread::sleep_for(delay);
  ::kill(child.pid(), sig);
  auto status = child.wait(std::chrono::seconds(30));
  return status ? *status : child.stop();
}

TEST_F(RemoveJournal, KilledAtRandomMomentsTheReceiptAlwaysMatchesTheCard) {
  // 15 ms per APDU: a removal takes a few hundred milliseconds, long enough
  // for a kill to land inside any of its steps.
  const std::vector<std::string> slow = {"--fault", "latency=15"};
  bench_.start({}, true, kTravelHost, slow);
  const std::string snapshot = readText(bench_.statePath());
  // One run without a kill measures how long a removal takes.
  auto t0 = std::chrono::steady_clock::now();
  EsimctlResult whole = esimctl(
      {"--json", "remove", kTravelIccid, "--yes", "--receipt-dir", bench_.dir().file("r-measure")});
  ASSERT_EQ(whole.command.exitCode, 0) << whole.describe();
  const auto span =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  std::mt19937 rng(std::random_device{}());
  const int rounds = 12;
  int killedMidway = 0;
  for (int round = 0; round < rounds; ++round) {
    bench_.restartCard(slow, [&] { std::ofstream(bench_.statePath()) << snapshot; });
    const std::string dir = bench_.dir().file("r" + std::to_string(round));
    const int sig = round % 4 == 3 ? SIGTERM : SIGKILL;
    auto delay = std::chrono::microseconds(
        std::uniform_int_distribution<long>(span.count() / 10, span.count())(rng));
    std::size_t logFrom = bench_.smdpp().accepted().size();
    int status =
        runAndSignal(bench_, dir, sig, delay, bench_.dir().file("out" + std::to_string(round)));
    const std::string where = "round " + std::to_string(round) + ", signal " + std::to_string(sig) +
                              " after " + std::to_string(delay.count()) + " us, exit " +
                              std::to_string(status);
    if (sig == SIGTERM) {
      // A graceful stop: the command ends by itself with its receipt saved.
      EXPECT_TRUE(status == 0 || status == 1 || status == 4 || status == 128 + SIGTERM) << where;
    }
    if (status == 128 + SIGKILL) ++killedMidway;
    expectConsistent(dir, logFrom, where);
    expectFinishedAfterRerun(dir, where);
  }
  EXPECT_GT(killedMidway, 0) << "no kill landed before the removal ended";
}

} // namespace
} // namespace esim::test
