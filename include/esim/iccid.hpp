// ICCID text <-> the 10-byte swapped-BCD form used on the card (EF.ICCID,
// ETSI TS 102 221 clause 13.2; SGP.22 Iccid ::= [APPLICATION 26]).
#pragma once

#include <string>
#include <string_view>

#include "esim/bytes.hpp"

namespace esim {

// kIccidLength is the length of an encoded ICCID: always 10 bytes, padded
// with F, even for 18- or 19-digit ICCIDs.
inline constexpr std::size_t kIccidLength = 10;

// encodeIccid turns 18..20 decimal digits into 10 bytes, low nibble first
// ("8949..." -> 98 94 ...), padding with F. Throws
// Error(Errc::invalidArgument) if |digits| has a non-digit or a length
// outside 18..20.
Bytes encodeIccid(std::string_view digits);

// decodeIccid turns 10 swapped-BCD bytes into digits, dropping F padding.
// Throws Error(Errc::malformedResponse) if the length is not 10, a nibble is
// not a digit before the padding, or a digit follows padding.
std::string decodeIccid(ByteView bcd);

// isIccidText reports whether |text| looks like an ICCID a user typed
// (18..20 digits, an optional trailing F is accepted and ignored).
bool isIccidText(std::string_view text) noexcept;

} // namespace esim
