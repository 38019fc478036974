// FuzzInput: reads the structured values a fuzz target needs (choices,
// length-prefixed records) from libFuzzer's flat byte string.
//
//   esim::fuzz::FuzzInput in(data, size);
//   const std::uint8_t mode = in.byte();      // 0 once the input is used up
//   while (auto apdu = in.record()) { ... }   // 2-byte big-endian length + bytes
//
// Reading past the end is not an error: a fuzz input is any byte string, so
// a short one simply ends the records. Nothing here throws but std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "esim/bytes.hpp"

namespace esim::fuzz {

// kMaxRecordLength bounds one record so that a 2-byte length mutated to a
// huge value does not swallow the rest of the input as one record: every
// APDU (C or R) fits in 261 bytes.
inline constexpr std::size_t kMaxRecordLength = 511;

// FuzzInput is a cursor over one fuzz input; it does not own the bytes.
class FuzzInput {
public:
  FuzzInput(const std::uint8_t *data, std::size_t size) noexcept : data_(data), size_(size) {}

  // byte returns the next byte, or 0 when the input is used up.
  std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : std::uint8_t{0}; }

  // record returns the next record: a 2-byte big-endian length (modulo
  // kMaxRecordLength + 1) and that many bytes, fewer if the input ends
  // first. Returns nullopt when not even the length is left.
  std::optional<Bytes> record() {
    if (size_ - pos_ < 2) {
      pos_ = size_;
      return std::nullopt;
    }
    const std::size_t length =
        ((std::size_t{data_[pos_]} << 8) | data_[pos_ + 1]) % (kMaxRecordLength + 1);
    pos_ += 2;
    const std::size_t take = length < size_ - pos_ ? length : size_ - pos_;
    Bytes out(data_ + pos_, data_ + pos_ + take);
    pos_ += take;
    return out;
  }

  // rest returns every byte not read yet.
  ByteView rest() const noexcept { return ByteView(data_ + pos_, size_ - pos_); }
  // empty reports whether the input is used up.
  bool empty() const noexcept { return pos_ >= size_; }

private:
  const std::uint8_t *data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

} // namespace esim::fuzz
