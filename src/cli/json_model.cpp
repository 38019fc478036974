#include "json_model.hpp"

#include "esim/base64.hpp"

namespace esimctl {

using nlohmann::json;

const char *profileStateName(esim::ProfileState state) noexcept {
  return state == esim::ProfileState::enabled ? "enabled" : "disabled";
}

const char *profileClassName(esim::ProfileClass cls) noexcept {
  switch (cls) {
  case esim::ProfileClass::test: return "test";
  case esim::ProfileClass::provisioning: return "provisioning";
  case esim::ProfileClass::operational: return "operational";
  }
  return "operational";
}

namespace {
json hexList(const std::vector<esim::Bytes> &list) {
  json out = json::array();
  for (const auto &b : list)
    out.push_back(esim::toHex(b));
  return out;
}

json pprNames(const esim::PprIds &ppr) {
  json out = json::array();
  if (ppr.pprUpdateControl) out.push_back("pprUpdateControl");
  if (ppr.ppr1) out.push_back("ppr1");
  if (ppr.ppr2) out.push_back("ppr2");
  return out;
}
} // namespace

json toJson(const esim::ProfileInfo &p) {
  json j = json::object();
  if (p.iccid) j["iccid"] = *p.iccid;
  if (p.isdpAid) j["isdpAid"] = esim::toHex(*p.isdpAid);
  if (p.profileState) j["profileState"] = profileStateName(*p.profileState);
  if (p.profileNickname) j["profileNickname"] = *p.profileNickname;
  if (p.serviceProviderName) j["serviceProviderName"] = *p.serviceProviderName;
  if (p.profileName) j["profileName"] = *p.profileName;
  if (p.iconType) j["iconType"] = *p.iconType == esim::IconType::png ? "png" : "jpg";
  if (p.icon) j["icon"] = esim::base64Encode(*p.icon);
  j["profileClass"] = profileClassName(p.profileClass);
  if (!p.notificationConfigurationInfo.empty()) {
    json list = json::array();
    for (const auto &n : p.notificationConfigurationInfo) {
      list.push_back({{"profileManagementOperation",
                       esim::notificationEventName(n.profileManagementOperation)},
                      {"notificationAddress", n.notificationAddress}});
    }
    j["notificationConfigurationInfo"] = list;
  }
  if (p.profileOwner) {
    json owner = {{"mccMnc", esim::toHex(p.profileOwner->mccMnc)}};
    if (p.profileOwner->gid1) owner["gid1"] = esim::toHex(*p.profileOwner->gid1);
    if (p.profileOwner->gid2) owner["gid2"] = esim::toHex(*p.profileOwner->gid2);
    j["profileOwner"] = owner;
  }
  if (p.dpOid) j["dpProprietaryData"] = {{"dpOid", *p.dpOid}};
  if (p.profilePolicyRules) j["profilePolicyRules"] = pprNames(*p.profilePolicyRules);
  return j;
}

json toJson(const esim::EUICCInfo1 &info) {
  return {{"svn", esim::versionText(info.svn)},
          {"euiccCiPKIdListForVerification", hexList(info.euiccCiPKIdListForVerification)},
          {"euiccCiPKIdListForSigning", hexList(info.euiccCiPKIdListForSigning)}};
}

json toJson(const esim::EUICCInfo2 &info) {
  json j = {{"profileVersion", esim::versionText(info.profileVersion)},
            {"svn", esim::versionText(info.svn)},
            {"euiccFirmwareVer", esim::versionText(info.euiccFirmwareVer)},
            {"extCardResource", esim::toHex(info.extCardResource)},
            {"uiccCapability", esim::uiccCapabilityNames(info.uiccCapability)},
            {"rspCapability", esim::rspCapabilityNames(info.rspCapability)},
            {"euiccCiPKIdListForVerification", hexList(info.euiccCiPKIdListForVerification)},
            {"euiccCiPKIdListForSigning", hexList(info.euiccCiPKIdListForSigning)},
            {"ppVersion", esim::versionText(info.ppVersion)},
            {"sasAcreditationNumber", info.sasAcreditationNumber}};
  const auto &res = info.extCardResourceDecoded;
  if (res.numberOfInstalledApplications)
    j["numberOfInstalledApplications"] = *res.numberOfInstalledApplications;
  if (res.freeNonVolatileMemory) j["freeNonVolatileMemory"] = *res.freeNonVolatileMemory;
  if (res.freeVolatileMemory) j["freeVolatileMemory"] = *res.freeVolatileMemory;
  if (info.ts102241Version) j["ts102241Version"] = esim::versionText(*info.ts102241Version);
  if (info.globalplatformVersion)
    j["globalplatformVersion"] = esim::versionText(*info.globalplatformVersion);
  if (info.euiccCategory) {
    static const char *kNames[] = {"other", "basicEuicc", "mediumEuicc", "contactlessEuicc"};
    auto idx = static_cast<std::size_t>(*info.euiccCategory);
    j["euiccCategory"] = idx < 4 ? kNames[idx] : "other";
  }
  if (info.forbiddenProfilePolicyRules)
    j["forbiddenProfilePolicyRules"] = pprNames(*info.forbiddenProfilePolicyRules);
  if (info.certificationDataObject) {
    j["certificationDataObject"] = {
        {"platformLabel", info.certificationDataObject->platformLabel},
        {"discoveryBaseURL", info.certificationDataObject->discoveryBaseURL}};
  }
  return j;
}

json toJson(const esim::EuiccConfiguredAddresses &a) {
  json j = {{"rootDsAddress", a.rootDsAddress}};
  j["defaultDpAddress"] = a.defaultDpAddress ? json(*a.defaultDpAddress) : json(nullptr);
  return j;
}

json toJson(const esim::NotificationMetadata &m) {
  json j = {
      {"seqNumber", m.seqNumber},
      {"profileManagementOperation", esim::notificationEventName(m.profileManagementOperation)},
      {"notificationAddress", m.notificationAddress}};
  if (m.iccid) j["iccid"] = *m.iccid;
  return j;
}

json toJson(const esim::RulesAuthorisationTable &rat) {
  json out = json::array();
  for (const auto &rule : rat) {
    json operators = json::array();
    for (const auto &id : rule.allowedOperators) {
      json o = {{"mccMnc", esim::toHex(id.mccMnc)}};
      if (auto digits = esim::decodeMccMnc(id.mccMnc)) {
        o["mcc"] = digits->mcc;
        o["mnc"] = digits->mnc;
      }
      if (id.gid1) o["gid1"] = esim::toHex(*id.gid1);
      if (id.gid2) o["gid2"] = esim::toHex(*id.gid2);
      operators.push_back(o);
    }
    json flags = json::array();
    if (rule.pprFlags.consentRequired) flags.push_back("consentRequired");
    out.push_back(
        {{"pprIds", pprNames(rule.pprIds)}, {"allowedOperators", operators}, {"pprFlags", flags}});
  }
  return out;
}

} // namespace esimctl
