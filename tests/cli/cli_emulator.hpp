// esimctl run as a user runs it, against an emulator state file
// (`esimctl --emulator STATE.json ...`): no pcscd, the card is in-process.
#pragma once

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/esim_env.hpp"

namespace esim::test {

// CliOnEmulator gives each test a fresh demo state (euicc-emu --init).
class CliOnEmulator : public ::testing::Test {
protected:
  void SetUp() override {
    writeDemoState(state_);
    original_ = readText(state_);
  }

  // esimctl runs esimctl --emulator STATE |args|.
  EsimctlResult esimctl(std::vector<std::string> args, const std::string &input = {}) {
    args.insert(args.begin(), {"--emulator", state_});
    return runEsimctl(args, input);
  }

  // esimctlToStdout runs esimctl --emulator STATE |args| with its standard
  // output redirected as |redirect| says (">/dev/full", ">&-").
  CommandResult esimctlToStdout(const std::string &redirect, const std::vector<std::string> &args) {
    std::vector<std::string> argv = {"/bin/sh",    "-c",         "exec \"$0\" \"$@\" " + redirect,
                                     ESIMCTL_PATH, "--emulator", state_};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv, {}, std::chrono::seconds(30));
  }

  // editState rewrites the state file's JSON with |edit| (and takes it as
  // the new original).
  template <typename F> void editState(F edit) {
    nlohmann::json state = nlohmann::json::parse(readText(state_));
    edit(state);
    std::ofstream(state_, std::ios::binary | std::ios::trunc) << state.dump(2);
    original_ = readText(state_);
  }

  // stateUnchanged reports whether the state file is byte for byte what it
  // was after SetUp (or the last editState).
  bool stateUnchanged() const { return readText(state_) == original_; }

  // expectUsage runs |args| with --trace and checks exit 2, |name| in the
  // message, no APDU on stderr and the state file unchanged: a usage error
  // found before the first APDU.
  void expectUsage(std::vector<std::string> args, const std::string &name) {
    args.insert(args.begin(), "--trace");
    EsimctlResult r = esimctl(args);
    std::string line;
    for (const auto &a : args)
      line += " " + a;
    EXPECT_EQ(r.command.exitCode, 2) << line << "\n" << r.describe();
    EXPECT_NE(r.command.stderrText.find(name), std::string::npos) << line << ": no " << name << "\n"
                                                                  << r.describe();
    EXPECT_EQ(r.command.stderrText.find(">> "), std::string::npos) << line << ": an APDU was sent\n"
                                                                   << r.describe();
    EXPECT_TRUE(stateUnchanged()) << line << ": the state file changed";
  }

  TempDir dir_;
  std::string state_ = dir_.file("card.json");
  std::string original_;
};

// kTravelIccid and kHomeIccid are the demo state's profiles (the first one
// enabled).
inline const std::string kTravelIccid = "8981100000000000002";
inline const std::string kHomeIccid = "89490000000000000007";

} // namespace esim::test
