// BoundProfilePackage (BF36, SGP.22 §2.5.5 / ASN.1 RSPDefinitions) split into
// its parts with the codec's DER reader, without decrypting anything: the
// eUICC emulator feeds the 87/88/86 segments to a bsp::Unwrapper.
//
//   BF36 { BF23 InitialiseSecureChannelRequest,
//          A0 { 87.. }, A1 { 88.. }, [A2 { 87.. }], A3 { 86.. } }
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bsp/secret.hpp"

namespace bsp {

// InitialiseSecureChannel is the parsed BF23 (InitialiseSecureChannelRequest).
// Every view points into the parsed input.
struct InitialiseSecureChannel {
  ByteView encoded;            // the whole BF23 TLV, as received
  std::uint8_t remoteOpId = 0; // 82: 1 = installBoundProfilePackage
  ByteView transactionId;      // 80
  std::uint8_t keyType = 0;    // A6/80
  std::uint8_t keyLength = 0;  // A6/81
  ByteView hostId;             // A6/84
  ByteView smdpOtpk;           // 5F49: otPK.DP.ECKA, 04 || X || Y
  ByteView smdpSign;           // 5F37: r || s
};

// BoundProfilePackage is a parsed BF36. Each segment is one complete
// 87/88/86 TLV (tag, length, data, MAC) pointing into the parsed input.
struct BoundProfilePackage {
  InitialiseSecureChannel initialiseSecureChannel;
  std::vector<ByteView> firstSequenceOf87;                 // A0: ConfigureISDP
  std::vector<ByteView> sequenceOf88;                      // A1: StoreMetadata
  std::optional<std::vector<ByteView>> secondSequenceOf87; // A2: ReplaceSessionKeys
  std::vector<ByteView> sequenceOf86;                      // A3: profile elements
};

// parseInitialiseSecureChannel parses one BF23 TLV |der|. Throws
// Error(Reason::malformedBpp) naming the element if it is not exactly one
// BF23 holding 82 (1 byte), 80 (1..16), A6 { 80 (1), 81 (1), 84 (1..16) },
// 5F49 and 5F37, in that order.
InitialiseSecureChannel parseInitialiseSecureChannel(ByteView der);

// parseBoundProfilePackage parses one BF36 TLV |der|, which must outlive the
// result. Throws Error(Reason::malformedBpp) naming the element when a part
// is missing, out of order, not a valid DER TLV, or a sequence holds a
// segment with another tag (87 in A0/A2, 88 in A1, 86 in A3) or is empty.
BoundProfilePackage parseBoundProfilePackage(ByteView der);

} // namespace bsp
