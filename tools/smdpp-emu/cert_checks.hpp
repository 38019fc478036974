// Certificate helpers of smdpp-emu: loading certificates and keys, the link
// by link check of an eUICC chain (CI -> EUM -> eUICC) that SGP.22 asks of an
// SM-DP+, the EUM's EID name constraint, and the RSP fields of a certificate
// (SM-DP+ OID, key identifiers, role policy).
//
// Generic X.509 path validation is deliberately not used: real EUM
// certificates carry a critical name constraint on the EID that generic
// validators reject (see shared/pki/sgp26-nist/README.md).
#pragma once

#include <optional>
#include <string>

#include "esim/bytes.hpp"
#include "openssl_ptr.hpp"
#include "status_code.hpp"

namespace smdpp {

// parseCertificate reads one DER certificate that must fill |der| exactly;
// returns null if it does not. Never throws.
X509Ptr parseCertificate(esim::ByteView der);

// loadCertificateFile reads a PEM or DER certificate from |path|. Throws
// std::runtime_error naming the file (and |what|) if it cannot.
X509Ptr loadCertificateFile(const std::string &path, const std::string &what);

// loadPrivateKeyFile reads a PEM private key from |path|. Throws
// std::runtime_error naming the file (and |what|) if it cannot.
EvpPkeyPtr loadPrivateKeyFile(const std::string &path, const std::string &what);

// certificateDer returns the DER encoding of |cert|. Throws
// std::runtime_error if OpenSSL cannot encode it.
esim::Bytes certificateDer(X509 *cert);

// subjectText returns the subject of |cert| as one line, for messages.
std::string subjectText(const X509 *cert);

// serialNumberOf returns the serialNumber attribute of the subject (an
// eUICC certificate's EID), empty if it has none.
std::string serialNumberOf(const X509 *cert);

// checkValidity throws VerifyFailure |expired| when now is after notAfter
// and |invalid| when now is before notBefore.
void checkValidity(const X509 *cert, const char *what, StatusCode expired, StatusCode invalid);

// checkIssued checks one link of a chain: |subject| names |issuer| as its
// issuer (name and key identifier) and |issuer|'s key verifies its
// signature. Throws VerifyFailure |nameMismatch| or |badSignature|.
void checkIssued(const X509 *issuer, X509 *subject, const char *what, StatusCode nameMismatch,
                 StatusCode badSignature);

// EuiccChain is an eUICC certificate chain that verified up to the CI.
struct EuiccChain {
  X509Ptr eum;
  X509Ptr euicc;
  std::string eid; // serialNumber of the eUICC certificate's subject
};

// verifyEuiccChain checks CI -> EUM -> eUICC link by link (issuer, key
// identifier, signature, validity, the EUM is a CA, the eUICC key is EC).
// Throws VerifyFailure: 8.11.1/3.9 when the EUM is not from |ci|, 8.1.2/x
// for the EUM, 8.1.3/x for the eUICC certificate.
EuiccChain verifyEuiccChain(const X509 *ci, esim::ByteView eumDer, esim::ByteView euiccDer);

// permittedEidPrefixes returns the serialNumber values of the DirName
// entries in the permitted subtrees of |eum|'s name constraints (SGP.22's
// EID range rule: an EID must start with one of them); nullopt when the
// certificate has no name constraints. Never throws.
std::optional<std::vector<std::string>> permittedEidPrefixes(const X509 *eum);

// checkEidPermitted throws VerifyFailure kEidNotPermitted if |eum| has
// name constraints and |eid| starts with none of their serialNumbers.
void checkEidPermitted(const X509 *eum, const std::string &eid);

// registeredIdOf returns the first registeredID of the SubjectAltName of
// |cert| in dotted form (the SM-DP+ OID of CERT.DPauth/DPpb), empty if none.
std::string registeredIdOf(const X509 *cert);

// subjectKeyIdOf / authorityKeyIdOf return the key identifiers of |cert|,
// empty when the extension is absent.
esim::Bytes subjectKeyIdOf(const X509 *cert);
esim::Bytes authorityKeyIdOf(const X509 *cert);

// hasPolicy reports whether the certificatePolicies of |cert| name |oid|
// (dotted form).
bool hasPolicy(const X509 *cert, const std::string &oid);

} // namespace smdpp
