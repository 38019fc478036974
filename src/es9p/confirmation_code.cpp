// hashConfirmationCode: hashCc for PrepareDownload, with OpenSSL's SHA-256.
#include "esim/confirmation_code.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "esim/error.hpp"

namespace esim {

namespace {

constexpr std::size_t kMaxTransactionIdLength = 16; // TransactionId ::= OCTET STRING (SIZE(1..16))

// sha256 stores SHA-256(|first| || |second|) in |out|.
void sha256(ByteView first, ByteView second, std::uint8_t (&out)[kHashCcLength]) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned length = 0;
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, first.data(), first.size()) == 1 &&
                  (second.empty() || EVP_DigestUpdate(ctx, second.data(), second.size()) == 1) &&
                  EVP_DigestFinal_ex(ctx, out, &length) == 1 && length == kHashCcLength;
  EVP_MD_CTX_free(ctx); // also cleanses the digest state
  if (!ok) {
    OPENSSL_cleanse(out, sizeof(out));
    throw Error(Errc::internal, "hashConfirmationCode: OpenSSL could not compute SHA-256",
                "the OpenSSL installation is broken; please report this");
  }
}

} // namespace

Bytes hashConfirmationCode(std::string_view code, ByteView transactionId) {
  if (code.empty()) {
    throw Error(Errc::invalidArgument, "hashConfirmationCode: the confirmation code is empty",
                "enter the confirmation code the operator sent with the activation code");
  }
  if (transactionId.empty() || transactionId.size() > kMaxTransactionIdLength) {
    throw Error(Errc::invalidArgument, "hashConfirmationCode: the transaction ID has " +
                                           std::to_string(transactionId.size()) +
                                           " bytes, not 1..16");
  }
  const ByteView codeBytes(reinterpret_cast<const std::uint8_t *>(code.data()), code.size());
  std::uint8_t inner[kHashCcLength];
  std::uint8_t outer[kHashCcLength];
  sha256(codeBytes, {}, inner);
  try {
    sha256(inner, transactionId, outer);
  } catch (...) {
    OPENSSL_cleanse(inner, sizeof(inner));
    throw;
  }
  OPENSSL_cleanse(inner, sizeof(inner));
  return Bytes(outer, outer + kHashCcLength);
}

} // namespace esim
