// What an eUICC says about itself: EID, EUICCInfo1, EUICCInfo2 and its
// configured addresses (SGP.22 clauses 5.7.8, 5.7.18, 5.7.20, 5.7.21).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/profile.hpp"

namespace esim {

// BitString is a DER BIT STRING: bit 0 is the most significant bit of the
// first byte.
struct BitString {
  Bytes bytes;
  std::uint8_t unusedBits = 0;
  // test reports whether bit |n| is set (false beyond the end).
  bool test(unsigned n) const noexcept;
  bool operator==(const BitString &) const = default;
};

// EUICCInfo1 is ES10b.GetEUICCInfo's short form.
struct EUICCInfo1 {
  Bytes svn; // 3 bytes: major, minor, revision of SGP.22
  std::vector<Bytes> euiccCiPKIdListForVerification;
  std::vector<Bytes> euiccCiPKIdListForSigning;
  bool operator==(const EUICCInfo1 &) const = default;
};

// ExtCardResource is the decoded extCardResource of EUICCInfo2
// (ETSI TS 102 226 clause 8.2.1.3.2).
struct ExtCardResource {
  std::optional<std::uint64_t> numberOfInstalledApplications; // tag 81
  std::optional<std::uint64_t> freeNonVolatileMemory;         // tag 82
  std::optional<std::uint64_t> freeVolatileMemory;            // tag 83
  bool operator==(const ExtCardResource &) const = default;
};

// EuiccCategory is the euiccCategory of EUICCInfo2.
enum class EuiccCategory : std::uint8_t {
  other = 0,
  basicEuicc = 1,
  mediumEuicc = 2,
  contactlessEuicc = 3
};

// CertificationDataObject is EUICCInfo2.certificationDataObject.
struct CertificationDataObject {
  std::string platformLabel;
  std::string discoveryBaseURL;
  bool operator==(const CertificationDataObject &) const = default;
};

// EUICCInfo2 is ES10b.GetEUICCInfo's long form.
struct EUICCInfo2 {
  Bytes profileVersion;   // 3 bytes
  Bytes svn;              // 3 bytes
  Bytes euiccFirmwareVer; // 3 bytes
  Bytes extCardResource;  // raw TLVs, decoded in extCardResourceDecoded
  ExtCardResource extCardResourceDecoded;
  BitString uiccCapability;
  std::optional<Bytes> ts102241Version;
  std::optional<Bytes> globalplatformVersion;
  BitString rspCapability;
  std::vector<Bytes> euiccCiPKIdListForVerification;
  std::vector<Bytes> euiccCiPKIdListForSigning;
  std::optional<EuiccCategory> euiccCategory;
  std::optional<PprIds> forbiddenProfilePolicyRules;
  Bytes ppVersion; // 3 bytes
  std::string sasAcreditationNumber;
  std::optional<CertificationDataObject> certificationDataObject;
  bool operator==(const EUICCInfo2 &) const = default;
};

// EuiccConfiguredAddresses is ES10a.GetEuiccConfiguredAddresses' answer.
struct EuiccConfiguredAddresses {
  std::optional<std::string> defaultDpAddress;
  std::string rootDsAddress;
  bool operator==(const EuiccConfiguredAddresses &) const = default;
};

// versionText formats a 3-byte VersionType as "2.2.2" ("" if not 3 bytes).
// Cannot fail.
std::string versionText(ByteView version);

// uiccCapabilityNames returns the names of the bits set in uiccCapability.
// Cannot fail.
std::vector<std::string> uiccCapabilityNames(const BitString &bits);
// rspCapabilityNames returns the names of the bits set in rspCapability.
// Cannot fail.
std::vector<std::string> rspCapabilityNames(const BitString &bits);

} // namespace esim
