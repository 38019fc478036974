#include "support/signature_check.hpp"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

namespace esim::test {

namespace {
struct X509Free {
  void operator()(X509 *x) const { X509_free(x); }
};
struct EvpKeyFree {
  void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct SigFree {
  void operator()(ECDSA_SIG *s) const { ECDSA_SIG_free(s); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr fromDer(const Bytes &der) {
  const unsigned char *p = der.data();
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}
} // namespace

std::string verifyNotification(const PendingNotification &n, const std::string &ciPemPath) {
  if (n.euiccNotificationSignature.size() != 64) return "signature is not 64 bytes of r||s";
  X509Ptr euicc = fromDer(n.euiccCertificate);
  X509Ptr eum = fromDer(n.eumCertificate);
  if (!euicc || !eum) return "certificate does not parse";
  FILE *f = std::fopen(ciPemPath.c_str(), "r");
  if (!f) return "cannot open " + ciPemPath;
  X509Ptr ci(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!ci) return "CI certificate does not parse";

  std::unique_ptr<EVP_PKEY, EvpKeyFree> ciKey(X509_get_pubkey(ci.get()));
  std::unique_ptr<EVP_PKEY, EvpKeyFree> eumKey(X509_get_pubkey(eum.get()));
  std::unique_ptr<EVP_PKEY, EvpKeyFree> euiccKey(X509_get_pubkey(euicc.get()));
  if (X509_verify(eum.get(), ciKey.get()) != 1) return "EUM certificate is not signed by the CI";
  if (X509_verify(euicc.get(), eumKey.get()) != 1)
    return "eUICC certificate is not signed by the EUM";

  std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
  BIGNUM *r = BN_bin2bn(n.euiccNotificationSignature.data(), 32, nullptr);
  BIGNUM *s = BN_bin2bn(n.euiccNotificationSignature.data() + 32, 32, nullptr);
  ECDSA_SIG_set0(sig.get(), r, s);
  unsigned char *der = nullptr;
  int derLen = i2d_ECDSA_SIG(sig.get(), &der);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  int ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, euiccKey.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(derLen),
                            n.tbsOtherNotification.data(), n.tbsOtherNotification.size()) == 1;
  OPENSSL_free(der);
  return ok ? "" : "notification signature does not verify with the eUICC certificate";
}

} // namespace esim::test
