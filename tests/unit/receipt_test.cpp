// Receipts as files: the journal's atomic, private, never-overwriting writes,
// the reader that survives whatever lies in the folder, and what a receipt
// says is left to do.
#include "esim/receipt.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "esim/error.hpp"
#include "esim/receipt_journal.hpp"
#include "support/esim_env.hpp"

namespace esim {
namespace {

RemovalReceipt sample() {
  RemovalReceipt r;
  r.time = "2026-11-25T08:30:00Z";
  r.updated = "2026-11-25T08:30:01Z";
  r.eid = "89049032123451234512345678901235";
  r.iccid = "8981100000000000001";
  r.serviceProviderName = "トラベルSIM";
  r.profileName = "Japan Travel 7 days";
  r.disable = StepStatus::ok;
  r.disableResult = "ok";
  r.deletion = StepStatus::ok;
  r.deleteResult = "ok";
  r.notificationsListed = true;
  NotificationRecord n;
  n.seqNumber = 4;
  n.notificationAddress = "smdp.travel.example";
  n.delivery = DeliveryStatus::delivered;
  n.removal = StepStatus::ok;
  n.httpStatus = 204;
  r.notifications.push_back(n);
  r.seqNumber = 4;
  r.smdpAddress = "smdp.travel.example";
  r.reported = true;
  r.removedFromEuicc = true;
  r.httpStatus = 204;
  return r;
}

int countFiles(const std::filesystem::path &dir) {
  int files = 0;
  for ([[maybe_unused]] const auto &e : std::filesystem::directory_iterator(dir))
    ++files;
  return files;
}

std::string readText(const std::filesystem::path &p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t modeOf(const std::filesystem::path &p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(Receipt, WriteThenReadGivesTheSameReceipt) {
  test::TempDir dir;
  auto sub = dir.path() / "state" / "receipts";
  std::filesystem::path file = writeReceipt(sub, sample());
  EXPECT_EQ(file.parent_path(), sub);
  EXPECT_EQ(modeOf(file), 0600u);
  EXPECT_EQ(modeOf(sub), 0700u);
  auto list = readReceipts(sub);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].receipt, sample());
  EXPECT_EQ(list[0].path, file);
  // No temporary or check file is left behind.
  EXPECT_EQ(countFiles(sub), 1);
}

TEST(Receipt, AnExistingFolderOpenToOthersIsMadePrivate) {
  test::TempDir dir;
  auto sub = dir.path() / "receipts";
  std::filesystem::create_directory(sub);
  ::chmod(sub.c_str(), 0755);
  writeReceipt(sub, sample());
  EXPECT_EQ(modeOf(sub), 0700u);
}

TEST(Receipt, ManyRemovalsInTheSameSecondEachKeepTheirReceipt) {
  // The hostile test: 80 removals at once shared file names and lost 29.
  test::TempDir dir;
  std::vector<std::thread> threads;
  std::vector<std::filesystem::path> paths(80);
  for (std::size_t i = 0; i < paths.size(); ++i)
    threads.emplace_back([&, i] { paths[i] = writeReceipt(dir.path(), sample()); });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(std::set<std::filesystem::path>(paths.begin(), paths.end()).size(), paths.size());
  EXPECT_EQ(readReceipts(dir.path()).size(), paths.size());
}

TEST(Receipt, APlantedSymlinkIsNeverFollowed) {
  test::TempDir dir;
  auto victim = dir.path() / "victim.txt";
  std::ofstream(victim) << "precious";
  auto folder = dir.path() / "receipts";
  std::filesystem::create_directory(folder);
  // Planted at the name the receipt would take, and at the old temp name.
  std::filesystem::create_symlink(victim, folder / "2026-11-25T08-30-00Z-8981100000000000001.json");
  std::filesystem::create_symlink(victim,
                                  folder / "2026-11-25T08-30-00Z-8981100000000000001.json.tmp");
  std::filesystem::path written = writeReceipt(folder, sample());
  EXPECT_EQ(written.filename(), "2026-11-25T08-30-00Z-8981100000000000001-2.json");
  ReceiptJournal::existing(written).update(receiptToJson(sample()));
  EXPECT_EQ(readText(victim), "precious");
  // An update replaces a link put in place of the receipt instead of writing through it.
  std::filesystem::remove(written);
  std::filesystem::create_symlink(victim, written);
  ReceiptJournal::existing(written).update(receiptToJson(sample()));
  EXPECT_EQ(readText(victim), "precious");
  EXPECT_FALSE(std::filesystem::is_symlink(written));
}

TEST(Receipt, UpdateReplacesTheWholeFile) {
  test::TempDir dir;
  RemovalReceipt r = sample();
  r.deletion = StepStatus::sent;
  ReceiptJournal j = ReceiptJournal::create(dir.path(), "x", receiptToJson(r));
  r.deletion = StepStatus::ok;
  j.update(receiptToJson(r));
  auto list = readReceipts(dir.path());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].receipt.deletion, StepStatus::ok);
  EXPECT_EQ(countFiles(dir.path()), 1);
}

TEST(Receipt, AFolderBelowAFileIsRefusedBeforeAnythingElse) {
  test::TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  try {
    ReceiptJournal::prepareDirectory(dir.path() / "file" / "receipts");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::ioError);
    EXPECT_NE(std::string(e.what()).find("file/receipts"), std::string::npos) << e.what();
  }
  try {
    ReceiptJournal::prepareDirectory(dir.path() / "file");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
  }
}

TEST(Receipt, UnwritableDirectoryIsAClearError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  EXPECT_THROW(writeReceipt("/proc/esimctl-receipts", sample()), Error);
}

TEST(Receipt, ForeignFilesAreSkippedWithTheirReason) {
  test::TempDir dir;
  writeReceipt(dir.path(), sample());
  std::ofstream(dir.path() / "junk.json") << "{not json";
  std::ofstream(dir.path() / "wrong.json") << R"({"iccid":5,"time":[]})";
  std::ofstream(dir.path() / "big.json") << std::string(kMaxReceiptBytes + 1, ' ');
  ASSERT_EQ(::mkfifo((dir.path() / "x.json").c_str(), 0600), 0);
  std::filesystem::create_symlink("/dev/zero", dir.path() / "zero.json");
  std::filesystem::create_directory(dir.path() / "dir.json");
  std::ofstream(dir.path() / ".hidden.json") << "{}";
  std::ofstream(dir.path() / "notes.txt") << "{}";
  std::vector<SkippedFile> skipped;
  auto list = readReceipts(dir.path(), &skipped); // must neither hang nor throw
  EXPECT_EQ(list.size(), 1u);
  std::map<std::string, std::string> why;
  for (const auto &s : skipped)
    why[s.name] = s.reason;
  EXPECT_EQ(why.size(), 6u);
  EXPECT_EQ(why["junk.json"], "not a receipt: not valid JSON");
  EXPECT_EQ(why["wrong.json"], "not a receipt: \"time\" is not a string");
  EXPECT_EQ(why["big.json"], "larger than 65536 bytes");
  EXPECT_EQ(why["x.json"], "not a regular file");
  EXPECT_EQ(why["zero.json"], "a symbolic link");
  EXPECT_EQ(why["dir.json"], "not a regular file");
}

TEST(Receipt, AReceiptOfVersionOneReadsAsAFinishedRemoval) {
  test::TempDir dir;
  std::ofstream(dir.path() / "2026-11-25T08-30-00Z-8981100000000000001.json") << R"({
    "eid": "89049032123451234512345678901235", "iccid": "8981100000000000001",
    "removedFromEuicc": false, "reported": false, "seqNumber": 1,
    "serverAnswer": {}, "smdpAddress": "smdp.travel.example", "time": "2026-11-25T08:30:00Z",
    "error": "ES9+ handleNotification: host name not found"})";
  auto list = readReceipts(dir.path());
  ASSERT_EQ(list.size(), 1u);
  const RemovalReceipt &r = list[0].receipt;
  EXPECT_EQ(r.deletion, StepStatus::ok);
  ASSERT_EQ(r.notifications.size(), 1u);
  EXPECT_EQ(r.notifications[0].delivery, DeliveryStatus::failed);
  EXPECT_FALSE(receiptFinished(r));
  ASSERT_EQ(receiptLeftToDo(r).size(), 1u);
  EXPECT_NE(receiptLeftToDo(r)[0].find("esimctl notification process 1"), std::string::npos);
}

TEST(Receipt, LeftToDoFollowsEachStep) {
  RemovalReceipt r = sample();
  EXPECT_TRUE(receiptFinished(r));
  EXPECT_TRUE(receiptLeftToDo(r).empty());

  r.notifications[0].removal = StepStatus::sent; // acknowledged, removal answer lost
  EXPECT_FALSE(receiptFinished(r));
  EXPECT_NE(receiptLeftToDo(r).at(0).find("may still be on the eUICC"), std::string::npos);

  r.notifications[0].delivery = DeliveryStatus::sending; // answer of the SM-DP+ lost
  r.notifications[0].removal = StepStatus::pending;
  EXPECT_NE(receiptLeftToDo(r).at(0).find("has not reached smdp.travel.example"),
            std::string::npos);

  r.notifications[0].delivery = DeliveryStatus::notReported; // --no-report: on purpose
  EXPECT_TRUE(receiptFinished(r));
  EXPECT_EQ(receiptLeftToDo(r).size(), 1u);

  r = sample();
  r.deletion = StepStatus::sent;
  r.notifications.clear();
  r.notificationsListed = false;
  EXPECT_FALSE(receiptFinished(r));
  EXPECT_NE(receiptLeftToDo(r).at(0).find("DeleteProfile was sent"), std::string::npos);

  r.deletion = StepStatus::refused;
  EXPECT_TRUE(receiptFinished(r));

  r.deletion = StepStatus::pending;
  EXPECT_FALSE(receiptFinished(r));
  r.supersededBy = "later.json";
  EXPECT_TRUE(receiptFinished(r));
}

TEST(Receipt, JsonRoundTripKeepsEveryField) {
  RemovalReceipt r = sample();
  r.isdpAid = "A0000005591010FFFFFFFF8900001000";
  r.interrupted = true;
  r.error = "interrupted before the notifications were sent";
  r.notifications[0].errorCode = "network";
  r.notifications[0].error = "timeout";
  r.notifications[0].serverStatus = "Failed";
  r.notifications[0].subjectCode = "8.1";
  r.notifications[0].reasonCode = "3.8";
  r.notifications[0].serverMessage = "EID unknown";
  r.supersededBy = "x.json";
  EXPECT_EQ(receiptFromJson(receiptToJson(r)), r);
}

TEST(Receipt, MissingDirectoryHasNoReceipts) {
  EXPECT_TRUE(readReceipts("/nonexistent/esimctl/receipts").empty());
}

TEST(Receipt, DefaultDirFollowsXdgStateHome) {
  const char *old = std::getenv("XDG_STATE_HOME");
  std::string saved = old ? old : "";
  const char *oldHome = std::getenv("HOME");
  std::string savedHome = oldHome ? oldHome : "";
  ::setenv("XDG_STATE_HOME", "/tmp/xdg-state", 1);
  EXPECT_EQ(defaultReceiptDir(), std::filesystem::path("/tmp/xdg-state/esimctl/receipts"));
  ::setenv("XDG_STATE_HOME", "relative", 1);
  ::setenv("HOME", "/home/traveller", 1);
  EXPECT_EQ(defaultReceiptDir(),
            std::filesystem::path("/home/traveller/.local/state/esimctl/receipts"));
  if (old)
    ::setenv("XDG_STATE_HOME", saved.c_str(), 1);
  else
    ::unsetenv("XDG_STATE_HOME");
  if (oldHome) ::setenv("HOME", savedHome.c_str(), 1);
}

} // namespace
} // namespace esim
