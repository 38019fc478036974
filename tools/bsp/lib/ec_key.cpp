// EC key loading and ECDH through EVP_PKEY (OpenSSL 3 providers).
#include "bsp/ec_key.hpp"

#include <string>
#include <utility>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

#include "bsp/error.hpp"
#include "openssl_ptr.hpp"

namespace bsp {

namespace {

using detail::throwOpenSsl;
using KeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

constexpr std::size_t kPointSize = 65; // 04 || X || Y for 256-bit curves
constexpr std::size_t kScalarSize = 32;

const char *groupName(Curve curve) noexcept {
  return curve == Curve::nistP256 ? SN_X9_62_prime256v1 : SN_brainpoolP256r1;
}

int groupNid(Curve curve) noexcept {
  return curve == Curve::nistP256 ? NID_X9_62_prime256v1 : NID_brainpoolP256r1;
}

// curveOf returns the curve of an EC key, or throws.
Curve curveOf(EVP_PKEY *key, const char *what) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
    throw Error(Reason::invalidKey, std::string("BSP: ") + what + " is not an EC key");
  char name[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) !=
      1)
    throw Error(Reason::unsupportedCurve,
                std::string("BSP: ") + what + " has no named curve (explicit parameters?)");
  const std::string group(name, length);
  if (group == SN_X9_62_prime256v1) return Curve::nistP256;
  if (group == SN_brainpoolP256r1) return Curve::brainpoolP256r1;
  throw Error(Reason::unsupportedCurve, std::string("BSP: ") + what + " is on curve " + group +
                                            "; SGP.22 ECKA needs P-256 or brainpoolP256r1");
}

// fromData builds a key from OSSL_PARAMs (EVP_PKEY_fromdata).
KeyPtr fromData(OSSL_PARAM_BLD *builder, int selection, const char *what) {
  detail::OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder));
  if (!params) throwOpenSsl("OSSL_PARAM_BLD_to_param");
  detail::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) throwOpenSsl("EVP_PKEY_fromdata_init");
  EVP_PKEY *raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1 || raw == nullptr) {
    ERR_clear_error();
    throw Error(Reason::invalidKey, std::string("BSP: ") + what + " is not a valid key");
  }
  return KeyPtr(raw);
}

// readPem parses |pem| with |reader| (PEM_read_bio_PUBKEY or _PrivateKey).
template <typename Reader> KeyPtr readPem(std::string_view pem, Reader reader, const char *what) {
  if (pem.size() > 0x7FFFFFFF) throw Error(Reason::invalidKey, "BSP: PEM too large");
  detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throwOpenSsl("BIO_new_mem_buf");
  KeyPtr key(reader(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    ERR_clear_error();
    throw Error(Reason::invalidKey, std::string("BSP: no ") + what + " in the PEM text");
  }
  return key;
}

} // namespace

void EvpPkeyFree::operator()(EVP_PKEY *key) const noexcept {
  EVP_PKEY_free(key);
}

EcPublicKey::EcPublicKey(KeyPtr key, Curve curve) noexcept : key_(std::move(key)), curve_(curve) {}

EcPublicKey EcPublicKey::fromPoint(Curve curve, ByteView point) {
  if (point.size() != kPointSize || point[0] != 0x04)
    throw Error(Reason::invalidKey, "BSP: an EC public key is an uncompressed point of 65 bytes "
                                    "(04 || X || Y), got " +
                                        std::to_string(point.size()) + " bytes");
  detail::OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, groupName(curve),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    throwOpenSsl("OSSL_PARAM_BLD (public key)");
  // The import decodes the point, which checks that it is on the curve.
  return EcPublicKey(fromData(builder.get(), EVP_PKEY_PUBLIC_KEY, "the EC point"), curve);
}

EcPublicKey EcPublicKey::fromPem(std::string_view pem) {
  KeyPtr key = readPem(pem, PEM_read_bio_PUBKEY, "public key");
  const Curve curve = curveOf(key.get(), "the PEM public key");
  return EcPublicKey(std::move(key), curve);
}

Bytes EcPublicKey::point() const {
  Bytes out(kPointSize);
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(),
                                      &length) != 1 ||
      length != kPointSize || out[0] != 0x04)
    throwOpenSsl("exporting the EC public point");
  return out;
}

EcPrivateKey::EcPrivateKey(KeyPtr key, Curve curve) noexcept
    : key_(std::move(key)), curve_(curve) {}

EcPrivateKey EcPrivateKey::generate(Curve curve) {
  KeyPtr key(EVP_EC_gen(groupName(curve)));
  if (!key) throwOpenSsl(std::string("generating an EC key on ") + groupName(curve));
  return EcPrivateKey(std::move(key), curve);
}

EcPrivateKey EcPrivateKey::fromScalar(Curve curve, ByteView scalar) {
  if (scalar.size() != kScalarSize)
    throw Error(Reason::invalidKey, "BSP: an EC private key is a 32-byte scalar, got " +
                                        std::to_string(scalar.size()) + " bytes");
  detail::EcGroupPtr group(EC_GROUP_new_by_curve_name(groupNid(curve)));
  detail::BignumPtr d(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr));
  if (!group || !d) throwOpenSsl("EC_GROUP/BN_bin2bn");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0)
    throw Error(Reason::invalidKey, "BSP: the EC private scalar is not in 1..order-1");
  // OpenSSL 3.0's EC import does not compute the public point from the
  // private scalar, and ECDH keys need it: Q = d * G.
  detail::EcPointPtr q(EC_POINT_new(group.get()));
  Bytes point(kPointSize);
  if (!q || EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(),
                         point.size(), nullptr) != kPointSize)
    throwOpenSsl("computing the EC public point");
  detail::OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, groupName(curve),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    throwOpenSsl("OSSL_PARAM_BLD (private key)");
  return EcPrivateKey(fromData(builder.get(), EVP_PKEY_KEYPAIR, "the EC private scalar"), curve);
}

EcPrivateKey EcPrivateKey::fromPem(std::string_view pem) {
  KeyPtr key = readPem(pem, PEM_read_bio_PrivateKey, "private key");
  const Curve curve = curveOf(key.get(), "the PEM private key");
  return EcPrivateKey(std::move(key), curve);
}

EcPublicKey EcPrivateKey::publicKey() const {
  Bytes out(kPointSize);
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(),
                                      &length) != 1 ||
      length != kPointSize)
    throwOpenSsl("exporting the EC public point");
  return EcPublicKey::fromPoint(curve_, out);
}

SecretBytes ecka(const EcPrivateKey &own, const EcPublicKey &other) {
  if (own.curve() != other.curve())
    throw Error(Reason::curveMismatch, std::string("BSP: ECKA between a key on ") +
                                           groupName(own.curve()) + " and one on " +
                                           groupName(other.curve()));
  detail::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) throwOpenSsl("EVP_PKEY_derive_init");
  // validate_peer = 1: OpenSSL checks the peer's key before using it.
  if (EVP_PKEY_derive_set_peer_ex(ctx.get(), other.get(), 1) != 1)
    throwOpenSsl("EVP_PKEY_derive_set_peer_ex");
  std::size_t length = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1) throwOpenSsl("EVP_PKEY_derive (size)");
  Bytes secret(length);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &length) != 1) {
    wipe(secret);
    throwOpenSsl("EVP_PKEY_derive");
  }
  secret.resize(length);
  return SecretBytes(std::move(secret));
}

} // namespace bsp
