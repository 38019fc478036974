// Profiles waiting at an SM-DS (issue 13), through the real stack:
// esimctl -> pcscd -> vpcd -> euicc-emu for the card, and smdpp-emu over
// TLS on 127.0.0.1 playing both the SM-DS (ES11, CERT.DSauth) and the
// SM-DP+ the events point to. The card's root SM-DS address, or --smds,
// says where to ask; the event's ID is the MatchingID at the SM-DP+.
#include <gtest/gtest.h>

#include <fstream>

#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr char kEventIccid[] = "8944476500000000047";
constexpr char kOtherIccid[] = "8944476500000000054";

class DiscoveryFlow : public ::testing::Test {
protected:
  EsimctlResult esimctl(std::vector<std::string> args) {
    std::vector<std::string> argv = bench_.esimctlArgv(std::move(args));
    argv.erase(argv.begin());
    return runEsimctl(argv, {});
  }
  std::string cardEid() { return json::parse(readText(bench_.statePath()))["eid"]; }

  // serve starts the bench with an SM-DS at kSmdsHost and a catalog of
  // |orders| (each announced to the card's EID at the SM-DS with
  // "smdsEvent") plus the foreign |events|; |rootDs| makes the SM-DS the
  // card's root SM-DS.
  void serve(const std::vector<std::pair<std::string, std::string>> &orders,
             const json &events = json::array(), bool rootDs = false,
             std::vector<std::string> smdppArgs = {}) {
    const std::string catalog = bench_.dir().file("catalog.json");
    std::ofstream(catalog) << smdsEventCatalog(cardEid(), orders, events).dump(2);
    SmdppDownload download{catalog, ""};
    download.smdsAddress = kSmdsHost;
    bench_.setDownload(download);
    bench_.start(std::move(smdppArgs));
    if (rootDs) {
      // No ES10 function sets the root SM-DS: it is the card's
      // manufacturer's. Put it into the state and let the card start anew.
      bench_.restartCard({}, [&] {
        json state = json::parse(readText(bench_.statePath()));
        state["configuredAddresses"]["rootDsAddress"] = bench_.smdsAddress();
        std::ofstream(bench_.statePath()) << state.dump(2);
      });
    }
  }

  std::vector<std::string> listedEvents(const EsimctlResult &r) {
    std::vector<std::string> out;
    for (const json &e : r.json["data"]["eventEntries"]) {
      out.push_back(e["eventId"].get<std::string>() + "@" +
                    e["rspServerAddress"].get<std::string>());
    }
    return out;
  }

  SmdppBench bench_;
};

TEST_F(DiscoveryFlow, TheRootSmdsListsTheEventsAndOneInstallsAndLeavesTheList) {
  const json elsewhere = json::array(
      {{{"eid", cardEid()}, {"eventId", "ELSEWHERE-1"}, {"rspServerAddress", "smdp.home.example"}},
       {{"eid", "89049032123451234512345678909999"},
        {"eventId", "NOT-YOURS-1"},
        {"rspServerAddress", "smdp.home.example"}}});
  serve({{"EVENT-0001", kEventIccid}}, elsewhere, /*rootDs=*/true);

  // Without --smds, the card's root SM-DS; only this EID's events, in order.
  EsimctlResult list = esimctl({"--json", "profile", "discovery"});
  ASSERT_EQ(list.command.exitCode, 0) << list.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(list.json["data"]["smdsAddress"], bench_.smdsAddress());
  EXPECT_EQ(listedEvents(list), (std::vector<std::string>{"ELSEWHERE-1@smdp.home.example",
                                                          "EVENT-0001@" + bench_.smdpAddress()}))
      << list.describe();
  EXPECT_FALSE(bench_.installed(kEventIccid));

  // Download the chosen one: the SM-DP+ it names, the eventId as MatchingID.
  EsimctlResult got = esimctl({"profile", "discovery", "--download", "--event", "EVENT-0001",
                               "--yes", "--receipt-dir", bench_.dir().file("receipts")});
  ASSERT_EQ(got.command.exitCode, 0) << got.describe() << bench_.smdpp().stderrText();
  const std::size_t says = got.command.stdoutText.find(
      "from SM-DS " + bench_.smdsAddress() + ": downloading from SM-DP+ " + bench_.smdpAddress());
  ASSERT_NE(says, std::string::npos) << got.describe();
  // The same preview as a typed activation code, after that line.
  EXPECT_GT(got.command.stdoutText.find("offers this profile"), says) << got.describe();
  EXPECT_TRUE(bench_.installed(kEventIccid));
  // Its install notification reached the SM-DP+, which then deleted the
  // event at the SM-DS: the next discovery no longer lists it.
  EsimctlResult again = esimctl({"--json", "profile", "discovery"});
  ASSERT_EQ(again.command.exitCode, 0) << again.describe();
  EXPECT_EQ(listedEvents(again), (std::vector<std::string>{"ELSEWHERE-1@smdp.home.example"}))
      << again.describe() << bench_.smdpp().stderrText();
}

TEST_F(DiscoveryFlow, WithOneEventDownloadNeedsNoChoice) {
  serve({{"EVENT-ONLY", kEventIccid}});
  // The card's root SM-DS is the GSMA's: --smds names the test one.
  EsimctlResult got = esimctl(
      {"--json", "profile", "discovery", "--smds", bench_.smdsAddress(), "--download", "--yes"});
  ASSERT_EQ(got.command.exitCode, 0) << got.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(got.json["data"]["download"]["iccid"], kEventIccid) << got.describe();
  EXPECT_TRUE(bench_.installed(kEventIccid));
  EXPECT_EQ(bench_.smdpp().stderrText().find("NOT-"), std::string::npos);
}

TEST_F(DiscoveryFlow, SeveralEventsNeedAChoiceAndNothingIsInstalled) {
  serve({{"EVENT-A", kEventIccid}, {"EVENT-B", kOtherIccid}});
  EsimctlResult r = esimctl(
      {"--json", "profile", "discovery", "--smds", bench_.smdsAddress(), "--download", "--yes"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  const std::string message = r.json["error"]["message"].get<std::string>() + " " +
                              r.json["error"].value("hint", std::string());
  EXPECT_NE(message.find("EVENT-A"), std::string::npos) << r.describe();
  EXPECT_NE(message.find("EVENT-B"), std::string::npos) << r.describe();
  EXPECT_FALSE(bench_.installed(kEventIccid));
  EXPECT_FALSE(bench_.installed(kOtherIccid));

  // An event ID the SM-DS did not list is refused before any download.
  EsimctlResult unknown = esimctl({"--json", "profile", "discovery", "--smds", bench_.smdsAddress(),
                                   "--download", "--event", "EVENT-C"});
  EXPECT_EQ(unknown.command.exitCode, 1) << unknown.describe();
  EXPECT_EQ(unknown.json["error"]["code"], "not-found") << unknown.describe();
  EXPECT_EQ(bench_.smdpp().stderrText().find("getBoundProfilePackage"), std::string::npos);
}

TEST_F(DiscoveryFlow, NoEventsIsNothingToDo) {
  serve({});
  EsimctlResult r = esimctl({"profile", "discovery", "--smds", bench_.smdsAddress()});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_NE(r.command.stdoutText.find("No profile is waiting at " + bench_.smdsAddress()),
            std::string::npos)
      << r.describe();
}

// SGP.22 puts ES11 under /gsma/rsp2/es11/; lpac and the GSMA root SM-DS use
// the ES9+ paths. esimctl asks on the ES9+ paths first and, when the SM-DS
// is not found there (404), on the es11 paths.
TEST_F(DiscoveryFlow, AnSmdsServingOnlyTheEs11PathsIsFoundThere) {
  serve({{"EVENT-0001", kEventIccid}}, json::array(), false, {"--smds-paths", "es11"});
  EsimctlResult r = esimctl(
      {"--json", "profile", "discovery", "--smds", bench_.smdsAddress(), "--download", "--yes"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(r.json["data"]["download"]["iccid"], kEventIccid) << r.describe();
  const std::string log = bench_.smdpp().stderrText();
  EXPECT_NE(log.find("on /gsma/rsp2/es9plus/initiateAuthentication: not served"), std::string::npos)
      << log;
  EXPECT_NE(log.find("\"eventEntries\":1,\"kind\":\"authenticateClient\",\"path\":\"/gsma/"
                     "rsp2/es11/authenticateClient\""),
            std::string::npos)
      << log;
}

TEST_F(DiscoveryFlow, AnSmdsOnTheEs9pPathsIsAskedThereOnly) {
  serve({{"EVENT-0001", kEventIccid}}, json::array(), false, {"--smds-paths", "es9plus"});
  EsimctlResult r = esimctl({"--json", "profile", "discovery", "--smds", bench_.smdsAddress()});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(listedEvents(r), (std::vector<std::string>{"EVENT-0001@" + bench_.smdpAddress()}));
  const std::string log = bench_.smdpp().stderrText();
  // The SM-DS's answer (its log line counts the events it gave), on es9plus.
  EXPECT_NE(log.find("\"eventEntries\":1,\"kind\":\"authenticateClient\",\"path\":\"/gsma/"
                     "rsp2/es9plus/authenticateClient\""),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("/gsma/rsp2/es11/"), std::string::npos) << log;
}

TEST_F(DiscoveryFlow, AnSmdsOutsideTheTrustedCasIsRefusedAtTls) {
  serve({{"EVENT-0001", kEventIccid}});
  // The system's CAs instead of the test CI: the handshake must fail.
  std::vector<std::string> argv =
      bench_.esimctlArgv({"--json", "profile", "discovery", "--smds", bench_.smdsAddress()},
                         /*trustTestCi=*/false);
  argv.erase(argv.begin());
  EsimctlResult r = runEsimctl(argv, {});
  EXPECT_NE(r.command.exitCode, 0) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "tls") << r.describe();
  EXPECT_EQ(bench_.smdpp().stderrText().find("initiateAuthentication"), std::string::npos);
}

} // namespace
} // namespace esim::test
