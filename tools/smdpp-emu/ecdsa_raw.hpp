// ECDSA with SHA-256 in the signature form of SGP.22: BSI TR-03111 "plain"
// r || s (each half the size of the curve order, 64 bytes for P-256 and
// brainpoolP256r1), as carried in tag 5F37. OpenSSL speaks DER ECDSA-Sig-Value,
// so both directions convert.
#pragma once

#include <openssl/evp.h>

#include "esim/bytes.hpp"

namespace smdpp {

// signRaw signs |data| with the EC private key |key| (ECDSA/SHA-256) and
// returns r || s, each left-padded to the size of the curve order. Throws
// std::runtime_error if OpenSSL fails or |key| is not an EC key.
esim::Bytes signRaw(EVP_PKEY *key, esim::ByteView data);

// verifyRaw checks the r || s signature |rs| over |data| with |key|. Returns
// false for a wrong signature, a malformed one (odd or oversized length)
// and any OpenSSL failure; never throws.
bool verifyRaw(EVP_PKEY *key, esim::ByteView rs, esim::ByteView data) noexcept;

} // namespace smdpp
