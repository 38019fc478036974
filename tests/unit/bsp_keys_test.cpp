// Tests of the BSP module's EC keys, ECKA and KDF inputs (tools/bsp) with
// fresh keys on both curves and with keys that must be refused.
#include <gtest/gtest.h>

#include "bsp/ec_key.hpp"
#include "bsp/error.hpp"
#include "bsp/kdf.hpp"
#include "esim/bytes.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;

// Throwaway test keys made for this file with the openssl command line.
constexpr const char *kP256PrivatePem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtTXhW66S0TEioAny
+eVpb98T4QvhuoELTVOxvVHx9FihRANCAARF7fdU7Jllm6jTibINX4Oz338oxfon
NJEt1ES7WBAfiNKrFqCiUWcV2D/v4gJML/nGIJN8YcHNwi8mX/HOvPJ0
-----END PRIVATE KEY-----
)";
constexpr const char *kP256PublicPem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERe33VOyZZZuo04myDV+Ds99/KMX6
JzSRLdREu1gQH4jSqxagolFnFdg/7+ICTC/5xiCTfGHBzcIvJl/xzrzydA==
-----END PUBLIC KEY-----
)";
constexpr const char *kBrainpoolPrivatePem = R"(-----BEGIN EC PRIVATE KEY-----
MHgCAQEEIFBWMtxLn4nWb+PaJDTxPtkPMtJvgJy7Op1BiLiGghdyoAsGCSskAwMC
CAEBB6FEA0IABHQSktuhTZaI9QQllRYi3Krq/hqysd9aE0lRLBE77hMlos2Z4DZ6
+On4h4sIrjhG+p27wzLqDQCkwC/ZthPiCE8=
-----END EC PRIVATE KEY-----
)";
constexpr const char *kP384PublicPem = R"(-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEKdAM4KyZFMbrHDY1vFNnqeuBsPxWdk9u
meAdFH7wkQcpl5NovkvM3f7IfUtTvcphlFAEtSURu/YdJY85nGgaVmmzF+rq7NL4
it8hsY0yAlzY6arHYP7SVjN0oyd1+eyV
-----END PUBLIC KEY-----
)";

// expectReason runs |f| and checks that it throws bsp::Error with |reason|.
template <typename F> void expectReason(F f, bsp::Reason reason) {
  try {
    f();
    ADD_FAILURE() << "no bsp::Error thrown, expected " << bsp::reasonId(reason);
  } catch (const bsp::Error &e) {
    EXPECT_EQ(e.reason(), reason) << e.what();
  }
}

bsp::SharedInfo testInfo() {
  return bsp::SharedInfo{bsp::kKeyTypeAes, bsp::kKeyLength128, fromHex("6d61686c7a656974"),
                         fromHex("89049032123451234512345678901235")};
}

class BspEcka : public ::testing::TestWithParam<bsp::Curve> {};

TEST_P(BspEcka, BothSidesDeriveTheSameKeysFromFreshKeys) {
  const auto card = bsp::EcPrivateKey::generate(GetParam());
  const auto dp = bsp::EcPrivateKey::generate(GetParam());
  EXPECT_EQ(card.curve(), GetParam());
  // Keys travel as 5F49 points: re-import them the way each side receives them.
  const auto cardOtpk = bsp::EcPublicKey::fromPoint(GetParam(), card.publicKey().point());
  const auto dpOtpk = bsp::EcPublicKey::fromPoint(GetParam(), dp.publicKey().point());
  const bsp::SecretBytes z1 = bsp::ecka(card, dpOtpk);
  const bsp::SecretBytes z2 = bsp::ecka(dp, cardOtpk);
  ASSERT_EQ(z1.size(), 32u);
  EXPECT_TRUE(std::equal(z1.view().begin(), z1.view().end(), z2.view().begin()));
  const bsp::SessionKeys k1 = bsp::deriveSessionKeys(card, dpOtpk, testInfo());
  const bsp::SessionKeys k2 = bsp::deriveSessionKeys(dp, cardOtpk, testInfo());
  EXPECT_EQ(esim::toHex(k1.sEnc.view()), esim::toHex(k2.sEnc.view()));
  EXPECT_EQ(esim::toHex(k1.sMac.view()), esim::toHex(k2.sMac.view()));
  EXPECT_EQ(esim::toHex(k1.initialMcv.view()), esim::toHex(k2.initialMcv.view()));
  EXPECT_NE(esim::toHex(k1.sEnc.view()), esim::toHex(k1.sMac.view()));
}

INSTANTIATE_TEST_SUITE_P(Curves, BspEcka,
                         ::testing::Values(bsp::Curve::nistP256, bsp::Curve::brainpoolP256r1));

TEST(BspKeys, LoadsPemKeysAndTakesTheCurveFromTheKey) {
  const auto priv = bsp::EcPrivateKey::fromPem(kP256PrivatePem);
  const auto pub = bsp::EcPublicKey::fromPem(kP256PublicPem);
  EXPECT_EQ(priv.curve(), bsp::Curve::nistP256);
  EXPECT_EQ(pub.curve(), bsp::Curve::nistP256);
  EXPECT_EQ(priv.publicKey().point(), pub.point());
  const auto brainpool = bsp::EcPrivateKey::fromPem(kBrainpoolPrivatePem);
  EXPECT_EQ(brainpool.curve(), bsp::Curve::brainpoolP256r1);
  EXPECT_EQ(bsp::ecka(brainpool, brainpool.publicKey()).size(), 32u);
}

TEST(BspKeys, RefusesOtherCurvesAndNonKeys) {
  expectReason([] { bsp::EcPublicKey::fromPem(kP384PublicPem); }, bsp::Reason::unsupportedCurve);
  expectReason([] { bsp::EcPublicKey::fromPem("not a key"); }, bsp::Reason::invalidKey);
  expectReason([] { bsp::EcPrivateKey::fromPem(kP256PublicPem); }, bsp::Reason::invalidKey);
}

TEST(BspKeys, RefusesCurveMismatch) {
  const auto p256 = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  const auto brainpool = bsp::EcPrivateKey::generate(bsp::Curve::brainpoolP256r1);
  expectReason([&] { bsp::ecka(p256, brainpool.publicKey()); }, bsp::Reason::curveMismatch);
}

TEST(BspKeys, RefusesPointsNotOnTheCurve) {
  Bytes point = bsp::EcPrivateKey::generate(bsp::Curve::nistP256).publicKey().point();
  point[64] ^= 0x01; // y changed: off the curve
  expectReason([&] { bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, point); },
               bsp::Reason::invalidKey);
  point[64] ^= 0x01;
  point[0] = 0x02; // compressed marker on a 65-byte string
  expectReason([&] { bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, point); },
               bsp::Reason::invalidKey);
  expectReason([] { bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, Bytes(33, 0x02)); },
               bsp::Reason::invalidKey);
}

TEST(BspKeys, RefusesScalarsOutOfRange) {
  expectReason([] { bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, Bytes(32, 0x00)); },
               bsp::Reason::invalidKey);
  // The order n of P-256 itself is not a valid scalar.
  const Bytes order = fromHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  expectReason([&] { bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, order); },
               bsp::Reason::invalidKey);
  expectReason([] { bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, Bytes(31, 0x01)); },
               bsp::Reason::invalidKey);
}

TEST(BspKdf, RefusesUnsupportedCrtAndBadSharedInfo) {
  bsp::SharedInfo info = testInfo();
  info.keyType = 0x80; // DES in GlobalPlatform: not for BSP
  expectReason([&] { info.encode(); }, bsp::Reason::unsupportedCrtValues);
  info = testInfo();
  info.keyLength = 0x20;
  expectReason([&] { info.encode(); }, bsp::Reason::unsupportedCrtValues);
  info = testInfo();
  info.hostId.clear();
  expectReason([&] { info.encode(); }, bsp::Reason::invalidSharedInfo);
  info.hostId = Bytes(17, 0x01);
  expectReason([&] { info.encode(); }, bsp::Reason::invalidSharedInfo);
  info = testInfo();
  info.eid.pop_back();
  expectReason([&] { info.encode(); }, bsp::Reason::invalidSharedInfo);
  EXPECT_EQ(bsp::installErrorReason(bsp::Reason::unsupportedCrtValues),
            bsp::InstallErrorReason::unsupportedCrtValues);
}

TEST(BspKdf, X963KdfLengthIsExact) {
  const Bytes z(32, 0x11);
  const bsp::SecretBytes a = bsp::x963KdfSha256(z, fromHex("00"), 48);
  const bsp::SecretBytes b = bsp::x963KdfSha256(z, fromHex("00"), 64);
  ASSERT_EQ(a.size(), 48u);
  ASSERT_EQ(b.size(), 64u);
  EXPECT_TRUE(std::equal(a.view().begin(), a.view().end(), b.view().begin()));
  EXPECT_EQ(bsp::x963KdfSha256(z, {}, 0).size(), 0u);
}

TEST(BspKeys, Key128NeedsSixteenBytes) {
  expectReason([] { bsp::Key128(Bytes(15, 0)); }, bsp::Reason::invalidKey);
  EXPECT_NO_THROW(bsp::Key128(Bytes(16, 0)));
}

} // namespace
