// What esimctl prints when the card answers an SGP.22 code: the number, and
// the name when SGP.22 has one, in text and JSON. The codes come from
// --emulator-fault answer=FUNCTION:HEX (the card answers HEX instead of
// running FUNCTION), since the emulator itself only answers named codes.
#include "cli_emulator.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

class CliResultCodes : public CliOnEmulator {};

TEST_F(CliResultCodes, UnnamedEnableResultPrintsOtherAndTheNumber) {
  // enableResult 9: SGP.22 names 0..5 and 127.
  const std::vector<std::string> args = {"--emulator-fault", "answer=EnableProfile:BF3103800109",
                                         "profile",          "enable",
                                         kHomeIccid,         "--no-report"};
  EsimctlResult text = esimctl(args);
  EXPECT_EQ(text.command.exitCode, 1) << text.describe();
  EXPECT_NE(text.command.stderrText.find("EnableProfile of " + kHomeIccid), std::string::npos)
      << text.describe();
  EXPECT_NE(text.command.stderrText.find("the eUICC answered other(9)\n"), std::string::npos)
      << text.describe();
  EXPECT_NE(text.command.stderrText.find("emu: fault: EnableProfile answered BF3103800109"),
            std::string::npos)
      << text.describe();
  EXPECT_TRUE(stateUnchanged()) << "the card ran EnableProfile despite the fault";

  std::vector<std::string> jsonArgs = args;
  jsonArgs.insert(jsonArgs.begin(), "--json");
  EsimctlResult r = esimctl(jsonArgs);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  const json &error = r.json["error"];
  EXPECT_EQ(error["code"], "card-refused") << r.describe();
  EXPECT_EQ(error["resultCode"], 9) << r.describe();
  EXPECT_FALSE(error.contains("resultName")) << r.describe();
  EXPECT_NE(error["message"].get<std::string>().find("answered other(9)"), std::string::npos);
}

TEST_F(CliResultCodes, NamedResultPrintsNameAndNumber) {
  EsimctlResult r = esimctl({"--json", "--emulator-fault", "answer=EnableProfile:BF3103800103",
                             "profile", "enable", kHomeIccid, "--no-report"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  const json &error = r.json["error"];
  EXPECT_EQ(error["resultCode"], 3) << r.describe();
  EXPECT_EQ(error["resultName"], "disallowedByPolicy") << r.describe();
  EXPECT_NE(error["message"].get<std::string>().find("answered disallowedByPolicy (3)"),
            std::string::npos)
      << r.describe();
}

TEST_F(CliResultCodes, ListNotificationErrorAlternativeIsCardRefused) {
  // Android's testListNotifications_Error answer: listNotificationsResultError 3.
  const std::vector<std::string> args = {"--emulator-fault", "answer=ListNotification:BF2803810103",
                                         "notification", "list"};
  EsimctlResult text = esimctl(args);
  EXPECT_EQ(text.command.exitCode, 1) << text.describe();
  EXPECT_NE(text.command.stderrText.find(
                "esimctl: error: ListNotification: eUICC answered listNotificationsResultError "
                "other(3)\n"),
            std::string::npos)
      << text.describe();

  std::vector<std::string> jsonArgs = args;
  jsonArgs.insert(jsonArgs.begin(), "--json");
  EsimctlResult r = esimctl(jsonArgs);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "card-refused") << r.describe();
  EXPECT_EQ(r.json["error"]["resultCode"], 3) << r.describe();
  EXPECT_FALSE(r.json["error"].contains("resultName")) << r.describe();
}

TEST_F(CliResultCodes, EmulatorFaultNeedsTheEmulatorAndAGoodSpec) {
  EsimctlResult alone =
      runEsimctl({"--emulator-fault", "answer=EnableProfile:BF3103800109", "profile", "list"});
  EXPECT_NE(alone.command.exitCode, 0) << alone.describe();
  EXPECT_NE(alone.command.stderrText.find("--emulator-fault needs --emulator"), std::string::npos)
      << alone.describe();
  EsimctlResult bad = esimctl({"--emulator-fault", "answer=EnableProfile:XYZ", "profile", "list"});
  EXPECT_NE(bad.command.exitCode, 0) << bad.describe();
  EXPECT_NE(bad.command.stderrText.find("fault spec 'answer=EnableProfile:XYZ'"), std::string::npos)
      << bad.describe();
  EXPECT_TRUE(stateUnchanged());
}

} // namespace
} // namespace esim::test
