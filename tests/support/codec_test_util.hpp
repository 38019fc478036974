// Helpers for the codec unit tests: hex of text fields, repeated bytes, and
// checking the error a decoder throws.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "esim/bytes.hpp"
#include "esim/error.hpp"

namespace esim::test {

// hexText returns the hex of ASCII |text| (for UTF8String values).
inline std::string hexText(std::string_view text) {
  return esim::toHex(
      esim::ByteView(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

// repeatHex returns |byteHex| |count| times (long fields in test vectors).
inline std::string repeatHex(const std::string &byteHex, std::size_t count) {
  std::string out;
  out.reserve(byteHex.size() * count);
  for (std::size_t i = 0; i < count; ++i)
    out += byteHex;
  return out;
}

// errorOf runs |f|, expects an esim::Error of |code| and returns its message;
// a test failure (and an empty string) if |f| throws nothing.
template <typename F> std::string errorOf(F &&f, esim::Errc code = esim::Errc::malformedResponse) {
  try {
    f();
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no esim::Error thrown";
  return {};
}

} // namespace esim::test
