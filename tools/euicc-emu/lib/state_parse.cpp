// parseState: the JSON state file -> EmulatorState. Format checks (types,
// hex, names) happen here; the rules every state follows (lengths, one
// enabled profile, no duplicates) are in validateState, so that states built
// in code are held to the same rules.
#include <algorithm>
#include <exception>
#include <set>

#include "esim/error.hpp"
#include "euicc_emu/state.hpp"
#include "json_reader.hpp"
#include "state_names.hpp"
#include "state_rat.hpp"
#include "state_unknown_keys.hpp"

namespace euicc_emu {

namespace {

using nlohmann::json;

// joinNames lists |names| for a message: "a, b, c".
std::string joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (const auto &n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<esim::Bytes> parseKeyIdList(const JsonReader &r, const json &v,
                                        const std::string &path) {
  std::vector<esim::Bytes> out;
  const json &list = r.array(v, path);
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(r.hex(list[i], r.element(path, i)));
  return out;
}

esim::BitString parseBitNames(const JsonReader &r, const json &v, const std::string &path,
                              names::BitNames kind) {
  const std::vector<std::string> known = names::bitNames(kind);
  std::vector<unsigned> positions;
  const json &list = r.array(v, path);
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string name = r.string(list[i], r.element(path, i));
    unsigned bit = 0;
    while (bit < known.size() && known[bit] != name)
      ++bit;
    if (bit == known.size()) {
      r.fail(r.element(path, i), "unknown bit name '" + name + "'; known: " + joinNames(known));
    }
    positions.push_back(bit);
  }
  return names::bitStringFromPositions(positions);
}

esim::PprIds parsePprList(const JsonReader &r, const json &v, const std::string &path) {
  esim::PprIds ppr;
  const json &list = r.array(v, path);
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string name = r.string(list[i], r.element(path, i));
    if (!names::setPpr(ppr, name)) {
      r.fail(r.element(path, i),
             "unknown policy rule '" + name + "'; known: pprUpdateControl, ppr1, ppr2");
    }
  }
  return ppr;
}

template <typename E, typename ParseFn>
E parseName(const JsonReader &r, const json &v, const std::string &path, ParseFn parse,
            const char *allowed) {
  std::string name = r.string(v, path);
  std::optional<E> value = parse(name);
  if (!value) r.fail(path, "'" + name + "' is not one of " + allowed);
  return *value;
}

esim::NotificationEvent parseEvent(const JsonReader &r, const json &v, const std::string &path) {
  return parseName<esim::NotificationEvent>(r, v, path, names::parseNotificationEvent,
                                            "install, enable, disable, delete");
}

esim::EUICCInfo2 parseEuiccInfo2(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  esim::EUICCInfo2 info;
  auto field = [&](const char *key) { return JsonReader::member(path, key); };
  info.profileVersion = r.version(r.require(v, path, "profileVersion"), field("profileVersion"));
  info.svn = r.version(r.require(v, path, "svn"), field("svn"));
  info.euiccFirmwareVer =
      r.version(r.require(v, path, "euiccFirmwareVer"), field("euiccFirmwareVer"));
  info.ppVersion = r.version(r.require(v, path, "ppVersion"), field("ppVersion"));

  esim::ExtCardResource &ext = info.extCardResourceDecoded;
  if (const json *n = r.find(v, "numberOfInstalledApplications"))
    ext.numberOfInstalledApplications =
        r.unsignedNumber(*n, field("numberOfInstalledApplications"));
  if (const json *n = r.find(v, "freeNonVolatileMemory"))
    ext.freeNonVolatileMemory = r.unsignedNumber(*n, field("freeNonVolatileMemory"));
  if (const json *n = r.find(v, "freeVolatileMemory"))
    ext.freeVolatileMemory = r.unsignedNumber(*n, field("freeVolatileMemory"));
  info.extCardResource = names::encodeExtCardResource(ext);

  if (const json *b = r.find(v, "uiccCapability"))
    info.uiccCapability =
        parseBitNames(r, *b, field("uiccCapability"), names::BitNames::uiccCapability);
  if (const json *b = r.find(v, "rspCapability"))
    info.rspCapability =
        parseBitNames(r, *b, field("rspCapability"), names::BitNames::rspCapability);
  if (const json *t = r.find(v, "ts102241Version"))
    info.ts102241Version = r.version(*t, field("ts102241Version"));
  if (const json *g = r.find(v, "globalplatformVersion"))
    info.globalplatformVersion = r.version(*g, field("globalplatformVersion"));
  if (const json *l = r.find(v, "euiccCiPKIdListForVerification"))
    info.euiccCiPKIdListForVerification =
        parseKeyIdList(r, *l, field("euiccCiPKIdListForVerification"));
  if (const json *l = r.find(v, "euiccCiPKIdListForSigning"))
    info.euiccCiPKIdListForSigning = parseKeyIdList(r, *l, field("euiccCiPKIdListForSigning"));
  if (const json *c = r.find(v, "euiccCategory"))
    info.euiccCategory =
        parseName<esim::EuiccCategory>(r, *c, field("euiccCategory"), names::parseEuiccCategory,
                                       "other, basicEuicc, mediumEuicc, contactlessEuicc");
  if (const json *f = r.find(v, "forbiddenProfilePolicyRules"))
    info.forbiddenProfilePolicyRules = parsePprList(r, *f, field("forbiddenProfilePolicyRules"));
  info.sasAcreditationNumber = r.optionalString(v, path, "sasAcreditationNumber").value_or("");
  if (const json *c = r.find(v, "certificationDataObject")) {
    std::string cpath = field("certificationDataObject");
    r.object(*c, cpath);
    esim::CertificationDataObject cert;
    cert.platformLabel =
        r.string(r.require(*c, cpath, "platformLabel"), JsonReader::member(cpath, "platformLabel"));
    cert.discoveryBaseURL = r.string(r.require(*c, cpath, "discoveryBaseURL"),
                                     JsonReader::member(cpath, "discoveryBaseURL"));
    info.certificationDataObject = cert;
  }
  return info;
}

esim::EUICCInfo1 parseEuiccInfo1(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  esim::EUICCInfo1 info;
  info.svn = r.version(r.require(v, path, "svn"), JsonReader::member(path, "svn"));
  if (const json *l = r.find(v, "euiccCiPKIdListForVerification"))
    info.euiccCiPKIdListForVerification =
        parseKeyIdList(r, *l, JsonReader::member(path, "euiccCiPKIdListForVerification"));
  if (const json *l = r.find(v, "euiccCiPKIdListForSigning"))
    info.euiccCiPKIdListForSigning =
        parseKeyIdList(r, *l, JsonReader::member(path, "euiccCiPKIdListForSigning"));
  return info;
}

esim::EuiccConfiguredAddresses parseAddresses(const JsonReader &r, const json &v,
                                              const std::string &path) {
  r.object(v, path);
  esim::EuiccConfiguredAddresses a;
  a.defaultDpAddress = r.optionalString(v, path, "defaultDpAddress");
  a.rootDsAddress =
      r.string(r.require(v, path, "rootDsAddress"), JsonReader::member(path, "rootDsAddress"));
  return a;
}

esim::ProfileInfo parseProfile(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  auto field = [&](const char *key) { return JsonReader::member(path, key); };
  esim::ProfileInfo p;
  p.iccid = r.string(r.require(v, path, "iccid"), field("iccid"));
  p.isdpAid = r.hex(r.require(v, path, "isdpAid"), field("isdpAid"));
  p.profileState =
      parseName<esim::ProfileState>(r, r.require(v, path, "profileState"), field("profileState"),
                                    names::parseProfileState, "enabled, disabled");
  p.profileNickname = r.optionalString(v, path, "profileNickname");
  p.serviceProviderName = r.optionalString(v, path, "serviceProviderName");
  p.profileName = r.optionalString(v, path, "profileName");
  if (const json *t = r.find(v, "iconType"))
    p.iconType =
        parseName<esim::IconType>(r, *t, field("iconType"), names::parseIconType, "png, jpg");
  if (const json *i = r.find(v, "icon")) p.icon = r.base64(*i, field("icon"));
  if (const json *c = r.find(v, "profileClass"))
    p.profileClass = parseName<esim::ProfileClass>(
        r, *c, field("profileClass"), names::parseProfileClass, "test, provisioning, operational");
  if (const json *n = r.find(v, "notificationConfigurationInfo")) {
    std::string npath = field("notificationConfigurationInfo");
    const json &list = r.array(*n, npath);
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string epath = JsonReader::element(npath, i);
      r.object(list[i], epath);
      esim::NotificationConfigurationInformation nci;
      nci.profileManagementOperation =
          parseEvent(r, r.require(list[i], epath, "profileManagementOperation"),
                     JsonReader::member(epath, "profileManagementOperation"));
      nci.notificationAddress = r.string(r.require(list[i], epath, "notificationAddress"),
                                         JsonReader::member(epath, "notificationAddress"));
      p.notificationConfigurationInfo.push_back(std::move(nci));
    }
  }
  if (const json *o = r.find(v, "profileOwner")) {
    std::string opath = field("profileOwner");
    r.object(*o, opath);
    esim::OperatorId owner;
    owner.mccMnc = r.hex(r.require(*o, opath, "mccMnc"), JsonReader::member(opath, "mccMnc"), 3);
    if (const json *g = r.find(*o, "gid1"))
      owner.gid1 = r.hex(*g, JsonReader::member(opath, "gid1"));
    if (const json *g = r.find(*o, "gid2"))
      owner.gid2 = r.hex(*g, JsonReader::member(opath, "gid2"));
    p.profileOwner = owner;
  }
  p.dpOid = r.optionalString(v, path, "dpOid");
  if (const json *ppr = r.find(v, "profilePolicyRules"))
    p.profilePolicyRules = parsePprList(r, *ppr, field("profilePolicyRules"));
  return p;
}

StoredNotification parseNotification(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  auto field = [&](const char *key) { return JsonReader::member(path, key); };
  StoredNotification n;
  n.metadata.seqNumber = r.nonNegativeInt64(r.require(v, path, "seqNumber"), field("seqNumber"));
  n.metadata.profileManagementOperation = parseEvent(
      r, r.require(v, path, "profileManagementOperation"), field("profileManagementOperation"));
  n.metadata.notificationAddress =
      r.string(r.require(v, path, "notificationAddress"), field("notificationAddress"));
  n.metadata.iccid = r.optionalString(v, path, "iccid");
  n.der = r.hex(r.require(v, path, "der"), field("der"));
  return n;
}

PkiFiles parsePki(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  PkiFiles pki;
  auto file = [&](const char *key) {
    std::string p = JsonReader::member(path, key);
    std::string name = r.string(r.require(v, path, key), p);
    if (name.empty()) r.fail(p, "is empty; give the path of a PEM or DER file");
    return name;
  };
  pki.euiccKey = file("euiccKey");
  pki.euiccCertificate = file("euiccCertificate");
  pki.eumCertificate = file("eumCertificate");
  if (const json *cis = r.find(v, "ciCertificates")) {
    const std::string p = JsonReader::member(path, "ciCertificates");
    r.array(*cis, p);
    for (std::size_t i = 0; i < cis->size(); ++i) {
      const std::string e = JsonReader::element(p, i);
      std::string name = r.string((*cis)[i], e);
      if (name.empty()) r.fail(e, "is empty; give the path of a PEM or DER file");
      pki.ciCertificates.push_back(std::move(name));
    }
  }
  if (const json *more = r.find(v, "additionalCredentials")) {
    const std::string p = JsonReader::member(path, "additionalCredentials");
    r.array(*more, p);
    for (std::size_t i = 0; i < more->size(); ++i) {
      const std::string e = JsonReader::element(p, i);
      r.object((*more)[i], e);
      auto entry = [&](const char *key) {
        std::string k = JsonReader::member(e, key);
        std::string name = r.string(r.require((*more)[i], e, key), k);
        if (name.empty()) r.fail(k, "is empty; give the path of a PEM or DER file");
        return name;
      };
      pki.additionalCredentials.push_back(
          {entry("euiccKey"), entry("euiccCertificate"), entry("eumCertificate")});
    }
  }
  return pki;
}

EmulatorState parseDocument(const JsonReader &r, const json &doc) {
  r.object(doc, "(top level)");
  EmulatorState s;
  if (const json *f = r.find(doc, "formatVersion")) {
    std::uint64_t version = r.unsignedNumber(*f, "formatVersion");
    if (version > static_cast<std::uint64_t>(kStateFormatVersion)) {
      r.fail("formatVersion", "version " + std::to_string(version) +
                                  " was written by a newer euicc-emu; this one reads up to " +
                                  std::to_string(kStateFormatVersion));
    }
  }
  s.eid = r.hex(r.require(doc, "", "eid"), "eid", 16);
  if (const json *a = r.find(doc, "isdrAid")) s.isdrAid = r.hex(*a, "isdrAid");
  if (const json *a = r.find(doc, "atr")) s.atr = r.hex(*a, "atr");
  s.euiccInfo2 = parseEuiccInfo2(r, r.require(doc, "", "euiccInfo2"), "euiccInfo2");
  if (const json *i = r.find(doc, "euiccInfo1"))
    s.euiccInfo1 = parseEuiccInfo1(r, *i, "euiccInfo1");
  else
    s.euiccInfo1 = euiccInfo1From(s.euiccInfo2);
  s.configuredAddresses =
      parseAddresses(r, r.require(doc, "", "configuredAddresses"), "configuredAddresses");
  if (const json *list = r.find(doc, "profiles")) {
    r.array(*list, "profiles");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string path = JsonReader::element("profiles", i);
      s.profiles.push_back(parseProfile(r, (*list)[i], path));
      // The CI of the identity that installed it (set by a download).
      if (const json *ci = r.find((*list)[i], "euiccCiPKId")) {
        if (s.profiles.back().iccid) {
          s.profileCiPKIds[*s.profiles.back().iccid] =
              r.hex(*ci, JsonReader::member(path, "euiccCiPKId"));
        }
      }
    }
  }
  if (const json *list = r.find(doc, "notifications")) {
    r.array(*list, "notifications");
    for (std::size_t i = 0; i < list->size(); ++i)
      s.notifications.push_back(
          parseNotification(r, (*list)[i], JsonReader::element("notifications", i)));
  }
  if (const json *rat = r.find(doc, "rat")) s.rat = parseRat(r, *rat, "rat");
  if (const json *k = r.find(doc, "pki")) s.pki = parsePki(r, *k, "pki");
  if (const json *n = r.find(doc, "nextSeqNumber")) {
    s.nextSeqNumber = r.nonNegativeInt64(*n, "nextSeqNumber");
  } else {
    // Not given: continue after the highest stored notification.
    for (const auto &stored : s.notifications)
      s.nextSeqNumber = std::max(s.nextSeqNumber, stored.metadata.seqNumber + 1);
  }
  return s;
}

} // namespace

EmulatorState parseState(std::string_view text, std::string_view source) {
  JsonReader reader{std::string(source)};
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception &e) {
    // Mostly parse_error; a number too large for a double ("1E999") is an
    // out_of_range (406), found by fuzz_emu_state. e.what() carries
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = e.what();
    auto pos = what.find("] ");
    reader.fail("", "not valid JSON: " + (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
  EmulatorState state;
  try {
    state = parseDocument(reader, doc);
  } catch (const esim::Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw;
  } catch (const std::exception &e) {
    // A JSON library exception we did not foresee: still a clear error, not a crash.
    reader.fail("", std::string("unexpected content: ") + e.what());
  }
  validateState(state, source);
  // Parsed once more, keeping the file's order of keys, for the keys this
  // version does not know (json sorts them); the text is known to be valid.
  state.unknownKeys = collectUnknownKeys(
      nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, false), state);
  return state;
}

} // namespace euicc_emu
