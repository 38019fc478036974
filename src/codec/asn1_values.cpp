#include "codec/asn1_values.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "esim/error.hpp"
#include "esim/iccid.hpp"

namespace esim::codec {

namespace {

constexpr unsigned kBitsPerByte = 8;
constexpr unsigned kMaxUnusedBits = 7;
constexpr unsigned kLastNotificationEventBit = 3; // notificationDelete

// X.690 clause 8.19: subidentifiers in base 128, bit 8 set on all but the last octet.
constexpr std::uint8_t kOidMoreOctets = 0x80;
constexpr std::uint8_t kOidSeptetMask = 0x7F;
constexpr unsigned kOidArcsPerFirstValue = 40; // first subidentifier = 40 * arc1 + arc2
constexpr unsigned kOidMaxFirstArc = 2;
constexpr std::uint64_t kSeptetOverflow = std::uint64_t{1} << 57; // one more septet overflows

std::string lengthText(std::size_t min, std::size_t max) {
  if (min == max) return "expected " + std::to_string(min);
  if (min == 0) return "at most " + std::to_string(max);
  return "expected " + std::to_string(min) + ".." + std::to_string(max);
}

// sizeAsInt converts a buffer size to asn1c's int sizes.
int sizeAsInt(std::size_t size) {
  if (size > static_cast<std::size_t>(INT_MAX)) throw std::bad_alloc();
  return static_cast<int>(size);
}

// setMinimalBits writes |bitCount| bits taken from |bit| into |out|, trimmed
// of trailing zero bits.
template <typename BitFn> void setMinimalBits(BIT_STRING_t &out, unsigned bitCount, BitFn bit) {
  unsigned used = 0; // index of the last set bit + 1
  for (unsigned n = 0; n < bitCount; ++n) {
    if (bit(n)) used = n + 1;
  }
  const unsigned bytes = (used + kBitsPerByte - 1) / kBitsPerByte;
  Bytes packed(bytes, 0);
  for (unsigned n = 0; n < used; ++n) {
    if (bit(n)) packed[n / kBitsPerByte] |= static_cast<std::uint8_t>(0x80u >> (n % kBitsPerByte));
  }
  std::free(out.buf);
  out.buf = nullptr;
  out.size = 0;
  out.bits_unused = 0;
  if (bytes == 0) return; // 03 01 00
  out.buf = static_cast<std::uint8_t *>(std::malloc(bytes));
  if (out.buf == nullptr) throw std::bad_alloc();
  std::memcpy(out.buf, packed.data(), bytes);
  out.size = static_cast<int>(bytes);
  out.bits_unused = static_cast<int>(bytes * kBitsPerByte - used);
}

unsigned bitLength(const BIT_STRING_t &value) noexcept {
  if (value.buf == nullptr || value.size <= 0) return 0;
  const int unused = value.bits_unused >= 0 && value.bits_unused <= 7 ? value.bits_unused : 0;
  return static_cast<unsigned>(value.size) * kBitsPerByte - static_cast<unsigned>(unused);
}

} // namespace

// ---- OCTET STRING ----

std::string toText(const OCTET_STRING_t &value) {
  if (value.buf == nullptr || value.size <= 0) return {};
  return std::string(reinterpret_cast<const char *>(value.buf),
                     static_cast<std::size_t>(value.size));
}

void setOctets(OCTET_STRING_t &out, ByteView value) {
  static const char kEmpty[1] = {0};
  const char *data = value.empty() ? kEmpty : reinterpret_cast<const char *>(value.data());
  if (OCTET_STRING_fromBuf(&out, data, sizeAsInt(value.size())) != 0) throw std::bad_alloc();
}

void setText(OCTET_STRING_t &out, std::string_view value) {
  setOctets(out, ByteView(reinterpret_cast<const std::uint8_t *>(value.data()), value.size()));
}

void setOptionalOctets(OCTET_STRING_t *&member, ByteView value) {
  member = callocOrThrow<OCTET_STRING_t>();
  setOctets(*member, value);
}

void setOptionalText(OCTET_STRING_t *&member, std::string_view value) {
  member = callocOrThrow<OCTET_STRING_t>();
  setText(*member, value);
}

void requireLength(const Ctx &ctx, const char *field, std::size_t size, std::size_t min,
                   std::size_t max) {
  if (size < min || size > max) {
    ctx.malformed(std::string(field) + " is " + std::to_string(size) + " bytes, " +
                  lengthText(min, max));
  }
}

void checkArgLength(const Ctx &ctx, const char *field, std::size_t size, std::size_t min,
                    std::size_t max) {
  if (size < min || size > max) {
    ctx.invalid(std::string(field) + " is " + std::to_string(size) + " bytes, " +
                lengthText(min, max));
  }
}

// ---- ICCID ----

std::string toIccid(const OCTET_STRING_t &value, const Ctx &ctx) {
  const Bytes bcd = toBytes(value);
  requireLength(ctx, "iccid", bcd.size(), kIccidLength, kIccidLength);
  try {
    return decodeIccid(bcd);
  } catch (const Error &e) {
    ctx.malformed(std::string("iccid: ") + e.what());
  }
}

void setIccid(OCTET_STRING_t &out, const std::string &digits, const Ctx &ctx) {
  Bytes bcd;
  try {
    bcd = encodeIccid(digits);
  } catch (const Error &e) {
    ctx.invalid(std::string("iccid: ") + e.what());
  }
  setOctets(out, bcd);
}

// ---- BIT STRING ----

BitString toBitString(const BIT_STRING_t &value, const Ctx &ctx, const char *field) {
  if (value.bits_unused < 0 || value.bits_unused > static_cast<int>(kMaxUnusedBits) ||
      (value.size <= 0 && value.bits_unused != 0)) {
    ctx.malformed(std::string(field) + ": invalid number of unused bits " +
                  std::to_string(value.bits_unused));
  }
  // The value is the set of bits, kept in the DER form of a named bit list
  // (X.690 11.2.2): unused bits cleared, trailing zero bits dropped. A card
  // that sends 03 03 00 80 00 or sets unused bits then gives the value the
  // minimal encoding gives, and re-encoding (setBitString) changes nothing.
  // Found by fuzz_es10_euicc_info2.
  const unsigned length = bitLength(value);
  unsigned used = 0; // index of the last set bit + 1
  for (unsigned n = 0; n < length; ++n) {
    if (testBit(value, n)) used = n + 1;
  }
  BitString out;
  out.bytes.assign((used + kBitsPerByte - 1) / kBitsPerByte, 0);
  for (unsigned n = 0; n < used; ++n) {
    if (testBit(value, n)) {
      out.bytes[n / kBitsPerByte] |= static_cast<std::uint8_t>(0x80u >> (n % kBitsPerByte));
    }
  }
  out.unusedBits = static_cast<std::uint8_t>(out.bytes.size() * kBitsPerByte - used);
  return out;
}

bool testBit(const BIT_STRING_t &value, unsigned n) noexcept {
  if (n >= bitLength(value)) return false;
  return (value.buf[n / kBitsPerByte] & (0x80u >> (n % kBitsPerByte))) != 0;
}

void setBitString(BIT_STRING_t &out, const BitString &bits) {
  const unsigned unused = bits.unusedBits <= kMaxUnusedBits ? bits.unusedBits : 0;
  const std::size_t total = bits.bytes.size() * kBitsPerByte;
  const unsigned count = total >= unused ? static_cast<unsigned>(total - unused) : 0;
  setMinimalBits(out, count, [&bits](unsigned n) { return bits.test(n); });
}

void setNamedBits(BIT_STRING_t &out, std::uint32_t mask) {
  setMinimalBits(out, 32, [mask](unsigned n) { return ((mask >> n) & 1u) != 0; });
}

NotificationEvent toNotificationEvent(const BIT_STRING_t &value, const Ctx &ctx,
                                      const char *field) {
  toBitString(value, ctx, field); // checks the unused-bit count
  const unsigned length = bitLength(value);
  unsigned count = 0;
  unsigned found = 0;
  for (unsigned n = 0; n < length; ++n) {
    if (testBit(value, n)) {
      ++count;
      found = n;
    }
  }
  if (count != 1) {
    ctx.malformed(std::string(field) + " has " + std::to_string(count) +
                  " bits set, expected exactly one");
  }
  if (found > kLastNotificationEventBit) {
    ctx.malformed(std::string(field) + ": unknown event bit " + std::to_string(found));
  }
  return static_cast<NotificationEvent>(found);
}

void setNotificationEvent(BIT_STRING_t &out, NotificationEvent event, const Ctx &ctx) {
  const auto bit = static_cast<unsigned>(event);
  if (bit > kLastNotificationEventBit) {
    ctx.invalid("unknown NotificationEvent " + std::to_string(bit));
  }
  setNamedBits(out, 1u << bit);
}

PprIds toPprIds(const BIT_STRING_t &value, const Ctx &ctx, const char *field) {
  toBitString(value, ctx, field);
  PprIds out;
  out.pprUpdateControl = testBit(value, 0);
  out.ppr1 = testBit(value, 1);
  out.ppr2 = testBit(value, 2);
  return out;
}

void setPprIds(BIT_STRING_t &out, const PprIds &ppr) {
  std::uint32_t mask = 0;
  if (ppr.pprUpdateControl) mask |= 1u << 0;
  if (ppr.ppr1) mask |= 1u << 1;
  if (ppr.ppr2) mask |= 1u << 2;
  setNamedBits(out, mask);
}

// ---- OBJECT IDENTIFIER ----

std::string oidToText(ByteView contents, const Ctx &ctx, const char *field) {
  if (contents.empty()) ctx.malformed(std::string(field) + " is empty");
  std::vector<std::uint64_t> subids;
  std::uint64_t current = 0;
  bool inArc = false;
  for (std::uint8_t octet : contents) {
    if (!inArc && octet == kOidMoreOctets) {
      ctx.malformed(std::string(field) + " has an arc with a leading zero octet");
    }
    if (current >= kSeptetOverflow) ctx.malformed(std::string(field) + " has an arc over 64 bits");
    current = (current << 7) | (octet & kOidSeptetMask);
    inArc = (octet & kOidMoreOctets) != 0;
    if (!inArc) {
      subids.push_back(current);
      current = 0;
    }
  }
  if (inArc) ctx.malformed(std::string(field) + " ends inside an arc");
  // The first subidentifier packs the first two arcs (X.690 clause 8.19.4).
  std::uint64_t first = subids[0];
  std::uint64_t arc1 = first < kOidArcsPerFirstValue       ? 0
                       : first < 2 * kOidArcsPerFirstValue ? 1
                                                           : kOidMaxFirstArc;
  std::string text =
      std::to_string(arc1) + "." + std::to_string(first - arc1 * kOidArcsPerFirstValue);
  for (std::size_t i = 1; i < subids.size(); ++i) {
    text += '.';
    text += std::to_string(subids[i]);
  }
  return text;
}

Bytes oidFromText(std::string_view text, const Ctx &ctx, const char *field) {
  std::vector<std::uint64_t> arcs;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t dot = std::min(text.find('.', pos), text.size());
    const std::string_view part = text.substr(pos, dot - pos);
    std::uint64_t arc = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), arc);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size()) {
      ctx.invalid(std::string(field) + " '" + std::string(text) + "' is not a dotted OID");
    }
    arcs.push_back(arc);
    pos = dot + 1;
  }
  if (arcs.size() < 2 || arcs[0] > kOidMaxFirstArc ||
      (arcs[0] < kOidMaxFirstArc && arcs[1] >= kOidArcsPerFirstValue) ||
      arcs[1] > UINT64_MAX - kOidMaxFirstArc * kOidArcsPerFirstValue) {
    ctx.invalid(std::string(field) + " '" + std::string(text) + "' is not a valid OID");
  }
  std::vector<std::uint64_t> subids{arcs[0] * kOidArcsPerFirstValue + arcs[1]};
  subids.insert(subids.end(), arcs.begin() + 2, arcs.end());
  Bytes out;
  for (std::uint64_t subid : subids) {
    std::uint8_t septets[10];
    std::size_t count = 0;
    do {
      septets[count++] = static_cast<std::uint8_t>(subid & kOidSeptetMask);
      subid >>= 7;
    } while (subid != 0);
    for (std::size_t i = count; i > 0; --i) {
      out.push_back(static_cast<std::uint8_t>(septets[i - 1] | (i > 1 ? kOidMoreOctets : 0)));
    }
  }
  return out;
}

void setOid(OBJECT_IDENTIFIER_t &out, ByteView contents) {
  std::free(out.buf);
  out.buf = nullptr;
  out.size = 0;
  auto *buffer = static_cast<std::uint8_t *>(std::malloc(contents.empty() ? 1 : contents.size()));
  if (buffer == nullptr) throw std::bad_alloc();
  if (!contents.empty()) std::memcpy(buffer, contents.data(), contents.size());
  out.buf = buffer;
  out.size = sizeAsInt(contents.size());
}

} // namespace esim::codec
