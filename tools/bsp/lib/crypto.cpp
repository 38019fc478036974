// AES-ECB, AES-CBC and AES-CMAC through EVP_CIPHER and EVP_MAC.
#include "crypto.hpp"

#include <openssl/core_names.h>

#include "openssl_ptr.hpp"

namespace bsp::detail {

namespace {

int intSize(std::size_t size) {
  if (size > 0x7FFFFFFF) throwOpenSsl("AES input too large");
  return static_cast<int>(size);
}

// cipher runs one AES-128 operation without padding over |parts| into a buffer
// of their total size.
Bytes cipher(const EVP_CIPHER *type, bool encrypt, const Key128 &key, const std::uint8_t *iv,
             std::initializer_list<ByteView> parts) {
  std::size_t total = 0;
  for (ByteView part : parts)
    total += part.size();
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throwOpenSsl("EVP_CIPHER_CTX_new");
  if (EVP_CipherInit_ex2(ctx.get(), type, key.view().data(), iv, encrypt ? 1 : 0, nullptr) != 1)
    throwOpenSsl("AES init");
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  Bytes out(total + 16);
  std::size_t done = 0;
  try {
    for (ByteView part : parts) {
      int written = 0;
      if (part.empty()) continue;
      if (EVP_CipherUpdate(ctx.get(), out.data() + done, &written, part.data(),
                           intSize(part.size())) != 1)
        throwOpenSsl("AES update");
      done += static_cast<std::size_t>(written);
    }
    int written = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + done, &written) != 1)
      throwOpenSsl("AES final (input not a multiple of 16 bytes)");
    done += static_cast<std::size_t>(written);
  } catch (...) {
    wipe(out);
    throw;
  }
  out.resize(done);
  return out;
}

} // namespace

Block aesEcbBlock(const Key128 &key, const Block &block) {
  Bytes out = cipher(EVP_aes_128_ecb(), true, key, nullptr, {ByteView(block)});
  Block result{};
  std::copy(out.begin(), out.end(), result.begin());
  return result;
}

Bytes aesCbcEncrypt(const Key128 &key, const Block &iv, std::initializer_list<ByteView> parts) {
  return cipher(EVP_aes_128_cbc(), true, key, iv.data(), parts);
}

Bytes aesCbcDecrypt(const Key128 &key, const Block &iv, ByteView data) {
  return cipher(EVP_aes_128_cbc(), false, key, iv.data(), {data});
}

Block aesCmac(const Key128 &key, std::initializer_list<ByteView> parts) {
  EvpMacPtr mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
  if (!mac) throwOpenSsl("EVP_MAC_fetch(CMAC)");
  EvpMacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) throwOpenSsl("EVP_MAC_CTX_new");
  char cipherName[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipherName, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key.view().data(), key.view().size(), params) != 1)
    throwOpenSsl("CMAC init");
  for (ByteView part : parts)
    if (!part.empty() && EVP_MAC_update(ctx.get(), part.data(), part.size()) != 1)
      throwOpenSsl("CMAC update");
  Block out{};
  std::size_t written = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &written, out.size()) != 1 || written != out.size())
    throwOpenSsl("CMAC final");
  return out;
}

} // namespace bsp::detail
