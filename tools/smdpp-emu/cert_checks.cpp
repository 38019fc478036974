#include "cert_checks.hpp"

#include <fstream>
#include <iterator>
#include <vector>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace smdpp {

namespace {

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using NameConstraintsPtr =
    std::unique_ptr<NAME_CONSTRAINTS, OpenSslDeleter<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free>>;
using GeneralNamesPtr =
    std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using CertPoliciesPtr =
    std::unique_ptr<CERTIFICATEPOLICIES,
                    OpenSslDeleter<CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free>>;
using AsnObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT, ASN1_OBJECT_free>>;

std::vector<unsigned char> readFile(const std::string &path, const std::string &what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the " + what + " " + path);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string oidText(const ASN1_OBJECT *oid) {
  char buf[128];
  const int n = OBJ_obj2txt(buf, sizeof(buf), oid, 1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof(buf) ? std::string(buf, n) : std::string();
}

std::string nameSerialNumber(const X509_NAME *name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
  if (index < 0) {
    return {};
  }
  const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                     static_cast<std::size_t>(ASN1_STRING_length(data)));
}

esim::Bytes octets(const ASN1_OCTET_STRING *s) {
  if (s == nullptr) {
    return {};
  }
  const unsigned char *p = ASN1_STRING_get0_data(s);
  return esim::Bytes(p, p + ASN1_STRING_length(s));
}

} // namespace

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

X509Ptr loadCertificateFile(const std::string &path, const std::string &what) {
  const std::vector<unsigned char> bytes = readFile(path, what);
  X509Ptr cert;
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (bio) {
    cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  }
  if (!cert) {
    cert = parseCertificate(bytes);
  }
  if (!cert) {
    throw std::runtime_error("the " + what + " " + path + " is neither PEM nor DER X.509");
  }
  return cert;
}

EvpPkeyPtr loadPrivateKeyFile(const std::string &path, const std::string &what) {
  const std::vector<unsigned char> bytes = readFile(path, what);
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  EvpPkeyPtr key;
  if (bio) {
    key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  }
  if (!key) {
    throw std::runtime_error("the " + what + " " + path + " is not a PEM private key");
  }
  return key;
}

esim::Bytes certificateDer(X509 *cert) {
  const int length = i2d_X509(cert, nullptr);
  if (length <= 0) {
    throw std::runtime_error("cannot encode a certificate (OpenSSL)");
  }
  esim::Bytes der(static_cast<std::size_t>(length));
  unsigned char *p = der.data();
  i2d_X509(cert, &p);
  return der;
}

std::string subjectText(const X509 *cert) {
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf));
  return buf;
}

std::string serialNumberOf(const X509 *cert) {
  return nameSerialNumber(X509_get_subject_name(cert));
}

void checkValidity(const X509 *cert, const char *what, StatusCode expired, StatusCode invalid) {
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
    throw VerifyFailure(expired, std::string(what) + " has expired");
  }
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
    throw VerifyFailure(invalid, std::string(what) + " is not valid yet");
  }
}

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

EuiccChain verifyEuiccChain(const X509 *ci, esim::ByteView eumDer, esim::ByteView euiccDer) {
  EuiccChain out;
  out.eum = parseCertificate(eumDer);
  if (!out.eum) {
    throw VerifyFailure(kEumCertVerificationFailed,
                        "eumCertificate is not a DER X.509 certificate");
  }
  out.euicc = parseCertificate(euiccDer);
  if (!out.euicc) {
    throw VerifyFailure(kEuiccCertVerificationFailed,
                        "euiccCertificate is not a DER X.509 certificate");
  }
  // CI -> EUM: a different CI is "CI Public Key - Unknown" to this SM-DP+.
  checkIssued(ci, out.eum.get(), "EUM certificate", kCiPublicKeyUnknown,
              kEumCertVerificationFailed);
  checkValidity(out.eum.get(), "EUM certificate", kEumCertExpired, kEumCertVerificationFailed);
  if (X509_check_ca(out.eum.get()) == 0) {
    throw VerifyFailure(kEumCertVerificationFailed, "EUM certificate is not a CA certificate");
  }
  checkIssued(out.eum.get(), out.euicc.get(), "eUICC certificate", kEuiccCertVerificationFailed,
              kEuiccCertVerificationFailed);
  checkValidity(out.euicc.get(), "eUICC certificate", kEuiccCertExpired,
                kEuiccCertVerificationFailed);
  EVP_PKEY *key = X509_get0_pubkey(out.euicc.get());
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
    throw VerifyFailure(kEuiccCertVerificationFailed, "eUICC certificate key is not an EC key");
  }
  out.eid = serialNumberOf(out.euicc.get());
  return out;
}

std::optional<std::vector<std::string>> permittedEidPrefixes(const X509 *eum) {
  NameConstraintsPtr nc(static_cast<NAME_CONSTRAINTS *>(
      X509_get_ext_d2i(eum, NID_name_constraints, nullptr, nullptr)));
  if (!nc) {
    return std::nullopt;
  }
  std::vector<std::string> prefixes;
  for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees); ++i) {
    const GENERAL_SUBTREE *tree = sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i);
    if (tree->base != nullptr && tree->base->type == GEN_DIRNAME) {
      std::string serial = nameSerialNumber(tree->base->d.directoryName);
      if (!serial.empty()) {
        prefixes.push_back(std::move(serial));
      }
    }
  }
  return prefixes;
}

void checkEidPermitted(const X509 *eum, const std::string &eid) {
  const auto prefixes = permittedEidPrefixes(eum);
  if (!prefixes || prefixes->empty()) {
    return; // no EID range to respect
  }
  for (const std::string &prefix : *prefixes) {
    if (eid.compare(0, prefix.size(), prefix) == 0) {
      return;
    }
  }
  std::string list;
  for (const std::string &prefix : *prefixes) {
    list += (list.empty() ? "" : ", ") + prefix;
  }
  throw VerifyFailure(kEidNotPermitted, "EID " + eid +
                                            " is not permitted by the EUM certificate's name "
                                            "constraint (EIDs starting with " +
                                            list + ")");
}

std::string registeredIdOf(const X509 *cert) {
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_RID) {
      return oidText(name->d.registeredID);
    }
  }
  return {};
}

esim::Bytes subjectKeyIdOf(const X509 *cert) {
  return octets(X509_get0_subject_key_id(const_cast<X509 *>(cert)));
}

esim::Bytes authorityKeyIdOf(const X509 *cert) {
  return octets(X509_get0_authority_key_id(const_cast<X509 *>(cert)));
}

bool hasPolicy(const X509 *cert, const std::string &oid) {
  CertPoliciesPtr policies(static_cast<CERTIFICATEPOLICIES *>(
      X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr)));
  for (int i = 0; policies && i < sk_POLICYINFO_num(policies.get()); ++i) {
    if (oidText(sk_POLICYINFO_value(policies.get(), i)->policyid) == oid) {
      return true;
    }
  }
  return false;
}

} // namespace smdpp
