// NotificationVerifier: what an SM-DP+ checks on an ES9+ handleNotification
// (SGP.22 5.6.4 and 3.5): the PendingNotification decodes, the eUICC
// certificate chains to the configured CI (CI -> EUM -> eUICC, signatures and
// validity, checked link by link), and the eUICC signed tbsOtherNotification.
//
// Generic X.509 path validation is deliberately not used: real EUM
// certificates carry a critical name constraint on the EID that generic
// validators reject (see shared/pki/sgp26-nist/README.md).
#pragma once

#include <string>

#include "esim/bytes.hpp"
#include "esim/notification.hpp"
#include "openssl_ptr.hpp"
#include "status_code.hpp"

namespace smdpp {

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

  // ci returns the trusted CI certificate, owned by the verifier.
  const X509 *ci() const noexcept { return ci_.get(); }

private:
  X509Ptr ci_;
};

} // namespace smdpp
