// esimctl doctor against the faults it is there to name, each through the
// real stack: no pcscd, a vpcd reader without a card, a card whose ISD-R
// answers on an AID no LPA knows, a card that refuses 255-byte STORE DATA
// blocks (euicc-emu --fault max-block=120), and an SM-DP+ whose TLS
// certificate comes from another CA than the one esimctl trusts.
#include <gtest/gtest.h>

#include "esim/isdr_session.hpp"
#include "euicc_emu/state.hpp"
#include "support/emulated_reader.hpp"
#include "support/pcscd_harness.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

// kLocalDs is a root SM-DS address the card tests pin to a closed loopback
// port with --resolve: doctor then never leaves the machine.
constexpr const char *kLocalDs = "smds.doctor.test";

json checkNamed(const EsimctlResult &r, const std::string &name) {
  for (const json &c : r.json["data"]["checks"]) {
    if (c["name"] == name) return c;
  }
  ADD_FAILURE() << "no check " << name << " in " << r.describe();
  return json::object();
}

std::string verdict(const EsimctlResult &r, const std::string &name) {
  return checkNamed(r, name).value("verdict", "");
}

void expectOrderedChecks(const EsimctlResult &r) {
  std::vector<std::string> names;
  for (const json &c : r.json["data"]["checks"])
    names.push_back(c["name"]);
  const std::vector<std::string> want = {"pcscd", "readers", "card", "isd-r", "store-data-block",
                                         "euicc", "clock"};
  ASSERT_GE(names.size(), want.size()) << r.describe();
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 7), want);
}

// pointAddressesAt sets the card's configured addresses in |statePath|.
void pointAddressesAt(const std::string &statePath, const std::optional<std::string> &dp,
                      const std::string &ds) {
  euicc_emu::EmulatorState s = euicc_emu::loadState(statePath);
  s.configuredAddresses.defaultDpAddress = dp;
  s.configuredAddresses.rootDsAddress = ds;
  euicc_emu::saveState(s, statePath);
}

TEST(Doctor, WithoutPcscdSaysHowToStartItAndSkipsTheCardChecks) {
  EsimctlResult r = runEsimctl({"--json", "doctor"}, {},
                               {"PCSCLITE_CSOCK_NAME=/nonexistent/esimctl-doctor/pcscd.comm"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(r.json["ok"], false);
  EXPECT_EQ(r.json["error"]["code"], "checks-failed");
  expectOrderedChecks(r);
  json pcscd = checkNamed(r, "pcscd");
  EXPECT_EQ(pcscd["verdict"], "fail");
  EXPECT_NE(pcscd["fix"].get<std::string>().find("systemctl start pcscd"), std::string::npos);
  for (const char *later :
       {"readers", "card", "isd-r", "store-data-block", "euicc", "smdp dns", "smds tls"}) {
    EXPECT_EQ(verdict(r, later), "skipped") << later;
  }
  EXPECT_EQ(verdict(r, "clock"), "ok");
}

TEST(Doctor, AReaderWithoutACardFailsTheCardCheck) {
  Pcscd pcscd;
  EsimctlResult r = runEsimctl({"--reader", pcscd.readerName(), "--json", "doctor"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(verdict(r, "pcscd"), "ok");
  EXPECT_EQ(verdict(r, "readers"), "ok");
  EXPECT_EQ(verdict(r, "card"), "fail");
  EXPECT_EQ(verdict(r, "isd-r"), "skipped");
  EXPECT_EQ(checkNamed(r, "isd-r")["detail"], "no card");
}

class DoctorCard : public ::testing::Test {
protected:
  EsimctlResult doctor(std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {"--resolve", std::string(kLocalDs) + ":443:127.0.0.1",
                                     "--timeout", "2"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--json", "doctor"});
    return reader_->esimctl(argv);
  }
  void startWith(std::vector<std::string> emulatorArgs, const std::string &isdrAid = {}) {
    reader_ = std::make_unique<EmulatedReader>(dir_, std::move(emulatorArgs));
    reader_->stopCard();
    pointAddressesAt(reader_->statePath(), std::nullopt, kLocalDs);
    if (!isdrAid.empty()) {
      euicc_emu::EmulatorState s = euicc_emu::loadState(reader_->statePath());
      s.isdrAid = fromHex(isdrAid);
      euicc_emu::saveState(s, reader_->statePath());
    }
    reader_->startCard();
  }
  std::string eid() { return toHex(euicc_emu::loadState(reader_->statePath()).eid); }

  TempDir dir_;
  std::unique_ptr<EmulatedReader> reader_;
};

TEST_F(DoctorCard, AnIsdrOnAnUnknownAidFailsAndNamesAid) {
  const std::string odd = "A0000005591010FFFFFFFF8900000177";
  startWith({}, odd);
  EsimctlResult r = doctor();
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(verdict(r, "card"), "ok");
  json isdr = checkNamed(r, "isd-r");
  EXPECT_EQ(isdr["verdict"], "fail");
  EXPECT_NE(isdr["fix"].get<std::string>().find("--aid"), std::string::npos);
  EXPECT_EQ(verdict(r, "store-data-block"), "skipped");
  EXPECT_EQ(verdict(r, "euicc"), "skipped");
  // Told the AID, doctor finds the ISD-R there and says it is not the standard one.
  r = doctor({"--aid", odd});
  isdr = checkNamed(r, "isd-r");
  EXPECT_EQ(isdr["verdict"], "warn") << r.describe();
  EXPECT_NE(isdr["detail"].get<std::string>().find(odd), std::string::npos);
  EXPECT_EQ(verdict(r, "euicc"), "ok");
}

TEST_F(DoctorCard, AnIsdrOnAKnownNonStandardAidWarnsAndWorks) {
  const std::string fiveBer = toHex(kKnownIsdrAids.back());
  ASSERT_NE(kKnownIsdrAids.back(), kIsdrAid);
  startWith({}, fiveBer);
  EsimctlResult r = doctor();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  json isdr = checkNamed(r, "isd-r");
  EXPECT_EQ(isdr["verdict"], "warn") << r.describe();
  EXPECT_NE(isdr["detail"].get<std::string>().find(fiveBer), std::string::npos);
  EXPECT_EQ(verdict(r, "store-data-block"), "ok");
  EXPECT_EQ(verdict(r, "euicc"), "ok");
}

TEST_F(DoctorCard, ACardRefusing255ByteBlocksGetsMss120) {
  startWith({"--fault", "max-block=120"});
  EsimctlResult r = doctor();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  expectOrderedChecks(r);
  EXPECT_EQ(verdict(r, "isd-r"), "ok");
  json block = checkNamed(r, "store-data-block");
  EXPECT_EQ(block["verdict"], "warn") << r.describe();
  EXPECT_NE(block["fix"].get<std::string>().find("--mss 120"), std::string::npos);
  json euicc = checkNamed(r, "euicc");
  EXPECT_EQ(euicc["verdict"], "ok");
  EXPECT_NE(euicc["detail"].get<std::string>().find(eid()), std::string::npos);
  EXPECT_NE(euicc["detail"].get<std::string>().find("free memory"), std::string::npos);
  // No default SM-DP+; the root SM-DS is pinned to a closed port.
  EXPECT_EQ(verdict(r, "smdp"), "skipped");
  EXPECT_EQ(verdict(r, "smds dns"), "ok");
  EXPECT_EQ(verdict(r, "smds tcp"), "fail");
  EXPECT_EQ(verdict(r, "smds tls"), "skipped");
}

TEST_F(DoctorCard, ACardTaking255ByteBlocksPassesTheBlockCheck) {
  startWith({});
  EsimctlResult r = doctor();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(verdict(r, "store-data-block"), "ok") << r.describe();
  EXPECT_EQ(verdict(r, "isd-r"), "ok");
}

TEST(Doctor, AnSmdpCertificateFromAnotherCaFailsTheTlsCheck) {
  SmdppBench bench;
  bench.start();
  bench.restartCard(
      {}, [&] { pointAddressesAt(bench.statePath(), bench.smdpAddress(), bench.smdpAddress()); });
  // Trusting the server's own CI, every check passes.
  EsimctlResult r = bench.esimctl({"--json", "doctor"});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(r.json["ok"], true);
  for (const json &c : r.json["data"]["checks"]) {
    EXPECT_EQ(c["verdict"], "ok") << c.dump();
  }
  // Trusting only a second test PKI's CI, TLS fails and nothing before it.
  const std::string other = bench.dir().file("other-pki");
  SmdppBench::makeBenchPki(other, {});
  r = bench.esimctl({"--ca-file", other + "/ci.pem", "--json", "doctor"}, false);
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(verdict(r, "smdp dns"), "ok");
  EXPECT_EQ(verdict(r, "smdp tcp"), "ok");
  json tls = checkNamed(r, "smdp tls");
  EXPECT_EQ(tls["verdict"], "fail") << r.describe();
  EXPECT_NE(tls["fix"].get<std::string>().find("--ca-file"), std::string::npos);
  EXPECT_EQ(verdict(r, "smds tls"), "fail");
  EXPECT_EQ(r.json["error"]["code"], "checks-failed");
}

} // namespace
} // namespace esim::test
