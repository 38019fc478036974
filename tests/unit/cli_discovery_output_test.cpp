// What `esimctl profile discovery` makes of the SM-DS's answer
// (src/cli/discovery_output.hpp): the JSON the integration test and scripts
// read, the table, and which event --download takes.
#include "discovery_output.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "output.hpp"

namespace esimctl {
namespace {

const esim::DiscoveryOutcome kTwo{
    "lpa.ds.example", {{"EV-0001", "smdp.home.example"}, {"EV-0002", "smdp.travel.example:8443"}}};
const esim::DiscoveryOutcome kOne{"lpa.ds.example", {{"EV-0001", "smdp.home.example"}}};

TEST(CliDiscoveryOutput, JsonHasTheSmdsAndEveryEntry) {
  EXPECT_EQ(discoveryJson(kTwo),
            nlohmann::json::parse(R"({"smdsAddress": "lpa.ds.example", "eventEntries": [
                {"eventId": "EV-0001", "rspServerAddress": "smdp.home.example"},
                {"eventId": "EV-0002", "rspServerAddress": "smdp.travel.example:8443"}]})"));
  EXPECT_EQ(discoveryJson({"lpa.ds.example", {}}),
            nlohmann::json::parse(R"({"smdsAddress": "lpa.ds.example", "eventEntries": []})"));
}

TEST(CliDiscoveryOutput, TableShowsEachEventWholeAndTerminalSafe) {
  std::ostringstream out;
  printEvents(out,
              {"lpa.ds.example", {{"EV-0001", "smdp.home.example"}, {"EV\x1b[2J", "x.example"}}});
  const std::string text = out.str();
  EXPECT_NE(text.find("EVENT ID"), std::string::npos) << text;
  EXPECT_NE(text.find("EV-0001"), std::string::npos) << text;
  EXPECT_NE(text.find("smdp.home.example"), std::string::npos) << text;
  EXPECT_NE(text.find("EV\\x1b[2J"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
}

TEST(CliDiscoveryOutput, TheOnlyEventIsTakenWithoutEvent) {
  EXPECT_EQ(chooseEvent(kOne, std::nullopt).eventId, "EV-0001");
  EXPECT_EQ(chooseEvent(kOne, std::string("EV-0001")).eventId, "EV-0001");
}

TEST(CliDiscoveryOutput, EventChoosesAmongSeveral) {
  EXPECT_EQ(chooseEvent(kTwo, std::string("EV-0002")).rspServerAddress, "smdp.travel.example:8443");
}

TEST(CliDiscoveryOutput, SeveralWithoutEventIsAUsageErrorListingThem) {
  try {
    chooseEvent(kTwo, std::nullopt);
    ADD_FAILURE() << "no exception";
  } catch (const UsageError &e) {
    EXPECT_EQ(printError(e, true), kExitUsage);
    const std::string what = e.what();
    EXPECT_NE(what.find("holds 2 events; choose one with --event"), std::string::npos) << what;
    EXPECT_NE(what.find("EV-0001 (SM-DP+ smdp.home.example)"), std::string::npos) << what;
    EXPECT_NE(what.find("EV-0002 (SM-DP+ smdp.travel.example:8443)"), std::string::npos) << what;
  }
}

TEST(CliDiscoveryOutput, AnUnknownEventIsNotFoundListingThem) {
  try {
    chooseEvent(kTwo, std::string("EV-0003"));
    ADD_FAILURE() << "no exception";
  } catch (const UsageError &e) {
    ADD_FAILURE() << "a usage error: " << e.what();
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::notFound);
    const std::string what = e.what();
    EXPECT_NE(what.find("holds no event 'EV-0003'"), std::string::npos) << what;
    EXPECT_NE(what.find("EV-0002 (SM-DP+ smdp.travel.example:8443)"), std::string::npos) << what;
  }
}

} // namespace
} // namespace esimctl
