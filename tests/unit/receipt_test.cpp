#include "esim/receipt.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "esim/error.hpp"
#include "support/esim_env.hpp"

namespace esim {
namespace {

RemovalReceipt sample() {
  RemovalReceipt r;
  r.time = "2026-11-25T08:30:00Z";
  r.eid = "89049032123451234512345678901235";
  r.iccid = "8981100000000000001";
  r.serviceProviderName = "トラベルSIM";
  r.profileName = "Japan Travel 7 days";
  r.seqNumber = 4;
  r.smdpAddress = "smdp.travel.example";
  r.reported = true;
  r.removedFromEuicc = true;
  r.httpStatus = 204;
  return r;
}

TEST(Receipt, WriteThenReadGivesTheSameReceipt) {
  test::TempDir dir;
  auto sub = dir.path() / "state" / "receipts";
  std::filesystem::path file = writeReceipt(sub, sample());
  EXPECT_EQ(file.parent_path(), sub);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto list = readReceipts(sub);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], sample());
  // No temporary file is left behind.
  int files = 0;
  for ([[maybe_unused]] const auto &e : std::filesystem::directory_iterator(sub))
    ++files;
  EXPECT_EQ(files, 1);
}

TEST(Receipt, SameSecondTwiceKeepsBoth) {
  test::TempDir dir;
  auto a = writeReceipt(dir.path(), sample());
  auto b = writeReceipt(dir.path(), sample());
  EXPECT_NE(a, b);
  EXPECT_EQ(readReceipts(dir.path()).size(), 2u);
}

TEST(Receipt, ForeignFilesAreSkippedNotFatal) {
  test::TempDir dir;
  writeReceipt(dir.path(), sample());
  std::ofstream(dir.path() / "junk.json") << "{not json";
  std::ofstream(dir.path() / "wrong.json") << R"({"iccid": 5, "time": "x", "reported": "yes"})";
  std::vector<std::string> skipped;
  auto list = readReceipts(dir.path(), &skipped);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(skipped.size(), 2u);
}

TEST(Receipt, MissingDirectoryHasNoReceipts) {
  EXPECT_TRUE(readReceipts("/nonexistent/esimctl/receipts").empty());
}

TEST(Receipt, UnwritableDirectoryIsAClearError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  EXPECT_THROW(writeReceipt("/proc/esimctl-receipts", sample()), Error);
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
