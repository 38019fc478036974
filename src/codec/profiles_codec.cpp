// GetProfilesInfo (BF2D): the request with its search criteria and tag list,
// and the list of ProfileInfo (E3) in the answer.
#include <type_traits>

#include "codec/asn1_support.hpp"
#include "codec/asn1_values.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"

#include "DpProprietaryData.h"
#include "NotificationConfigurationInformation.h"
#include "OperatorId.h"
#include "ProfileInfo.h"
#include "ProfileInfoListRequest.h"
#include "ProfileInfoListResponse.h"

namespace esim::codec {

namespace {

constexpr const char *kGetProfilesInfo = "GetProfilesInfo";

// Sizes from the ASN.1 of ProfileInfo and OperatorId (SGP.22 v2.2.2).
constexpr std::size_t kMinAid = 1;
constexpr std::size_t kMaxAid = 16;
constexpr std::size_t kMaxNickname = 64;
constexpr std::size_t kMaxServiceProviderName = 32;
constexpr std::size_t kMaxProfileName = 64;
constexpr std::size_t kMaxIcon = 1024;
constexpr std::size_t kMccMncLength = 3;

constexpr std::initializer_list<ProfileState> kProfileStates = {ProfileState::disabled,
                                                                ProfileState::enabled};
constexpr std::initializer_list<ProfileClass> kProfileClasses = {
    ProfileClass::test, ProfileClass::provisioning, ProfileClass::operational};
constexpr std::initializer_list<IconType> kIconTypes = {IconType::jpg, IconType::png};

// receivedText copies a UTF8String and checks its size.
std::string receivedText(const OCTET_STRING_t &value, const Ctx &ctx, const char *field,
                         std::size_t max) {
  std::string text = toText(value);
  requireLength(ctx, field, text.size(), 0, max);
  return text;
}

// checkProfileInfoFields checks that asn1c decoded every OPTIONAL field the
// received ProfileInfo element |raw| holds (see checkFieldsDecoded).
void checkProfileInfoFields(const ProfileInfo_t &in, ByteView raw, const Ctx &ctx) {
  der::Reader reader(raw);
  der::Element element;
  if (reader.next(element) != der::Status::ok) ctx.malformed("unreadable ProfileInfo");
  checkFieldsDecoded(
      element.value,
      {{kTagIccid, "iccid", in.iccid != nullptr},
       {kTagIsdpAid, "isdpAid", in.isdpAid != nullptr},
       {kTagProfileState, "profileState", in.profileState != nullptr},
       {kTagProfileNickname, "profileNickname", in.profileNickname != nullptr},
       {kTagServiceProviderName, "serviceProviderName", in.serviceProviderName != nullptr},
       {kTagProfileName, "profileName", in.profileName != nullptr},
       {kTagIconType, "iconType", in.iconType != nullptr},
       {kTagIcon, "icon", in.icon != nullptr},
       {kTagProfileClass, "profileClass", in.profileClass != nullptr},
       {kTagNotificationConfigurationInfo, "notificationConfigurationInfo",
        in.notificationConfigurationInfo != nullptr},
       {kTagProfileOwner, "profileOwner", in.profileOwner != nullptr},
       {kTagDpProprietaryData, "dpProprietaryData", in.dpProprietaryData != nullptr},
       {kTagProfilePolicyRules, "profilePolicyRules", in.profilePolicyRules != nullptr}},
      ctx);
}

ProfileInfo toProfileInfo(const ProfileInfo_t &in, ByteView raw, const Ctx &ctx) {
  checkProfileInfoFields(in, raw, ctx);
  ProfileInfo out;
  if (in.iccid != nullptr) out.iccid = toIccid(*in.iccid, ctx);
  if (in.isdpAid != nullptr) {
    out.isdpAid = toBytes(*in.isdpAid);
    requireLength(ctx, "isdpAid", out.isdpAid->size(), kMinAid, kMaxAid);
  }
  if (in.profileState != nullptr) {
    out.profileState = toEnum(*in.profileState, kProfileStates, ctx, "profileState");
  }
  if (in.profileNickname != nullptr) {
    out.profileNickname = receivedText(*in.profileNickname, ctx, "profileNickname", kMaxNickname);
  }
  if (in.serviceProviderName != nullptr) {
    out.serviceProviderName =
        receivedText(*in.serviceProviderName, ctx, "serviceProviderName", kMaxServiceProviderName);
  }
  if (in.profileName != nullptr) {
    out.profileName = receivedText(*in.profileName, ctx, "profileName", kMaxProfileName);
  }
  if (in.iconType != nullptr) out.iconType = toEnum(*in.iconType, kIconTypes, ctx, "iconType");
  if (in.icon != nullptr) {
    out.icon = toBytes(*in.icon);
    requireLength(ctx, "icon", out.icon->size(), 0, kMaxIcon);
  }
  // DEFAULT operational: DER leaves the default out.
  if (in.profileClass != nullptr) {
    out.profileClass = toEnum(*in.profileClass, kProfileClasses, ctx, "profileClass");
  }
  if (in.notificationConfigurationInfo != nullptr) {
    const auto &list = in.notificationConfigurationInfo->list;
    for (int i = 0; i < list.count; ++i) {
      const Ctx item = ctx.at("notificationConfigurationInfo #" + std::to_string(i + 1));
      out.notificationConfigurationInfo.push_back(NotificationConfigurationInformation{
          toNotificationEvent(list.array[i]->profileManagementOperation, item,
                              "profileManagementOperation"),
          toText(list.array[i]->notificationAddress)});
    }
  }
  if (in.profileOwner != nullptr) {
    OperatorId owner;
    owner.mccMnc = toBytes(in.profileOwner->mccMnc);
    requireLength(ctx, "profileOwner mccMnc", owner.mccMnc.size(), kMccMncLength, kMccMncLength);
    if (in.profileOwner->gid1 != nullptr) owner.gid1 = toBytes(*in.profileOwner->gid1);
    if (in.profileOwner->gid2 != nullptr) owner.gid2 = toBytes(*in.profileOwner->gid2);
    out.profileOwner = std::move(owner);
  }
  if (in.dpProprietaryData != nullptr) {
    out.dpOid = oidToText(toBytes(in.dpProprietaryData->dpOid), ctx, "dpOid");
  }
  if (in.profilePolicyRules != nullptr) {
    out.profilePolicyRules = toPprIds(*in.profilePolicyRules, ctx, "profilePolicyRules");
  }
  return out;
}

void setProfileInfo(ProfileInfo_t &out, const ProfileInfo &in, const Ctx &ctx) {
  if (in.iccid) {
    out.iccid = callocOrThrow<Iccid_t>();
    setIccid(*out.iccid, *in.iccid, ctx);
  }
  if (in.isdpAid) {
    checkArgLength(ctx, "isdpAid", in.isdpAid->size(), kMinAid, kMaxAid);
    setOptionalOctets(out.isdpAid, *in.isdpAid);
  }
  if (in.profileState) {
    out.profileState = callocOrThrow<ProfileState_t>();
    *out.profileState = checkArgEnum(*in.profileState, kProfileStates, ctx, "profileState");
  }
  if (in.profileNickname) {
    checkArgLength(ctx, "profileNickname", in.profileNickname->size(), 0, kMaxNickname);
    setOptionalText(out.profileNickname, *in.profileNickname);
  }
  if (in.serviceProviderName) {
    checkArgLength(ctx, "serviceProviderName", in.serviceProviderName->size(), 0,
                   kMaxServiceProviderName);
    setOptionalText(out.serviceProviderName, *in.serviceProviderName);
  }
  if (in.profileName) {
    checkArgLength(ctx, "profileName", in.profileName->size(), 0, kMaxProfileName);
    setOptionalText(out.profileName, *in.profileName);
  }
  if (in.iconType) {
    out.iconType = callocOrThrow<IconType_t>();
    *out.iconType = checkArgEnum(*in.iconType, kIconTypes, ctx, "iconType");
  }
  if (in.icon) {
    checkArgLength(ctx, "icon", in.icon->size(), 0, kMaxIcon);
    setOptionalOctets(out.icon, *in.icon);
  }
  const long profileClass = checkArgEnum(in.profileClass, kProfileClasses, ctx, "profileClass");
  if (in.profileClass != ProfileClass::operational) { // DER: never encode the DEFAULT
    out.profileClass = callocOrThrow<ProfileClass_t>();
    *out.profileClass = profileClass;
  }
  if (!in.notificationConfigurationInfo.empty()) {
    using List = std::remove_pointer_t<decltype(out.notificationConfigurationInfo)>;
    out.notificationConfigurationInfo = callocOrThrow<List>();
    for (std::size_t i = 0; i < in.notificationConfigurationInfo.size(); ++i) {
      const auto &config = in.notificationConfigurationInfo[i];
      const Ctx item = ctx.at("notificationConfigurationInfo #" + std::to_string(i + 1));
      auto *element = appendNew<NotificationConfigurationInformation_t>(
          out.notificationConfigurationInfo->list);
      setNotificationEvent(element->profileManagementOperation, config.profileManagementOperation,
                           item);
      setText(element->notificationAddress, config.notificationAddress);
    }
  }
  if (in.profileOwner) {
    checkArgLength(ctx, "profileOwner mccMnc", in.profileOwner->mccMnc.size(), kMccMncLength,
                   kMccMncLength);
    out.profileOwner = callocOrThrow<OperatorId_t>();
    setOctets(out.profileOwner->mccMnc, in.profileOwner->mccMnc);
    if (in.profileOwner->gid1) setOptionalOctets(out.profileOwner->gid1, *in.profileOwner->gid1);
    if (in.profileOwner->gid2) setOptionalOctets(out.profileOwner->gid2, *in.profileOwner->gid2);
  }
  if (in.dpOid) {
    const Bytes contents = oidFromText(*in.dpOid, ctx, "dpOid");
    out.dpProprietaryData = callocOrThrow<DpProprietaryData_t>();
    setOid(out.dpProprietaryData->dpOid, contents);
  }
  if (in.profilePolicyRules) {
    out.profilePolicyRules = callocOrThrow<PprIds_t>();
    setPprIds(*out.profilePolicyRules, *in.profilePolicyRules);
  }
}

} // namespace

Bytes encodeProfileInfoListRequest(const ProfileInfoListRequest &request) {
  const Ctx ctx(kGetProfilesInfo, Ctx::request);
  auto out = makeAsn<ProfileInfoListRequest_t>(asn_DEF_ProfileInfoListRequest);
  if (!std::holds_alternative<std::monostate>(request.searchCriteria)) {
    using Criteria = std::remove_pointer_t<decltype(out->searchCriteria)>;
    out->searchCriteria = callocOrThrow<Criteria>();
    Criteria &criteria = *out->searchCriteria;
    if (const auto *aid = std::get_if<IsdpAid>(&request.searchCriteria)) {
      checkArgLength(ctx, "searchCriteria isdpAid", aid->value.size(), kMinAid, kMaxAid);
      criteria.present = ProfileInfoListRequest__searchCriteria_PR_isdpAid;
      setOctets(criteria.choice.isdpAid, aid->value);
    } else if (const auto *iccid = std::get_if<Iccid>(&request.searchCriteria)) {
      criteria.present = ProfileInfoListRequest__searchCriteria_PR_iccid;
      setIccid(criteria.choice.iccid, iccid->value, ctx.at("searchCriteria"));
    } else {
      const auto profileClass = std::get<ProfileClass>(request.searchCriteria);
      criteria.present = ProfileInfoListRequest__searchCriteria_PR_profileClass;
      criteria.choice.profileClass =
          checkArgEnum(profileClass, kProfileClasses, ctx, "searchCriteria profileClass");
    }
  }
  if (request.tagList) setOptionalOctets(out->tagList, *request.tagList);
  return encodeDer(asn_DEF_ProfileInfoListRequest, out.get(), ctx);
}

ProfileInfoListRequest decodeProfileInfoListRequest(ByteView der) {
  const Ctx ctx(kGetProfilesInfo, Ctx::request);
  auto in = decodeDer<ProfileInfoListRequest_t>(asn_DEF_ProfileInfoListRequest, der,
                                                kTagProfileInfoList, ctx);
  ProfileInfoListRequest out;
  if (in->searchCriteria != nullptr) {
    const auto &criteria = *in->searchCriteria;
    switch (criteria.present) {
    case ProfileInfoListRequest__searchCriteria_PR_isdpAid: {
      Bytes aid = toBytes(criteria.choice.isdpAid);
      requireLength(ctx, "searchCriteria isdpAid", aid.size(), kMinAid, kMaxAid);
      out.searchCriteria = IsdpAid{std::move(aid)};
      break;
    }
    case ProfileInfoListRequest__searchCriteria_PR_iccid:
      out.searchCriteria = Iccid{toIccid(criteria.choice.iccid, ctx.at("searchCriteria"))};
      break;
    case ProfileInfoListRequest__searchCriteria_PR_profileClass:
      out.searchCriteria =
          toEnum(criteria.choice.profileClass, kProfileClasses, ctx, "searchCriteria profileClass");
      break;
    default: ctx.malformed("searchCriteria holds no known alternative");
    }
  }
  if (in->tagList != nullptr) out.tagList = toBytes(*in->tagList);
  return out;
}

ProfileInfoListResponse decodeProfileInfoListResponse(ByteView der) {
  const Ctx ctx(kGetProfilesInfo, Ctx::response);
  auto in = decodeDer<ProfileInfoListResponse_t>(asn_DEF_ProfileInfoListResponse, der,
                                                 kTagProfileInfoList, ctx);
  ProfileInfoListResponse out;
  switch (in->present) {
  case ProfileInfoListResponse_PR_profileInfoListOk: {
    // The DER reader finds each element, to check asn1c skipped no field.
    const std::vector<ByteView> raw = listElements(der, "ProfileInfo", ctx);
    const auto &list = in->choice.profileInfoListOk.list;
    if (raw.size() != static_cast<std::size_t>(list.count)) {
      ctx.malformed("profileInfoListOk holds " + std::to_string(raw.size()) +
                    " elements but decodes to " + std::to_string(list.count));
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
      out.profileInfoListOk.push_back(
          toProfileInfo(*list.array[i], raw[i], ctx.at("ProfileInfo #" + std::to_string(i + 1))));
    }
    break;
  }
  case ProfileInfoListResponse_PR_profileInfoListError:
    out.profileInfoListError =
        toCode<ProfileInfoListError>(in->choice.profileInfoListError, ctx, "profileInfoListError");
    break;
  default: ctx.malformed("neither profileInfoListOk nor profileInfoListError");
  }
  return out;
}

Bytes encodeProfileInfoListResponse(const ProfileInfoListResponse &response) {
  const Ctx ctx(kGetProfilesInfo, Ctx::response);
  auto out = makeAsn<ProfileInfoListResponse_t>(asn_DEF_ProfileInfoListResponse);
  if (response.profileInfoListError) {
    out->present = ProfileInfoListResponse_PR_profileInfoListError;
    out->choice.profileInfoListError =
        checkArgCode(*response.profileInfoListError, ctx, "profileInfoListError");
  } else {
    out->present = ProfileInfoListResponse_PR_profileInfoListOk;
    for (std::size_t i = 0; i < response.profileInfoListOk.size(); ++i) {
      auto *element = appendNew<ProfileInfo_t>(out->choice.profileInfoListOk.list);
      setProfileInfo(*element, response.profileInfoListOk[i],
                     ctx.at("ProfileInfo #" + std::to_string(i + 1)));
    }
  }
  return encodeDer(asn_DEF_ProfileInfoListResponse, out.get(), ctx);
}

} // namespace esim::codec
