// ReplaceSessionKeysRequest (BF26, SGP.22 ASN.1): the plaintext of the 87
// segment in secondSequenceOf87 (A2) that hands the eUICC the PPK set
// protecting the 86 segments that follow.
//   BF26 L { 80 10 initialMacChainingValue, 81 10 ppkEnc, 82 10 ppkCmac }
#pragma once

#include "bsp/kdf.hpp"
#include "bsp/secret.hpp"

namespace bsp {

// encodeReplaceSessionKeys returns the DER of a ReplaceSessionKeysRequest
// carrying |ppk| (initialMcv, sEnc = ppkEnc, sMac = ppkCmac). Throws
// std::bad_alloc only.
SecretBytes encodeReplaceSessionKeys(const SessionKeys &ppk);

// decodeReplaceSessionKeys reads the PPK set out of the DER
// ReplaceSessionKeysRequest |der|. Throws Error(Reason::malformedCommand) if
// it is not exactly one BF26 holding 80, 81, 82 of 16 bytes each, in order.
SessionKeys decodeReplaceSessionKeys(ByteView der);

} // namespace bsp
