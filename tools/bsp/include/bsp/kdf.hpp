// BSP key derivation (SGP.22 v2 Annex G, v3 §2.6.4.2): ANSI X9.63 KDF with
// SHA-256 over the ECKA shared secret ShS and the SharedInfo built from the
// CRT (A6) of InitialiseSecureChannel and the EID; 48 bytes split into the
// initial MAC chaining value, S-ENC and S-MAC.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bsp/ec_key.hpp"
#include "bsp/secret.hpp"

namespace bsp {

// kKeyTypeAes is the keyType of the CRT (tag 80 in A6): GlobalPlatform AES.
inline constexpr std::uint8_t kKeyTypeAes = 0x88;
// kKeyLength128 is the keyLength of the CRT (tag 81 in A6): 16 bytes.
inline constexpr std::uint8_t kKeyLength128 = 0x10;
// kEidSize is the size of a binary EID.
inline constexpr std::size_t kEidSize = 16;

// SharedInfo holds the KDF inputs besides ShS.
struct SharedInfo {
  std::uint8_t keyType = kKeyTypeAes;     // CRT tag 80
  std::uint8_t keyLength = kKeyLength128; // CRT tag 81
  Bytes hostId;                           // CRT tag 84, 1..16 bytes
  Bytes eid;                              // the EID, 16 bytes (serialNumber of CERT.EUICC)

  // encode returns keyType || keyLength || len(hostId) || hostId || len(eid)
  // || eid. Throws Error(Reason::unsupportedCrtValues) unless keyType is 88
  // and keyLength 16, and Error(Reason::invalidSharedInfo) unless hostId
  // has 1..16 bytes and eid 16.
  Bytes encode() const;
};

// SessionKeys is one BSP key set: the session keys from the KDF, or the
// PPK set of a ReplaceSessionKeysRequest. Wiped when destroyed.
struct SessionKeys {
  Key128 initialMcv; // initial MAC chaining value
  Key128 sEnc;       // S-ENC (or PPK-ENC)
  Key128 sMac;       // S-MAC (or PPK-MAC)
};

// x963KdfSha256 returns |outputSize| bytes of SHA256(secret || counter ||
// sharedInfo) blocks, the 32-bit big-endian counter starting at 1 (ANSI
// X9.63). Throws Error(Reason::cryptoFailure) if OpenSSL fails.
SecretBytes x963KdfSha256(ByteView secret, ByteView sharedInfo, std::size_t outputSize);

// deriveSessionKeys derives the session keys from the shared secret
// |sharedSecret| (ShS). Throws as SharedInfo::encode and x963KdfSha256 do.
SessionKeys deriveSessionKeys(ByteView sharedSecret, const SharedInfo &info);

// deriveSessionKeys runs ECKA between |own| and |other| and derives the
// session keys: the eUICC passes otSK.EUICC and otPK.DP, the SM-DP+ otSK.DP
// and otPK.EUICC. Throws as ecka and the overload above do.
SessionKeys deriveSessionKeys(const EcPrivateKey &own, const EcPublicKey &other,
                              const SharedInfo &info);

} // namespace bsp
