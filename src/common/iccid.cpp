#include "esim/iccid.hpp"

#include "esim/error.hpp"

namespace esim {

namespace {
constexpr std::uint8_t kPadNibble = 0x0F;
constexpr std::size_t kMinDigits = 18;
constexpr std::size_t kMaxDigits = 20;
} // namespace

Bytes encodeIccid(std::string_view digits) {
  if (!digits.empty() && (digits.back() == 'F' || digits.back() == 'f') &&
      digits.size() == kMaxDigits) {
    digits.remove_suffix(1);
  }
  if (digits.size() < kMinDigits || digits.size() > kMaxDigits) {
    throw Error(Errc::invalidArgument,
                "ICCID '" + std::string(digits) + "' has " + std::to_string(digits.size()) +
                    " digits; an ICCID has 18 to 20",
                "copy the ICCID from `esimctl profile list`");
  }
  Bytes out(kIccidLength, 0xFF);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    char c = digits[i];
    if (c < '0' || c > '9') {
      throw Error(Errc::invalidArgument, "ICCID '" + std::string(digits) + "' contains '" +
                                             std::string(1, c) + "'; only digits are allowed");
    }
    auto nibble = static_cast<std::uint8_t>(c - '0');
    std::uint8_t &byte = out[i / 2];
    // EF.ICCID stores the first digit of each pair in the low nibble.
    if (i % 2 == 0) {
      byte = static_cast<std::uint8_t>((byte & 0xF0) | nibble);
    } else {
      byte = static_cast<std::uint8_t>((byte & 0x0F) | (nibble << 4));
    }
  }
  return out;
}

std::string decodeIccid(ByteView bcd) {
  if (bcd.size() != kIccidLength) {
    throw Error(Errc::malformedResponse, "ICCID is " + std::to_string(bcd.size()) +
                                             " bytes, expected " + std::to_string(kIccidLength));
  }
  std::string out;
  bool padding = false;
  for (std::uint8_t byte : bcd) {
    for (std::uint8_t nibble :
         {static_cast<std::uint8_t>(byte & 0x0F), static_cast<std::uint8_t>(byte >> 4)}) {
      if (nibble == kPadNibble) {
        padding = true;
        continue;
      }
      if (nibble > 9 || padding) {
        throw Error(Errc::malformedResponse, "ICCID " + toHex(bcd) + " is not valid BCD");
      }
      out.push_back(static_cast<char>('0' + nibble));
    }
  }
  if (out.size() < kMinDigits - 1) {
    // Tolerate short test ICCIDs on the wire, but never an empty one.
    if (out.empty()) throw Error(Errc::malformedResponse, "ICCID " + toHex(bcd) + " has no digits");
  }
  return out;
}

bool isIccidText(std::string_view text) noexcept {
  if (!text.empty() && (text.back() == 'F' || text.back() == 'f')) text.remove_suffix(1);
  if (text.size() < kMinDigits || text.size() > kMaxDigits) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

} // namespace esim
