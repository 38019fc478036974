// `profile discovery` up to the network: every option is checked before the
// first APDU (exit 2, the option named, the state file untouched); without
// --smds the eUICC's rootDsAddress is used, and a card without one is a
// usage error that points at --smds.
#include "cli_emulator.hpp"

namespace esim::test {
namespace {

class CliDiscovery : public CliOnEmulator {
protected:
  // expectDiscoveryUsage checks that `profile discovery |args|` is a usage
  // error naming |name|, found before the first APDU.
  void expectDiscoveryUsage(std::vector<std::string> args, const std::string &name) {
    args.insert(args.begin(), {"profile", "discovery"});
    expectUsage(args, name);
  }
};

TEST_F(CliDiscovery, SmdsMustBeAHostWithAnOptionalPort) {
  for (const char *bad : {"", "https://lpa.ds.example", "lpa.ds.example/x", "lpa ds",
                          "lpa.ds.example:0", "lpa.ds.example:99999"}) {
    expectDiscoveryUsage({"--smds", bad}, "--smds");
  }
}

TEST_F(CliDiscovery, ImeiIsChecked) {
  expectDiscoveryUsage({"--imei", "12345"}, "--imei");
}

TEST_F(CliDiscovery, DownloadOptionsNeedDownload) {
  expectDiscoveryUsage({"--event", "EV-1"}, "--event needs --download");
  expectDiscoveryUsage({"--yes"}, "--yes needs --download");
  expectDiscoveryUsage({"--preview"}, "--preview needs --download");
  expectDiscoveryUsage({"--enable"}, "--enable needs --download");
  expectDiscoveryUsage({"--nickname", "x"}, "--nickname needs --download");
  expectDiscoveryUsage({"--no-report"}, "--no-report needs --download");
  expectDiscoveryUsage({"--receipt-dir", "/tmp"}, "--receipt-dir needs --download");
  expectDiscoveryUsage({"--confirmation-code-file", "/tmp/cc"},
                       "--confirmation-code-file needs --download");
}

TEST_F(CliDiscovery, DownloadOptionsAreCheckedAsProfileDownloadChecksThem) {
  expectDiscoveryUsage({"--download", "--event", ""}, "--event");
  expectDiscoveryUsage({"--download", "--preview", "--yes"}, "--preview");
  expectDiscoveryUsage({"--download", "--nickname", "a\x1b[2Jb"}, "--nickname");
}

TEST_F(CliDiscovery, JsonUsageErrorIsAnObjectWithExit2) {
  EsimctlResult r = esimctl({"--json", "--trace", "profile", "discovery", "--event", "EV-1"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "invalid-argument");
  EXPECT_EQ(r.command.stderrText.find(">> "), std::string::npos) << r.describe();
}

TEST_F(CliDiscovery, NoSmdsAndNoRootDsAddressIsAUsageErrorBeforeTheNetwork) {
  editState([](nlohmann::json &s) { s["configuredAddresses"]["rootDsAddress"] = ""; });
  EsimctlResult r = esimctl({"profile", "discovery"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  EXPECT_NE(r.command.stderrText.find("no root SM-DS address"), std::string::npos) << r.describe();
  EXPECT_NE(r.command.stderrText.find("--smds HOST"), std::string::npos) << r.describe();
  EXPECT_EQ(r.command.stdoutText.find("Asking"), std::string::npos) << r.describe();
  EXPECT_TRUE(stateUnchanged());
}

TEST_F(CliDiscovery, WithoutSmdsTheRootDsAddressIsAsked) {
  // Nothing listens on 127.0.0.1:443 for the test: the call fails at once,
  // after naming the SM-DS it tried.
  EsimctlResult r = esimctl(
      {"--timeout", "1", "--resolve", "lpa.ds.gsma.com:443:127.0.0.1", "profile", "discovery"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_NE(r.command.stdoutText.find(
                "Asking the SM-DS lpa.ds.gsma.com for profiles waiting for this eUICC"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.command.stderrText.find("ES11 initiateAuthentication"), std::string::npos)
      << r.describe();
  EXPECT_TRUE(stateUnchanged());
}

} // namespace
} // namespace esim::test
