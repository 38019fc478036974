// stateToJson: EmulatorState -> the normalized JSON of the state file, keys in
// the order the README documents them so that a saved file stays readable.
#include <nlohmann/json.hpp>

#include "esim/base64.hpp"
#include "euicc_emu/state.hpp"
#include "state_names.hpp"
#include "state_rat.hpp"
#include "state_unknown_keys.hpp"

namespace euicc_emu {

namespace {

using ojson = nlohmann::ordered_json;

ojson hexList(const std::vector<esim::Bytes> &list) {
  ojson out = ojson::array();
  for (const auto &b : list)
    out.push_back(esim::toHex(b));
  return out;
}

ojson bitNameList(const esim::BitString &bits, names::BitNames kind) {
  std::vector<std::string> list = kind == names::BitNames::uiccCapability
                                      ? esim::uiccCapabilityNames(bits)
                                      : esim::rspCapabilityNames(bits);
  return ojson(list);
}

ojson euiccInfo2Json(const esim::EUICCInfo2 &i) {
  ojson o = ojson::object();
  o["profileVersion"] = esim::versionText(i.profileVersion);
  o["svn"] = esim::versionText(i.svn);
  o["euiccFirmwareVer"] = esim::versionText(i.euiccFirmwareVer);
  const esim::ExtCardResource &ext = i.extCardResourceDecoded;
  if (ext.numberOfInstalledApplications)
    o["numberOfInstalledApplications"] = *ext.numberOfInstalledApplications;
  if (ext.freeNonVolatileMemory) o["freeNonVolatileMemory"] = *ext.freeNonVolatileMemory;
  if (ext.freeVolatileMemory) o["freeVolatileMemory"] = *ext.freeVolatileMemory;
  o["uiccCapability"] = bitNameList(i.uiccCapability, names::BitNames::uiccCapability);
  if (i.ts102241Version) o["ts102241Version"] = esim::versionText(*i.ts102241Version);
  if (i.globalplatformVersion)
    o["globalplatformVersion"] = esim::versionText(*i.globalplatformVersion);
  o["rspCapability"] = bitNameList(i.rspCapability, names::BitNames::rspCapability);
  o["euiccCiPKIdListForVerification"] = hexList(i.euiccCiPKIdListForVerification);
  o["euiccCiPKIdListForSigning"] = hexList(i.euiccCiPKIdListForSigning);
  if (i.euiccCategory) o["euiccCategory"] = names::euiccCategoryName(*i.euiccCategory);
  if (i.forbiddenProfilePolicyRules)
    o["forbiddenProfilePolicyRules"] = names::pprNames(*i.forbiddenProfilePolicyRules);
  o["ppVersion"] = esim::versionText(i.ppVersion);
  o["sasAcreditationNumber"] = i.sasAcreditationNumber;
  if (i.certificationDataObject) {
    o["certificationDataObject"] = {
        {"platformLabel", i.certificationDataObject->platformLabel},
        {"discoveryBaseURL", i.certificationDataObject->discoveryBaseURL}};
  }
  return o;
}

ojson profileJson(const esim::ProfileInfo &p) {
  ojson o = ojson::object();
  if (p.iccid) o["iccid"] = *p.iccid;
  if (p.isdpAid) o["isdpAid"] = esim::toHex(*p.isdpAid);
  if (p.profileState) o["profileState"] = names::profileStateName(*p.profileState);
  if (p.profileNickname) o["profileNickname"] = *p.profileNickname;
  if (p.serviceProviderName) o["serviceProviderName"] = *p.serviceProviderName;
  if (p.profileName) o["profileName"] = *p.profileName;
  if (p.iconType) o["iconType"] = names::iconTypeName(*p.iconType);
  if (p.icon) o["icon"] = esim::base64Encode(*p.icon);
  o["profileClass"] = names::profileClassName(p.profileClass);
  if (!p.notificationConfigurationInfo.empty()) {
    ojson list = ojson::array();
    for (const auto &nci : p.notificationConfigurationInfo) {
      list.push_back({{"profileManagementOperation",
                       esim::notificationEventName(nci.profileManagementOperation)},
                      {"notificationAddress", nci.notificationAddress}});
    }
    o["notificationConfigurationInfo"] = std::move(list);
  }
  if (p.profileOwner) {
    ojson owner = {{"mccMnc", esim::toHex(p.profileOwner->mccMnc)}};
    if (p.profileOwner->gid1) owner["gid1"] = esim::toHex(*p.profileOwner->gid1);
    if (p.profileOwner->gid2) owner["gid2"] = esim::toHex(*p.profileOwner->gid2);
    o["profileOwner"] = std::move(owner);
  }
  if (p.dpOid) o["dpOid"] = *p.dpOid;
  if (p.profilePolicyRules) o["profilePolicyRules"] = names::pprNames(*p.profilePolicyRules);
  return o;
}

} // namespace

std::string stateToJson(const EmulatorState &s) {
  ojson doc = ojson::object();
  doc["formatVersion"] = kStateFormatVersion;
  doc["eid"] = esim::toHex(s.eid);
  if (s.isdrAid != defaultIsdrAid()) doc["isdrAid"] = esim::toHex(s.isdrAid);
  if (s.atr) doc["atr"] = esim::toHex(*s.atr);
  doc["euiccInfo2"] = euiccInfo2Json(s.euiccInfo2);
  // EUICCInfo1 repeats parts of EUICCInfo2; written only when it differs
  // (or has keys of its own to keep).
  if (!(s.euiccInfo1 == euiccInfo1From(s.euiccInfo2)) || !s.unknownKeys.euiccInfo1.empty()) {
    doc["euiccInfo1"] = {
        {"svn", esim::versionText(s.euiccInfo1.svn)},
        {"euiccCiPKIdListForVerification", hexList(s.euiccInfo1.euiccCiPKIdListForVerification)},
        {"euiccCiPKIdListForSigning", hexList(s.euiccInfo1.euiccCiPKIdListForSigning)}};
  }
  ojson addresses = ojson::object();
  if (s.configuredAddresses.defaultDpAddress)
    addresses["defaultDpAddress"] = *s.configuredAddresses.defaultDpAddress;
  addresses["rootDsAddress"] = s.configuredAddresses.rootDsAddress;
  doc["configuredAddresses"] = std::move(addresses);
  ojson profiles = ojson::array();
  for (const auto &p : s.profiles) {
    ojson o = profileJson(p);
    if (p.iccid) {
      if (auto ci = s.profileCiPKIds.find(*p.iccid); ci != s.profileCiPKIds.end())
        o["euiccCiPKId"] = esim::toHex(ci->second);
    }
    profiles.push_back(std::move(o));
  }
  doc["profiles"] = std::move(profiles);
  doc["nextSeqNumber"] = s.nextSeqNumber;
  ojson notifications = ojson::array();
  for (const auto &n : s.notifications) {
    ojson o = {{"seqNumber", n.metadata.seqNumber},
               {"profileManagementOperation",
                esim::notificationEventName(n.metadata.profileManagementOperation)},
               {"notificationAddress", n.metadata.notificationAddress}};
    if (n.metadata.iccid) o["iccid"] = *n.metadata.iccid;
    o["der"] = esim::toHex(n.der);
    notifications.push_back(std::move(o));
  }
  doc["notifications"] = std::move(notifications);
  if (s.rat) doc["rat"] = ratJson(*s.rat);
  if (s.pki) {
    doc["pki"] = {{"euiccKey", s.pki->euiccKey},
                  {"euiccCertificate", s.pki->euiccCertificate},
                  {"eumCertificate", s.pki->eumCertificate}};
    if (!s.pki->ciCertificates.empty()) doc["pki"]["ciCertificates"] = s.pki->ciCertificates;
    if (!s.pki->additionalCredentials.empty()) {
      ojson more = ojson::array();
      for (const EuiccCredential &c : s.pki->additionalCredentials) {
        more.push_back({{"euiccKey", c.euiccKey},
                        {"euiccCertificate", c.euiccCertificate},
                        {"eumCertificate", c.eumCertificate}});
      }
      doc["pki"]["additionalCredentials"] = std::move(more);
    }
  }
  addUnknownKeys(doc, s);
  // replace: a string that is not UTF-8 (validateState refuses those, but
  // this must never throw) is written with U+FFFD instead of aborting.
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

} // namespace euicc_emu
