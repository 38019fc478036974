// Wiped containers for secret bytes.
#include "bsp/secret.hpp"

#include <algorithm>

#include <openssl/crypto.h>

#include "bsp/error.hpp"

namespace bsp {

void wipe(std::span<std::uint8_t> bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

SecretBytes &SecretBytes::operator=(const SecretBytes &other) {
  if (this != &other) {
    Bytes copy(other.bytes_);
    wipe(bytes_);
    bytes_.swap(copy);
  }
  return *this;
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept {
  if (this != &other) {
    wipe(bytes_);
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

SecretBytes::~SecretBytes() {
  wipe(bytes_);
}

Key128::Key128(ByteView bytes) {
  if (bytes.size() != kSize)
    throw Error(Reason::invalidKey, "BSP: an AES-128 key or MAC chaining value has 16 bytes, not " +
                                        std::to_string(bytes.size()));
  std::copy(bytes.begin(), bytes.end(), bytes_.begin());
}

Key128::~Key128() {
  wipe(bytes_);
}

} // namespace bsp
