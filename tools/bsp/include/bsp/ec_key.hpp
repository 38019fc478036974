// EC keys for ECKA (SGP.22 one-time keys otSK/otPK.EUICC.ECKA and
// otSK/otPK.DP.ECKA) and the key agreement itself: plain ECDH (BSI TR-03111)
// whose shared secret ShS is the x-coordinate of the product point.
//
//   auto dp = bsp::EcPrivateKey::generate(bsp::Curve::nistP256);
//   auto card = bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, euiccOtpk);
//   bsp::SecretBytes shs = bsp::ecka(dp, card); // 32 bytes
#pragma once

#include <memory>
#include <string_view>

#include <openssl/types.h>

#include "bsp/secret.hpp"

namespace bsp {

// Curve is an elliptic curve SGP.22 allows for ECKA (the curve of CERT.DPpb's key).
enum class Curve {
  nistP256,        // NIST P-256 = secp256r1 = prime256v1
  brainpoolP256r1, // RFC 5639
};

// EvpPkeyFree frees an EVP_PKEY; the deleter of the key classes below.
struct EvpPkeyFree {
  void operator()(EVP_PKEY *key) const noexcept;
};

// EcPublicKey is a public EC key on one of the curves of Curve.
class EcPublicKey {
public:
  // fromPoint loads the uncompressed point |point| (04 || X || Y, 65 bytes,
  // as in tag 5F49 of SGP.22). Throws Error(Reason::invalidKey) if it is
  // not an uncompressed point on |curve|.
  static EcPublicKey fromPoint(Curve curve, ByteView point);
  // fromPem loads a PEM "PUBLIC KEY" (SubjectPublicKeyInfo). Throws
  // Error(Reason::invalidKey) for anything but an EC key and
  // Error(Reason::unsupportedCurve) for a curve not in Curve.
  static EcPublicKey fromPem(std::string_view pem);

  // curve returns the curve of the key. Cannot fail.
  Curve curve() const noexcept { return curve_; }
  // point returns the key as an uncompressed point (04 || X || Y). Throws
  // Error(Reason::cryptoFailure) if OpenSSL cannot export it.
  Bytes point() const;
  // get returns the OpenSSL key, owned by this object.
  EVP_PKEY *get() const noexcept { return key_.get(); }

private:
  EcPublicKey(std::unique_ptr<EVP_PKEY, EvpPkeyFree> key, Curve curve) noexcept;
  std::unique_ptr<EVP_PKEY, EvpPkeyFree> key_;
  Curve curve_;
};

// EcPrivateKey is an EC key pair on one of the curves of Curve. OpenSSL
// wipes the private scalar when the key is freed.
class EcPrivateKey {
public:
  // generate makes a fresh key pair on |curve|. Throws
  // Error(Reason::cryptoFailure) if OpenSSL fails.
  static EcPrivateKey generate(Curve curve);
  // fromScalar loads the private scalar |scalar| (big-endian, 32 bytes) and
  // computes its public point. Throws Error(Reason::invalidKey) unless
  // 0 < scalar < order of |curve|.
  static EcPrivateKey fromScalar(Curve curve, ByteView scalar);
  // fromPem loads a PEM "PRIVATE KEY" or "EC PRIVATE KEY". Throws
  // Error(Reason::invalidKey) for anything but an EC key and
  // Error(Reason::unsupportedCurve) for a curve not in Curve.
  static EcPrivateKey fromPem(std::string_view pem);

  // curve returns the curve of the key. Cannot fail.
  Curve curve() const noexcept { return curve_; }
  // publicKey returns the public half. Throws Error(Reason::cryptoFailure)
  // if OpenSSL cannot export it.
  EcPublicKey publicKey() const;
  // get returns the OpenSSL key, owned by this object.
  EVP_PKEY *get() const noexcept { return key_.get(); }

private:
  EcPrivateKey(std::unique_ptr<EVP_PKEY, EvpPkeyFree> key, Curve curve) noexcept;
  std::unique_ptr<EVP_PKEY, EvpPkeyFree> key_;
  Curve curve_;
};

// ecka runs ECDH between |own| and |other| (EVP_PKEY_derive) and returns the
// shared secret ShS: the x-coordinate of own * other, 32 bytes. Throws
// Error(Reason::curveMismatch) if the keys are on different curves and
// Error(Reason::cryptoFailure) if OpenSSL fails.
SecretBytes ecka(const EcPrivateKey &own, const EcPublicKey &other);

} // namespace bsp
