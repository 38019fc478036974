// Byte buffers and hexadecimal text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace esim {

// Bytes is an owned byte buffer (APDUs, DER, identifiers).
using Bytes = std::vector<std::uint8_t>;
// ByteView is a non-owning view of bytes.
using ByteView = std::span<const std::uint8_t>;

// toHex returns |bytes| as upper-case hexadecimal without separators.
// Cannot fail.
std::string toHex(ByteView bytes);

// fromHex parses hexadecimal text (either case; spaces and colons are ignored).
// Throws Error(Errc::invalidArgument) naming |what| on an odd number of digits
// or a character that is not a hex digit.
Bytes fromHex(std::string_view hex, std::string_view what = "hex value");

} // namespace esim
