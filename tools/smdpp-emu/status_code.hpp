// StatusCode and VerifyFailure: the SGP.22 subjectCode / reasonCode pairs
// smdpp-emu answers in a "Failed" functionExecutionStatus, and the exception
// that carries one from a check to the HTTP layer.
#pragma once

#include <stdexcept>
#include <string>

namespace smdpp {

// StatusCode is an SGP.22 subjectCode / reasonCode pair.
struct StatusCode {
  const char *subjectCode;
  const char *reasonCode;
};

// SGP.22 status codes (clause 8 tables; the same codes ES9+.AuthenticateClient
// uses for these checks), named "<subject> - <reason>":
//   1.6 / 2.1     Function - Invalid
//   1.6 / 2.2     Function - Mandatory element missing
//   1.2 / 4.2     Function provider - Execution error
//   8.1 / 6.1     eUICC - Verification failed (the signature)
//   8.1.2 / 6.1   EUM Certificate - Verification failed; 6.3 Expired
//   8.1.3 / 6.1   eUICC Certificate - Verification failed; 6.3 Expired
//   8.11.1 / 3.9  CI Public Key - Unknown
inline constexpr StatusCode kFunctionInvalid{"1.6", "2.1"};
inline constexpr StatusCode kFunctionMissing{"1.6", "2.2"};
inline constexpr StatusCode kProviderExecutionError{"1.2", "4.2"};
inline constexpr StatusCode kEuiccVerificationFailed{"8.1", "6.1"};
inline constexpr StatusCode kEumCertVerificationFailed{"8.1.2", "6.1"};
inline constexpr StatusCode kEumCertExpired{"8.1.2", "6.3"};
inline constexpr StatusCode kEuiccCertVerificationFailed{"8.1.3", "6.1"};
inline constexpr StatusCode kEuiccCertExpired{"8.1.3", "6.3"};
inline constexpr StatusCode kCiPublicKeyUnknown{"8.11.1", "3.9"};

// The codes of the ES9+ download functions (SGP.22 v2.2 5.6.1-5.6.3 and
// 5.6.5, as lpac's euicc/es9p_errors.c and osmo-smdpp name them):
//   8.8.1 / 3.8   SM-DP+ Address - Refused (not this server's address)
//   8.8.2 / 3.1   Public Key Identifiers - none of them supported
//   8.8.4 / 3.7   no CERT.DPauth signed by a CI the eUICC verifies with
//   8.8 / 3.10    SM-DP+ OID - not this server's (CancelSession)
//   8.10.1 / 3.9  TransactionID - Unknown
//   8.1.4 / 6.1   EID - not permitted by the EUM certificate's name constraint
//   8.2.6 / 3.8   MatchingID - Refused (unknown to the catalog)
//   8.8.5 / 6.4   Download order - maximum number of downloads reached
//   8.2.7 / 2.2   Confirmation Code - Missing; 3.8 Refused; 6.4 retries exceeded
//   8.2 / 3.7     Profile - BPP not available for a new binding (wrong step)
inline constexpr StatusCode kSmdpAddressRefused{"8.8.1", "3.8"};
inline constexpr StatusCode kPkIdNotSupported{"8.8.2", "3.1"};
inline constexpr StatusCode kNoDpAuthForCi{"8.8.4", "3.7"};
inline constexpr StatusCode kSmdpOidInvalid{"8.8", "3.10"};
inline constexpr StatusCode kTransactionUnknown{"8.10.1", "3.9"};
inline constexpr StatusCode kEidNotPermitted{"8.1.4", "6.1"};
inline constexpr StatusCode kMatchingIdRefused{"8.2.6", "3.8"};
inline constexpr StatusCode kOrderRetriesExceeded{"8.8.5", "6.4"};
inline constexpr StatusCode kCcMissing{"8.2.7", "2.2"};
inline constexpr StatusCode kCcRefused{"8.2.7", "3.8"};
inline constexpr StatusCode kCcRetriesExceeded{"8.2.7", "6.4"};
inline constexpr StatusCode kBppNotAvailable{"8.2", "3.7"};

// The codes of ES11 (SGP.22 5.8.1, 5.8.2; lpac's euicc/es9p_errors.c):
//   8.9.1 / 3.8   SM-DS Address - Refused (not this SM-DS)
//   8.9.2 / 3.1   Public Key Identifiers - none supported by the SM-DS
//   8.9.4 / 3.7   no CERT.DSauth signed by a CI the eUICC verifies with
//   8.9.5 / 3.9   Event Record - no event with that EventID for the EID
inline constexpr StatusCode kSmdsAddressRefused{"8.9.1", "3.8"};
inline constexpr StatusCode kSmdsPkIdNotSupported{"8.9.2", "3.1"};
inline constexpr StatusCode kNoDsAuthForCi{"8.9.4", "3.7"};
inline constexpr StatusCode kEventUnknown{"8.9.5", "3.9"};

// VerifyFailure is thrown when a notification is rejected; the server turns
// it into a "Failed" functionExecutionStatus.
class VerifyFailure : public std::runtime_error {
public:
  VerifyFailure(StatusCode code, const std::string &message)
      : std::runtime_error(message), code_(code) {}
  const StatusCode &code() const noexcept { return code_; }

private:
  StatusCode code_;
};

} // namespace smdpp
