// Round trips and failures of SCP03t wrap/unwrap and BPP parsing (tools/bsp):
// fresh keys through a whole download's key sets, then every way an
// Unwrapper must refuse a segment, each with its own Reason.
#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "bsp/bpp.hpp"
#include "bsp/ec_key.hpp"
#include "bsp/error.hpp"
#include "bsp/kdf.hpp"
#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "esim/bytes.hpp"

namespace {

using bsp::Reason;
using bsp::SegmentTag;
using esim::Bytes;
using esim::ByteView;
using esim::fromHex;

Bytes randomBytes(std::size_t size) {
  Bytes out(size);
  if (size != 0 && RAND_bytes(out.data(), static_cast<int>(size)) != 1) ADD_FAILURE() << "RAND";
  return out;
}

bsp::SessionKeys randomKeys() {
  return bsp::SessionKeys{bsp::Key128(randomBytes(16)), bsp::Key128(randomBytes(16)),
                          bsp::Key128(randomBytes(16))};
}

// Fixed keys (the mode51 session keys), so failures caused by wrong ICVs are
// deterministic.
bsp::SessionKeys fixedKeys() {
  return bsp::SessionKeys{bsp::Key128(fromHex("406d507b448a699e7a36a38494debbde")),
                          bsp::Key128(fromHex("472f5bfadd97f21d34f3ce9b51b92751")),
                          bsp::Key128(fromHex("9ec07f5b36a13e12a991d66e294e6242"))};
}

template <typename F> void expectReason(F f, Reason reason) {
  try {
    f();
    ADD_FAILURE() << "no bsp::Error thrown, expected " << bsp::reasonId(reason);
  } catch (const bsp::Error &e) {
    EXPECT_EQ(e.reason(), reason) << e.what();
  }
}

TEST(BspScp03t, WholeDownloadRoundTripWithFreshKeys) {
  const auto card = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  const auto dp = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
  const bsp::SharedInfo info{0x88, 0x10, fromHex("0102030405060708090a0b0c0d0e0f10"),
                             fromHex("89049032123451234512345678901235")};
  bsp::Wrapper dpSession(bsp::deriveSessionKeys(dp, card.publicKey(), info));
  bsp::Unwrapper cardSession(bsp::deriveSessionKeys(card, dp.publicKey(), info));

  const Bytes configureIsdp = fromHex("BF2400");
  const Bytes metadata = fromHex("BF25 0C 5A0A 89000123456789012341 9100");
  const bsp::SessionKeys ppk = randomKeys();
  const bsp::SecretBytes rsk = bsp::encodeReplaceSessionKeys(ppk);
  EXPECT_EQ(cardSession.unwrap(dpSession.wrap(SegmentTag::encrypted87, configureIsdp)),
            configureIsdp);
  EXPECT_EQ(cardSession.unwrap(dpSession.wrap(SegmentTag::macOnly88, metadata)), metadata);
  const Bytes rskPlain = cardSession.unwrap(dpSession.wrap(SegmentTag::encrypted87, rsk.view()));
  EXPECT_EQ(cardSession.counter(), 4u);

  // The 86 segments under the PPK set, counter and MAC chain restarted.
  bsp::Wrapper dpPpk(ppk);
  bsp::Unwrapper cardPpk(bsp::decodeReplaceSessionKeys(rskPlain));
  const Bytes upp = randomBytes(5000);
  const auto segments = dpPpk.wrapSegments(SegmentTag::encrypted86, upp);
  ASSERT_EQ(segments.size(), 5u); // 4 x 1007 + 972
  Bytes out;
  for (const Bytes &segment : segments) {
    EXPECT_LE(segment.size(), bsp::kMaxSegmentSize);
    const Bytes plain = cardPpk.unwrap(segment, SegmentTag::encrypted86);
    out.insert(out.end(), plain.begin(), plain.end());
  }
  EXPECT_EQ(out, upp);
  EXPECT_FALSE(cardPpk.failed());
}

TEST(BspScp03t, PlaintextSizesAroundBlockAndSegmentLimits) {
  bsp::Wrapper dp(fixedKeys());
  bsp::Unwrapper card(fixedKeys());
  for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 127u, 1006u, 1007u}) {
    const Bytes plain = randomBytes(size);
    const Bytes segment = dp.wrap(SegmentTag::encrypted86, plain);
    // Padding adds 1..16 bytes: 16 bytes grow to 32.
    EXPECT_EQ(segment.size() - (segment[1] < 0x80 ? 2 : 2 + (segment[1] & 0x7F)),
              (size / 16 + 1) * 16 + 8)
        << size;
    EXPECT_EQ(card.unwrap(segment), plain) << size;
  }
  EXPECT_EQ(dp.wrap(SegmentTag::encrypted86, randomBytes(1007)).size(), 1020u);
  EXPECT_EQ(dp.wrap(SegmentTag::macOnly88, randomBytes(1008)).size(), 1020u);
  const std::uint32_t counter = dp.counter();
  expectReason([&] { dp.wrap(SegmentTag::encrypted86, randomBytes(1008)); },
               Reason::segmentTooLarge);
  expectReason([&] { dp.wrap(SegmentTag::macOnly88, randomBytes(1009)); }, Reason::segmentTooLarge);
  EXPECT_EQ(dp.counter(), counter); // failed wraps leave the state alone
  EXPECT_EQ(dp.wrapSegments(SegmentTag::macOnly88, {}).size(), 1u);
}

// A segment pair to tamper with: one Wrapper, two 86 segments.
struct Pair {
  Bytes first;
  Bytes second;
};
Pair twoSegments(const Bytes &a = Bytes(40, 0x41), const Bytes &b = Bytes(40, 0x42)) {
  bsp::Wrapper dp(fixedKeys());
  return Pair{dp.wrap(SegmentTag::encrypted86, a), dp.wrap(SegmentTag::encrypted86, b)};
}

TEST(BspScp03tFailure, FlippedMacByteIsMacMismatchAndEndsTheSession) {
  Pair p = twoSegments();
  p.first.back() ^= 0x01;
  bsp::Unwrapper card(fixedKeys());
  expectReason([&] { card.unwrap(p.first); }, Reason::macMismatch);
  EXPECT_TRUE(card.failed());
  expectReason([&] { card.unwrap(p.second); }, Reason::sessionFailed);
  EXPECT_EQ(bsp::installErrorReason(Reason::macMismatch),
            bsp::InstallErrorReason::scp03tSecurityError);
}

TEST(BspScp03tFailure, FlippedCiphertextByteIsMacMismatch) {
  Pair p = twoSegments();
  p.first[5] ^= 0x80;
  bsp::Unwrapper card(fixedKeys());
  expectReason([&] { card.unwrap(p.first); }, Reason::macMismatch);
}

TEST(BspScp03tFailure, ReplayedSegmentIsReported) {
  const Pair p = twoSegments();
  bsp::Unwrapper card(fixedKeys());
  card.unwrap(p.first);
  expectReason([&] { card.unwrap(p.first); }, Reason::replayedSegment);
}

TEST(BspScp03tFailure, SegmentsOutOfOrderAreMacMismatch) {
  const Pair p = twoSegments();
  bsp::Unwrapper card(fixedKeys());
  expectReason([&] { card.unwrap(p.second); }, Reason::macMismatch);
}

TEST(BspScp03tFailure, WrongKeysAreMacMismatch) {
  const Pair p = twoSegments();
  bsp::Unwrapper card(randomKeys());
  expectReason([&] { card.unwrap(p.first); }, Reason::macMismatch);
}

TEST(BspScp03tFailure, WrongCounterOnOneBlockCommandIsBadPadding) {
  // The counter is not MACed: a sender on the wrong counter (here 2 for the
  // first segment) is caught when its ICV garbles the padding block.
  bsp::Wrapper dp(fixedKeys(), 2);
  bsp::Unwrapper card(fixedKeys());
  expectReason([&] { card.unwrap(dp.wrap(SegmentTag::encrypted87, fromHex("BF2400"))); },
               Reason::badPadding);
  EXPECT_EQ(bsp::installErrorReason(Reason::badPadding),
            bsp::InstallErrorReason::scp03tStructureError);
}

TEST(BspScp03tFailure, WrongCounterOnLongSegmentGarblesOnlyItsFirstBlock) {
  // A limit of SCP03t, not of this code: with CBC a wrong ICV changes only
  // the first plaintext block, so the BSP layer cannot see it; the profile
  // element parser above it has to.
  const Bytes plain = randomBytes(64);
  bsp::Wrapper dp(fixedKeys(), 2);
  bsp::Unwrapper card(fixedKeys());
  const Bytes out = card.unwrap(dp.wrap(SegmentTag::encrypted86, plain));
  ASSERT_EQ(out.size(), plain.size());
  EXPECT_NE(Bytes(out.begin(), out.begin() + 16), Bytes(plain.begin(), plain.begin() + 16));
  EXPECT_EQ(Bytes(out.begin() + 16, out.end()), Bytes(plain.begin() + 16, plain.end()));
}

// macedSegment builds an 86 segment around |padded| (already a multiple of
// 16, padding chosen by the test) with counter 1 and the initial MCV of
// fixedKeys(), independently of bsp::Wrapper, from EVP calls.
Bytes macedSegment(const Bytes &padded) {
  const bsp::SessionKeys k = fixedKeys();
  unsigned char counter[16] = {};
  counter[15] = 1;
  unsigned char icv[16];
  int n = 0;
  EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), nullptr, k.sEnc.view().data(), nullptr);
  EVP_CIPHER_CTX_set_padding(c, 0);
  EVP_EncryptUpdate(c, icv, &n, counter, 16);
  Bytes data(padded.size());
  EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), nullptr, k.sEnc.view().data(), icv);
  EVP_CIPHER_CTX_set_padding(c, 0);
  EVP_EncryptUpdate(c, data.data(), &n, padded.data(), static_cast<int>(padded.size()));
  EVP_CIPHER_CTX_free(c);
  Bytes out = {0x86, static_cast<std::uint8_t>(data.size() + 8)};
  EVP_MAC *mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  EVP_MAC_CTX *m = EVP_MAC_CTX_new(mac);
  char cipher[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                               OSSL_PARAM_construct_end()};
  EVP_MAC_init(m, k.sMac.view().data(), 16, params);
  EVP_MAC_update(m, k.initialMcv.view().data(), 16);
  EVP_MAC_update(m, out.data(), out.size());
  EVP_MAC_update(m, data.data(), data.size());
  unsigned char full[16];
  std::size_t fullSize = 0;
  EVP_MAC_final(m, full, &fullSize, sizeof full);
  EVP_MAC_CTX_free(m);
  EVP_MAC_free(mac);
  out.insert(out.end(), data.begin(), data.end());
  out.insert(out.end(), full, full + 8);
  return out;
}

TEST(BspScp03tFailure, BadPaddingUnderAValidMac) {
  Bytes good(32, 0x41);
  good[20] = 0x80;
  std::fill(good.begin() + 21, good.end(), 0x00);
  EXPECT_EQ(bsp::Unwrapper(fixedKeys()).unwrap(macedSegment(good)), Bytes(20, 0x41));

  Bytes noMarker(32, 0x41); // no 80 at all
  Bytes allZero(32, 0x00);  // padding without its 80
  Bytes tooLong(32, 0x00);  // 80 followed by 16 zeros: more than one block of padding
  tooLong[15] = 0x80;
  Bytes wrongMarker(32, 0x41);
  wrongMarker.back() = 0x01;
  for (const Bytes &padded : {noMarker, allZero, tooLong, wrongMarker}) {
    bsp::Unwrapper card(fixedKeys());
    expectReason([&] { card.unwrap(macedSegment(padded)); }, Reason::badPadding);
  }
}

TEST(BspScp03tFailure, TruncatedSegment) {
  Bytes segment = twoSegments(randomBytes(1007)).first; // 86 82 03F8 ...
  segment.pop_back();
  bsp::Unwrapper card(fixedKeys());
  expectReason([&] { card.unwrap(segment); }, Reason::truncatedSegment);
  expectReason([] { bsp::Unwrapper(fixedKeys()).unwrap(fromHex("86 82 03")); },
               Reason::truncatedSegment);
  expectReason([] { bsp::Unwrapper(fixedKeys()).unwrap({}); }, Reason::truncatedSegment);
}

TEST(BspScp03tFailure, MalformedTlvAndLengths) {
  Bytes trailing = twoSegments().first;
  trailing.push_back(0x00);
  expectReason([&] { bsp::Unwrapper(fixedKeys()).unwrap(trailing); }, Reason::malformedSegment);
  expectReason([] { bsp::Unwrapper(fixedKeys()).unwrap(fromHex("86 80 00 00")); },
               Reason::malformedSegment);
}

Bytes tlv(std::uint8_t tag, std::size_t size) {
  Bytes out = {tag, static_cast<std::uint8_t>(size)};
  out.resize(2 + size, 0x5A);
  return out;
}

TEST(BspScp03tFailure, BadSegmentLengths) {
  // 23 data bytes: 15 of ciphertext + MAC; 8: no ciphertext at all; 88 shorter than a MAC.
  for (const Bytes &segment : {tlv(0x87, 23), tlv(0x86, 8), tlv(0x88, 7)}) {
    bsp::Unwrapper card(fixedKeys());
    expectReason([&] { card.unwrap(segment); }, Reason::badSegmentLength);
  }
  EXPECT_NO_THROW(
      bsp::Unwrapper(fixedKeys())
          .unwrap(
              bsp::Wrapper(fixedKeys()).wrap(SegmentTag::macOnly88, {}))); // an empty 88: MAC only
}

TEST(BspScp03tFailure, UnexpectedTags) {
  expectReason([] { bsp::Unwrapper(fixedKeys()).unwrap(tlv(0x89, 24)); }, Reason::unexpectedTag);
  const Bytes segment = twoSegments().first; // an 86
  expectReason([&] { bsp::Unwrapper(fixedKeys()).unwrap(segment, SegmentTag::encrypted87); },
               Reason::unexpectedTag);
}

TEST(BspScp03tFailure, CounterExhausted) {
  bsp::Wrapper dp(fixedKeys(), 0xFFFFFFFFu);
  expectReason([&] { dp.wrap(SegmentTag::encrypted86, Bytes(3, 0)); }, Reason::counterExhausted);
}

TEST(BspReplaceSessionKeys, RefusesMalformedRequests) {
  const bsp::SecretBytes good = bsp::encodeReplaceSessionKeys(fixedKeys());
  Bytes bytes(good.view().begin(), good.view().end());
  EXPECT_NO_THROW(bsp::decodeReplaceSessionKeys(bytes));
  Bytes wrongTag = bytes;
  wrongTag[1] = 0x25;
  Bytes shortKey = fromHex("BF26 35 8010 000102030405060708090a0b0c0d0e0f 8110 "
                           "000102030405060708090a0b0c0d0e0f 820F 000102030405060708090a0b0c0d0e");
  Bytes trailing = bytes;
  trailing.push_back(0x00);
  for (const Bytes &der : {wrongTag, shortKey, trailing, Bytes{}}) {
    expectReason([&] { bsp::decodeReplaceSessionKeys(der); }, Reason::malformedCommand);
  }
}

// bppOf assembles a BF36 from the given parts, for the parser's failure tests.
Bytes bppOf(std::initializer_list<Bytes> parts) {
  Bytes inner;
  for (const Bytes &part : parts)
    inner.insert(inner.end(), part.begin(), part.end());
  Bytes out = fromHex("BF36");
  if (inner.size() >= 0x100) out.push_back(0x82);
  if (inner.size() >= 0x100) out.push_back(static_cast<std::uint8_t>(inner.size() >> 8));
  if (inner.size() >= 0x80 && inner.size() < 0x100) out.push_back(0x81);
  out.push_back(static_cast<std::uint8_t>(inner.size()));
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

Bytes wrapIn(std::uint8_t tag, const Bytes &value) {
  Bytes out = {tag, static_cast<std::uint8_t>(value.size())};
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes &part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

const Bytes kBf23 = fromHex("BF23 1B 820101 800107 A60B 800188 810110 8403010203 5F4900 "
                            "5F3702AAAA");

TEST(BspBpp, ParsesAllPartsAndOptionalA2) {
  const Bytes s87 = tlv(0x87, 24), s88 = tlv(0x88, 8), s86 = tlv(0x86, 24);
  const Bytes der = bppOf({kBf23, wrapIn(0xA0, s87), wrapIn(0xA1, s88), wrapIn(0xA2, s87),
                           wrapIn(0xA3, cat({s86, s86}))});
  const bsp::BoundProfilePackage bpp = bsp::parseBoundProfilePackage(der);
  EXPECT_EQ(bpp.initialiseSecureChannel.encoded.size(), kBf23.size());
  EXPECT_EQ(
      Bytes(bpp.initialiseSecureChannel.hostId.begin(), bpp.initialiseSecureChannel.hostId.end()),
      fromHex("010203"));
  EXPECT_EQ(bpp.initialiseSecureChannel.transactionId.size(), 1u);
  ASSERT_EQ(bpp.firstSequenceOf87.size(), 1u);
  EXPECT_EQ(bpp.firstSequenceOf87[0].size(), s87.size());
  ASSERT_TRUE(bpp.secondSequenceOf87.has_value());
  EXPECT_EQ(bpp.secondSequenceOf87->size(), 1u);
  EXPECT_EQ(bpp.sequenceOf86.size(), 2u);
  EXPECT_FALSE(bsp::parseBoundProfilePackage(
                   bppOf({kBf23, wrapIn(0xA0, s87), wrapIn(0xA1, s88), wrapIn(0xA3, s86)}))
                   .secondSequenceOf87.has_value());
}

TEST(BspBpp, RefusesMalformedPackages) {
  const Bytes s87 = tlv(0x87, 24), s88 = tlv(0x88, 8), s86 = tlv(0x86, 24);
  const Bytes a0 = wrapIn(0xA0, s87), a1 = wrapIn(0xA1, s88), a3 = wrapIn(0xA3, s86);
  ASSERT_NO_THROW(bsp::parseBoundProfilePackage(bppOf({kBf23, a0, a1, a3})));
  Bytes trailing = bppOf({kBf23, a0, a1, a3});
  trailing.push_back(0x00);
  Bytes badCrt = kBf23;
  badCrt[12] = 0x82; // A6/81 keyLen replaced by 82
  const Bytes cases[] = {
      bppOf({kBf23, a0, a3}),                     // A1 missing
      bppOf({kBf23, a0, a1, wrapIn(0xA3, s87)}),  // an 87 in A3
      bppOf({kBf23, a0, a1, wrapIn(0xA3, {})}),   // A3 empty
      bppOf({kBf23, a0, a1, a3, a3}),             // elements after A3
      bppOf({a0, a1, a3}),                        // BF23 missing
      bppOf({badCrt, a0, a1, a3}),                // CRT out of order
      trailing,                                   // bytes after BF36
      Bytes(trailing.begin(), trailing.end() - 3) // truncated
  };
  for (const Bytes &der : cases)
    expectReason([&] { bsp::parseBoundProfilePackage(der); }, Reason::malformedBpp);
}

} // namespace
