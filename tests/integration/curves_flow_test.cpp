// Download and removal with each SGP.22 curve, through the real stack
// (esimctl -> pcscd -> vpcd -> euicc-emu, smdpp-emu over TLS on 127.0.0.1):
// an all-brainpoolP256r1 PKI, and a card that trusts a NIST P-256 and a
// brainpoolP256r1 CI talking to an SM-DP+ that knows only one of them. The
// SM-DP+ verifies every eUICC signature (euiccSignature1/2, the install
// result, the delete notification) on the card's curve; the card verifies
// DPauth/DPpb and runs ECKA on the SM-DP+'s curve. The PKIs are made once
// per build (cachedPkis).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kDemoCode = "LPA:1$smdp.travel.example$TRAVEL-DEMO-0001";

class CurvesFlow : public ::testing::Test {
protected:
  // The suite's PKIs: the same demo EID and hosts, one per curve. ctest
  // runs each test in its own process, so they are made once per build and
  // script version (cachedPkis) and only read by the tests.
  static void SetUpTestSuite() { pkis_ = cachedPkis(); }
  static std::string nistPki() { return (pkis_ / "nist").string(); }
  static std::string brainpoolPki() { return (pkis_ / "brainpool").string(); }

  // cachedPkis returns a folder next to the test binary, named after the
  // script's modification time, holding nist/ and brainpool/; the first
  // process makes it in a scratch folder and publishes it with one
  // rename(2), which fails harmlessly when another process was first.
  static std::filesystem::path cachedPkis() {
    namespace fs = std::filesystem;
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const auto stamp = fs::last_write_time(PKI_SCRIPT_PATH).time_since_epoch().count();
    const fs::path cache =
        exe.parent_path() /
        ("curves-test-pki-" + std::to_string(static_cast<unsigned long long>(stamp)));
    std::error_code ec;
    if (fs::is_regular_file(cache / "brainpool" / "smdp-tls.key", ec)) return cache;
    std::string scratch = (exe.parent_path() / "curves-test-pki.XXXXXX").string();
    if (::mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("mkdtemp " + scratch);
    SmdppBench::makeBenchPki(scratch + "/nist", {});
    SmdppBench::makeBenchPki(scratch + "/brainpool", {"--curve", "brainpoolP256r1"});
    fs::rename(scratch, cache, ec);
    if (ec) fs::remove_all(scratch, ec); // another process published first
    return cache;
  }

  // downloadAndRemove installs the demo profile from |bench|'s SM-DP+ and
  // removes it again; the SM-DP+ must accept the signed install result and
  // the signed delete notification.
  static void downloadAndRemove(SmdppBench &bench) {
    bench.start({}, true, kTravelHost);
    ASSERT_EQ(bench.activationCode(), kDemoCode);
    EsimctlResult r = bench.esimctl({"--json", "profile", "download", kDemoCode, "--yes"});
    ASSERT_EQ(r.command.exitCode, 0)
        << r.describe() << bench.smdpp().stderrText() << bench.emulator().log();
    EXPECT_EQ(r.json["data"]["iccid"], kDemoIccid);
    EXPECT_EQ(r.json["data"]["notification"]["delivered"], true) << r.describe();
    int installs = 0;
    for (const json &line : bench.smdpp().accepted()) {
      if (line.value("profileManagementOperation", "") == "install" &&
          line.value("iccid", "") == kDemoIccid && line.value("signatureValid", false))
        ++installs;
    }
    EXPECT_EQ(installs, 1) << bench.smdpp().stderrText();

    EsimctlResult rm = bench.esimctl({"remove", kDemoIccid, "--yes"});
    ASSERT_EQ(rm.command.exitCode, 0) << rm.describe() << bench.smdpp().stderrText();
    EXPECT_NE(rm.command.stdoutText.find("accepted (HTTP 204)"), std::string::npos)
        << rm.describe();
    // smdpp-emu logs a delete notification only after its eUICC signature
    // verified against its own CI.
    EXPECT_EQ(bench.acceptedDeletes(kDemoIccid), 1) << bench.smdpp().stderrText();
    EXPECT_TRUE(bench.pendingDeletes().empty());
  }

  static std::filesystem::path pkis_;
};

std::filesystem::path CurvesFlow::pkis_;

TEST_F(CurvesFlow, AllBrainpoolPkiDownloadsAndRemoves) {
  SmdppBench bench({brainpoolPki()}, brainpoolPki());
  downloadAndRemove(bench);
}

TEST_F(CurvesFlow, CardTrustingBothCisUsesTheBrainpoolOneWithABrainpoolOnlySmdp) {
  // The card's first identity is the NIST one: it must pick the brainpool
  // identity because the SM-DP+ names that CI (euiccCiPKIdToBeUsed).
  SmdppBench bench({nistPki(), brainpoolPki()}, brainpoolPki());
  downloadAndRemove(bench);
}

TEST_F(CurvesFlow, CardTrustingBothCisUsesTheNistOneWithANistOnlySmdp) {
  SmdppBench bench({brainpoolPki(), nistPki()}, nistPki());
  downloadAndRemove(bench);
}

} // namespace
} // namespace esim::test
