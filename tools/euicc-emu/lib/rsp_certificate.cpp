// RspCertificate and CiTrust with OpenSSL's X.509 and EVP APIs.
#include "rsp_certificate.hpp"

#include <array>
#include <cstring>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "esim/error.hpp"

namespace euicc_emu {

namespace {

constexpr std::size_t kScalarBytes = 32;
constexpr std::size_t kMaxOidText = 128;

template <typename T, void (*Free)(T *)> struct Deleter {
  void operator()(T *p) const noexcept { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using SigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;
using PoliciesPtr =
    std::unique_ptr<CERTIFICATEPOLICIES, Deleter<CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;

esim::Bytes octets(const ASN1_OCTET_STRING *s) {
  if (!s) return {};
  const unsigned char *data = ASN1_STRING_get0_data(s);
  return esim::Bytes(data, data + ASN1_STRING_length(s));
}

std::string oidText(const ASN1_OBJECT *oid) {
  std::array<char, kMaxOidText> text{};
  int n = OBJ_obj2txt(text.data(), static_cast<int>(text.size()), oid, 1);
  if (n <= 0 || static_cast<std::size_t>(n) >= text.size()) return {};
  return std::string(text.data(), static_cast<std::size_t>(n));
}

std::optional<esim::Bytes> firstRegisteredId(X509 *cert) {
  NamesPtr names(
      static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return std::nullopt;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_RID) continue;
    const ASN1_OBJECT *oid = name->d.registeredID;
    const unsigned char *data = OBJ_get0_data(oid);
    return esim::Bytes(data, data + OBJ_length(oid));
  }
  return std::nullopt;
}

} // namespace

struct RspCertificate::Impl {
  X509Ptr cert;
  esim::Bytes subjectKeyId;
  esim::Bytes authorityKeyId;
  std::optional<esim::Bytes> smdpOid;
};

RspCertificate::RspCertificate(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
RspCertificate::RspCertificate(RspCertificate &&) noexcept = default;
RspCertificate &RspCertificate::operator=(RspCertificate &&) noexcept = default;
RspCertificate::~RspCertificate() = default;

std::optional<RspCertificate> RspCertificate::parse(esim::ByteView der) {
  const unsigned char *p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  if (!cert || p != der.data() + der.size()) return std::nullopt;
  auto impl = std::make_unique<Impl>();
  impl->subjectKeyId = octets(X509_get0_subject_key_id(cert.get()));
  impl->authorityKeyId = octets(X509_get0_authority_key_id(cert.get()));
  impl->smdpOid = firstRegisteredId(cert.get());
  impl->cert = std::move(cert);
  ERR_clear_error();
  return RspCertificate(std::move(impl));
}

RspCertificate RspCertificate::load(const std::string &path, std::string_view source,
                                    const std::string &field) {
  auto fail = [&](const std::string &problem) {
    throw esim::Error(esim::Errc::emulator,
                      "state file " + std::string(source) + ": " + field + ": " + path + ": " +
                          problem,
                      "name the CI certificate (PEM or DER) of the test PKI, e.g. pki/ci.pem");
  };
  BioPtr bio(BIO_new_file(path.c_str(), "rb"));
  if (!bio) {
    ERR_clear_error();
    fail(std::string("cannot open: ") + std::strerror(errno));
  }
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    BIO_reset(bio.get());
    cert.reset(d2i_X509_bio(bio.get(), nullptr));
  }
  ERR_clear_error();
  if (!cert) fail("not an X.509 certificate in PEM or DER");
  int length = i2d_X509(cert.get(), nullptr);
  esim::Bytes der(static_cast<std::size_t>(length > 0 ? length : 0));
  unsigned char *out = der.data();
  if (length <= 0 || i2d_X509(cert.get(), &out) != length) fail("cannot be encoded as DER");
  std::optional<RspCertificate> parsed = parse(der);
  if (!parsed) fail("not an X.509 certificate");
  return std::move(*parsed);
}

const esim::Bytes &RspCertificate::subjectKeyId() const noexcept {
  return impl_->subjectKeyId;
}

const esim::Bytes &RspCertificate::authorityKeyId() const noexcept {
  return impl_->authorityKeyId;
}

const std::optional<esim::Bytes> &RspCertificate::smdpOid() const noexcept {
  return impl_->smdpOid;
}

bool RspCertificate::hasPolicy(std::string_view dottedOid) const {
  PoliciesPtr policies(static_cast<CERTIFICATEPOLICIES *>(
      X509_get_ext_d2i(impl_->cert.get(), NID_certificate_policies, nullptr, nullptr)));
  ERR_clear_error();
  if (!policies) return false;
  for (int i = 0; i < sk_POLICYINFO_num(policies.get()); ++i) {
    if (oidText(sk_POLICYINFO_value(policies.get(), i)->policyid) == dottedOid) return true;
  }
  return false;
}

std::optional<bsp::Curve> RspCertificate::curve() const noexcept {
  EVP_PKEY *key = X509_get0_pubkey(impl_->cert.get());
  if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::array<char, 80> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  int nid = OBJ_sn2nid(group.data());
  if (nid == NID_undef) nid = EC_curve_nist2nid(group.data());
  if (nid == NID_X9_62_prime256v1) return bsp::Curve::nistP256;
  if (nid == NID_brainpoolP256r1) return bsp::Curve::brainpoolP256r1;
  return std::nullopt;
}

bool RspCertificate::issuedBy(const RspCertificate &issuer) const noexcept {
  if (impl_->authorityKeyId.empty() || impl_->authorityKeyId != issuer.impl_->subjectKeyId)
    return false;
  EVP_PKEY *key = X509_get0_pubkey(issuer.impl_->cert.get());
  const bool ok = key && X509_verify(impl_->cert.get(), key) == 1;
  ERR_clear_error();
  return ok;
}

bool RspCertificate::verify(esim::ByteView message, esim::ByteView rawSignature) const {
  if (rawSignature.size() != 2 * kScalarBytes) return false;
  EVP_PKEY *key = X509_get0_pubkey(impl_->cert.get());
  if (!key) {
    ERR_clear_error();
    return false;
  }
  SigPtr sig(ECDSA_SIG_new());
  BIGNUM *r = BN_bin2bn(rawSignature.data(), static_cast<int>(kScalarBytes), nullptr);
  BIGNUM *s =
      BN_bin2bn(rawSignature.data() + kScalarBytes, static_cast<int>(kScalarBytes), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ERR_clear_error();
    return false;
  }
  int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) return false;
  esim::Bytes der(static_cast<std::size_t>(length));
  unsigned char *out = der.data();
  i2d_ECDSA_SIG(sig.get(), &out);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx.get(), der.data(), der.size(), message.data(), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

CiTrust CiTrust::load(const std::vector<std::string> &paths, std::string_view source) {
  CiTrust trust;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string field = "pki.ciCertificates[" + std::to_string(i) + "]";
    RspCertificate ci = RspCertificate::load(paths[i], source, field);
    if (ci.subjectKeyId().empty()) {
      throw esim::Error(esim::Errc::emulator,
                        "state file " + std::string(source) + ": " + field + ": " + paths[i] +
                            ": has no SubjectKeyIdentifier, so no euiccCiPKId can name it",
                        "use a CI certificate made with subjectKeyIdentifier (make-test-pki.sh "
                        "makes one)");
    }
    trust.cis_.push_back(std::move(ci));
  }
  return trust;
}

const RspCertificate *CiTrust::find(esim::ByteView keyId) const noexcept {
  for (const RspCertificate &ci : cis_) {
    const esim::Bytes &ski = ci.subjectKeyId();
    if (ski.size() == keyId.size() && std::equal(ski.begin(), ski.end(), keyId.begin())) return &ci;
  }
  return nullptr;
}

} // namespace euicc_emu
