#include "ecdsa_raw.hpp"

#include <stdexcept>
#include <vector>

#include <openssl/ec.h>

#include "openssl_ptr.hpp"

namespace smdpp {

namespace {

// The largest raw r||s accepted: two 66-byte integers (P-521); SGP.22 uses
// 32-byte ones.
constexpr std::size_t kMaxRawSignature = 132;

// orderBytes returns the size in bytes of the order of |key|'s curve.
std::size_t orderBytes(EVP_PKEY *key) {
  const int bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC || bits <= 0) {
    throw std::runtime_error("the signing key is not an EC key");
  }
  return (static_cast<std::size_t>(bits) + 7) / 8;
}

} // namespace

esim::Bytes signRaw(EVP_PKEY *key, esim::ByteView data) {
  const std::size_t half = orderBytes(key);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t derLength = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &derLength, data.data(), data.size()) != 1) {
    throw std::runtime_error("ECDSA signing failed (OpenSSL)");
  }
  std::vector<unsigned char> der(derLength);
  if (EVP_DigestSign(ctx.get(), der.data(), &derLength, data.data(), data.size()) != 1) {
    throw std::runtime_error("ECDSA signing failed (OpenSSL)");
  }
  const unsigned char *p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(derLength)));
  if (!sig) {
    throw std::runtime_error("OpenSSL returned an unreadable ECDSA signature");
  }
  esim::Bytes rs(2 * half);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs.data(), static_cast<int>(half)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rs.data() + half, static_cast<int>(half)) < 0) {
    throw std::runtime_error("ECDSA signature does not fit the curve size");
  }
  return rs;
}

bool verifyRaw(EVP_PKEY *key, esim::ByteView rs, esim::ByteView data) noexcept {
  if (key == nullptr || rs.empty() || rs.size() % 2 != 0 || rs.size() > kMaxRawSignature) {
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

} // namespace smdpp
