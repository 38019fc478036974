// Base64 (RFC 4648, standard alphabet, with padding), as ES9+ uses it.
#pragma once

#include <string>
#include <string_view>

#include "esim/bytes.hpp"

namespace esim {

// base64Encode returns |bytes| in base64 with padding. Cannot fail.
std::string base64Encode(ByteView bytes);

// base64Decode parses base64 with padding; ASCII whitespace is skipped.
// Throws Error(Errc::invalidArgument) naming |what| on any other character,
// bad padding, non-zero bits before the padding (so that only the canonical
// encoding is accepted) or a length that is not a multiple of 4.
Bytes base64Decode(std::string_view text, std::string_view what = "base64 value");

} // namespace esim
