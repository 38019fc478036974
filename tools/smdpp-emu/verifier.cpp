#include "verifier.hpp"

#include <fstream>
#include <iterator>
#include <vector>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "codec/es10_codec.hpp"
#include "esim/error.hpp"

namespace smdpp {

namespace {

// The largest raw r||s we accept: two 66-byte integers (P-521); SGP.22 uses
// 32-byte ones (P-256, brainpoolP256r1).
constexpr std::size_t kMaxRawSignature = 132;

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;

// parseCertificate reads one DER certificate that must fill |der| exactly.
X509Ptr parseCertificate(esim::ByteView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(INT32_MAX)) {
    return nullptr;
  }
  const unsigned char *p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (cert && p != der.data() + der.size()) {
    return nullptr; // trailing bytes: not one certificate
  }
  return cert;
}

std::string subjectText(const X509 *cert) {
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf));
  return buf;
}

// checkValidity throws |expired| when now is after notAfter and |invalid|
// when now is before notBefore.
void checkValidity(const X509 *cert, const char *what, StatusCode expired, StatusCode invalid) {
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
    throw VerifyFailure(expired, std::string(what) + " has expired");
  }
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
    throw VerifyFailure(invalid, std::string(what) + " is not valid yet");
  }
}

// checkIssued checks one link of the chain: |subject| names |issuer| as its
// issuer (name and key identifier) and |issuer|'s key verifies its signature.
// X509_check_issued does not apply name constraints, which is the point.
void checkIssued(const X509 *issuer, X509 *subject, const char *what, StatusCode nameMismatch,
                 StatusCode badSignature) {
  if (X509_check_issued(const_cast<X509 *>(issuer), subject) != X509_V_OK) {
    throw VerifyFailure(nameMismatch, std::string(what) + " (" + subjectText(subject) +
                                          ") is not issued by " + subjectText(issuer));
  }
  EVP_PKEY *key = X509_get0_pubkey(issuer);
  if (key == nullptr || X509_verify(subject, key) != 1) {
    throw VerifyFailure(badSignature, std::string(what) +
                                          " signature does not verify with the key of " +
                                          subjectText(issuer));
  }
}

std::string serialNumberOf(const X509 *cert) {
  const X509_NAME *name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
  if (index < 0) {
    return {};
  }
  const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                     static_cast<std::size_t>(ASN1_STRING_length(data)));
}

// verifyRawSignature checks a BSI TR-03111 signature (r||s, both halves the
// same length) with ECDSA/SHA-256 over |data|.
bool verifyRawSignature(EVP_PKEY *key, esim::ByteView rs, esim::ByteView data) {
  if (rs.empty() || rs.size() % 2 != 0 || rs.size() > kMaxRawSignature) {
    return false;
  }
  const int half = static_cast<int>(rs.size() / 2);
  BignumPtr r(BN_bin2bn(rs.data(), half, nullptr));
  BignumPtr s(BN_bin2bn(rs.data() + half, half, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return false;
  }
  (void)r.release(); // owned by sig now
  (void)s.release();
  const int derLength = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (derLength <= 0) {
    return false;
  }
  std::vector<unsigned char> der(static_cast<std::size_t>(derLength));
  unsigned char *p = der.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), der.data(), der.size(), data.data(), data.size()) == 1;
}

} // namespace

NotificationVerifier::NotificationVerifier(const std::string &ciCertPath) {
  std::ifstream in(ciCertPath, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the CI certificate " + ciCertPath);
  }
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (bio) {
    ci_.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  }
  if (!ci_) {
    ci_ = parseCertificate(bytes);
  }
  if (!ci_) {
    throw std::runtime_error("the CI certificate " + ciCertPath + " is neither PEM nor DER X.509");
  }
}

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

  X509Ptr eum = parseCertificate(n.eumCertificate);
  if (!eum) {
    throw VerifyFailure(kEumCertVerificationFailed,
                        "eumCertificate is not a DER X.509 certificate");
  }
  X509Ptr euicc = parseCertificate(n.euiccCertificate);
  if (!euicc) {
    throw VerifyFailure(kEuiccCertVerificationFailed,
                        "euiccCertificate is not a DER X.509 certificate");
  }

  // CI -> EUM: a different CI is "CI Public Key - Unknown" to this SM-DP+.
  checkIssued(ci_.get(), eum.get(), "EUM certificate", kCiPublicKeyUnknown,
              kEumCertVerificationFailed);
  checkValidity(eum.get(), "EUM certificate", kEumCertExpired, kEumCertVerificationFailed);
  if (X509_check_ca(eum.get()) == 0) {
    throw VerifyFailure(kEumCertVerificationFailed, "EUM certificate is not a CA certificate");
  }
  // EUM -> eUICC.
  checkIssued(eum.get(), euicc.get(), "eUICC certificate", kEuiccCertVerificationFailed,
              kEuiccCertVerificationFailed);
  checkValidity(euicc.get(), "eUICC certificate", kEuiccCertExpired, kEuiccCertVerificationFailed);

  EVP_PKEY *euiccKey = X509_get0_pubkey(euicc.get());
  if (euiccKey == nullptr || EVP_PKEY_get_base_id(euiccKey) != EVP_PKEY_EC) {
    throw VerifyFailure(kEuiccCertVerificationFailed, "eUICC certificate key is not an EC key");
  }
  if (!verifyRawSignature(euiccKey, n.euiccNotificationSignature, n.tbsOtherNotification)) {
    throw VerifyFailure(kEuiccVerificationFailed,
                        "euiccNotificationSignature does not verify over tbsOtherNotification (" +
                            std::to_string(n.euiccNotificationSignature.size()) +
                            "-byte signature)");
  }
  out.eid = serialNumberOf(euicc.get());
  out.signatureValid = true;
  return out;
}

} // namespace smdpp
