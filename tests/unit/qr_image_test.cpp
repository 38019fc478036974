// The --qr layer (src/qr): images the test draws with libqrencode and
// writes as PNG and JPEG, decoded by stb_image + zxing; and the choice of
// the activation code among the codes found, with its MatchingID masked.
#include <gtest/gtest.h>

#include "activation_qr.hpp"
#include "esim/error.hpp"
#include "qr_image.hpp"
#include "support/qr_images.hpp"

namespace esim::qr {
namespace {

using esim::test::blankImage;
using esim::test::encodeJpeg;
using esim::test::encodePng;
using esim::test::qrImage;
using esim::test::rotated;
using esim::test::sideBySide;

constexpr const char *kCode = "LPA:1$smdp.travel.example$TRAVEL-DEMO-0001";
constexpr const char *kOther = "LPA:1$smdp.other.example:8443$K2-1AB2C-3DEF4$2.999.10$1";

ByteView view(const std::string &file) {
  return {reinterpret_cast<const std::uint8_t *>(file.data()), file.size()};
}

std::vector<std::string> texts(const std::string &file) {
  return qrTextsInImage(view(file), "test.png");
}

// The id and message of what |f| throws.
template <class F> std::pair<Errc, std::string> failure(F f) {
  try {
    f();
  } catch (const Error &e) {
    return {e.code(), e.what()};
  }
  ADD_FAILURE() << "did not throw";
  return {Errc::internal, ""};
}

TEST(QrImage, ReadsAPlainPngAndJpeg) {
  EXPECT_EQ(texts(encodePng(qrImage(kCode, 4))), std::vector<std::string>{kCode});
  EXPECT_EQ(texts(encodeJpeg(qrImage(kCode, 4))), std::vector<std::string>{kCode});
}

TEST(QrImage, ReadsRotatedAndScaledCodes) {
  EXPECT_EQ(texts(encodePng(rotated(qrImage(kCode, 3), 90))), std::vector<std::string>{kCode});
  EXPECT_EQ(texts(encodePng(rotated(qrImage(kCode, 9), 180))), std::vector<std::string>{kCode});
  // A photo is never quite straight.
  EXPECT_EQ(texts(encodePng(rotated(qrImage(kCode, 6), 17))), std::vector<std::string>{kCode});
  EXPECT_EQ(texts(encodeJpeg(rotated(qrImage(kCode, 8), -8))), std::vector<std::string>{kCode});
}

TEST(QrImage, FindsEveryCodeOnce) {
  std::vector<std::string> found =
      texts(encodePng(sideBySide(qrImage(kCode, 4), qrImage(kOther, 4))));
  std::sort(found.begin(), found.end());
  std::vector<std::string> want = {kCode, kOther};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(found, want);
  // The same code twice is one code.
  EXPECT_EQ(texts(encodePng(sideBySide(qrImage(kCode, 4), qrImage(kCode, 4)))).size(), 1u);
}

TEST(QrImage, ABlankImageHoldsNoCode) {
  EXPECT_TRUE(texts(encodePng(blankImage(200, 120))).empty());
}

TEST(QrImage, RefusesWhatIsNotAnImage) {
  auto [code, message] = failure([] { texts("LPA:1$smdp.travel.example$X is text, not a PNG"); });
  EXPECT_EQ(code, Errc::invalidArgument);
  EXPECT_NE(message.find("not an image"), std::string::npos) << message;
}

TEST(QrImage, RefusesATruncatedPng) {
  const std::string png = encodePng(qrImage(kCode, 4));
  ASSERT_GT(png.size(), 200u);
  auto [code, message] = failure([&] { texts(png.substr(0, png.size() / 2)); });
  EXPECT_EQ(code, Errc::invalidArgument);
  EXPECT_NE(message.find("does not decode"), std::string::npos) << message;
}

TEST(QrImage, RefusesTooManyPixelsBeforeDecoding) {
  const std::string png = encodePng(blankImage(300, 200));
  EXPECT_NO_THROW(qrTextsInImage(view(png), "big.png", 300 * 200));
  auto [code, message] = failure([&] { qrTextsInImage(view(png), "big.png", 300 * 200 - 1); });
  EXPECT_EQ(code, Errc::invalidArgument);
  EXPECT_NE(message.find("300 x 200 pixels"), std::string::npos) << message;
  // A header that claims 10000 x 10000 pixels is refused from the header:
  // decoding it would allocate 100 MB before finding the data missing.
  std::string huge = png;
  const std::size_t ihdr = huge.find("IHDR");
  ASSERT_NE(ihdr, std::string::npos);
  const char dims[] = {0, 0, '\x27', '\x10', 0, 0, '\x27', '\x10'};
  huge.replace(ihdr + 4, sizeof dims, dims, sizeof dims);
  auto [hugeCode, hugeMessage] = failure([&] { texts(huge); });
  EXPECT_EQ(hugeCode, Errc::invalidArgument);
  EXPECT_NE(hugeMessage.find("10000 x 10000 pixels"), std::string::npos) << hugeMessage;
}

TEST(QrImage, ReadImageFileNamesWhatItCannotRead) {
  auto [code, message] = failure([] { readImageFile("/nonexistent/offer.png"); });
  EXPECT_EQ(code, Errc::ioError);
  EXPECT_NE(message.find("/nonexistent/offer.png"), std::string::npos) << message;
}

TEST(ActivationQr, MasksTheMatchingId) {
  EXPECT_EQ(maskMatchingId("TRAVEL-DEMO-0001"), "TR************01");
  EXPECT_EQ(maskMatchingId("ABC123"), "******");
  EXPECT_EQ(maskMatchingId(""), "");
  EXPECT_EQ(maskedActivationCode(parseActivationCode(kCode)),
            "LPA:1$smdp.travel.example$TR************01");
  EXPECT_EQ(maskedActivationCode(parseActivationCode(kOther)),
            "LPA:1$smdp.other.example:8443$K2**********F4$2.999.10$1");
  EXPECT_EQ(maskedQrText("LPA:1$smdp.example$bad id!"), "LPA:1$smdp.example$***");
  EXPECT_EQ(maskedQrText("https://example.com/"), "https://example.com/");
}

TEST(ActivationQr, PicksTheOneActivationCode) {
  QrActivationCode qr =
      activationCodeFromQrTexts({"https://operator.example/help", kCode}, "a.png");
  EXPECT_EQ(qr.code, parseActivationCode(kCode));
  EXPECT_EQ(qr.shown, "LPA:1$smdp.travel.example$TR************01");
}

TEST(ActivationQr, ExplainsEachWayThereIsNoSingleCode) {
  auto [none, noneMessage] = failure([] { activationCodeFromQrTexts({}, "a.png"); });
  EXPECT_EQ(none, Errc::invalidArgument);
  EXPECT_NE(noneMessage.find("no QR code found"), std::string::npos) << noneMessage;

  auto [url, urlMessage] =
      failure([] { activationCodeFromQrTexts({"https://operator.example/esim"}, "a.png"); });
  EXPECT_EQ(url, Errc::invalidArgument);
  EXPECT_NE(urlMessage.find("not an activation code"), std::string::npos) << urlMessage;
  EXPECT_NE(urlMessage.find("https://operator.example/esim"), std::string::npos) << urlMessage;

  auto [two, twoMessage] = failure([] { activationCodeFromQrTexts({kCode, kOther}, "a.png"); });
  EXPECT_EQ(two, Errc::invalidArgument);
  EXPECT_NE(twoMessage.find("2 activation codes"), std::string::npos) << twoMessage;
  EXPECT_NE(twoMessage.find("TR************01"), std::string::npos) << twoMessage;
  EXPECT_NE(twoMessage.find("K2**********F4"), std::string::npos) << twoMessage;
  EXPECT_EQ(twoMessage.find("TRAVEL-DEMO-0001"), std::string::npos) << twoMessage;

  auto [bad, badMessage] =
      failure([] { activationCodeFromQrTexts({"LPA:2$smdp.example$ID"}, "a.png"); });
  EXPECT_EQ(bad, Errc::invalidArgument);
  EXPECT_NE(badMessage.find("malformed"), std::string::npos) << badMessage;
}

} // namespace
} // namespace esim::qr
