// The plaintext commands of a Bound Profile Package, through asn1c:
// StoreMetadataRequest (BF25, also the profileMetadata of ES9+
// authenticateClient), ConfigureISDPRequest (BF24) and
// ReplaceSessionKeysRequest (BF26).
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/download_codec.hpp"
#include "codec/tags.hpp"

#include "ConfigureISDPRequest.h"
#include "DpProprietaryData.h"
#include "NotificationConfigurationInformation.h"
#include "OperatorId.h"
#include "ReplaceSessionKeysRequest.h"
#include "StoreMetadataRequest.h"

namespace esim::codec {

namespace {

constexpr const char *kStoreMetadata = "StoreMetadata";
constexpr const char *kConfigureIsdp = "ConfigureISDP";
constexpr const char *kReplaceSessionKeys = "ReplaceSessionKeys";
constexpr std::size_t kMaxServiceProviderName = 32;
constexpr std::size_t kMaxProfileName = 64;
constexpr std::size_t kMaxIcon = 1024;
constexpr std::size_t kMccMncLength = 3;
constexpr std::size_t kKeyLength = 16;

constexpr std::initializer_list<IconType> kIconTypes = {IconType::jpg, IconType::png};
constexpr std::initializer_list<ProfileClass> kProfileClasses = {
    ProfileClass::test, ProfileClass::provisioning, ProfileClass::operational};

constexpr unsigned kInstallBit = 0;
constexpr unsigned kEnableBit = 1;
constexpr unsigned kDisableBit = 2;
constexpr unsigned kDeleteBit = 3;

NotificationEvents toEvents(const BIT_STRING_t &bits, const Ctx &ctx) {
  toBitString(bits, ctx, "profileManagementOperation"); // checks the unused-bit count
  return NotificationEvents{testBit(bits, kInstallBit), testBit(bits, kEnableBit),
                            testBit(bits, kDisableBit), testBit(bits, kDeleteBit)};
}

std::uint32_t eventMask(const NotificationEvents &e) {
  return (e.notificationInstall ? 1u << kInstallBit : 0) |
         (e.notificationEnable ? 1u << kEnableBit : 0) |
         (e.notificationDisable ? 1u << kDisableBit : 0) |
         (e.notificationDelete ? 1u << kDeleteBit : 0);
}

std::string receivedText(const OCTET_STRING_t &value, const Ctx &ctx, const char *field,
                         std::size_t max) {
  std::string text = toText(value);
  requireLength(ctx, field, text.size(), 0, max);
  return text;
}

} // namespace

// ---- StoreMetadata ----

Bytes encodeStoreMetadataRequest(const StoreMetadataRequest &in) {
  const Ctx ctx(kStoreMetadata, Ctx::request);
  auto out = makeAsn<StoreMetadataRequest_t>(asn_DEF_StoreMetadataRequest);
  setIccid(out->iccid, in.iccid, ctx);
  checkArgLength(ctx, "serviceProviderName", in.serviceProviderName.size(), 0,
                 kMaxServiceProviderName);
  setText(out->serviceProviderName, in.serviceProviderName);
  checkArgLength(ctx, "profileName", in.profileName.size(), 0, kMaxProfileName);
  setText(out->profileName, in.profileName);
  if (in.iconType) {
    out->iconType = callocOrThrow<IconType_t>();
    *out->iconType = checkArgEnum(*in.iconType, kIconTypes, ctx, "iconType");
  }
  if (in.icon) {
    checkArgLength(ctx, "icon", in.icon->size(), 0, kMaxIcon);
    setOptionalOctets(out->icon, *in.icon);
  }
  const long profileClass = checkArgEnum(in.profileClass, kProfileClasses, ctx, "profileClass");
  if (in.profileClass != ProfileClass::operational) { // DER: never encode the DEFAULT
    out->profileClass = callocOrThrow<ProfileClass_t>();
    *out->profileClass = profileClass;
  }
  if (!in.notificationConfigurationInfo.empty()) {
    using List = std::remove_pointer_t<decltype(out->notificationConfigurationInfo)>;
    out->notificationConfigurationInfo = callocOrThrow<List>();
    for (const NotificationConfiguration &config : in.notificationConfigurationInfo) {
      auto *element = appendNew<NotificationConfigurationInformation_t>(
          out->notificationConfigurationInfo->list);
      setNamedBits(element->profileManagementOperation,
                   eventMask(config.profileManagementOperation));
      setText(element->notificationAddress, config.notificationAddress);
    }
  }
  if (in.profileOwner) {
    checkArgLength(ctx, "profileOwner mccMnc", in.profileOwner->mccMnc.size(), kMccMncLength,
                   kMccMncLength);
    out->profileOwner = callocOrThrow<OperatorId_t>();
    setOctets(out->profileOwner->mccMnc, in.profileOwner->mccMnc);
    if (in.profileOwner->gid1) setOptionalOctets(out->profileOwner->gid1, *in.profileOwner->gid1);
    if (in.profileOwner->gid2) setOptionalOctets(out->profileOwner->gid2, *in.profileOwner->gid2);
  }
  if (in.profilePolicyRules) {
    out->profilePolicyRules = callocOrThrow<PprIds_t>();
    setPprIds(*out->profilePolicyRules, *in.profilePolicyRules);
  }
  return encodeDer(asn_DEF_StoreMetadataRequest, out.get(), ctx);
}

StoreMetadataRequest decodeStoreMetadataRequest(ByteView der) {
  const Ctx ctx(kStoreMetadata, Ctx::request);
  auto in =
      decodeDer<StoreMetadataRequest_t>(asn_DEF_StoreMetadataRequest, der, kTagStoreMetadata, ctx);
  const ByteView value = topElement(der, kTagStoreMetadata, ctx).value;
  checkFieldsDecoded(
      value,
      {{kTagIconType, "iconType", in->iconType != nullptr},
       {kTagIcon, "icon", in->icon != nullptr},
       {kTagProfileClass, "profileClass", in->profileClass != nullptr},
       {kTagNotificationConfigurationInfo, "notificationConfigurationInfo",
        in->notificationConfigurationInfo != nullptr},
       {kTagProfileOwner, "profileOwner", in->profileOwner != nullptr},
       {kTagProfilePolicyRules, "profilePolicyRules", in->profilePolicyRules != nullptr}},
      ctx);
  StoreMetadataRequest out;
  out.iccid = toIccid(in->iccid, ctx);
  out.serviceProviderName =
      receivedText(in->serviceProviderName, ctx, "serviceProviderName", kMaxServiceProviderName);
  out.profileName = receivedText(in->profileName, ctx, "profileName", kMaxProfileName);
  if (in->iconType != nullptr) out.iconType = toEnum(*in->iconType, kIconTypes, ctx, "iconType");
  if (in->icon != nullptr) {
    out.icon = toBytes(*in->icon);
    requireLength(ctx, "icon", out.icon->size(), 0, kMaxIcon);
  }
  if (in->profileClass != nullptr) {
    out.profileClass = toEnum(*in->profileClass, kProfileClasses, ctx, "profileClass");
  }
  if (in->notificationConfigurationInfo != nullptr) {
    const auto &list = in->notificationConfigurationInfo->list;
    for (int i = 0; i < list.count; ++i) {
      const Ctx item = ctx.at("notificationConfigurationInfo #" + std::to_string(i + 1));
      out.notificationConfigurationInfo.push_back(
          NotificationConfiguration{toEvents(list.array[i]->profileManagementOperation, item),
                                    toText(list.array[i]->notificationAddress)});
    }
  }
  if (in->profileOwner != nullptr) {
    OperatorId owner;
    owner.mccMnc = toBytes(in->profileOwner->mccMnc);
    requireLength(ctx, "profileOwner mccMnc", owner.mccMnc.size(), kMccMncLength, kMccMncLength);
    if (in->profileOwner->gid1 != nullptr) owner.gid1 = toBytes(*in->profileOwner->gid1);
    if (in->profileOwner->gid2 != nullptr) owner.gid2 = toBytes(*in->profileOwner->gid2);
    out.profileOwner = std::move(owner);
  }
  if (in->profilePolicyRules != nullptr) {
    out.profilePolicyRules = toPprIds(*in->profilePolicyRules, ctx, "profilePolicyRules");
  }
  out.raw = copyBytes(der);
  return out;
}

// ---- ConfigureISDP ----

Bytes encodeConfigureIsdpRequest(const ConfigureISDPRequest &in) {
  const Ctx ctx(kConfigureIsdp, Ctx::request);
  auto out = makeAsn<ConfigureISDPRequest_t>(asn_DEF_ConfigureISDPRequest);
  if (in.dpOid) {
    const Bytes contents = oidFromText(*in.dpOid, ctx, "dpOid");
    out->dpProprietaryData = callocOrThrow<DpProprietaryData_t>();
    setOid(out->dpProprietaryData->dpOid, contents);
  }
  return encodeDer(asn_DEF_ConfigureISDPRequest, out.get(), ctx);
}

ConfigureISDPRequest decodeConfigureIsdpRequest(ByteView der) {
  const Ctx ctx(kConfigureIsdp, Ctx::request);
  auto in =
      decodeDer<ConfigureISDPRequest_t>(asn_DEF_ConfigureISDPRequest, der, kTagConfigureIsdp, ctx);
  checkFieldsDecoded(
      topElement(der, kTagConfigureIsdp, ctx).value,
      {{kTagDpProprietaryData, "dpProprietaryData", in->dpProprietaryData != nullptr}}, ctx);
  ConfigureISDPRequest out;
  if (in->dpProprietaryData != nullptr) {
    out.dpOid = oidToText(toBytes(in->dpProprietaryData->dpOid), ctx, "dpOid");
  }
  return out;
}

// ---- ReplaceSessionKeys ----

Bytes encodeReplaceSessionKeysRequest(const ReplaceSessionKeysRequest &in) {
  const Ctx ctx(kReplaceSessionKeys, Ctx::request);
  checkArgLength(ctx, "initialMacChainingValue", in.initialMacChainingValue.size(), kKeyLength,
                 kKeyLength);
  checkArgLength(ctx, "ppkEnc", in.ppkEnc.size(), kKeyLength, kKeyLength);
  checkArgLength(ctx, "ppkCmac", in.ppkCmac.size(), kKeyLength, kKeyLength);
  auto out = makeAsn<ReplaceSessionKeysRequest_t>(asn_DEF_ReplaceSessionKeysRequest);
  setOctets(out->initialMacChainingValue, in.initialMacChainingValue);
  setOctets(out->ppkEnc, in.ppkEnc);
  setOctets(out->ppkCmac, in.ppkCmac);
  return encodeDer(asn_DEF_ReplaceSessionKeysRequest, out.get(), ctx);
}

ReplaceSessionKeysRequest decodeReplaceSessionKeysRequest(ByteView der) {
  const Ctx ctx(kReplaceSessionKeys, Ctx::request);
  auto in = decodeDer<ReplaceSessionKeysRequest_t>(asn_DEF_ReplaceSessionKeysRequest, der,
                                                   kTagReplaceSessionKeys, ctx);
  ReplaceSessionKeysRequest out{toBytes(in->initialMacChainingValue), toBytes(in->ppkEnc),
                                toBytes(in->ppkCmac)};
  requireLength(ctx, "initialMacChainingValue", out.initialMacChainingValue.size(), kKeyLength,
                kKeyLength);
  requireLength(ctx, "ppkEnc", out.ppkEnc.size(), kKeyLength, kKeyLength);
  requireLength(ctx, "ppkCmac", out.ppkCmac.size(), kKeyLength, kKeyLength);
  return out;
}

} // namespace esim::codec
