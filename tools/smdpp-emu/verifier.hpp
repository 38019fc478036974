// NotificationVerifier: what an SM-DP+ checks on an ES9+ handleNotification
// (SGP.22 5.6.4 and 3.5): the PendingNotification decodes, the eUICC
// certificate chains to the configured CI (CI -> EUM -> eUICC, signatures and
// validity, checked link by link), and the eUICC signed tbsOtherNotification.
//
// Generic X.509 path validation is deliberately not used: real EUM
// certificates carry a critical name constraint on the EID that generic
// validators reject (see shared/pki/sgp26-nist/README.md).
#pragma once

#include <stdexcept>
#include <string>

#include "esim/bytes.hpp"
#include "esim/notification.hpp"
#include "openssl_ptr.hpp"

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

// VerifiedNotification is an accepted notification and what was learnt.
struct VerifiedNotification {
  esim::PendingNotification notification;
  std::string eid;             // serialNumber of the eUICC certificate subject
  bool signatureValid = false; // false only for a ProfileInstallationResult,
                               // which needs the download session to verify
};

// NotificationVerifier checks notifications against one trusted CI.
class NotificationVerifier {
public:
  // NotificationVerifier loads the CI certificate (PEM or DER) from
  // |ciCertPath|. Throws std::runtime_error naming the file if it cannot.
  explicit NotificationVerifier(const std::string &ciCertPath);

  // verify decodes and checks one PendingNotification (DER). Throws
  // VerifyFailure with the SGP.22 status code of the first check that fails.
  VerifiedNotification verify(esim::ByteView der) const;

private:
  X509Ptr ci_;
};

} // namespace smdpp
