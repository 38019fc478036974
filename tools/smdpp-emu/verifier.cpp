#include "verifier.hpp"

#include "cert_checks.hpp"
#include "codec/es10_codec.hpp"
#include "ecdsa_raw.hpp"
#include "esim/error.hpp"

namespace smdpp {

NotificationVerifier::NotificationVerifier(const std::string &ciCertPath)
    : ci_(loadCertificateFile(ciCertPath, "CI certificate")) {}

VerifiedNotification NotificationVerifier::verify(esim::ByteView der) const {
  VerifiedNotification out;
  try {
    out.notification = esim::codec::decodePendingNotification(der);
  } catch (const esim::Error &e) {
    throw VerifyFailure(kFunctionInvalid,
                        std::string("pendingNotification is not a PendingNotification: ") +
                            e.what());
  }
  const esim::PendingNotification &n = out.notification;
  if (n.kind == esim::PendingNotificationKind::profileInstallationResult) {
    // euiccSignPIR can only be checked with the eUICC certificate of the
    // download session, which this emulator does not keep: accept it.
    return out;
  }

  const EuiccChain chain = verifyEuiccChain(ci_.get(), n.eumCertificate, n.euiccCertificate);
  EVP_PKEY *euiccKey = X509_get0_pubkey(chain.euicc.get());
  if (!verifyRaw(euiccKey, n.euiccNotificationSignature, n.tbsOtherNotification)) {
    throw VerifyFailure(kEuiccVerificationFailed,
                        "euiccNotificationSignature does not verify over tbsOtherNotification (" +
                            std::to_string(n.euiccNotificationSignature.size()) +
                            "-byte signature)");
  }
  out.eid = chain.eid;
  out.signatureValid = true;
  return out;
}

} // namespace smdpp
