// Printing SGP.22 result and error codes. SGP.22 declares every code as an
// INTEGER with named values, and such a list is not closed: a card built to
// a newer version may answer a number this library does not name. Every
// code enum (results.hpp, download_codes.hpp, ProfileInfoListError, the
// notification list errors) therefore holds any number 0..kMaxResultCode,
// and codeName(code) gives the SGP.22 name or nothing.
//
//   esim::describeCode(esim::EnableProfileResult::catBusy);          // "catBusy (5)"
//   esim::describeCode(static_cast<esim::EnableProfileResult>(9));   // "other(9)"
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "esim/error.hpp"

namespace esim {

// kMaxResultCode is the largest code number a card may send: the codec
// refuses a larger (or negative) INTEGER as a malformed answer naming the
// field, as no SGP.22 code comes near it.
inline constexpr std::int32_t kMaxResultCode = std::numeric_limits<std::int32_t>::max();

// codeNumber returns the number of |code| (an SGP.22 code enum). Never fails.
template <typename E> constexpr std::int64_t codeNumber(E code) noexcept {
  return static_cast<std::int64_t>(code);
}

// codeLabel returns the SGP.22 name of |code| ("catBusy"), or "other(N)" for
// a number SGP.22 does not name: the form JSON output and receipts keep.
// Never fails (std::bad_alloc aside).
template <typename E> std::string codeLabel(E code) {
  if (const auto name = codeName(code)) return std::string(*name);
  return "other(" + std::to_string(codeNumber(code)) + ")";
}

// describeCode returns |code| for a message: "catBusy (5)", or "other(9)"
// for a number SGP.22 does not name. Never fails (std::bad_alloc aside).
template <typename E> std::string describeCode(E code) {
  if (const auto name = codeName(code)) {
    return std::string(*name) + " (" + std::to_string(codeNumber(code)) + ")";
  }
  return "other(" + std::to_string(codeNumber(code)) + ")";
}

// withCode records |code| on |error| (Error::resultCode, Error::resultName)
// and returns |error|, so that JSON output can give the number and name of a
// card's refusal. Never fails (std::bad_alloc aside).
template <typename E> Error &withCode(Error &error, E code) {
  const auto name = codeName(code);
  return error.withResultCode(codeNumber(code), name ? std::string(*name) : std::string());
}

} // namespace esim
