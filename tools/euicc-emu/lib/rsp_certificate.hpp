// RspCertificate: an X.509 certificate of the GSMA RSP PKI (SGP.22 clause
// 4.5.2) as the eUICC checks it: who issued it (AuthorityKeyIdentifier and
// the issuer's signature), its role (certificatePolicies id-rspRole), the
// SM-DP+ OID (subjectAltName registeredID) and the curve of its key; and
// ECDSA signatures in the raw r||s form of BSI TR-03111. CiTrust is the set
// of CI certificates the card trusts. Internal.
//
//   std::optional<RspCertificate> dpAuth = RspCertificate::parse(der);
//   const RspCertificate *ci = trust.find(euiccCiPKIdToBeUsed);
//   bool ok = dpAuth && ci && dpAuth->issuedBy(*ci) && dpAuth->hasPolicy(kOidRoleDpAuth);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bsp/ec_key.hpp"
#include "esim/bytes.hpp"

namespace euicc_emu {

// id-rspRole policies (SGP.22 ASN.1, arc 2.23.146.1.2.1).
inline constexpr std::string_view kOidRoleDpAuth = "2.23.146.1.2.1.4";
inline constexpr std::string_view kOidRoleDpPb = "2.23.146.1.2.1.5";
inline constexpr std::string_view kOidRoleDsAuth = "2.23.146.1.2.1.7";

// RspCertificate is one parsed certificate. Movable, not copyable.
class RspCertificate {
public:
  // parse reads one DER certificate |der| (nothing may follow it). Returns
  // nullopt if it is not an X.509 certificate. Never throws except
  // std::bad_alloc.
  static std::optional<RspCertificate> parse(esim::ByteView der);
  // load reads a PEM or DER certificate file. Throws esim::Error(Errc::emulator)
  // "state file |source|: |field|: <path>: <problem>".
  static RspCertificate load(const std::string &path, std::string_view source,
                             const std::string &field);

  RspCertificate(RspCertificate &&) noexcept;
  RspCertificate &operator=(RspCertificate &&) noexcept;
  ~RspCertificate();

  // subjectKeyId and authorityKeyId return the key identifiers (empty if
  // the extension is absent).
  const esim::Bytes &subjectKeyId() const noexcept;
  const esim::Bytes &authorityKeyId() const noexcept;
  // hasPolicy reports whether certificatePolicies lists |dottedOid|.
  bool hasPolicy(std::string_view dottedOid) const;
  // smdpOid returns the content octets of the first registeredID of the
  // subjectAltName (the SM-DP+ OID, as tag 06 of SGP.22 carries it), or
  // nullopt.
  const std::optional<esim::Bytes> &smdpOid() const noexcept;
  // curve returns the curve of the certificate's EC key, or nullopt for any
  // other key.
  std::optional<bsp::Curve> curve() const noexcept;
  // issuedBy reports whether |issuer| issued this certificate: its
  // AuthorityKeyIdentifier is the issuer's SubjectKeyIdentifier and the
  // signature verifies with the issuer's key. Never throws.
  bool issuedBy(const RspCertificate &issuer) const noexcept;
  // verify reports whether |rawSignature| (r||s, 64 bytes) is an ECDSA
  // signature with SHA-256 over |message| by this certificate's key. Never
  // throws except std::bad_alloc.
  bool verify(esim::ByteView message, esim::ByteView rawSignature) const;

private:
  struct Impl;
  explicit RspCertificate(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

// CiTrust holds the CI certificates the card trusts (the state's
// pki.ciCertificates). Movable.
class CiTrust {
public:
  // load reads every file of |paths| (already resolved). Throws as
  // RspCertificate::load, naming "pki.ciCertificates[i]", and if a file
  // has no SubjectKeyIdentifier.
  static CiTrust load(const std::vector<std::string> &paths, std::string_view source);

  // find returns the CI whose SubjectKeyIdentifier is |keyId|, or nullptr.
  const RspCertificate *find(esim::ByteView keyId) const noexcept;
  // size returns the number of trusted CIs.
  std::size_t size() const noexcept { return cis_.size(); }

private:
  std::vector<RspCertificate> cis_;
};

} // namespace euicc_emu
