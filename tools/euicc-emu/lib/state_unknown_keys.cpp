// The keys parseState reads, per object, and what is left over.
#include "state_unknown_keys.hpp"

#include <algorithm>
#include <span>
#include <string_view>

namespace euicc_emu {

namespace {

using ojson = nlohmann::ordered_json;
using Keys = std::span<const std::string_view>;

// The keys state_parse.cpp reads; a key added there must be added here, or
// it is written twice (known and unknown) - EmuUnknownKeys tests catch that.
constexpr std::string_view kTopLevel[] = {
    "formatVersion",       "eid",      "isdrAid",       "atr",           "euiccInfo2", "euiccInfo1",
    "configuredAddresses", "profiles", "nextSeqNumber", "notifications", "rat",        "pki"};
constexpr std::string_view kEuiccInfo2[] = {"profileVersion",
                                            "svn",
                                            "euiccFirmwareVer",
                                            "numberOfInstalledApplications",
                                            "freeNonVolatileMemory",
                                            "freeVolatileMemory",
                                            "uiccCapability",
                                            "ts102241Version",
                                            "globalplatformVersion",
                                            "rspCapability",
                                            "euiccCiPKIdListForVerification",
                                            "euiccCiPKIdListForSigning",
                                            "euiccCategory",
                                            "forbiddenProfilePolicyRules",
                                            "ppVersion",
                                            "sasAcreditationNumber",
                                            "certificationDataObject"};
constexpr std::string_view kEuiccInfo1[] = {"svn", "euiccCiPKIdListForVerification",
                                            "euiccCiPKIdListForSigning"};
constexpr std::string_view kAddresses[] = {"defaultDpAddress", "rootDsAddress"};
constexpr std::string_view kPki[] = {"euiccKey", "euiccCertificate", "eumCertificate",
                                     "ciCertificates", "additionalCredentials"};
constexpr std::string_view kProfile[] = {"iccid",
                                         "isdpAid",
                                         "profileState",
                                         "profileNickname",
                                         "serviceProviderName",
                                         "profileName",
                                         "iconType",
                                         "icon",
                                         "profileClass",
                                         "notificationConfigurationInfo",
                                         "profileOwner",
                                         "dpOid",
                                         "profilePolicyRules",
                                         "euiccCiPKId"};
constexpr std::string_view kNotification[] = {"seqNumber", "profileManagementOperation",
                                              "notificationAddress", "iccid", "der"};

// unknownOf returns the members of |obj| not in |known| as JSON text, or ""
// if there are none (or |obj| is not an object).
std::string unknownOf(const ojson &obj, Keys known) {
  if (!obj.is_object()) return {};
  ojson extra = ojson::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      extra[it.key()] = it.value();
  }
  if (extra.empty()) return {};
  return extra.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string unknownMember(const ojson &doc, const char *key, Keys known) {
  auto it = doc.find(key);
  return it == doc.end() ? std::string() : unknownOf(*it, known);
}

// append adds the members of the JSON object text |extra| to |obj|.
void append(ojson &obj, const std::string &extra) {
  if (extra.empty() || !obj.is_object()) return;
  ojson members = ojson::parse(extra, nullptr, false);
  if (!members.is_object()) return; // not ours: UnknownKeys set by hand
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (!obj.contains(it.key())) obj[it.key()] = it.value();
  }
}

void appendMember(ojson &doc, const char *key, const std::string &extra) {
  if (extra.empty()) return;
  auto it = doc.find(key);
  if (it != doc.end()) append(*it, extra);
}

} // namespace

UnknownKeys collectUnknownKeys(const ojson &doc, const EmulatorState &state) {
  UnknownKeys u;
  u.topLevel = unknownOf(doc, kTopLevel);
  u.euiccInfo2 = unknownMember(doc, "euiccInfo2", kEuiccInfo2);
  u.euiccInfo1 = unknownMember(doc, "euiccInfo1", kEuiccInfo1);
  u.configuredAddresses = unknownMember(doc, "configuredAddresses", kAddresses);
  u.pki = unknownMember(doc, "pki", kPki);
  // parseState made profiles[i] of the file's profiles[i] (same for
  // notifications), so the indexes match.
  if (auto it = doc.find("profiles"); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size() && i < state.profiles.size(); ++i) {
      std::string extra = unknownOf((*it)[i], kProfile);
      if (!extra.empty() && state.profiles[i].iccid)
        u.profiles[*state.profiles[i].iccid] = std::move(extra);
    }
  }
  if (auto it = doc.find("notifications"); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size() && i < state.notifications.size(); ++i) {
      std::string extra = unknownOf((*it)[i], kNotification);
      if (!extra.empty())
        u.notifications[state.notifications[i].metadata.seqNumber] = std::move(extra);
    }
  }
  return u;
}

void addUnknownKeys(ojson &doc, const EmulatorState &state) {
  const UnknownKeys &u = state.unknownKeys;
  appendMember(doc, "euiccInfo2", u.euiccInfo2);
  appendMember(doc, "euiccInfo1", u.euiccInfo1);
  appendMember(doc, "configuredAddresses", u.configuredAddresses);
  appendMember(doc, "pki", u.pki);
  if (auto it = doc.find("profiles"); it != doc.end() && !u.profiles.empty()) {
    for (std::size_t i = 0; i < it->size() && i < state.profiles.size(); ++i) {
      const auto &iccid = state.profiles[i].iccid;
      if (!iccid) continue;
      if (auto e = u.profiles.find(*iccid); e != u.profiles.end()) append((*it)[i], e->second);
    }
  }
  if (auto it = doc.find("notifications"); it != doc.end() && !u.notifications.empty()) {
    for (std::size_t i = 0; i < it->size() && i < state.notifications.size(); ++i) {
      auto e = u.notifications.find(state.notifications[i].metadata.seqNumber);
      if (e != u.notifications.end()) append((*it)[i], e->second);
    }
  }
  append(doc, u.topLevel);
}

} // namespace euicc_emu
