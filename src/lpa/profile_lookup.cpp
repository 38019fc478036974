#include "esim/profile_lookup.hpp"

#include <algorithm>
#include <cctype>

#include "esim/error.hpp"
#include "esim/iccid.hpp"

namespace esim {

namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool isHexText(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::vector<const std::string *> namesOf(const ProfileInfo &p) {
  std::vector<const std::string *> names;
  for (const auto *field : {&p.profileNickname, &p.serviceProviderName, &p.profileName}) {
    if (*field && !(*field)->empty()) names.push_back(&**field);
  }
  return names;
}

std::string listing(const std::vector<const ProfileInfo *> &profiles) {
  std::string out;
  for (const ProfileInfo *p : profiles)
    out += "\n  " + profileLabel(*p);
  return out;
}

std::vector<const ProfileInfo *> all(const std::vector<ProfileInfo> &profiles) {
  std::vector<const ProfileInfo *> out;
  for (const auto &p : profiles)
    out.push_back(&p);
  return out;
}

[[noreturn]] void notFound(const std::vector<ProfileInfo> &profiles, std::string_view query,
                           const char *what) {
  std::string message = "no profile with " + std::string(what) + " '" + std::string(query) + "'";
  message += profiles.empty() ? "; the eUICC holds no profiles"
                              : "; the eUICC holds:" + listing(all(profiles));
  throw Error(Errc::notFound, message,
              "name a profile by ICCID as `esimctl profile list` shows it");
}

} // namespace

std::string profileLabel(const ProfileInfo &p) {
  std::string label = p.iccid ? *p.iccid : p.isdpAid ? "AID " + toHex(*p.isdpAid) : "?";
  std::vector<std::string> parts;
  for (const std::string *name : namesOf(p)) {
    if (std::find(parts.begin(), parts.end(), *name) == parts.end()) parts.push_back(*name);
  }
  if (p.profileState)
    parts.emplace_back(*p.profileState == ProfileState::enabled ? "enabled" : "disabled");
  if (!parts.empty()) {
    label += " (";
    for (std::size_t i = 0; i < parts.size(); ++i)
      label += (i ? ", " : "") + parts[i];
    label += ")";
  }
  return label;
}

const ProfileInfo &findProfile(const std::vector<ProfileInfo> &profiles, std::string_view query) {
  if (query.empty()) throw Error(Errc::invalidArgument, "empty profile name");
  if (isIccidText(query)) {
    std::string digits(query);
    if (digits.back() == 'F' || digits.back() == 'f') digits.pop_back();
    for (const auto &p : profiles) {
      if (p.iccid && *p.iccid == digits) return p;
    }
    notFound(profiles, query, "ICCID");
  }
  if (isHexText(query) && query.size() % 2 == 0 && query.size() >= 10 && query.size() <= 32) {
    Bytes aid = fromHex(query, "ISD-P AID");
    for (const auto &p : profiles) {
      if (p.isdpAid && *p.isdpAid == aid) return p;
    }
    // Fall through: hex-looking text may still be a name.
  }
  std::string wanted = lowerAscii(query);
  std::vector<const ProfileInfo *> exact;
  std::vector<const ProfileInfo *> partial;
  for (const auto &p : profiles) {
    bool isExact = false;
    bool isPartial = false;
    for (const std::string *name : namesOf(p)) {
      std::string lower = lowerAscii(*name);
      if (lower == wanted)
        isExact = true;
      else if (lower.find(wanted) != std::string::npos)
        isPartial = true;
    }
    if (isExact)
      exact.push_back(&p);
    else if (isPartial)
      partial.push_back(&p);
  }
  const auto &candidates = exact.empty() ? partial : exact;
  if (candidates.size() == 1) return *candidates.front();
  if (candidates.empty()) notFound(profiles, query, "ICCID, AID or name");
  throw Error(Errc::ambiguous,
              "'" + std::string(query) + "' matches " + std::to_string(candidates.size()) +
                  " profiles:" + listing(candidates),
              "name the profile by its ICCID");
}

ProfileIdentifier profileIdentifierOf(const ProfileInfo &profile) {
  if (profile.iccid) return Iccid{*profile.iccid};
  if (profile.isdpAid) return IsdpAid{*profile.isdpAid};
  throw Error(Errc::malformedResponse,
              "GetProfilesInfo: a profile has neither ICCID nor ISD-P AID; it cannot be named");
}

} // namespace esim
