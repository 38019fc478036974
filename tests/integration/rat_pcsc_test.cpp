// `esimctl chip info` shows the card's Rules Authorisation Table (ES10b.GetRAT)
// through a real pcscd + vpcd with euicc-emu as the card: the default table
// of a state without one, a table of the state's own, and a card that does
// not know the function (older eUICCs answer 6A80 or 6D00), where the rest
// of chip info must still print.
#include <gtest/gtest.h>

#include <fstream>

#include "euicc_emu/state.hpp"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

// The APDUs of a fresh card's first `esimctl --reader R chip info`: MANAGE
// CHANNEL, SELECT, then STORE DATA + GET RESPONSE for GetEID, GetEuiccInfo2
// and GetEuiccConfiguredAddresses; GetRAT's STORE DATA is the 9th, MANAGE
// CHANNEL close the 10th, so the same command's second run has it as the
// 19th. (The emulator's trace shows what each number was; the test checks
// that both were the GetRAT request.)
constexpr int kFirstGetRat = 9;
constexpr int kApdusPerRun = 10;
constexpr int kSecondGetRat = kFirstGetRat + kApdusPerRun;

TEST(RatThroughPcscd, ChipInfoShowsTheDefaultTableThenTheStatesOwn) {
  TempDir dir;
  EmulatedReader reader(dir);
  EsimctlResult r = reader.esimctl({"--json", "chip", "info"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  const json &rat = r.json["data"]["rat"];
  ASSERT_EQ(rat.size(), 1u) << r.describe();
  EXPECT_EQ(rat[0]["pprIds"], json({"ppr1", "ppr2"}));
  EXPECT_EQ(rat[0]["pprFlags"], json({"consentRequired"}));
  EXPECT_EQ(rat[0]["allowedOperators"],
            json::parse(R"([{"mccMnc": "EEEEEE", "mcc": "EEE", "mnc": "EEE", "gid1": "",
                             "gid2": ""}])"));
  EXPECT_FALSE(r.json["data"].contains("ratStatusWord"));

  reader.stopCard();
  json state = json::parse(readText(reader.statePath()));
  state["rat"] = json::parse(R"([
    {"pprIds": ["ppr1"], "allowedOperators": [{"mccMnc": "62F210", "gid1": "A1B2"}]},
    {"pprIds": ["ppr2"], "allowedOperators": [{"mccMnc": "130014"}, {"mccMnc": "13E0EE"}],
     "pprFlags": ["consentRequired"]}])");
  std::ofstream(reader.statePath(), std::ios::trunc) << state.dump(2);
  reader.startCard();

  EsimctlResult own = reader.esimctl({"--json", "chip", "info"});
  ASSERT_EQ(own.command.exitCode, 0) << own.describe();
  const json &table = own.json["data"]["rat"];
  ASSERT_EQ(table.size(), 2u) << own.describe();
  EXPECT_EQ(table[0]["pprIds"], json({"ppr1"}));
  EXPECT_EQ(table[0]["pprFlags"], json::array());
  EXPECT_EQ(table[0]["allowedOperators"],
            json::parse(R"([{"mccMnc": "62F210", "mcc": "262", "mnc": "01", "gid1": "A1B2"}])"));
  EXPECT_EQ(table[1]["allowedOperators"][1]["mnc"], "EEE");

  EsimctlResult text = reader.esimctl({"chip", "info"});
  ASSERT_EQ(text.command.exitCode, 0) << text.describe();
  const std::string &out = text.command.stdoutText;
  EXPECT_NE(out.find("Policy rules (RAT)      ppr1 for 262-01 gid1 A1B2; no consent needed\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("                        ppr2 for 310-410; 310-EEE; consent required\n"),
            std::string::npos)
      << out;
}

TEST(RatThroughPcscd, CardWithoutGetRatStillShowsTheRest) {
  TempDir dir;
  EmulatedReader reader(dir, {"--trace", "--fault", "sw=6A80@" + std::to_string(kFirstGetRat),
                              "--fault", "sw=6D00@" + std::to_string(kSecondGetRat)});
  const euicc_emu::EmulatorState state = euicc_emu::loadState(reader.statePath());

  EsimctlResult text = reader.esimctl({"chip", "info"});
  ASSERT_EQ(text.command.exitCode, 0) << text.describe();
  const std::string &out = text.command.stdoutText;
  EXPECT_NE(out.find(toHex(state.eid)), std::string::npos) << out;
  EXPECT_NE(out.find("Root SM-DS              " + state.configuredAddresses.rootDsAddress),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Policy rules (RAT)      not available (the card answered 6A80 to GetRAT)"),
            std::string::npos)
      << out;

  EsimctlResult js = reader.esimctl({"--json", "chip", "info"});
  ASSERT_EQ(js.command.exitCode, 0) << js.describe();
  EXPECT_EQ(js.json["data"]["eid"], toHex(state.eid));
  EXPECT_TRUE(js.json["data"]["rat"].is_null()) << js.describe();
  EXPECT_EQ(js.json["data"]["ratStatusWord"], "6D00");

  // Both faults hit the GetRAT request (the trace logs "#N > C-APDU"), not
  // another command.
  const std::string log = reader.emulator().log();
  for (int n : {kFirstGetRat, kSecondGetRat}) {
    const std::string hit = "#" + std::to_string(n) + " > 81E2910003BF4300";
    EXPECT_NE(log.find(hit), std::string::npos) << "no '" << hit << "' in\n" << log;
  }
}

} // namespace
} // namespace esim::test
