// GetProfilesInfo (SGP.22 clause 5.7.15): the profiles that match the search
// criteria, each with only the fields the tagList asks for.
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"
#include "es10_functions.hpp"

namespace euicc_emu::es10 {

namespace {

namespace codec = esim::codec;
using codec::TagValue;

// Tags of the ProfileInfo fields a tagList can name (besides codec/tags.hpp).
constexpr TagValue kTagProfileNickname = 0x90;
constexpr TagValue kTagServiceProviderName = 0x91;
constexpr TagValue kTagProfileName = 0x92;
constexpr TagValue kTagIconType = 0x93;
constexpr TagValue kTagIcon = 0x94;
constexpr TagValue kTagProfileClass = 0x95;
constexpr TagValue kTagNotificationConfigurationInfo = 0xB6;
constexpr TagValue kTagProfileOwner = 0xB7;
constexpr TagValue kTagDpProprietaryData = 0xB8;
constexpr TagValue kTagProfilePolicyRules = 0x99;

bool matches(const esim::ProfileInfo &p, const esim::ProfileInfoSearch &search) {
  return std::visit(
      [&](const auto &criterion) -> bool {
        using T = std::decay_t<decltype(criterion)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return true;
        } else if constexpr (std::is_same_v<T, esim::IsdpAid>) {
          return p.isdpAid == criterion.value;
        } else if constexpr (std::is_same_v<T, esim::Iccid>) {
          return p.iccid == criterion.value;
        } else {
          return p.profileClass == criterion;
        }
      },
      search);
}

// parseTagList splits a tagList (concatenated identifier octets) into tags;
// nullopt if it ends inside a tag or holds an invalid one.
std::optional<std::vector<TagValue>> parseTagList(esim::ByteView list) {
  std::vector<TagValue> tags;
  while (!list.empty()) {
    TagValue tag = 0;
    std::size_t length = 0;
    if (codec::der::readTag(list, tag, length) != codec::der::Status::ok) return std::nullopt;
    tags.push_back(tag);
    list = list.subspan(length);
  }
  return tags;
}

// selectFields returns the fields of |p| that |tags| name; unknown tags are
// ignored, as the eUICC has no such field to return.
esim::ProfileInfo selectFields(const esim::ProfileInfo &p, const std::vector<TagValue> &tags) {
  esim::ProfileInfo out;
  // Absent on the wire means the DEFAULT, operational: that is what an
  // unrequested profileClass must look like.
  out.profileClass = esim::ProfileClass::operational;
  for (TagValue tag : tags) {
    switch (tag) {
    case codec::kTagIccid: out.iccid = p.iccid; break;
    case codec::kTagIsdpAid: out.isdpAid = p.isdpAid; break;
    case codec::kTagProfileState: out.profileState = p.profileState; break;
    case kTagProfileNickname: out.profileNickname = p.profileNickname; break;
    case kTagServiceProviderName: out.serviceProviderName = p.serviceProviderName; break;
    case kTagProfileName: out.profileName = p.profileName; break;
    case kTagIconType: out.iconType = p.iconType; break;
    case kTagIcon: out.icon = p.icon; break;
    case kTagProfileClass: out.profileClass = p.profileClass; break;
    case kTagNotificationConfigurationInfo:
      out.notificationConfigurationInfo = p.notificationConfigurationInfo;
      break;
    case kTagProfileOwner: out.profileOwner = p.profileOwner; break;
    case kTagDpProprietaryData: out.dpOid = p.dpOid; break;
    case kTagProfilePolicyRules: out.profilePolicyRules = p.profilePolicyRules; break;
    default: break;
    }
  }
  return out;
}

} // namespace

esim::Bytes getProfilesInfo(StateStore &store, esim::ByteView request) {
  esim::ProfileInfoListRequest req = codec::decodeProfileInfoListRequest(request);
  codec::ProfileInfoListResponse response;
  std::optional<std::vector<TagValue>> tags;
  if (req.tagList) {
    tags = parseTagList(*req.tagList);
    if (!tags) {
      // The request decoded but its tagList is not a list of tags: the
      // function's own error, not a transport-level one.
      response.profileInfoListError = esim::ProfileInfoListError::incorrectInputValues;
      return codec::encodeProfileInfoListResponse(response);
    }
  }
  for (const esim::ProfileInfo &p : store.state().profiles) {
    if (!matches(p, req.searchCriteria)) continue;
    response.profileInfoListOk.push_back(tags ? selectFields(p, *tags) : p);
  }
  return codec::encodeProfileInfoListResponse(response);
}

} // namespace euicc_emu::es10
