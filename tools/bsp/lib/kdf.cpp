// X9.63 KDF with SHA-256 (EVP_Digest) and the SGP.22 session key split.
#include "bsp/kdf.hpp"

#include <array>
#include <string>

#include "bsp/error.hpp"
#include "openssl_ptr.hpp"

namespace bsp {

Bytes SharedInfo::encode() const {
  if (keyType != kKeyTypeAes || keyLength != kKeyLength128)
    throw Error(Reason::unsupportedCrtValues,
                "BSP: the CRT asks for keyType " + std::to_string(keyType) + ", keyLength " +
                    std::to_string(keyLength) + "; only AES (136 = 0x88) with 16 is supported");
  if (hostId.empty() || hostId.size() > 16)
    throw Error(Reason::invalidSharedInfo,
                "BSP: hostId has 1..16 bytes, got " + std::to_string(hostId.size()));
  if (eid.size() != kEidSize)
    throw Error(Reason::invalidSharedInfo,
                "BSP: the EID has 16 bytes, got " + std::to_string(eid.size()));
  Bytes out{keyType, keyLength, static_cast<std::uint8_t>(hostId.size())};
  out.insert(out.end(), hostId.begin(), hostId.end());
  out.push_back(static_cast<std::uint8_t>(eid.size()));
  out.insert(out.end(), eid.begin(), eid.end());
  return out;
}

SecretBytes x963KdfSha256(ByteView secret, ByteView sharedInfo, std::size_t outputSize) {
  Bytes out;
  out.reserve(outputSize + 32);
  detail::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) detail::throwOpenSsl("EVP_MD_CTX_new");
  try {
    for (std::uint32_t counter = 1; out.size() < outputSize; ++counter) {
      const std::array<std::uint8_t, 4> counterBytes = {
          static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
          static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
      std::array<std::uint8_t, 32> digest{};
      unsigned int digestSize = 0;
      if (EVP_DigestInit_ex2(ctx.get(), EVP_sha256(), nullptr) != 1 ||
          EVP_DigestUpdate(ctx.get(), secret.data(), secret.size()) != 1 ||
          EVP_DigestUpdate(ctx.get(), counterBytes.data(), counterBytes.size()) != 1 ||
          EVP_DigestUpdate(ctx.get(), sharedInfo.data(), sharedInfo.size()) != 1 ||
          EVP_DigestFinal_ex(ctx.get(), digest.data(), &digestSize) != 1 ||
          digestSize != digest.size())
        detail::throwOpenSsl("SHA-256 (X9.63 KDF)");
      out.insert(out.end(), digest.begin(), digest.end());
      wipe(digest);
    }
  } catch (...) {
    wipe(out);
    throw;
  }
  // resize keeps the cut-off digest bytes in the buffer's capacity: wipe them first.
  wipe(std::span<std::uint8_t>(out).subspan(outputSize));
  out.resize(outputSize);
  return SecretBytes(std::move(out));
}

SessionKeys deriveSessionKeys(ByteView sharedSecret, const SharedInfo &info) {
  const SecretBytes keys = x963KdfSha256(sharedSecret, info.encode(), 3 * Key128::kSize);
  const ByteView k = keys.view();
  return SessionKeys{Key128(k.subspan(0, 16)), Key128(k.subspan(16, 16)),
                     Key128(k.subspan(32, 16))};
}

SessionKeys deriveSessionKeys(const EcPrivateKey &own, const EcPublicKey &other,
                              const SharedInfo &info) {
  const SecretBytes shs = ecka(own, other);
  return deriveSessionKeys(shs.view(), info);
}

} // namespace bsp
