// What a save does to the state file besides the state: unknown keys are
// written back, a symbolic link stays a link, and every file problem (a
// directory, an unwritable place) names the file.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "euicc_emu/demo_state.hpp"
#include "support/esim_env.hpp"
#include "support/process.hpp"

#ifndef EUICC_EMU_PATH
#define EUICC_EMU_PATH "euicc-emu"
#endif

namespace {

using namespace emu_test;
using esim::Iccid;
using euicc_emu::StateFileLocking;
using ojson = nlohmann::ordered_json;

fs::path benchFile(const ScratchDir &dir) {
  const fs::path path = dir.path() / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  return path;
}

ojson readJson(const fs::path &p) {
  return ojson::parse(readText(p));
}

void writeJson(const fs::path &p, const ojson &doc) {
  std::ofstream(p, std::ios::trunc) << doc.dump(2);
}

template <typename F> std::optional<esim::Error> errorOf(F &&f) {
  try {
    f();
  } catch (const esim::Error &e) {
    return e;
  }
  return std::nullopt;
}

std::vector<std::string> entries(const fs::path &dir) {
  std::vector<std::string> out;
  for (const auto &e : fs::directory_iterator(dir))
    out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EmuUnknownKeys, SurviveADisableAndItsSave) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  ojson doc = readJson(path);
  doc["testerNote"] = {{"by", "qa"}, {"round", 3}};
  doc["zFuture"] = ojson::array({1, "two", nullptr});
  doc["profiles"][0]["futureField"] = {{"x", true}};
  doc["profiles"][1]["homeOnly"] = "h";
  doc["euiccInfo2"]["futureInfo"] = 42;
  doc["configuredAddresses"]["futureAddress"] = "x.example";
  doc["pki"]["keyStore"] = "none";
  writeJson(path, doc);
  {
    FileLpa lpa(path, StateFileLocking::wholeLifetime);
    EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false),
              esim::DisableProfileResult::ok);
    // Deleting a profile takes its own unknown keys with it, and no others.
    EXPECT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), esim::DeleteProfileResult::ok);
  }
  const ojson saved = readJson(path);
  EXPECT_EQ(saved["profiles"][0]["profileState"], "disabled"); // the change is there
  EXPECT_EQ(saved["testerNote"], doc["testerNote"]);
  EXPECT_EQ(saved["zFuture"], doc["zFuture"]);
  EXPECT_EQ(saved["profiles"][0]["futureField"], doc["profiles"][0]["futureField"]);
  ASSERT_EQ(saved["profiles"].size(), 1u);
  EXPECT_EQ(saved["euiccInfo2"]["futureInfo"], 42);
  EXPECT_EQ(saved["configuredAddresses"]["futureAddress"], "x.example");
  EXPECT_EQ(saved["pki"]["keyStore"], "none");
  // Unknown keys follow the known ones, in the file's order.
  std::vector<std::string> keys;
  for (auto it = saved.begin(); it != saved.end(); ++it)
    keys.push_back(it.key());
  ASSERT_GE(keys.size(), 2u);
  EXPECT_EQ(keys[keys.size() - 2], "testerNote");
  EXPECT_EQ(keys.back(), "zFuture");
  // A notification's own unknown key survives the next save too.
  ojson withNote = saved;
  withNote["notifications"][0]["deliveryTries"] = 2;
  writeJson(path, withNote);
  {
    FileLpa lpa(path, StateFileLocking::wholeLifetime);
    EXPECT_EQ(lpa.euicc().setNickname(kTravelIccid, "n"), esim::SetNicknameResult::ok);
  }
  EXPECT_EQ(readJson(path)["notifications"][0]["deliveryTries"], 2);
  EXPECT_EQ(readJson(path)["testerNote"], doc["testerNote"]);
}

TEST(EmuUnknownKeys, KnownKeysOfTheWrongTypeAreStillRefused) {
  ojson doc = ojson::parse(euicc_emu::demoStateJson());
  doc["futureKey"] = 1;
  doc["profiles"][0]["profileNickname"] = 5;
  auto e = errorOf([&] { euicc_emu::parseState(doc.dump(), "t.json"); });
  ASSERT_TRUE(e);
  EXPECT_NE(std::string(e->what()).find("profiles[0].profileNickname: expected a string"),
            std::string::npos)
      << e->what();
}

TEST(EmuStateSymlink, ALinkStaysALinkAndItsTargetChanges) {
  ScratchDir dir;
  fs::create_directory(dir.path() / "real");
  const fs::path target = dir.path() / "real" / "card.json";
  euicc_emu::saveState(demoWithPki(), target);
  const fs::path link = dir.path() / "link.json";
  fs::create_symlink("real/card.json", link);
  {
    FileLpa lpa(link, StateFileLocking::wholeLifetime);
    EXPECT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false),
              esim::DisableProfileResult::ok);
  }
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::read_symlink(link), "real/card.json");
  EXPECT_EQ(euicc_emu::loadState(target).profiles[0].profileState, esim::ProfileState::disabled);
  // The temporary file and the lock went beside the target, not the link.
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"link.json", "real"}));
  EXPECT_EQ(entries(dir.path() / "real"),
            (std::vector<std::string>{"card.json", "card.json.lock"}));
  // saveState through a link of a link, too.
  const fs::path link2 = dir.path() / "link2.json";
  fs::create_symlink(link, link2);
  euicc_emu::saveState(demoWithPki(), link2);
  EXPECT_TRUE(fs::is_symlink(link2));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(euicc_emu::loadState(target).profiles[0].profileState, esim::ProfileState::enabled);
}

TEST(EmuStateDirectory, EveryUseSaysItIsADirectoryAndNamesIt) {
  ScratchDir dir;
  const fs::path state = dir.path() / "states";
  fs::create_directory(state);
  const std::string expected = "state file " + state.string() + " is a directory";
  for (auto &&[what, f] : std::vector<std::pair<std::string, std::function<void()>>>{
           {"loadState", [&] { euicc_emu::loadState(state); }},
           {"saveState", [&] { euicc_emu::saveState(demoWithPki(), state); }},
           {"Card", [&] { FileLpa(state, StateFileLocking::wholeLifetime); }}}) {
    SCOPED_TRACE(what);
    auto e = errorOf(f);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code(), esim::Errc::ioError);
    EXPECT_NE(std::string(e->what()).find(expected), std::string::npos) << e->what();
  }
  // No lock file, no temporary beside it or in it.
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"states"});
  EXPECT_TRUE(entries(state).empty());
}

TEST(EmuStateFile, AMissingFileLeavesNoLockFileBehind) {
  ScratchDir dir;
  auto e = errorOf([&] { FileLpa(dir.path() / "typo.json", StateFileLocking::wholeLifetime); });
  ASSERT_TRUE(e);
  EXPECT_NE(
      std::string(e->what()).find("cannot read state file " + (dir.path() / "typo.json").string()),
      std::string::npos)
      << e->what();
  EXPECT_TRUE(entries(dir.path()).empty());
}

// `euicc-emu --state DIR --init --force` with DIR a directory, run in the
// folder holding DIR: it made a test PKI in the current folder before the
// save failed. Now it stops first and makes nothing anywhere.
TEST(EmuStateDirectory, InitOnADirectoryMakesNoPki) {
  ScratchDir dir;
  fs::create_directory(dir.path() / "DIR");
  esim::test::CommandResult r = esim::test::runCommand(
      {"/bin/sh", "-c", "cd \"$0\" && exec \"$1\" --state DIR --init --force", dir.path().string(),
       EUICC_EMU_PATH},
      {}, std::chrono::seconds(30));
  EXPECT_EQ(r.exitCode, 2) << r.stderrText;
  EXPECT_NE(r.stderrText.find("state file DIR is a directory"), std::string::npos) << r.stderrText;
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"DIR"});
  EXPECT_TRUE(entries(dir.path() / "DIR").empty());
}

// A place the state cannot be written: esimctl names the file, not only
// "card answered 6581". As root, permissions do not stop a write, so the
// lock file's name is taken by a directory (the lock cannot be made, as in
// a read-only folder); without root, a read-only folder is tried as well.
TEST(EmuStateUnwritable, EsimctlNamesTheLockFile) {
  ScratchDir dir;
  const fs::path path = benchFile(dir);
  fs::create_directory(dir.path() / "card.json.lock");
  auto r = esim::test::runEsimctl({"--emulator", path.string(), "profile", "list"});
  EXPECT_NE(r.command.exitCode, 0) << r.describe();
  EXPECT_NE(r.command.stderrText.find((dir.path() / "card.json.lock").string()), std::string::npos)
      << r.describe();
  if (::geteuid() != 0) {
    ScratchDir ro;
    const fs::path roPath = benchFile(ro);
    fs::permissions(ro.path(), fs::perms::owner_read | fs::perms::owner_exec);
    r = esim::test::runEsimctl(
        {"--emulator", roPath.string(), "profile", "nickname", kHomeIccid, "x"});
    fs::permissions(ro.path(), fs::perms::owner_all);
    EXPECT_NE(r.command.exitCode, 0) << r.describe();
    EXPECT_NE(r.command.stderrText.find(roPath.string() + ".lock"), std::string::npos)
        << r.describe();
  }
}

// A save that fails after the file was opened (its folder went away: that
// stops root too) reaches the caller as an error naming the state file,
// with the 6581 the card answered.
TEST(EmuStateUnwritable, FailedSaveErrorNamesTheStateFile) {
  ScratchDir dir;
  const fs::path sub = dir.path() / "bench";
  fs::create_directory(sub);
  const fs::path path = sub / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  FileLpa lpa(path, StateFileLocking::wholeLifetime);
  fs::remove_all(sub);
  auto e = errorOf([&] { lpa.euicc().setNickname(kHomeIccid, "x"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code(), esim::Errc::ioError);
  EXPECT_EQ(e->statusWord(), 0x6581);
  EXPECT_NE(std::string(e->what()).find("saving state file " + path.string()), std::string::npos)
      << e->what();
  EXPECT_FALSE(e->hint().empty());
}

} // namespace
