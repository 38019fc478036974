// What esimctl prints: text from the card reaches the terminal escaped (JSON
// keeps it exact), and a result that cannot be written is a failure.
#include "cli_emulator.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

const std::string kTitle = "\x1b]0;pwned\x07"; // OSC: set the terminal's title
const std::string kAddress = "evil\x1b[31m.example";

// expectNoRawControls checks that |text| holds no ESC, BEL, CR, TAB, DEL or C1
// CSI byte: only escapes of them.
void expectNoRawControls(const std::string &text, const std::string &what) {
  for (const char *raw : {"\x1b", "\x07", "\r", "\t", "\x7f", "\xc2\x9b"}) {
    EXPECT_EQ(text.find(raw), std::string::npos)
        << what << " holds a raw control byte " << static_cast<int>(raw[0]) << ":\n"
        << text;
  }
}

class CliOutput : public CliOnEmulator {
protected:
  void SetUp() override {
    CliOnEmulator::SetUp();
    editState([](json &s) {
      json &home = s["profiles"][1];
      home["profileNickname"] = kTitle + "x\r";
      home["serviceProviderName"] = "a\tb\x7f\xc2\x9b"
                                    "c";
      json &travel = s["profiles"][0];
      for (json &n : travel["notificationConfigurationInfo"])
        n["notificationAddress"] = kAddress;
      s["configuredAddresses"]["defaultDpAddress"] = "dp\x1b[2J.example";
    });
  }
};

TEST_F(CliOutput, ProfileListEscapesCardText) {
  EsimctlResult r = esimctl({"profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  expectNoRawControls(r.command.stdoutText, "profile list");
  EXPECT_NE(r.command.stdoutText.find("\\x1b]0;pwned\\x07x\\x0d"), std::string::npos)
      << r.command.stdoutText;
  EXPECT_NE(r.command.stdoutText.find("a\\x09b\\x7f\\u009bc"), std::string::npos)
      << r.command.stdoutText;
  EXPECT_NE(r.command.stdoutText.find("トラベルSIM"), std::string::npos) << r.command.stdoutText;
}

TEST_F(CliOutput, JsonKeepsTheExactText) {
  EsimctlResult r = esimctl({"--json", "profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  EXPECT_EQ(r.json["data"][1]["profileNickname"], kTitle + "x\r");
  EXPECT_EQ(r.json["data"][1]["serviceProviderName"], "a\tb\x7f\xc2\x9b"
                                                      "c");
  EXPECT_EQ(r.command.stdoutText.find('\x1b'), std::string::npos) << "JSON escapes ESC itself";
}

TEST_F(CliOutput, ChipInfoEscapesCardText) {
  EsimctlResult r = esimctl({"chip", "info"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  expectNoRawControls(r.command.stdoutText, "chip info");
  EXPECT_NE(r.command.stdoutText.find("dp\\x1b[2J.example"), std::string::npos)
      << r.command.stdoutText;
}

TEST_F(CliOutput, ConfirmationsAndNotificationListEscapeCardText) {
  EsimctlResult dis = esimctl({"profile", "disable", kTravelIccid, "--no-report"});
  ASSERT_EQ(dis.command.exitCode, 0) << dis.describe();
  expectNoRawControls(dis.command.stdoutText, "profile disable");
  EXPECT_NE(dis.command.stdoutText.find("evil\\x1b[31m.example"), std::string::npos)
      << dis.command.stdoutText;

  EsimctlResult list = esimctl({"notification", "list"});
  ASSERT_EQ(list.command.exitCode, 0) << list.describe();
  expectNoRawControls(list.command.stdoutText, "notification list");
  EXPECT_NE(list.command.stdoutText.find("evil\\x1b[31m.example"), std::string::npos)
      << list.command.stdoutText;

  EsimctlResult en = esimctl({"profile", "enable", kHomeIccid, "--no-report"});
  ASSERT_EQ(en.command.exitCode, 0) << en.describe();
  expectNoRawControls(en.command.stdoutText, "profile enable");

  EsimctlResult plan = esimctl({"profile", "delete", kHomeIccid, "--dry-run", "--disable-first"});
  ASSERT_EQ(plan.command.exitCode, 0) << plan.describe();
  expectNoRawControls(plan.command.stdoutText, "profile delete --dry-run");

  EsimctlResult ask = esimctl({"notification", "remove", "0"});
  EXPECT_EQ(ask.command.exitCode, 3) << ask.describe();
  expectNoRawControls(ask.command.stderrText, "notification remove's warning");
}

TEST_F(CliOutput, JsonToAFullDiskFails) {
  CommandResult r = esimctlToStdout(">/dev/full", {"--json", "profile", "list"});
  EXPECT_EQ(r.exitCode, 1) << r.stderrText;
  EXPECT_NE(
      r.stderrText.find(
          "esimctl: error: cannot write the result to standard output: No space left on device"),
      std::string::npos)
      << r.stderrText;
}

TEST_F(CliOutput, TextToAFullDiskFails) {
  CommandResult r = esimctlToStdout(">/dev/full", {"profile", "list"});
  EXPECT_EQ(r.exitCode, 1) << r.stderrText;
  EXPECT_NE(r.stderrText.find("cannot write the result to standard output"), std::string::npos)
      << r.stderrText;
}

TEST_F(CliOutput, ClosedStdoutFailsAndTheStateFileKeepsItsContent) {
  CommandResult r =
      esimctlToStdout(">&-", {"--json", "profile", "disable", kTravelIccid, "--no-report"});
  EXPECT_EQ(r.exitCode, 1) << r.stderrText;
  EXPECT_NE(r.stderrText.find("cannot write the result to standard output"), std::string::npos)
      << r.stderrText;
  // The command ran; its result went nowhere, in particular not into the
  // state file that took the free descriptor 1.
  json state = json::parse(readText(state_));
  EXPECT_EQ(state["profiles"][0]["profileState"], "disabled");
}

TEST_F(CliOutput, AFailingCommandKeepsItsExitCode) {
  CommandResult usage =
      esimctlToStdout(">/dev/full", {"--json", "--aid", "ABC", "profile", "list"});
  EXPECT_EQ(usage.exitCode, 2) << usage.stderrText;
  EXPECT_NE(usage.stderrText.find("cannot write the result"), std::string::npos);
  CommandResult declined =
      esimctlToStdout(">/dev/full", {"--json", "profile", "delete", kHomeIccid});
  EXPECT_EQ(declined.exitCode, 3) << declined.stderrText;
}

TEST_F(CliOutput, NothingToWriteIsNoError) {
  CommandResult r = esimctlToStdout(">/dev/full", {"--aid", "ABC", "profile", "list"});
  EXPECT_EQ(r.exitCode, 2) << r.stderrText;
  EXPECT_EQ(r.stderrText.find("cannot write"), std::string::npos) << r.stderrText;
}

} // namespace
} // namespace esim::test
