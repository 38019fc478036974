// The symmetric primitives of SCP03t on OpenSSL 3's EVP interfaces (private
// header): AES-128 ECB of one block, AES-128-CBC without padding, AES-CMAC.
// Every function throws Error(Reason::cryptoFailure) if OpenSSL fails.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "bsp/secret.hpp"

namespace bsp::detail {

using Block = std::array<std::uint8_t, 16>;

// aesEcbBlock returns AES-128(key, block).
Block aesEcbBlock(const Key128 &key, const Block &block);

// aesCbcEncrypt returns AES-128-CBC(key, iv) of the concatenation of |parts|,
// whose total size must be a multiple of 16 (no padding is added).
Bytes aesCbcEncrypt(const Key128 &key, const Block &iv, std::initializer_list<ByteView> parts);

// aesCbcDecrypt returns the AES-128-CBC(key, iv) decryption of |data|, whose
// size must be a multiple of 16 (no padding is removed).
Bytes aesCbcDecrypt(const Key128 &key, const Block &iv, ByteView data);

// aesCmac returns the full 16-byte AES-CMAC(key) of the concatenation of |parts|.
Block aesCmac(const Key128 &key, std::initializer_list<ByteView> parts);

} // namespace bsp::detail
