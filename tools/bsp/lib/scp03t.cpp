// SCP03t segment wrap (SM-DP+) and unwrap (eUICC) with counter ICVs and the
// C-MAC chain.
#include "bsp/scp03t.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include <openssl/crypto.h>

#include "bsp/error.hpp"
#include "codec/der_reader.hpp"
#include "crypto.hpp"

namespace bsp {

namespace {

namespace der = esim::codec::der;
using detail::Block;

constexpr std::uint8_t kPadStart = 0x80;

bool encrypted(SegmentTag tag) noexcept {
  return tag != SegmentTag::macOnly88;
}

std::string tagHex(std::uint32_t tag) {
  return der::tagText(tag);
}

// icv returns AES-ECB(S-ENC, counter as a 16-byte big-endian number).
Block icv(const Key128 &enc, std::uint32_t counter) {
  Block block{};
  for (int i = 0; i < 4; ++i)
    block[15 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
  return detail::aesEcbBlock(enc, block);
}

// header returns tag || BER length of |dataSize| + 8.
Bytes header(SegmentTag tag, std::size_t dataSize) {
  Bytes out;
  der::appendTag(out, static_cast<esim::codec::TagValue>(tag));
  der::appendLength(out, dataSize + kMacSize);
  return out;
}

void requireCounter(std::uint32_t counter) {
  if (counter == std::numeric_limits<std::uint32_t>::max())
    throw Error(Reason::counterExhausted, "BSP: the segment counter is exhausted");
}

} // namespace

std::size_t maxPlaintext(SegmentTag tag) noexcept {
  return encrypted(tag) ? kMaxEncryptedPlaintext : kMaxMacOnlyPlaintext;
}

// ---- Wrapper ----

Wrapper::Wrapper(const SessionKeys &keys, std::uint32_t firstCounter)
    : enc_(keys.sEnc), mac_(keys.sMac), mcv_(keys.initialMcv), counter_(firstCounter) {}

Bytes Wrapper::wrap(SegmentTag tag, ByteView plaintext) {
  if (plaintext.size() > maxPlaintext(tag))
    throw Error(Reason::segmentTooLarge,
                "BSP: " + std::to_string(plaintext.size()) + " bytes do not fit one " +
                    tagHex(static_cast<std::uint8_t>(tag)) + " segment (at most " +
                    std::to_string(maxPlaintext(tag)) + ")");
  requireCounter(counter_);
  Bytes data;
  if (encrypted(tag)) {
    // plaintext || 80 || 00.. up to a multiple of 16: always at least one byte.
    std::array<std::uint8_t, 16> padding{};
    padding[0] = kPadStart;
    const std::size_t padSize = 16 - plaintext.size() % 16;
    data = detail::aesCbcEncrypt(enc_, icv(enc_, counter_),
                                 {plaintext, ByteView(padding).first(padSize)});
  } else {
    data.assign(plaintext.begin(), plaintext.end());
  }
  Bytes out = header(tag, data.size());
  const Block full = detail::aesCmac(mac_, {mcv_.view(), out, data});
  out.insert(out.end(), data.begin(), data.end());
  out.insert(out.end(), full.begin(), full.begin() + kMacSize);
  if (!encrypted(tag)) wipe(data);
  mcv_ = Key128(full);
  ++counter_;
  return out;
}

std::vector<Bytes> Wrapper::wrapSegments(SegmentTag tag, ByteView data) {
  std::vector<Bytes> out;
  const std::size_t chunk = maxPlaintext(tag);
  std::size_t offset = 0;
  do {
    const std::size_t size = std::min(chunk, data.size() - offset);
    out.push_back(wrap(tag, data.subspan(offset, size)));
    offset += size;
  } while (offset < data.size());
  return out;
}

// ---- Unwrapper ----

Unwrapper::Unwrapper(const SessionKeys &keys)
    : enc_(keys.sEnc), mac_(keys.sMac), mcv_(keys.initialMcv) {}

Bytes Unwrapper::unwrap(ByteView tlv, std::optional<SegmentTag> expected) {
  const std::string where = "BSP: segment " + std::to_string(counter_);
  if (failed_)
    throw Error(Reason::sessionFailed,
                where + ": refused, an earlier segment of this key set failed");
  auto fail = [&](Reason reason, const std::string &what) -> Error {
    failed_ = true;
    return Error(reason, where + ": " + what);
  };

  der::Reader reader(tlv);
  der::Element element;
  const der::Status status = reader.next(element);
  if (status == der::Status::truncated || status == der::Status::end)
    throw fail(Reason::truncatedSegment, "the input ends inside the TLV");
  if (status != der::Status::ok) throw fail(Reason::malformedSegment, der::statusText(status));
  if (!reader.empty())
    throw fail(Reason::malformedSegment,
               std::to_string(reader.rest().size()) + " bytes after the segment's TLV");
  const auto tagValue = element.tag;
  if (tagValue != 0x86 && tagValue != 0x87 && tagValue != 0x88)
    throw fail(Reason::unexpectedTag, "tag " + tagHex(tagValue) + " is not 86, 87 or 88");
  const auto tag = static_cast<SegmentTag>(tagValue);
  if (expected && *expected != tag)
    throw fail(Reason::unexpectedTag, "tag " + tagHex(tagValue) + " where " +
                                          tagHex(static_cast<std::uint8_t>(*expected)) +
                                          " belongs");
  if (element.value.size() < kMacSize)
    throw fail(Reason::badSegmentLength, "shorter than its 8-byte MAC");
  const ByteView data = element.value.first(element.value.size() - kMacSize);
  const ByteView mac = element.value.last(kMacSize);
  if (encrypted(tag) && (data.empty() || data.size() % 16 != 0))
    throw fail(Reason::badSegmentLength,
               std::to_string(data.size()) + " bytes of ciphertext, not a non-zero multiple of 16");
  if (counter_ == std::numeric_limits<std::uint32_t>::max())
    throw fail(Reason::counterExhausted, "the segment counter is exhausted");

  // The MAC covers the header as received (tag and length octets).
  const ByteView received = element.encoded.first(element.encoded.size() - element.value.size());
  const Block full = detail::aesCmac(mac_, {mcv_.view(), received, data});
  if (CRYPTO_memcmp(full.data(), mac.data(), kMacSize) != 0) {
    const bool replay = std::any_of(accepted_.begin(), accepted_.end(), [&](const auto &seen) {
      return CRYPTO_memcmp(seen.data(), mac.data(), kMacSize) == 0;
    });
    if (replay)
      throw fail(Reason::replayedSegment, "the segment repeats one already accepted (same C-MAC)");
    throw fail(Reason::macMismatch, "C-MAC mismatch (tag " + tagHex(tagValue) + ")");
  }
  std::array<std::uint8_t, kMacSize> seen{};
  std::copy(mac.begin(), mac.end(), seen.begin());
  accepted_.push_back(seen);
  mcv_ = Key128(full);
  const std::uint32_t counter = counter_++;
  if (!encrypted(tag)) return Bytes(data.begin(), data.end());

  Bytes plain = detail::aesCbcDecrypt(enc_, icv(enc_, counter), data);
  // Strip 80 00..00: the last non-zero byte must be 80, within the last block.
  std::size_t end = plain.size();
  while (end > 0 && plain[end - 1] == 0x00 && plain.size() - end < 16)
    --end;
  if (end == 0 || plain[end - 1] != kPadStart || plain.size() - end >= 16) {
    wipe(plain);
    throw fail(Reason::badPadding, "the decrypted data does not end in 80 00..00");
  }
  wipe(std::span<std::uint8_t>(plain).subspan(end - 1));
  plain.resize(end - 1);
  return plain;
}

} // namespace bsp
