// SCP03t protection of BoundProfilePackage segments (SGP.22 §2.6.4.4-5,
// GlobalPlatform SCP03 as SGP.22 profiles it): the SM-DP+ wraps, the eUICC
// unwraps. Per segment, with counter n (1 for the first segment of a key
// set, consumed by every segment, MAC-only ones included):
//
//   ICV  = AES-ECB(S-ENC, n as 16-byte big-endian)
//   data = AES-128-CBC(S-ENC, ICV, plaintext || 80 00..)   (86, 87)
//        = plaintext                                       (88, MAC only)
//   L    = BER length of data + 8
//   full = AES-CMAC(S-MAC, MCV || tag || L || data)
//   TLV  = tag || L || data || full[0:8],  next MCV = full
//
//   bsp::Wrapper dp(sessionKeys);
//   Bytes seg = dp.wrap(bsp::SegmentTag::encrypted87, configureIsdp);
//   bsp::Unwrapper card(sessionKeys);
//   Bytes plain = card.unwrap(seg); // throws bsp::Error on any failure
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "bsp/kdf.hpp"
#include "bsp/secret.hpp"

namespace bsp {

// SegmentTag is the tag of one protected segment of a BoundProfilePackage.
enum class SegmentTag : std::uint8_t {
  encrypted86 = 0x86, // sequenceOf86 (A3): profile elements, encrypted + MAC
  encrypted87 = 0x87, // first/secondSequenceOf87 (A0, A2): ConfigureISDP, ReplaceSessionKeys
  macOnly88 = 0x88,   // sequenceOf88 (A1): StoreMetadata, MAC only
};

// kMaxSegmentSize is the largest segment SGP.22 allows, tag, length and MAC included.
inline constexpr std::size_t kMaxSegmentSize = 1020;
// kMaxEncryptedPlaintext is the most plaintext one 86/87 segment carries
// (1007 + 1 padding byte = 63 blocks; 86 82 03F8 ... = 1020 bytes).
inline constexpr std::size_t kMaxEncryptedPlaintext = 1007;
// kMaxMacOnlyPlaintext is the most plaintext one 88 segment carries.
inline constexpr std::size_t kMaxMacOnlyPlaintext = 1008;
// kMacSize is the size of the C-MAC at the end of each segment.
inline constexpr std::size_t kMacSize = 8;

// maxPlaintext returns kMaxEncryptedPlaintext or kMaxMacOnlyPlaintext for
// |tag|. Cannot fail.
std::size_t maxPlaintext(SegmentTag tag) noexcept;

// Wrapper protects segments for one key set (SM-DP+ side): it holds the
// keys, the counter and the MAC chaining value, all wiped when it dies.
class Wrapper {
public:
  // Wrapper starts a key set: MCV = keys.initialMcv, counter |firstCounter|
  // (SGP.22: 1; other values only to make broken senders for tests).
  // Cannot fail.
  explicit Wrapper(const SessionKeys &keys, std::uint32_t firstCounter = 1);

  // wrap returns the segment TLV for |plaintext| and advances counter and
  // MCV. Throws Error(Reason::segmentTooLarge) if |plaintext| exceeds
  // maxPlaintext(tag), Error(Reason::counterExhausted) when the counter
  // would wrap and Error(Reason::cryptoFailure) if OpenSSL fails; on failure
  // the state is unchanged.
  Bytes wrap(SegmentTag tag, ByteView plaintext);
  // wrapSegments cuts |data| at byte offsets into chunks of maxPlaintext(tag)
  // (the last one shorter; one empty segment for empty data) and wraps each.
  // Throws as wrap does.
  std::vector<Bytes> wrapSegments(SegmentTag tag, ByteView data);

  // counter returns the counter the next segment will use. Cannot fail.
  std::uint32_t counter() const noexcept { return counter_; }

private:
  Key128 enc_;
  Key128 mac_;
  Key128 mcv_;
  std::uint32_t counter_;
};

// Unwrapper verifies and decrypts segments for one key set (eUICC side).
// After any failure it refuses every further segment (Reason::sessionFailed):
// the eUICC ends the installation at the first bad segment.
class Unwrapper {
public:
  // Unwrapper starts a key set: MCV = keys.initialMcv, counter 1. Cannot fail.
  explicit Unwrapper(const SessionKeys &keys);

  // unwrap checks the one segment TLV |tlv| (86, 87 or 88; if |expected| is
  // set, that tag only) and returns its plaintext. Checks, in order: TLV
  // structure (truncatedSegment, malformedSegment, unexpectedTag), sizes
  // (badSegmentLength), the C-MAC in constant time (macMismatch, or
  // replayedSegment when it is the MAC of an accepted segment), then the
  // padding after decryption (badPadding). Throws Error with that reason,
  // Reason::sessionFailed after an earlier failure, Reason::counterExhausted
  // and Reason::cryptoFailure.
  Bytes unwrap(ByteView tlv, std::optional<SegmentTag> expected = std::nullopt);

  // counter returns the counter the next segment will use. Cannot fail.
  std::uint32_t counter() const noexcept { return counter_; }
  // failed reports whether an unwrap has failed. Cannot fail.
  bool failed() const noexcept { return failed_; }

private:
  Key128 enc_;
  Key128 mac_;
  Key128 mcv_;
  std::uint32_t counter_ = 1;
  bool failed_ = false;
  std::vector<std::array<std::uint8_t, kMacSize>> accepted_; // MACs of accepted segments
};

} // namespace bsp
