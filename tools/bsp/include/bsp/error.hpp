// bsp::Error: the one exception of the BSP module, with a Reason per failure
// and its mapping to the errorReason of an SGP.22 ProfileInstallationResult.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bsp {

// Reason says why a BSP operation failed. Each value has a stable
// identifier (reasonId) for logs and tests.
enum class Reason {
  invalidKey,           // "invalid-key": key bytes of the wrong size, a scalar out of range,
                        // a point not on the curve, or PEM that holds no EC key
  unsupportedCurve,     // "unsupported-curve": an EC key on a curve other than NIST P-256
                        // or brainpoolP256r1
  curveMismatch,        // "curve-mismatch": the two keys of an ECKA are on different curves
  unsupportedCrtValues, // "unsupported-crt-values": keyType is not 88 (AES) or keyLength not 16
  invalidSharedInfo,    // "invalid-shared-info": hostId not 1..16 bytes, or EID not 16 bytes
  truncatedSegment,     // "truncated-segment": the input ends inside the segment's TLV
  malformedSegment,     // "malformed-segment": not one DER TLV (bad tag or length form,
                        // bytes after the element)
  unexpectedTag,        // "unexpected-tag": not 86/87/88, or not the tag the caller expected
  badSegmentLength,     // "bad-segment-length": shorter than the 8-byte MAC, or encrypted
                        // data that is not a non-zero multiple of 16 bytes
  macMismatch,          // "mac-mismatch": the C-MAC does not verify (altered data, wrong
                        // keys, wrong MAC chaining value, segment out of order)
  replayedSegment,      // "replayed-segment": the C-MAC is that of a segment already accepted
  badPadding,           // "bad-padding": decrypted data does not end in 80 00..00 within
                        // its last block (e.g. the sender used another counter or S-ENC)
  counterExhausted,     // "counter-exhausted": the 32-bit segment counter would wrap
  segmentTooLarge,      // "segment-too-large": wrap input longer than one SGP.22 segment
  sessionFailed,        // "session-failed": an earlier unwrap failed; the session is over
  malformedCommand,     // "malformed-command": a BSP command's plaintext (BF26) is not valid
  malformedBpp,         // "malformed-bpp": a BoundProfilePackage (BF36) is not structured
                        // as SGP.22 defines it
  cryptoFailure,        // "crypto-failure": OpenSSL failed (out of memory, missing provider)
};

// reasonId returns the stable, kebab-case identifier of |reason|. Cannot fail.
std::string_view reasonId(Reason reason) noexcept;

// InstallErrorReason is the errorReason of an SGP.22 ProfileInstallationResult
// (ASN.1 RSPDefinitions; only the values a BSP failure can cause).
enum class InstallErrorReason : std::uint8_t {
  incorrectInputValues = 1,
  unsupportedCrtValues = 4,
  scp03tStructureError = 7,
  scp03tSecurityError = 8,
  installFailedDueToUnknownError = 127,
};

// installErrorReason returns the errorReason an eUICC reports for |reason|:
// MAC, replay and session failures are scp03tSecurityError; TLV, length and
// padding failures scp03tStructureError; a bad CRT unsupportedCrtValues; bad
// keys, SharedInfo, commands or BPP structure incorrectInputValues; OpenSSL
// failures installFailedDueToUnknownError. This mapping is our reading of
// SGP.22; the specification's own step list was not available. Cannot fail.
InstallErrorReason installErrorReason(Reason reason) noexcept;

// Error is thrown by every function of the module that fails; what() names
// the operation and the segment, reason() says why.
class Error : public std::runtime_error {
public:
  // Error builds an error for |reason| with |message| (what failed, where).
  Error(Reason reason, const std::string &message);

  // reason returns why the operation failed.
  Reason reason() const noexcept { return reason_; }

private:
  Reason reason_;
};

} // namespace bsp
