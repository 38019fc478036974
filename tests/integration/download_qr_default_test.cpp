// The traveller's other front doors to `profile download`, through the real
// stack (esimctl -> pcscd -> vpcd -> euicc-emu, smdpp-emu over TLS on
// 127.0.0.1): the QR code image the operator sent (drawn here with
// libqrencode, written as PNG or JPEG), and no code at all, where the
// card's default SM-DP+ serves the order pushed to its EID.
#include <gtest/gtest.h>

#include <fstream>

#include "support/qr_images.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

class DownloadFrontDoors : public ::testing::Test {
protected:
  EsimctlResult esimctl(std::vector<std::string> args, const std::string &input = {}) {
    std::vector<std::string> argv = bench_.esimctlArgv(std::move(args));
    argv.erase(argv.begin());
    return runEsimctl(argv, input);
  }
  std::string receipts() { return bench_.dir().file("receipts"); }
  std::string writeFile(const std::string &name, const std::string &bytes) {
    const std::string path = bench_.dir().file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string cardEid() { return json::parse(readText(bench_.statePath()))["eid"]; }
  // pushTo serves one order, TRAVEL-PUSHED-1 with ICCID |iccid|, pushed to
  // |eid| (the demo package; reusable: false).
  void pushTo(const std::string &eid, const std::string &iccid) {
    json doc = {{"profiles",
                 {{{"matchingId", "TRAVEL-PUSHED-1"},
                   {"eid", eid},
                   {"profilePackage", "builtin:demo"},
                   {"metadata",
                    {{"iccid", iccid},
                     {"serviceProviderName", "esimctl Pushed"},
                     {"profileName", "Pushed to the EID"}}}}}}};
    const std::string path = writeFile("catalog.json", doc.dump(2));
    bench_.setDownload(SmdppDownload{path, ""});
  }

  SmdppBench bench_;
};

TEST_F(DownloadFrontDoors, AQrCodeImageInstallsItsProfile) {
  bench_.start();
  // A photo is never straight: rotated a little, and scaled.
  const std::string png = encodePng(rotated(qrImage(bench_.activationCode(), 5), 11));
  const std::string path = writeFile("offer.png", png);
  EsimctlResult r =
      esimctl({"profile", "download", "--qr", path, "--yes", "--receipt-dir", receipts()});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  // What it read, shown masked, before the server was contacted.
  const std::size_t read = r.command.stderrText.find("Read from " + path + ": LPA:1$" +
                                                     bench_.smdpAddress() + "$TR************01");
  const std::size_t contacting = r.command.stderrText.find("Contacting");
  ASSERT_NE(read, std::string::npos) << r.describe();
  EXPECT_LT(read, contacting) << r.describe();
  EXPECT_EQ(r.command.stderrText.find(kDemoMatchingId), std::string::npos) << r.describe();
  // The same preview as a typed code.
  EXPECT_NE(r.command.stdoutText.find("offers this profile"), std::string::npos) << r.describe();
  EXPECT_TRUE(bench_.installed(kDemoIccid));
}

TEST_F(DownloadFrontDoors, AQrCodeImageOnStandardInputAsJpeg) {
  bench_.start();
  EsimctlResult r =
      esimctl({"--json", "profile", "download", "--qr", "-", "--yes", "--receipt-dir", receipts()},
              encodeJpeg(rotated(qrImage(bench_.activationCode(), 4), 90)));
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  EXPECT_EQ(r.json["data"]["iccid"], kDemoIccid) << r.describe();
  EXPECT_EQ(r.json["data"]["qr"]["file"], "-") << r.describe();
  EXPECT_EQ(r.json["data"]["qr"]["activationCode"],
            "LPA:1$" + bench_.smdpAddress() + "$TR************01")
      << r.describe();
  EXPECT_TRUE(bench_.installed(kDemoIccid));
}

TEST_F(DownloadFrontDoors, NoCodeInstallsTheProfilePushedToTheEidAtTheDefaultSmdp) {
  const std::string iccid = "8944476500000000021";
  pushTo(cardEid(), iccid);
  bench_.start();
  EsimctlResult set = esimctl({"chip", "defaultsmdp", bench_.smdpAddress()});
  ASSERT_EQ(set.command.exitCode, 0) << set.describe();
  EsimctlResult r = esimctl({"profile", "download", "--yes", "--receipt-dir", receipts()});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe() << bench_.smdpp().stderrText();
  const std::size_t says =
      r.command.stderrText.find("default SM-DP+ " + bench_.smdpAddress() + " for a profile");
  ASSERT_NE(says, std::string::npos) << r.describe();
  EXPECT_LT(says, r.command.stderrText.find("Contacting")) << r.describe();
  EXPECT_NE(r.command.stdoutText.find("esimctl Pushed"), std::string::npos) << r.describe();
  EXPECT_TRUE(bench_.installed(iccid));
  // The order was the EID's one: it is not served twice.
  EsimctlResult again = esimctl({"--json", "profile", "download", "--yes"});
  EXPECT_EQ(again.command.exitCode, 1) << again.describe();
  EXPECT_EQ(again.json["error"]["code"], "server-error") << again.describe();
}

TEST_F(DownloadFrontDoors, AnOrderPushedToAnotherEidIsNotServed) {
  pushTo("89049032123451234512345678909999", "8944476500000000021");
  bench_.start();
  ASSERT_EQ(esimctl({"chip", "defaultsmdp", bench_.smdpAddress()}).command.exitCode, 0);
  EsimctlResult r = esimctl({"--json", "profile", "download", "--yes"});
  EXPECT_EQ(r.command.exitCode, 1) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "server-error") << r.describe();
  EXPECT_NE(bench_.smdpp().stderrText().find("no order is pending for EID " + cardEid()),
            std::string::npos)
      << bench_.smdpp().stderrText();
  EXPECT_FALSE(bench_.installed("8944476500000000021"));
}

TEST_F(DownloadFrontDoors, NoCodeAndNoDefaultSmdpIsAUsageError) {
  bench_.start();
  EsimctlResult r = esimctl({"--json", "profile", "download", "--yes"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  EXPECT_EQ(r.json["error"]["code"], "invalid-argument") << r.describe();
  EXPECT_NE(r.json["error"]["hint"].get<std::string>().find("esimctl chip defaultsmdp"),
            std::string::npos)
      << r.describe();
  // Nothing reached the SM-DP+.
  EXPECT_EQ(bench_.smdpp().stderrText().find("initiateAuthentication"), std::string::npos)
      << bench_.smdpp().stderrText();
}

} // namespace
} // namespace esim::test
