// EuiccSigner: the emulated eUICC's signing identity (SGP.22 clause 4.5.2):
// SK.EUICC.SIG, a NIST P-256 or brainpoolP256r1 private key held in memory as an OpenSSL
// EVP_PKEY, and the eUICC and EUM certificates it sends along with every
// signature. Internal.
//
//   EuiccSigner signer = EuiccSigner::load(*state.pki, "card.json");
//   esim::Bytes rs = signer.sign(tbs); // 64 bytes: r || s
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "euicc_emu/state.hpp"

namespace euicc_emu {

// EuiccSigner signs with the eUICC's private key. Movable, not copyable; the
// key is freed (and OpenSSL wipes it) when the signer goes away.
class EuiccSigner {
public:
  // load reads the three files of |files| (PEM or DER each) and checks them:
  // the key is an EC key on NIST P-256 or brainpoolP256r1 (the curves
  // SGP.22 allows), it belongs to the eUICC certificate, and the
  // EUM certificate's key signed the eUICC certificate. Every buffer that
  // held key bytes is wiped. Throws esim::Error(Errc::emulator) "state file
  // |source|: pki.<field>: <problem>" naming the file.
  static EuiccSigner load(const PkiFiles &files, std::string_view source);
  // load with |index| reads identity |index| of files.credentials() (0: the
  // first), naming pki.additionalCredentials[index-1].<field> in messages.
  static EuiccSigner load(const PkiFiles &files, std::size_t index, std::string_view source);
  // loadAll loads every identity of |files|, first one first. Throws as load
  // does, and esim::Error(Errc::emulator) if two are under the same CI.
  static std::vector<EuiccSigner> loadAll(const PkiFiles &files, std::string_view source);

  EuiccSigner(EuiccSigner &&) noexcept;
  EuiccSigner &operator=(EuiccSigner &&) noexcept;
  ~EuiccSigner();

  // sign returns the ECDSA signature with SHA-256 over |message|, encoded as
  // in BSI TR-03111 (what SGP.22 uses for euiccNotificationSignature): r and
  // s as unsigned big-endian numbers of 32 bytes each, concatenated; not an
  // ASN.1 ECDSA-Sig-Value. Throws esim::Error(Errc::internal) if OpenSSL
  // fails to sign.
  esim::Bytes sign(esim::ByteView message) const;

  // euiccCertificate and eumCertificate return the certificates as DER.
  const esim::Bytes &euiccCertificate() const noexcept;
  const esim::Bytes &eumCertificate() const noexcept;
  // ciKeyIdentifier returns the keyIdentifier of the EUM certificate's
  // AuthorityKeyIdentifier: the CI's key, as EUICCInfo lists it (empty if the
  // EUM certificate has none).
  const esim::Bytes &ciKeyIdentifier() const noexcept;

private:
  struct Impl;
  explicit EuiccSigner(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

} // namespace euicc_emu
