// `profile download --qr IMAGE` and `profile download` with no code, up to
// where the network would start: the image is decoded before the first
// APDU, each way an image can fail is a usage error (exit 2) that says what
// the image held, and a card without a default SM-DP+ stops before any
// network. The images are drawn by the test (libqrencode, stb_image_write).
#include <fstream>

#include "cli_emulator.hpp"
#include "support/qr_images.hpp"

namespace esim::test {
namespace {

constexpr const char *kCode = "LPA:1$smdp.travel.example$TRAVEL-DEMO-0001";
constexpr const char *kOther = "LPA:1$smdp.other.example$K2-1AB2C-3DEF4";

class CliQr : public CliOnEmulator {
protected:
  std::string writeImage(const std::string &name, const std::string &bytes) {
    const std::string path = dir_.file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // expectRefused runs `profile download --qr |path|` with --trace and
  // checks exit |exitCode|, error id |id|, |words| in the message, no APDU
  // and the state unchanged.
  EsimctlResult expectRefused(const std::string &path, int exitCode, const std::string &id,
                              const std::vector<std::string> &words) {
    EsimctlResult r = esimctl({"--trace", "profile", "download", "--qr", path, "--yes"});
    EXPECT_EQ(r.command.exitCode, exitCode) << r.describe();
    for (const std::string &w : words)
      EXPECT_NE(r.command.stderrText.find(w), std::string::npos) << w << "\n" << r.describe();
    EXPECT_EQ(r.command.stderrText.find(">> "), std::string::npos) << "an APDU was sent\n"
                                                                   << r.describe();
    EXPECT_TRUE(stateUnchanged());
    EsimctlResult j = esimctl({"--json", "profile", "download", "--qr", path, "--yes"});
    EXPECT_EQ(j.json["error"]["code"], id) << j.describe();
    return r;
  }
};

TEST_F(CliQr, ABlankImageHasNoCode) {
  expectRefused(writeImage("blank.png", encodePng(blankImage(320, 240))), 2, "invalid-argument",
                {"no QR code found", "hint:"});
}

TEST_F(CliQr, AUrlIsNotAnActivationCode) {
  expectRefused(writeImage("url.png", encodePng(qrImage("https://operator.example/esim", 4))), 2,
                "invalid-argument", {"not an activation code", "https://operator.example/esim"});
}

TEST_F(CliQr, TwoCodesAreListedMasked) {
  EsimctlResult r = expectRefused(
      writeImage("two.jpg", encodeJpeg(sideBySide(qrImage(kCode, 4), qrImage(kOther, 4)))), 2,
      "invalid-argument",
      {"2 activation codes", "LPA:1$smdp.travel.example$TR************01",
       "LPA:1$smdp.other.example$K2**********F4"});
  EXPECT_EQ(r.command.stderrText.find("TRAVEL-DEMO-0001"), std::string::npos) << r.describe();
}

TEST_F(CliQr, DamagedAndForeignFilesAreRefused) {
  const std::string png = encodePng(qrImage(kCode, 4));
  expectRefused(writeImage("cut.png", png.substr(0, png.size() / 2)), 2, "invalid-argument",
                {"cut.png", "does not decode"});
  expectRefused(writeImage("notes.txt", "LPA codes are in the e-mail\n"), 2, "invalid-argument",
                {"notes.txt", "not an image"});
  expectRefused(dir_.file("missing.png"), 1, "io-error", {"missing.png", "cannot be opened"});
}

TEST_F(CliQr, ShowsTheCodeItReadMaskedBeforeTheCard) {
  // No SM-DP+ answers here: what matters is what esimctl read and showed
  // before it went to the network.
  const std::string path = writeImage("offer.png", encodePng(rotated(qrImage(kCode, 5), 90)));
  EsimctlResult r = esimctl({"--timeout", "1", "--resolve", "smdp.travel.example:443:127.0.0.1",
                             "profile", "download", "--qr", path, "--yes"});
  EXPECT_NE(r.command.stderrText.find("Read from " + path +
                                      ": LPA:1$smdp.travel.example$TR************01"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.command.stderrText.find("Contacting smdp.travel.example"), std::string::npos)
      << r.describe();
  EXPECT_EQ(r.command.stderrText.find("TRAVEL-DEMO-0001"), std::string::npos) << r.describe();
}

TEST_F(CliQr, OneSourceOfTheOrderOnly) {
  const std::string path = writeImage("offer.png", encodePng(qrImage(kCode, 4)));
  for (std::vector<std::string> extra :
       {std::vector<std::string>{kCode}, {"--smdp", "smdp.travel.example"}}) {
    std::vector<std::string> args = {"--trace", "profile", "download", "--qr", path};
    args.insert(args.end(), extra.begin(), extra.end());
    EsimctlResult r = esimctl(args);
    EXPECT_EQ(r.command.exitCode, 2) << r.describe();
    EXPECT_NE(r.command.stderrText.find("give one of"), std::string::npos) << r.describe();
  }
  EsimctlResult r = esimctl({"profile", "download", "--matching-id", "X-1"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  EXPECT_NE(r.command.stderrText.find("--matching-id needs --smdp"), std::string::npos)
      << r.describe();
}

TEST_F(CliQr, NoCodeAndNoDefaultSmdpIsAUsageErrorBeforeTheNetwork) {
  EsimctlResult clear = esimctl({"chip", "defaultsmdp", "--clear"});
  ASSERT_EQ(clear.command.exitCode, 0) << clear.describe();
  original_ = readText(state_);
  EsimctlResult r = esimctl({"profile", "download", "--yes"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  EXPECT_NE(r.command.stderrText.find("no default SM-DP+ address"), std::string::npos)
      << r.describe();
  EXPECT_NE(r.command.stderrText.find("esimctl chip defaultsmdp"), std::string::npos)
      << r.describe();
  EXPECT_EQ(r.command.stderrText.find("Contacting"), std::string::npos) << r.describe();
  EXPECT_TRUE(stateUnchanged());
  EsimctlResult j = esimctl({"--json", "profile", "download", "--yes"});
  EXPECT_EQ(j.command.exitCode, 2) << j.describe();
  EXPECT_EQ(j.json["error"]["code"], "invalid-argument") << j.describe();
}

TEST_F(CliQr, NoCodeSaysItUsesTheDefaultSmdpBeforeContactingIt) {
  EsimctlResult set = esimctl({"chip", "defaultsmdp", "smdp.default.example"});
  ASSERT_EQ(set.command.exitCode, 0) << set.describe();
  EsimctlResult r = esimctl({"--timeout", "1", "--resolve", "smdp.default.example:443:127.0.0.1",
                             "profile", "download", "--yes"});
  const std::size_t says = r.command.stderrText.find("default SM-DP+ smdp.default.example");
  const std::size_t contacts = r.command.stderrText.find("Contacting smdp.default.example");
  ASSERT_NE(says, std::string::npos) << r.describe();
  ASSERT_NE(contacts, std::string::npos) << r.describe();
  EXPECT_LT(says, contacts) << r.describe();
}

} // namespace
} // namespace esim::test
