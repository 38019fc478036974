#include "catalog.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "demo_profile.hpp"
#include "esim/base64.hpp"
#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/iccid.hpp"

namespace smdpp {

namespace der = esim::codec::der;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kBuiltinDemo[] = "builtin:demo";
constexpr std::size_t kEidDigits = 32; // SGP.29: an EID is 32 decimal digits
constexpr esim::codec::TagValue kTagProfileHeader = 0xA0;
constexpr esim::codec::TagValue kTagHeaderIccid = 0x83;

// Where is "<what>, profile N (matching ID X)" for messages.
struct Where {
  std::string text;
  [[noreturn]] void fail(const std::string &message) const {
    throw std::runtime_error(text + ": " + message);
  }
};

const json &member(const json &object, const char *name, const Where &where) {
  const auto it = object.find(name);
  if (it == object.end()) {
    where.fail(std::string("\"") + name + "\" is missing");
  }
  return *it;
}

std::string stringMember(const json &object, const char *name, const Where &where) {
  const json &v = member(object, name, where);
  if (!v.is_string()) {
    where.fail(std::string("\"") + name + "\" must be a string");
  }
  return v.get<std::string>();
}

std::optional<std::string> optionalString(const json &object, const char *name,
                                          const Where &where) {
  if (!object.contains(name)) {
    return std::nullopt;
  }
  return stringMember(object, name, where);
}

bool optionalBool(const json &object, const char *name, bool fallback, const Where &where) {
  if (!object.contains(name)) {
    return fallback;
  }
  if (!object[name].is_boolean()) {
    where.fail(std::string("\"") + name + "\" must be true or false");
  }
  return object[name].get<bool>();
}

bool isEid(const std::string &eid) {
  return eid.size() == kEidDigits && eid.find_first_not_of("0123456789") == std::string::npos;
}

// parseEvents reads the top-level "events" list.
std::vector<EventRecord> parseEvents(const json &list, const std::string &what) {
  const Where top{what};
  if (!list.is_array()) {
    top.fail("\"events\" must be a list");
  }
  std::vector<EventRecord> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json &item = list[i];
    Where where{what + ", event " + std::to_string(i + 1)};
    if (!item.is_object()) {
      where.fail("not an object");
    }
    EventRecord e;
    e.eventId = stringMember(item, "eventId", where);
    where.text += " (" + e.eventId + ")";
    if (e.eventId.empty()) {
      where.fail("\"eventId\" must not be empty");
    }
    e.eid = stringMember(item, "eid", where);
    if (!isEid(e.eid)) {
      where.fail("\"eid\" must be 32 digits");
    }
    e.rspServerAddress = stringMember(item, "rspServerAddress", where);
    if (!esim::isValidSmdpAddress(e.rspServerAddress)) {
      where.fail("\"rspServerAddress\" must be host[:port], got \"" + e.rspServerAddress + "\"");
    }
    out.push_back(std::move(e));
  }
  return out;
}

esim::Bytes readFile(const fs::path &path, const Where &where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    where.fail("cannot read the profile package " + path.string());
  }
  return esim::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

esim::ProfileClass profileClassOf(const std::string &name, const Where &where) {
  if (name == "test") return esim::ProfileClass::test;
  if (name == "provisioning") return esim::ProfileClass::provisioning;
  if (name == "operational") return esim::ProfileClass::operational;
  where.fail("\"profileClass\" must be test, provisioning or operational, got \"" + name + "\"");
}

esim::NotificationEvents eventsOf(const json &list, const Where &where) {
  if (!list.is_array() || list.empty()) {
    where.fail("\"events\" must be a non-empty list of install/enable/disable/delete");
  }
  esim::NotificationEvents e;
  for (const json &item : list) {
    const std::string name = item.is_string() ? item.get<std::string>() : std::string();
    if (name == "install")
      e.notificationInstall = true;
    else if (name == "enable")
      e.notificationEnable = true;
    else if (name == "disable")
      e.notificationDisable = true;
    else if (name == "delete")
      e.notificationDelete = true;
    else
      where.fail("unknown notification event " + item.dump() +
                 " (install, enable, disable, delete)");
  }
  return e;
}

std::vector<esim::NotificationConfiguration> defaultNotifications(const std::string &address) {
  esim::NotificationConfiguration all;
  all.profileManagementOperation = {true, true, true, true};
  all.notificationAddress = address;
  return {all};
}

esim::StoreMetadataRequest parseMetadata(const json &m, const std::string &serverAddress,
                                         const Where &where) {
  if (!m.is_object()) {
    where.fail("\"metadata\" must be an object");
  }
  esim::StoreMetadataRequest out;
  out.iccid = stringMember(m, "iccid", where);
  if (!esim::isIccidText(out.iccid)) {
    where.fail("\"iccid\" must be 18..20 decimal digits, got \"" + out.iccid + "\"");
  }
  out.serviceProviderName = stringMember(m, "serviceProviderName", where);
  out.profileName = stringMember(m, "profileName", where);
  if (const auto cls = optionalString(m, "profileClass", where)) {
    out.profileClass = profileClassOf(*cls, where);
  }
  if (const auto icon = optionalString(m, "icon", where)) {
    const std::string type = stringMember(m, "iconType", where);
    if (type != "png" && type != "jpg") {
      where.fail("\"iconType\" must be png or jpg, got \"" + type + "\"");
    }
    out.iconType = type == "png" ? esim::IconType::png : esim::IconType::jpg;
    try {
      out.icon = esim::base64Decode(*icon, "icon");
    } catch (const esim::Error &e) {
      where.fail(e.what());
    }
  }
  if (m.contains("notificationConfigurationInfo")) {
    const json &list = m["notificationConfigurationInfo"];
    if (!list.is_array()) {
      where.fail("\"notificationConfigurationInfo\" must be a list");
    }
    for (const json &item : list) {
      esim::NotificationConfiguration c;
      c.profileManagementOperation = eventsOf(member(item, "events", where), where);
      c.notificationAddress = optionalString(item, "address", where).value_or(serverAddress);
      out.notificationConfigurationInfo.push_back(c);
    }
  } else {
    out.notificationConfigurationInfo = defaultNotifications(serverAddress);
  }
  if (m.contains("profilePolicyRules")) {
    const json &list = m["profilePolicyRules"];
    if (!list.is_array()) {
      where.fail("\"profilePolicyRules\" must be a list of ppr1/ppr2/pprUpdateControl");
    }
    esim::PprIds rules;
    for (const json &item : list) {
      const std::string name = item.is_string() ? item.get<std::string>() : std::string();
      if (name == "ppr1")
        rules.ppr1 = true;
      else if (name == "ppr2")
        rules.ppr2 = true;
      else if (name == "pprUpdateControl")
        rules.pprUpdateControl = true;
      else
        where.fail("unknown profile policy rule " + item.dump());
    }
    out.profilePolicyRules = rules;
  }
  return out;
}

} // namespace

std::string profileHeaderIccid(esim::ByteView upp) {
  der::Reader reader(upp);
  der::Element header;
  if (reader.next(header) != der::Status::ok || header.tag != kTagProfileHeader) {
    throw std::runtime_error("the profile package does not start with a ProfileHeader (A0)");
  }
  der::Reader fields(header.value);
  for (der::Element field; fields.next(field) == der::Status::ok;) {
    if (field.tag != kTagHeaderIccid) {
      continue;
    }
    std::string digits;
    for (std::uint8_t byte : field.value) {
      for (int nibble : {byte >> 4, byte & 0xF}) {
        if (nibble == 0xF) {
          return digits;
        }
        if (nibble > 9) {
          throw std::runtime_error("the ProfileHeader's ICCID has a non-digit nibble");
        }
        digits.push_back(static_cast<char>('0' + nibble));
      }
    }
    return digits;
  }
  throw std::runtime_error("the ProfileHeader has no ICCID (83)");
}

Catalog Catalog::fromFile(const std::string &path, const std::string &serverAddress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the catalog " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return fromJson(text.str(), fs::path(path).parent_path().string(), serverAddress,
                  "catalog " + path);
}

Catalog Catalog::fromJson(const std::string &text, const std::string &baseDir,
                          const std::string &serverAddress, const std::string &what) {
  const json doc = json::parse(text, nullptr, false);
  const Where top{what};
  if (doc.is_discarded() || !doc.is_object()) {
    top.fail("not a JSON object");
  }
  const json &profiles = member(doc, "profiles", top);
  if (!profiles.is_array()) {
    top.fail("\"profiles\" must be a list");
  }
  Catalog catalog;
  if (doc.contains("events")) {
    catalog.events_ = parseEvents(doc["events"], what);
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const json &p = profiles[i];
    Where where{what + ", profile " + std::to_string(i + 1)};
    if (!p.is_object()) {
      where.fail("not an object");
    }
    CatalogEntry e;
    e.matchingId = stringMember(p, "matchingId", where);
    where.text += " (" + e.matchingId + ")";
    if (!seen.insert(e.matchingId).second) {
      where.fail("the matching ID is listed twice");
    }
    e.metadata = parseMetadata(member(p, "metadata", where), serverAddress, where);
    try {
      (void)esim::codec::encodeStoreMetadataRequest(e.metadata); // SGP.22's sizes, at startup
    } catch (const esim::Error &ex) {
      where.fail(ex.what());
    }
    const std::string package = stringMember(p, "profilePackage", where);
    e.profilePackage = package == kBuiltinDemo ? demoProfilePackage(e.metadata.iccid)
                                               : readFile(fs::path(baseDir) / package, where);
    if (optionalBool(p, "checkIccid", true, where)) {
      std::string headerIccid;
      try {
        headerIccid = profileHeaderIccid(e.profilePackage);
      } catch (const std::exception &ex) {
        where.fail(ex.what());
      }
      if (headerIccid != e.metadata.iccid) {
        where.fail("the metadata ICCID " + e.metadata.iccid + " differs from the ProfileHeader's " +
                   headerIccid + " (\"checkIccid\": false serves it anyway)");
      }
    }
    e.confirmationCode = optionalString(p, "confirmationCode", where);
    if (p.contains("confirmationCodeAttempts")) {
      const json &n = p["confirmationCodeAttempts"];
      if (!n.is_number_integer() || n.get<int>() < 1) {
        where.fail("\"confirmationCodeAttempts\" must be a positive integer");
      }
      e.confirmationCodeAttempts = n.get<int>();
    }
    e.reusable = optionalBool(p, "reusable", false, where);
    e.ppk = optionalBool(p, "ppk", false, where);
    e.eid = optionalString(p, "eid", where).value_or("");
    if (!e.eid.empty() && !isEid(e.eid)) {
      where.fail("\"eid\" must be 32 digits");
    }
    e.smdsEvent = optionalBool(p, "smdsEvent", false, where);
    if (e.smdsEvent && e.eid.empty()) {
      where.fail("\"smdsEvent\" needs \"eid\": an SM-DS event is for one eUICC");
    }
    if (e.smdsEvent) {
      catalog.events_.push_back({e.eid, e.matchingId, serverAddress});
    }
    catalog.entries_.push_back(std::move(e));
  }
  std::set<std::pair<std::string, std::string>> eventIds;
  for (const EventRecord &e : catalog.events_) {
    if (!eventIds.insert({e.eid, e.eventId}).second) {
      top.fail("the event " + e.eventId + " is registered twice for EID " + e.eid);
    }
  }
  return catalog;
}

const CatalogEntry *
Catalog::forEid(const std::string &matchingId, const std::string &eid,
                const std::function<bool(const CatalogEntry &)> &available) const {
  const CatalogEntry *exact = find(matchingId);
  if (exact != nullptr) {
    return exact->eid.empty() || exact->eid == eid ? exact : nullptr;
  }
  if (!matchingId.empty()) {
    return nullptr;
  }
  for (const CatalogEntry &e : entries_) {
    if (e.eid == eid && available(e)) {
      return &e;
    }
  }
  return nullptr;
}

Catalog Catalog::demo(const std::string &serverAddress) {
  CatalogEntry e;
  e.matchingId = kDemoMatchingId;
  e.metadata.iccid = kDemoIccid;
  e.metadata.serviceProviderName = "esimctl Travel";
  e.metadata.profileName = "Travel Demo 5 GB";
  e.metadata.profileClass = esim::ProfileClass::operational;
  e.metadata.notificationConfigurationInfo = defaultNotifications(serverAddress);
  e.profilePackage = demoProfilePackage(kDemoIccid);
  e.reusable = true;
  Catalog catalog;
  catalog.entries_.push_back(std::move(e));
  return catalog;
}

const CatalogEntry *Catalog::find(const std::string &matchingId) const noexcept {
  for (const CatalogEntry &e : entries_) {
    if (e.matchingId == matchingId) {
      return &e;
    }
  }
  return nullptr;
}

} // namespace smdpp
