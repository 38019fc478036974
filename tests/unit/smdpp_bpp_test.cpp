// smdpp-emu's BPP builder: the package parses with bsp::parseBoundProfilePackage,
// the eUICC side derives the same keys from the BF23 one-time key and
// unwraps every segment back to ConfigureISDP, StoreMetadata and the profile
// package, each segment at most 1020 bytes; with and without the PPK part;
// smdpSign verifies over the SGP.22 input.
#include <gtest/gtest.h>

#include "bpp_builder.hpp"
#include "bsp/bpp.hpp"
#include "bsp/error.hpp"
#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "catalog.hpp"
#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "demo_profile.hpp"
#include "ecdsa_raw.hpp"

namespace smdpp {
namespace {

const esim::Bytes kEid = esim::fromHex("89049032123451234512345678901235");
const esim::Bytes kTid = esim::fromHex("0123456789ABCDEF8899AABBCCDDEEFF");

esim::Bytes concat(const std::vector<esim::Bytes> &parts) {
  esim::Bytes out;
  for (const esim::Bytes &p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

struct Bound {
  bsp::EcPrivateKey card = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  bsp::EcPrivateKey dppb = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  BppInput in;
  std::optional<BppOutput> out;
};

Bound bindProfile(std::optional<bsp::SessionKeys> ppk, esim::Bytes upp) {
  Bound b;
  b.in.transactionId = kTid;
  b.in.hostId = esim::Bytes{'s', 'm', 'd', 'p', 'p', '-', 'e', 'm', 'u'};
  b.in.eid = kEid;
  b.in.euiccOtpk = b.card.publicKey().point();
  b.in.configureIsdp = esim::fromHex("BF2400");
  esim::StoreMetadataRequest m;
  m.iccid = kDemoIccid;
  m.serviceProviderName = "esimctl Travel";
  m.profileName = std::string(64, 'n'); // SGP.22's maximum
  m.iconType = esim::IconType::png;
  m.icon = esim::Bytes(1024, 0x89); // the maximum icon: a StoreMetadata of two 88 segments
  b.in.storeMetadata = esim::codec::encodeStoreMetadataRequest(m);
  b.in.profilePackage = std::move(upp);
  b.in.ppk = std::move(ppk);
  const bsp::EcPrivateKey otsk = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  EVP_PKEY *signer = b.dppb.get();
  b.out.emplace(buildBoundProfilePackage(
      b.in, otsk, [signer](esim::ByteView data) { return signRaw(signer, data); }));
  return b;
}

// unwrapAll plays the eUICC: keys from its otSK and the BF23's smdpOtpk.
void checkAsCard(const Bound &b) {
  const bsp::BoundProfilePackage bpp = bsp::parseBoundProfilePackage(b.out->boundProfilePackage);
  const bsp::InitialiseSecureChannel &isc = bpp.initialiseSecureChannel;
  EXPECT_EQ(isc.remoteOpId, 1);
  EXPECT_EQ(esim::Bytes(isc.transactionId.begin(), isc.transactionId.end()), kTid);
  EXPECT_EQ(isc.keyType, 0x88);
  EXPECT_EQ(isc.keyLength, 0x10);
  EXPECT_EQ(esim::Bytes(isc.smdpOtpk.begin(), isc.smdpOtpk.end()), b.out->smdpOtpk);

  // smdpSign is over the BF23 value up to 5F37, then 5F49 L euiccOtpk.
  esim::codec::der::Reader outer(isc.encoded);
  esim::codec::der::Element bf23;
  ASSERT_EQ(outer.next(bf23), esim::codec::der::Status::ok);
  esim::Bytes signedData(bf23.value.begin(), bf23.value.end() - 3 - 64); // minus 5F37 40 r||s
  esim::codec::der::appendTlv(signedData, 0x5F49, b.in.euiccOtpk);
  esim::InitialiseSecureChannelRequest parsed;
  parsed.transactionId = kTid;
  parsed.controlRefTemplate.hostId = b.in.hostId;
  parsed.smdpOtpk = b.out->smdpOtpk;
  EXPECT_EQ(signedData, smdpSignInput(parsed, b.in.euiccOtpk));
  EXPECT_TRUE(verifyRaw(b.dppb.get(), isc.smdpSign, signedData));

  // The card's keys from ECKA(otSK.EUICC, otPK.DP) equal the SM-DP+'s.
  bsp::SharedInfo info;
  info.hostId = esim::Bytes(isc.hostId.begin(), isc.hostId.end());
  info.eid = kEid;
  const bsp::SessionKeys keys = bsp::deriveSessionKeys(
      b.card, bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, isc.smdpOtpk), info);
  bsp::Unwrapper card(keys);
  std::vector<esim::Bytes> isdp, metadata, upp;
  for (esim::ByteView seg : bpp.firstSequenceOf87) {
    EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
    isdp.push_back(card.unwrap(seg, bsp::SegmentTag::encrypted87));
  }
  for (esim::ByteView seg : bpp.sequenceOf88) {
    EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
    metadata.push_back(card.unwrap(seg, bsp::SegmentTag::macOnly88));
  }
  EXPECT_EQ(concat(isdp), b.in.configureIsdp);
  EXPECT_EQ(concat(metadata), b.in.storeMetadata);
  EXPECT_EQ(bpp.sequenceOf88.size(), 2u);
  std::optional<bsp::Unwrapper> ppkCard;
  if (b.in.ppk) {
    ASSERT_TRUE(bpp.secondSequenceOf87);
    ASSERT_EQ(bpp.secondSequenceOf87->size(), 1u);
    const esim::Bytes rsk =
        card.unwrap(bpp.secondSequenceOf87->front(), bsp::SegmentTag::encrypted87);
    const bsp::SessionKeys ppk = bsp::decodeReplaceSessionKeys(rsk);
    EXPECT_EQ(esim::Bytes(ppk.sEnc.view().begin(), ppk.sEnc.view().end()),
              esim::Bytes(b.in.ppk->sEnc.view().begin(), b.in.ppk->sEnc.view().end()));
    ppkCard.emplace(ppk);
  } else {
    EXPECT_FALSE(bpp.secondSequenceOf87);
  }
  bsp::Unwrapper &profileKeys = ppkCard ? *ppkCard : card;
  for (esim::ByteView seg : bpp.sequenceOf86) {
    EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
    upp.push_back(profileKeys.unwrap(seg, bsp::SegmentTag::encrypted86));
  }
  EXPECT_EQ(concat(upp), b.in.profilePackage);
  const std::size_t expected86 =
      (b.in.profilePackage.size() + bsp::kMaxEncryptedPlaintext - 1) / bsp::kMaxEncryptedPlaintext;
  EXPECT_EQ(bpp.sequenceOf86.size(), expected86);
  EXPECT_EQ(bpp.sequenceOf86.front().size(), bsp::kMaxSegmentSize); // full 1007-byte chunks
}

bsp::SessionKeys fixedPpk() {
  return {bsp::Key128(esim::Bytes(16, 0x22)), bsp::Key128(esim::Bytes(16, 0x00)),
          bsp::Key128(esim::Bytes(16, 0x11))};
}

TEST(BppBuilder, SessionKeysOnly) {
  checkAsCard(bindProfile(std::nullopt, demoProfilePackage(kDemoIccid)));
}

TEST(BppBuilder, WithReplaceSessionKeys) {
  checkAsCard(bindProfile(fixedPpk(), demoProfilePackage(kDemoIccid)));
}

TEST(BppBuilder, LargePackageAtSegmentBoundaries) {
  // 3 x 1007 bytes exactly, then one byte more: the cut is at byte offsets.
  for (std::size_t size : {std::size_t{3 * 1007}, std::size_t{3 * 1007 + 1}}) {
    esim::Bytes upp = demoProfilePackage(kDemoIccid);
    upp.resize(size, 0x5A);
    checkAsCard(bindProfile(std::nullopt, upp));
  }
}

TEST(BppBuilder, FreshOneTimeKeyPerBinding) {
  const Bound a = bindProfile(std::nullopt, demoProfilePackage(kDemoIccid));
  const Bound b = bindProfile(std::nullopt, demoProfilePackage(kDemoIccid));
  EXPECT_NE(a.out->smdpOtpk, b.out->smdpOtpk);
  EXPECT_NE(a.out->boundProfilePackage, b.out->boundProfilePackage);
}

TEST(BppBuilder, RejectsAnInvalidEuiccOtpk) {
  Bound b;
  b.in.transactionId = kTid;
  b.in.hostId = {1};
  b.in.eid = kEid;
  b.in.euiccOtpk = esim::Bytes(65, 0x04);
  const bsp::EcPrivateKey otsk = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  EXPECT_THROW(buildBoundProfilePackage(b.in, otsk, [](esim::ByteView) { return esim::Bytes(64); }),
               bsp::Error);
}

} // namespace
} // namespace smdpp
