// Known-answer tests of the BSP module (tools/bsp) against every vector of
// /work/shared/vectors/bsp-kat.json, copied into bsp_kat_vectors.hpp and
// bsp_kat_bpp_data.hpp (source: pySim's unit tests, see those headers).
#include <gtest/gtest.h>

#include <string>

#include <openssl/evp.h>

#include "bsp/bpp.hpp"
#include "bsp/ec_key.hpp"
#include "bsp/error.hpp"
#include "bsp/kdf.hpp"
#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "bsp_kat_bpp_data.hpp"
#include "bsp_kat_vectors.hpp"
#include "esim/base64.hpp"
#include "esim/bytes.hpp"

namespace {

using esim::Bytes;
using esim::ByteView;
using namespace bsp_kat;

Bytes hex(const char *text) {
  return esim::fromHex(text);
}
std::string lower(ByteView bytes) {
  std::string text = esim::toHex(bytes);
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}
bsp::SessionKeys keys(const char *mcv, const char *enc, const char *mac) {
  return bsp::SessionKeys{bsp::Key128(hex(mcv)), bsp::Key128(hex(enc)), bsp::Key128(hex(mac))};
}

// ---- ecka-mode51 (pySim TestECKA.test_mode51) ----

TEST(BspKat, EckaMode51PublicKeyOfSmdpOtsk) {
  const auto otsk = bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, hex(kEckaSmdpOtsk));
  EXPECT_EQ(lower(otsk.publicKey().point()), kEckaSmdpOtpk);
}

TEST(BspKat, EckaMode51SharedSecret) {
  const auto otsk = bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, hex(kEckaSmdpOtsk));
  const auto euiccOtpk = bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, hex(kEckaEuiccOtpk));
  EXPECT_EQ(euiccOtpk.point(), hex(kEckaEuiccOtpk));
  EXPECT_EQ(lower(bsp::ecka(otsk, euiccOtpk).view()), kEckaSharedSecret);
}

// ---- kdf-mode51 and kdf-pysim-2 (pySim BSP_Test_mode51.test_kdf, BSP_Test.test_kdf) ----

void expectKdf(const char *shs, const char *hostId, const char *eid, const char *mcv,
               const char *enc, const char *mac) {
  const bsp::SharedInfo info{bsp::kKeyTypeAes, bsp::kKeyLength128, hex(hostId), hex(eid)};
  const bsp::SessionKeys k = bsp::deriveSessionKeys(hex(shs), info);
  EXPECT_EQ(lower(k.initialMcv.view()), mcv);
  EXPECT_EQ(lower(k.sEnc.view()), enc);
  EXPECT_EQ(lower(k.sMac.view()), mac);
}

TEST(BspKat, KdfMode51) {
  expectKdf(kKdfMode51SharedSecret, kKdfMode51HostId, kKdfMode51Eid, kKdfMode51InitialMcv,
            kKdfMode51SEnc, kKdfMode51SMac);
}

TEST(BspKat, KdfPysim2) {
  expectKdf(kKdfPysim2SharedSecret, kKdfPysim2HostId, kKdfPysim2Eid, kKdfPysim2InitialMcv,
            kKdfPysim2SEnc, kKdfPysim2SMac);
}

TEST(BspKat, SharedInfoLayout) {
  const bsp::SharedInfo info{0x88, 0x10, hex(kKdfMode51HostId), hex(kKdfMode51Eid)};
  EXPECT_EQ(info.encode(), hex("88 10 08 8080808080808080 10 89049032123451234512345678901235"));
}

TEST(BspKat, EckaAndKdfChainMode51) {
  const auto otsk = bsp::EcPrivateKey::fromScalar(bsp::Curve::nistP256, hex(kEckaSmdpOtsk));
  const auto euiccOtpk = bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, hex(kEckaEuiccOtpk));
  const bsp::SharedInfo info{0x88, 0x10, hex(kKdfMode51HostId), hex(kKdfMode51Eid)};
  const bsp::SessionKeys k = bsp::deriveSessionKeys(otsk, euiccOtpk, info);
  EXPECT_EQ(lower(k.sEnc.view()), kKdfMode51SEnc);
  EXPECT_EQ(lower(k.sMac.view()), kKdfMode51SMac);
  EXPECT_EQ(lower(k.initialMcv.view()), kKdfMode51InitialMcv);
}

// ---- bsp-mode51 (pySim BSP_Test_mode51.test_ciphering) ----

struct Step {
  bsp::SegmentTag tag;
  const char *plaintext;
  const char *expected;
};

const Step kPhase1[] = {
    {bsp::SegmentTag::encrypted87, kStep1Plaintext, kStep1Expected},
    {bsp::SegmentTag::macOnly88, kStep2Plaintext, kStep2Expected},
    {bsp::SegmentTag::encrypted87, kStep3Plaintext, kStep3Expected},
};
const Step kPhase2[] = {
    {bsp::SegmentTag::encrypted86, kStep4Plaintext, kStep4Expected},
    {bsp::SegmentTag::encrypted86, kStep5Plaintext, kStep5Expected},
};

TEST(BspKat, WrapMode51Phase1) {
  bsp::Wrapper dp(keys(kPhase1InitialMcv, kPhase1Enc, kPhase1Mac));
  for (const Step &step : kPhase1) {
    SCOPED_TRACE(step.expected);
    EXPECT_EQ(lower(dp.wrap(step.tag, hex(step.plaintext))), step.expected);
  }
  EXPECT_EQ(dp.counter(), 4u);
}

TEST(BspKat, WrapMode51Phase2WithKeysFromReplaceSessionKeys) {
  // The phase 2 keys are those inside the step 3 plaintext (BF26).
  const bsp::SessionKeys ppk = bsp::decodeReplaceSessionKeys(hex(kStep3Plaintext));
  EXPECT_EQ(lower(ppk.initialMcv.view()), kPhase2InitialMcv);
  EXPECT_EQ(lower(ppk.sEnc.view()), kPhase2Enc);
  EXPECT_EQ(lower(ppk.sMac.view()), kPhase2Mac);
  EXPECT_EQ(lower(bsp::encodeReplaceSessionKeys(ppk).view()), kStep3Plaintext);
  bsp::Wrapper dp(ppk);
  for (const Step &step : kPhase2) {
    const Bytes out = dp.wrap(step.tag, hex(step.plaintext));
    EXPECT_EQ(out.size(), bsp::kMaxSegmentSize);
    EXPECT_EQ(lower(out), step.expected);
  }
}

TEST(BspKat, WrapSegmentsCutsAt1007Bytes) {
  Bytes upp = hex(kStep4Plaintext);
  const Bytes second = hex(kStep5Plaintext);
  upp.insert(upp.end(), second.begin(), second.end());
  bsp::Wrapper dp(keys(kPhase2InitialMcv, kPhase2Enc, kPhase2Mac));
  const auto segments = dp.wrapSegments(bsp::SegmentTag::encrypted86, upp);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(lower(segments[0]), kStep4Expected);
  EXPECT_EQ(lower(segments[1]), kStep5Expected);
}

TEST(BspKat, UnwrapMode51BothPhases) {
  bsp::Unwrapper card(keys(kPhase1InitialMcv, kPhase1Enc, kPhase1Mac));
  EXPECT_EQ(lower(card.unwrap(hex(kStep1Expected), bsp::SegmentTag::encrypted87)), kStep1Plaintext);
  EXPECT_EQ(lower(card.unwrap(hex(kStep2Expected), bsp::SegmentTag::macOnly88)), kStep2Plaintext);
  const Bytes rsk = card.unwrap(hex(kStep3Expected), bsp::SegmentTag::encrypted87);
  EXPECT_EQ(lower(rsk), kStep3Plaintext);
  bsp::Unwrapper ppk(bsp::decodeReplaceSessionKeys(rsk));
  EXPECT_EQ(lower(ppk.unwrap(hex(kStep4Expected))), kStep4Plaintext);
  EXPECT_EQ(lower(ppk.unwrap(hex(kStep5Expected))), kStep5Plaintext);
}

// ---- bpp-decode-pysim (pySim TestBSPdecode.test_decrypt_and_mac_verify) ----

// innerSegment undoes the sample's double wrapping: the value of each
// element is itself the complete BSP TLV (see the vector's notes).
ByteView innerSegment(ByteView outer) {
  const std::size_t header = outer[1] < 0x80 ? 2 : 2 + (outer[1] & 0x7F);
  return outer.subspan(header);
}

std::string sha256(ByteView data) {
  unsigned char digest[32];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return lower(ByteView(digest, size));
}

TEST(BspKat, BppDecodePysim) {
  const Bytes bpp = esim::base64Decode(kBppBase64);
  ASSERT_EQ(bpp.size(), 12928u);
  const bsp::BoundProfilePackage parts = bsp::parseBoundProfilePackage(bpp);
  const bsp::InitialiseSecureChannel &isc = parts.initialiseSecureChannel;
  EXPECT_EQ(isc.remoteOpId, 1);
  EXPECT_EQ(lower(isc.transactionId), kBppTransactionId);
  EXPECT_EQ(isc.keyType, 0x88);
  EXPECT_EQ(isc.keyLength, 0x10);
  EXPECT_EQ(lower(isc.hostId), kBppHostId);
  EXPECT_EQ(lower(isc.smdpOtpk), kBppSmdpOtpk);
  EXPECT_EQ(lower(isc.smdpSign), kBppSmdpSign);
  // The sample's otPK.DP is a brainpoolP256r1 point (the JSON does not say; it
  // is not on P-256), so its SM-DP+ certificate was a brainpool one.
  EXPECT_NO_THROW(bsp::EcPublicKey::fromPoint(bsp::Curve::brainpoolP256r1, isc.smdpOtpk));
  EXPECT_THROW(bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, isc.smdpOtpk), bsp::Error);
  ASSERT_EQ(parts.firstSequenceOf87.size(), 1u);
  ASSERT_EQ(parts.sequenceOf88.size(), 1u);
  EXPECT_FALSE(parts.secondSequenceOf87.has_value());
  ASSERT_EQ(parts.sequenceOf86.size(), kBppA3SegmentCount);

  bsp::Unwrapper session(keys(kBppSessionInitialMcv, kBppSessionEnc, kBppSessionMac));
  EXPECT_EQ(
      lower(session.unwrap(innerSegment(parts.firstSequenceOf87[0]), bsp::SegmentTag::encrypted87)),
      kBppConfigureIsdp);
  EXPECT_EQ(lower(session.unwrap(innerSegment(parts.sequenceOf88[0]), bsp::SegmentTag::macOnly88)),
            kBppStoreMetadata);

  bsp::Unwrapper ppk(keys(kBppPpkInitialMcv, kBppPpkEnc, kBppPpkMac));
  Bytes upp;
  for (ByteView segment : parts.sequenceOf86) {
    const Bytes plain = ppk.unwrap(innerSegment(segment), bsp::SegmentTag::encrypted86);
    upp.insert(upp.end(), plain.begin(), plain.end());
  }
  EXPECT_EQ(upp.size(), kBppUppLength);
  EXPECT_EQ(sha256(upp), kBppUppSha256);
  EXPECT_EQ(upp, esim::base64Decode(kBppUppBase64));
}

} // namespace
