// bsp::Error, its reason identifiers and their SGP.22 errorReason.
#include "bsp/error.hpp"

#include <openssl/err.h>

#include "openssl_ptr.hpp"

namespace bsp {

std::string_view reasonId(Reason reason) noexcept {
  switch (reason) {
  case Reason::invalidKey: return "invalid-key";
  case Reason::unsupportedCurve: return "unsupported-curve";
  case Reason::curveMismatch: return "curve-mismatch";
  case Reason::unsupportedCrtValues: return "unsupported-crt-values";
  case Reason::invalidSharedInfo: return "invalid-shared-info";
  case Reason::truncatedSegment: return "truncated-segment";
  case Reason::malformedSegment: return "malformed-segment";
  case Reason::unexpectedTag: return "unexpected-tag";
  case Reason::badSegmentLength: return "bad-segment-length";
  case Reason::macMismatch: return "mac-mismatch";
  case Reason::replayedSegment: return "replayed-segment";
  case Reason::badPadding: return "bad-padding";
  case Reason::counterExhausted: return "counter-exhausted";
  case Reason::segmentTooLarge: return "segment-too-large";
  case Reason::sessionFailed: return "session-failed";
  case Reason::malformedCommand: return "malformed-command";
  case Reason::malformedBpp: return "malformed-bpp";
  case Reason::cryptoFailure: return "crypto-failure";
  }
  return "unknown";
}

InstallErrorReason installErrorReason(Reason reason) noexcept {
  switch (reason) {
  case Reason::macMismatch:
  case Reason::replayedSegment:
  case Reason::sessionFailed:
  case Reason::counterExhausted: return InstallErrorReason::scp03tSecurityError;
  case Reason::truncatedSegment:
  case Reason::malformedSegment:
  case Reason::unexpectedTag:
  case Reason::badSegmentLength:
  case Reason::badPadding:
  case Reason::segmentTooLarge: return InstallErrorReason::scp03tStructureError;
  case Reason::unsupportedCrtValues: return InstallErrorReason::unsupportedCrtValues;
  case Reason::invalidKey:
  case Reason::unsupportedCurve:
  case Reason::curveMismatch:
  case Reason::invalidSharedInfo:
  case Reason::malformedCommand:
  case Reason::malformedBpp: return InstallErrorReason::incorrectInputValues;
  case Reason::cryptoFailure: return InstallErrorReason::installFailedDueToUnknownError;
  }
  return InstallErrorReason::installFailedDueToUnknownError;
}

Error::Error(Reason reason, const std::string &message)
    : std::runtime_error(message), reason_(reason) {}

namespace detail {

void throwOpenSsl(const std::string &what) {
  char text[256] = "no OpenSSL error queued";
  if (unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  throw Error(Reason::cryptoFailure, "BSP: " + what + " failed: " + text);
}

} // namespace detail
} // namespace bsp
