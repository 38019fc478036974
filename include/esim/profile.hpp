// Profile metadata as ES10c.GetProfilesInfo returns it (SGP.22 clause 5.7.15,
// ASN.1 ProfileInfo), and how a profile is named in ES10c commands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/notification.hpp"
#include "esim/result_code.hpp"

namespace esim {

// ProfileState is ProfileState ::= INTEGER.
enum class ProfileState : std::uint8_t { disabled = 0, enabled = 1 };
// ProfileClass is ProfileClass ::= INTEGER.
enum class ProfileClass : std::uint8_t { test = 0, provisioning = 1, operational = 2 };
// IconType is IconType ::= INTEGER.
enum class IconType : std::uint8_t { jpg = 0, png = 1 };

// OperatorId is the profile owner (mcc/mnc per 3GPP TS 24.008, GIDs).
struct OperatorId {
  Bytes mccMnc; // 3 bytes
  std::optional<Bytes> gid1;
  std::optional<Bytes> gid2;
  bool operator==(const OperatorId &) const = default;
};

// PprIds are the profile policy rules set on a profile (PprIds ::= BIT STRING).
struct PprIds {
  bool pprUpdateControl = false;
  bool ppr1 = false; // disabling of this profile is not allowed
  bool ppr2 = false; // deletion of this profile is not allowed
  bool operator==(const PprIds &) const = default;
};

// NotificationConfigurationInformation says which events of a profile are
// reported to which SM-DP+.
struct NotificationConfigurationInformation {
  NotificationEvent profileManagementOperation = NotificationEvent::notificationInstall;
  std::string notificationAddress;
  bool operator==(const NotificationConfigurationInformation &) const = default;
};

// ProfileInfo is one profile. Every field is optional on the wire; a card
// answers what the request's tagList asked for (all fields without tagList).
struct ProfileInfo {
  std::optional<std::string> iccid; // decimal digits, padding removed
  std::optional<Bytes> isdpAid;
  std::optional<ProfileState> profileState;
  std::optional<std::string> profileNickname;
  std::optional<std::string> serviceProviderName;
  std::optional<std::string> profileName;
  std::optional<IconType> iconType;
  std::optional<Bytes> icon;
  // profileClass is DEFAULT operational: an absent field decodes as operational.
  ProfileClass profileClass = ProfileClass::operational;
  std::vector<NotificationConfigurationInformation> notificationConfigurationInfo;
  std::optional<OperatorId> profileOwner;
  // dpProprietaryData.dpOid in dotted form ("1.3.6.1.4.1...").
  std::optional<std::string> dpOid;
  std::optional<PprIds> profilePolicyRules;
  bool operator==(const ProfileInfo &) const = default;
};

// IsdpAid names a profile by the AID of its ISD-P.
struct IsdpAid {
  Bytes value;
  bool operator==(const IsdpAid &) const = default;
};
// Iccid names a profile by its ICCID (decimal digits).
struct Iccid {
  std::string value;
  bool operator==(const Iccid &) const = default;
};
// ProfileIdentifier is the CHOICE { isdpAid, iccid } of Enable/Disable/Delete.
using ProfileIdentifier = std::variant<IsdpAid, Iccid>;

// ProfileInfoSearch is the optional searchCriteria of GetProfilesInfo.
using ProfileInfoSearch = std::variant<std::monostate, IsdpAid, Iccid, ProfileClass>;

// ProfileInfoListRequest is ES10c.GetProfilesInfo's request.
struct ProfileInfoListRequest {
  ProfileInfoSearch searchCriteria;
  // tagList lists the tags of the fields wanted (empty: all fields).
  std::optional<Bytes> tagList;
  bool operator==(const ProfileInfoListRequest &) const = default;
};

// ProfileInfoListError is the error alternative of ProfileInfoListResponse
// (any number 0..kMaxResultCode, named or not).
enum class ProfileInfoListError : std::int32_t { incorrectInputValues = 1, undefinedError = 127 };

// codeName returns the SGP.22 name of |code| ("incorrectInputValues"), or
// std::nullopt for a number SGP.22 does not name. Never fails.
std::optional<std::string_view> codeName(ProfileInfoListError code) noexcept;

} // namespace esim
