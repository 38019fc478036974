// Containers for secret bytes (shared secrets, AES keys, decrypted key
// material): each wipes its bytes with OPENSSL_cleanse when it dies or is
// overwritten.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "esim/bytes.hpp"

namespace bsp {

using esim::Bytes;
using esim::ByteView;

// wipe overwrites |bytes| with zeros in a way the compiler does not remove
// (OPENSSL_cleanse). Cannot fail.
void wipe(std::span<std::uint8_t> bytes) noexcept;

// SecretBytes is an owned byte buffer of secret data (an ECDH shared secret,
// an encoded ReplaceSessionKeysRequest), wiped when destroyed or assigned to.
class SecretBytes {
public:
  // SecretBytes is empty. Cannot fail.
  SecretBytes() noexcept = default;
  // SecretBytes copies |bytes|. Throws std::bad_alloc only.
  explicit SecretBytes(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}
  // SecretBytes takes |bytes| over (the moved-from vector is left empty).
  explicit SecretBytes(Bytes &&bytes) noexcept : bytes_(std::move(bytes)) {}
  // SecretBytes copies |other|. Throws std::bad_alloc only.
  SecretBytes(const SecretBytes &other) : bytes_(other.bytes_) {}
  SecretBytes(SecretBytes &&other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecretBytes &operator=(const SecretBytes &other);
  SecretBytes &operator=(SecretBytes &&other) noexcept;
  // ~SecretBytes wipes the bytes. Cannot fail.
  ~SecretBytes();

  // view returns the bytes; valid while this object lives unchanged.
  ByteView view() const noexcept { return bytes_; }
  // size returns the number of bytes.
  std::size_t size() const noexcept { return bytes_.size(); }

private:
  Bytes bytes_;
};

// Key128 is a 16-byte AES-128 key or MAC chaining value, wiped when destroyed.
class Key128 {
public:
  // kSize is the size of every Key128.
  static constexpr std::size_t kSize = 16;

  // Key128 copies |bytes|. Throws Error(Reason::invalidKey) unless |bytes|
  // holds exactly 16 bytes.
  explicit Key128(ByteView bytes);
  Key128(const Key128 &) noexcept = default;
  Key128 &operator=(const Key128 &) noexcept = default;
  // ~Key128 wipes the key. Cannot fail.
  ~Key128();

  // view returns the 16 bytes; valid while this object lives unchanged.
  ByteView view() const noexcept { return bytes_; }

private:
  std::array<std::uint8_t, kSize> bytes_{};
};

} // namespace bsp
