#include "codec/der_reader.hpp"

#include <array>

namespace esim::codec::der {

namespace {

// X.690 clause 8.1.2: identifier octets.
constexpr std::uint8_t kHighTagNumber = 0x1F;  // low 5 bits all set: number follows
constexpr std::uint8_t kMoreTagOctets = 0x80;  // bit 8 of a subsequent octet
constexpr std::uint8_t kConstructedBit = 0x20; // bit 6 of the first octet
constexpr std::size_t kMaxTagOctets = sizeof(TagValue);
constexpr unsigned kFirstHighTagNumber = 31; // smaller numbers use the one-octet form

// X.690 clause 8.1.3: length octets.
constexpr std::uint8_t kLongFormBit = 0x80;
constexpr std::uint8_t kIndefiniteLength = 0x80;
constexpr std::uint8_t kReservedLength = 0xFF;
constexpr std::size_t kMaxLengthOctets = 4; // no ES10 message comes near 4 GiB
constexpr std::size_t kShortFormLimit = 0x80;

// readLength reads the length octets at the start of |input|.
Status readLength(ByteView input, std::size_t &length, std::size_t &lengthOctets) noexcept {
  if (input.empty()) return Status::truncated;
  const std::uint8_t first = input[0];
  if ((first & kLongFormBit) == 0) {
    length = first;
    lengthOctets = 1;
    return Status::ok;
  }
  if (first == kIndefiniteLength) return Status::indefiniteLength;
  if (first == kReservedLength) return Status::badLength;
  const std::size_t count = first & 0x7F;
  if (count > kMaxLengthOctets) return Status::badLength;
  if (input.size() < 1 + count) return Status::truncated;
  // DER: the long form only for lengths of 128 and more, without leading zeros.
  if (input[1] == 0) return Status::badLength;
  std::size_t value = 0;
  for (std::size_t i = 0; i < count; ++i)
    value = (value << 8) | input[1 + i];
  if (value < kShortFormLimit) return Status::badLength;
  length = value;
  lengthOctets = 1 + count;
  return Status::ok;
}

} // namespace

const char *statusText(Status s) noexcept {
  switch (s) {
  case Status::ok: return "ok";
  case Status::end: return "no data";
  case Status::truncated: return "truncated";
  case Status::badTag: return "invalid tag";
  case Status::indefiniteLength: return "indefinite length (not DER)";
  case Status::badLength: return "invalid length";
  }
  return "invalid DER";
}

bool isConstructed(TagValue tag) noexcept {
  // The first identifier octet is the most significant non-zero byte.
  while (tag > 0xFF)
    tag >>= 8;
  return (tag & kConstructedBit) != 0;
}

std::string tagText(TagValue tag) {
  static constexpr std::array<char, 16> kDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                   '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  bool started = false;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>(tag >> shift);
    if (byte == 0 && !started && shift > 0) continue;
    started = true;
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

Status readTag(ByteView input, TagValue &tag, std::size_t &tagLength) noexcept {
  if (input.empty()) return Status::end;
  TagValue value = input[0];
  std::size_t used = 1;
  if ((input[0] & kHighTagNumber) == kHighTagNumber) {
    unsigned number = 0;
    for (;;) {
      if (used >= input.size()) return Status::truncated;
      if (used >= kMaxTagOctets) return Status::badTag;
      const std::uint8_t octet = input[used];
      // DER: no leading zero septets in the tag number.
      if (used == 1 && octet == kMoreTagOctets) return Status::badTag;
      value = (value << 8) | octet;
      number = (number << 7) | (octet & 0x7Fu);
      ++used;
      if ((octet & kMoreTagOctets) == 0) break;
    }
    if (number < kFirstHighTagNumber) return Status::badTag;
  }
  tag = value;
  tagLength = used;
  return Status::ok;
}

Status Reader::next(Element &out) noexcept {
  TagValue tag = 0;
  std::size_t tagLength = 0;
  const Status tagStatus = readTag(rest_, tag, tagLength);
  if (tagStatus != Status::ok) return tagStatus;
  std::size_t length = 0;
  std::size_t lengthOctets = 0;
  const Status lengthStatus = readLength(rest_.subspan(tagLength), length, lengthOctets);
  if (lengthStatus != Status::ok) return lengthStatus;
  const std::size_t header = tagLength + lengthOctets;
  if (rest_.size() - header < length) return Status::truncated;
  out.tag = tag;
  out.encoded = rest_.first(header + length);
  out.value = rest_.subspan(header, length);
  rest_ = rest_.subspan(header + length);
  return Status::ok;
}

void appendTag(Bytes &out, TagValue tag) {
  bool started = false;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>(tag >> shift);
    if (byte == 0 && !started && shift > 0) continue;
    started = true;
    out.push_back(byte);
  }
}

void appendLength(Bytes &out, std::size_t length) {
  if (length < kShortFormLimit) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::size_t octets = 0;
  for (std::size_t rest = length; rest != 0; rest >>= 8)
    ++octets;
  out.push_back(static_cast<std::uint8_t>(kLongFormBit | octets));
  for (std::size_t i = octets; i > 0; --i) {
    out.push_back(static_cast<std::uint8_t>(length >> (8 * (i - 1))));
  }
}

void appendTlv(Bytes &out, TagValue tag, ByteView value) {
  appendTag(out, tag);
  appendLength(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

} // namespace esim::codec::der
