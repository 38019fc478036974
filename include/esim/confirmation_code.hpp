// Confirmation code (SGP.22 3.1.3.1 and 5.7.5): what the LPA sends to the
// eUICC in PrepareDownload when the SM-DP+ asks for one (ccRequiredFlag in
// smdpSigned2). The code itself never leaves the device: only
// hashCc = SHA-256(SHA-256(code) || transactionId) does, so that it is bound
// to this download session.
//
//   esim::SecretString code = askWithoutEcho("Confirmation code: ");
//   esim::Bytes hashCc =
//       esim::hashConfirmationCode(code.view(), auth.transactionIdBinary);
//   code.clear();
#pragma once

#include <cstddef>
#include <string_view>

#include "esim/bytes.hpp"

namespace esim {

// kHashCcLength is the length of hashCc (a SHA-256 value) in bytes.
inline constexpr std::size_t kHashCcLength = 32;

// hashConfirmationCode returns hashCc = SHA-256(SHA-256(code) ||
// transactionId): |code| as its bytes (the text as typed, UTF-8, nothing
// trimmed or normalised) and |transactionId| in its binary form, as tag 80
// of smdpSigned2 carries it (not the hex text of the ES9+ JSON). The
// intermediate hash is wiped. Throws Error(Errc::invalidArgument) for an
// empty code or a transactionId that is not 1..16 bytes, Error(Errc::internal)
// if OpenSSL cannot compute SHA-256.
Bytes hashConfirmationCode(std::string_view code, ByteView transactionId);

} // namespace esim
