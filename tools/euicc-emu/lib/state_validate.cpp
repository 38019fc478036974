// validateState: the rules every emulator state follows, whether it came from
// a file or was built in code (tests, the ES10 functions' state changes).
#include <algorithm>
#include <map>
#include <set>

#include "esim/error.hpp"
#include "esim/iccid.hpp"
#include "euicc_emu/state.hpp"
#include "state_names.hpp"
#include "state_rat.hpp"

namespace euicc_emu {

namespace {

// Limits from the SGP.22 ASN.1 (SIZE constraints asn1c does not check).
constexpr std::size_t kEidLength = 16;
constexpr std::size_t kMinAidLength = 5;
constexpr std::size_t kMaxAidLength = 16;
constexpr std::size_t kVersionLength = 3;
constexpr std::size_t kMccMncLength = 3;
constexpr std::size_t kMaxNicknameBytes = 64;
constexpr std::size_t kMaxServiceProviderNameBytes = 32;
constexpr std::size_t kMaxProfileNameBytes = 64;
constexpr std::size_t kMaxIconBytes = 1024;
constexpr std::size_t kMaxSasAcreditationBytes = 64;
// ISO/IEC 7816-3: TS plus at most 32 bytes.
constexpr std::size_t kMinAtrLength = 2;
constexpr std::size_t kMaxAtrLength = 33;
constexpr std::uint8_t kAtrDirect = 0x3B;
constexpr std::uint8_t kAtrInverse = 0x3F;

[[noreturn]] void fail(std::string_view source, const std::string &path,
                       const std::string &problem) {
  throw esim::Error(esim::Errc::emulator,
                    "state file " + std::string(source) + ": " + path + ": " + problem,
                    "fix the file (format: docs/emulator.md) or recreate it with "
                    "`euicc-emu --state FILE --init --force`");
}

void checkText(std::string_view source, const std::string &path, const std::string &text,
               std::size_t maxBytes) {
  if (!names::isUtf8(text)) fail(source, path, "is not valid UTF-8");
  if (maxBytes != 0 && text.size() > maxBytes) {
    fail(source, path,
         "is " + std::to_string(text.size()) + " bytes of UTF-8; at most " +
             std::to_string(maxBytes) + " are allowed");
  }
}

void checkLength(std::string_view source, const std::string &path, const esim::Bytes &b,
                 std::size_t min, std::size_t max) {
  if (b.size() < min || b.size() > max) {
    std::string expected =
        min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
    constexpr std::size_t kShownBytes = 20;
    std::string shown = esim::toHex(esim::ByteView(b).first(std::min(b.size(), kShownBytes)));
    if (b.size() > kShownBytes) shown += "...";
    fail(source, path, shown + " is " + std::to_string(b.size()) + " bytes, expected " + expected);
  }
}

void checkIccid(std::string_view source, const std::string &path, const std::string &iccid) {
  bool digitsOnly = !iccid.empty();
  for (char c : iccid)
    digitsOnly = digitsOnly && c >= '0' && c <= '9';
  if (!digitsOnly || iccid.size() < 18 || iccid.size() > 20) {
    fail(source, path, "'" + iccid + "' is not an ICCID (18 to 20 decimal digits, no F padding)");
  }
}

void checkEuiccInfo(std::string_view source, const EmulatorState &s) {
  checkLength(source, "euiccInfo1.svn", s.euiccInfo1.svn, kVersionLength, kVersionLength);
  const esim::EUICCInfo2 &i = s.euiccInfo2;
  checkLength(source, "euiccInfo2.profileVersion", i.profileVersion, kVersionLength,
              kVersionLength);
  checkLength(source, "euiccInfo2.svn", i.svn, kVersionLength, kVersionLength);
  checkLength(source, "euiccInfo2.euiccFirmwareVer", i.euiccFirmwareVer, kVersionLength,
              kVersionLength);
  checkLength(source, "euiccInfo2.ppVersion", i.ppVersion, kVersionLength, kVersionLength);
  if (i.ts102241Version)
    checkLength(source, "euiccInfo2.ts102241Version", *i.ts102241Version, kVersionLength,
                kVersionLength);
  if (i.globalplatformVersion)
    checkLength(source, "euiccInfo2.globalplatformVersion", *i.globalplatformVersion,
                kVersionLength, kVersionLength);
  checkText(source, "euiccInfo2.sasAcreditationNumber", i.sasAcreditationNumber,
            kMaxSasAcreditationBytes);
  auto checkKeyIds = [&](const std::vector<esim::Bytes> &ids, const std::string &path) {
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (ids[k].empty()) fail(source, path + "[" + std::to_string(k) + "]", "is empty");
    }
  };
  checkKeyIds(i.euiccCiPKIdListForVerification, "euiccInfo2.euiccCiPKIdListForVerification");
  checkKeyIds(i.euiccCiPKIdListForSigning, "euiccInfo2.euiccCiPKIdListForSigning");
  checkKeyIds(s.euiccInfo1.euiccCiPKIdListForVerification,
              "euiccInfo1.euiccCiPKIdListForVerification");
  checkKeyIds(s.euiccInfo1.euiccCiPKIdListForSigning, "euiccInfo1.euiccCiPKIdListForSigning");
  if (i.certificationDataObject) {
    checkText(source, "euiccInfo2.certificationDataObject.platformLabel",
              i.certificationDataObject->platformLabel, 0);
    checkText(source, "euiccInfo2.certificationDataObject.discoveryBaseURL",
              i.certificationDataObject->discoveryBaseURL, 0);
  }
}

void checkProfile(std::string_view source, const EmulatorState &s, const esim::ProfileInfo &p,
                  const std::string &path) {
  if (!p.iccid) fail(source, path + ".iccid", "missing; every profile needs an ICCID");
  checkIccid(source, path + ".iccid", *p.iccid);
  if (!p.isdpAid) fail(source, path + ".isdpAid", "missing; every profile needs an ISD-P AID");
  checkLength(source, path + ".isdpAid", *p.isdpAid, kMinAidLength, kMaxAidLength);
  if (*p.isdpAid == s.isdrAid) fail(source, path + ".isdpAid", "equals the ISD-R AID");
  if (!p.profileState) fail(source, path + ".profileState", "missing (enabled or disabled)");
  if (p.profileNickname)
    checkText(source, path + ".profileNickname", *p.profileNickname, kMaxNicknameBytes);
  if (p.serviceProviderName)
    checkText(source, path + ".serviceProviderName", *p.serviceProviderName,
              kMaxServiceProviderNameBytes);
  if (p.profileName) checkText(source, path + ".profileName", *p.profileName, kMaxProfileNameBytes);
  if (p.icon) checkLength(source, path + ".icon", *p.icon, 0, kMaxIconBytes);
  for (std::size_t k = 0; k < p.notificationConfigurationInfo.size(); ++k) {
    std::string npath =
        path + ".notificationConfigurationInfo[" + std::to_string(k) + "].notificationAddress";
    const std::string &address = p.notificationConfigurationInfo[k].notificationAddress;
    if (address.empty()) fail(source, npath, "is empty; give the SM-DP+ FQDN");
    checkText(source, npath, address, 0);
  }
  if (p.profileOwner)
    checkLength(source, path + ".profileOwner.mccMnc", p.profileOwner->mccMnc, kMccMncLength,
                kMccMncLength);
  if (p.dpOid && !names::isDottedOid(*p.dpOid))
    fail(source, path + ".dpOid",
         "'" + *p.dpOid + "' is not a dotted OID like 1.3.6.1.4.1.32473.1");
}

void checkNotifications(std::string_view source, const EmulatorState &s) {
  if (s.nextSeqNumber < 0) fail(source, "nextSeqNumber", "is negative");
  std::set<std::int64_t> seen;
  for (std::size_t k = 0; k < s.notifications.size(); ++k) {
    std::string path = "notifications[" + std::to_string(k) + "]";
    const StoredNotification &n = s.notifications[k];
    if (n.metadata.seqNumber < 0) fail(source, path + ".seqNumber", "is negative");
    if (!seen.insert(n.metadata.seqNumber).second)
      fail(source, path + ".seqNumber",
           std::to_string(n.metadata.seqNumber) + " is used by two notifications");
    if (n.metadata.seqNumber >= s.nextSeqNumber)
      fail(source, path + ".seqNumber",
           std::to_string(n.metadata.seqNumber) + " is not below nextSeqNumber " +
               std::to_string(s.nextSeqNumber) + "; raise nextSeqNumber");
    if (n.metadata.notificationAddress.empty())
      fail(source, path + ".notificationAddress", "is empty");
    checkText(source, path + ".notificationAddress", n.metadata.notificationAddress, 0);
    if (n.metadata.iccid) checkIccid(source, path + ".iccid", *n.metadata.iccid);
    if (n.der.empty()) fail(source, path + ".der", "is empty");
  }
}

} // namespace

esim::Bytes defaultIsdrAid() {
  return {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
          0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00};
}

esim::EUICCInfo1 euiccInfo1From(const esim::EUICCInfo2 &info2) {
  esim::EUICCInfo1 info1;
  info1.svn = info2.svn;
  info1.euiccCiPKIdListForVerification = info2.euiccCiPKIdListForVerification;
  info1.euiccCiPKIdListForSigning = info2.euiccCiPKIdListForSigning;
  return info1;
}

void validateState(const EmulatorState &s, std::string_view source) {
  checkLength(source, "eid", s.eid, kEidLength, kEidLength);
  checkLength(source, "isdrAid", s.isdrAid, kMinAidLength, kMaxAidLength);
  if (s.atr) {
    checkLength(source, "atr", *s.atr, kMinAtrLength, kMaxAtrLength);
    if ((*s.atr)[0] != kAtrDirect && (*s.atr)[0] != kAtrInverse)
      fail(source, "atr", "must start with 3B or 3F (ISO/IEC 7816-3 TS byte)");
  }
  checkEuiccInfo(source, s);
  if (s.configuredAddresses.defaultDpAddress)
    checkText(source, "configuredAddresses.defaultDpAddress",
              *s.configuredAddresses.defaultDpAddress, 0);
  checkText(source, "configuredAddresses.rootDsAddress", s.configuredAddresses.rootDsAddress, 0);

  std::map<std::string, std::size_t> iccids;
  std::map<esim::Bytes, std::size_t> aids;
  std::optional<std::size_t> enabled;
  for (std::size_t k = 0; k < s.profiles.size(); ++k) {
    std::string path = "profiles[" + std::to_string(k) + "]";
    const esim::ProfileInfo &p = s.profiles[k];
    checkProfile(source, s, p, path);
    if (auto [it, fresh] = iccids.emplace(*p.iccid, k); !fresh)
      fail(source, path + ".iccid",
           *p.iccid + " is also the ICCID of profiles[" + std::to_string(it->second) + "]");
    if (auto [it, fresh] = aids.emplace(*p.isdpAid, k); !fresh)
      fail(source, path + ".isdpAid",
           esim::toHex(*p.isdpAid) + " is also the AID of profiles[" + std::to_string(it->second) +
               "]");
    if (*p.profileState == esim::ProfileState::enabled) {
      if (enabled)
        fail(source, path + ".profileState",
             "profiles[" + std::to_string(*enabled) +
                 "] is enabled too; at most one profile "
                 "may be enabled");
      enabled = k;
    }
  }
  checkNotifications(source, s);
  if (s.rat) checkRat(*s.rat, source);
  if (s.pki) {
    if (s.pki->euiccKey.empty()) fail(source, "pki.euiccKey", "is empty");
    if (s.pki->euiccCertificate.empty()) fail(source, "pki.euiccCertificate", "is empty");
    if (s.pki->eumCertificate.empty()) fail(source, "pki.eumCertificate", "is empty");
  }
}

} // namespace euicc_emu
