// What the eUICC says about itself: GetEID (BF3E), GetEuiccInfo1 (BF20),
// GetEuiccInfo2 (BF22), GetEuiccConfiguredAddresses (BF3C) and
// SetDefaultDpAddress (BF3F).
#include <climits>

#include "codec/asn1_support.hpp"
#include "codec/asn1_values.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"

#include "CertificationDataObject.h"
#include "EUICCInfo1.h"
#include "EUICCInfo2.h"
#include "EuiccConfiguredAddressesRequest.h"
#include "EuiccConfiguredAddressesResponse.h"
#include "GetEuiccDataRequest.h"
#include "GetEuiccDataResponse.h"
#include "GetEuiccInfo1Request.h"
#include "GetEuiccInfo2Request.h"
#include "SetDefaultDpAddressRequest.h"
#include "SetDefaultDpAddressResponse.h"
#include "SubjectKeyIdentifier.h"

namespace esim::codec {

namespace {

constexpr const char *kGetEid = "GetEID";
constexpr const char *kGetEuiccInfo1 = "GetEuiccInfo1";
constexpr const char *kGetEuiccInfo2 = "GetEuiccInfo2";
constexpr const char *kConfiguredAddresses = "GetEuiccConfiguredAddresses";
constexpr const char *kSetDefaultDpAddress = "SetDefaultDpAddress";

constexpr std::size_t kEidLength = 16;
constexpr std::size_t kVersionLength = 3;       // VersionType: major, minor, revision
constexpr std::size_t kMaxSasAcreditation = 64; // UTF8String (SIZE(0..64))
constexpr std::uint8_t kEidTagListValue = 0x5A; // GetEuiccDataRequest.tagList for the EID
constexpr std::size_t kMaxExtCardValue = 8;     // an unsigned value must fit 64 bits

// toKeyIds copies a SEQUENCE OF SubjectKeyIdentifier.
template <typename List> std::vector<Bytes> toKeyIds(const List &list) {
  std::vector<Bytes> out;
  for (int i = 0; i < list.list.count; ++i)
    out.push_back(toBytes(*list.list.array[i]));
  return out;
}

template <typename List> void setKeyIds(List &list, const std::vector<Bytes> &ids) {
  for (const Bytes &id : ids)
    setOctets(*appendNew<SubjectKeyIdentifier_t>(list), id);
}

Bytes requireVersion(const OCTET_STRING_t &value, const Ctx &ctx, const char *field) {
  Bytes out = toBytes(value);
  requireLength(ctx, field, out.size(), kVersionLength, kVersionLength);
  return out;
}

void setVersion(OCTET_STRING_t &out, const Bytes &version, const Ctx &ctx, const char *field) {
  checkArgLength(ctx, field, version.size(), kVersionLength, kVersionLength);
  setOctets(out, version);
}

// decodeExtCardResource reads the TLVs of extCardResource (ETSI TS 102 226
// clause 8.2.1.3.2): unsigned big-endian numbers under 81, 82 and 83. Other
// tags are skipped: newer cards may add some.
ExtCardResource decodeExtCardResource(ByteView tlvs, const Ctx &ctx) {
  ExtCardResource out;
  der::Reader reader(tlvs);
  der::Element element;
  for (der::Status status = reader.next(element); status != der::Status::end;
       status = reader.next(element)) {
    if (status != der::Status::ok) {
      ctx.malformed(std::string("extCardResource: ") + der::statusText(status) + " TLV");
    }
    std::optional<std::uint64_t> *slot = nullptr;
    if (element.tag == kTagInstalledApplications) slot = &out.numberOfInstalledApplications;
    if (element.tag == kTagFreeNonVolatileMemory) slot = &out.freeNonVolatileMemory;
    if (element.tag == kTagFreeVolatileMemory) slot = &out.freeVolatileMemory;
    if (slot == nullptr) continue;
    const std::string field = "extCardResource tag " + der::tagText(element.tag);
    if (slot->has_value()) ctx.malformed(field + " appears twice");
    ByteView value = element.value;
    if (value.empty()) ctx.malformed(field + " is empty");
    while (value.size() > 1 && value.front() == 0)
      value = value.subspan(1);
    if (value.size() > kMaxExtCardValue) ctx.malformed(field + " does not fit 64 bits");
    std::uint64_t number = 0;
    for (std::uint8_t byte : value)
      number = (number << 8) | byte;
    *slot = number;
  }
  return out;
}

void appendExtCardValue(Bytes &out, TagValue tag, const std::optional<std::uint64_t> &value) {
  if (!value) return;
  Bytes number;
  for (std::uint64_t rest = *value; rest != 0; rest >>= 8) {
    number.insert(number.begin(), static_cast<std::uint8_t>(rest & 0xFF));
  }
  if (number.empty()) number.push_back(0);
  der::appendTlv(out, tag, number);
}

template <typename T> Bytes encodeEmptyRequest(asn_TYPE_descriptor_t &type, const char *function) {
  const Ctx ctx(function, Ctx::request);
  auto request = makeAsn<T>(type);
  return encodeDer(type, request.get(), ctx);
}

} // namespace

// ---- GetEID ----

Bytes encodeGetEidRequest() {
  const Ctx ctx(kGetEid, Ctx::request);
  auto request = makeAsn<GetEuiccDataRequest_t>(asn_DEF_GetEuiccDataRequest);
  const Bytes tagList{kEidTagListValue};
  setOctets(request->tagList, tagList);
  return encodeDer(asn_DEF_GetEuiccDataRequest, request.get(), ctx);
}

void decodeGetEidRequest(ByteView der) {
  const Ctx ctx(kGetEid, Ctx::request);
  auto request =
      decodeDer<GetEuiccDataRequest_t>(asn_DEF_GetEuiccDataRequest, der, kTagGetEid, ctx);
  const Bytes tagList = toBytes(request->tagList);
  if (tagList != Bytes{kEidTagListValue}) {
    ctx.malformed("tagList is '" + toHex(tagList) + "', expected '5A' (the EID)");
  }
}

std::string decodeGetEidResponse(ByteView der) {
  const Ctx ctx(kGetEid, Ctx::response);
  auto response =
      decodeDer<GetEuiccDataResponse_t>(asn_DEF_GetEuiccDataResponse, der, kTagGetEid, ctx);
  const Bytes eid = toBytes(response->eidValue);
  requireLength(ctx, "eidValue", eid.size(), kEidLength, kEidLength);
  return toHex(eid);
}

Bytes encodeGetEidResponse(ByteView eid) {
  const Ctx ctx(kGetEid, Ctx::response);
  checkArgLength(ctx, "eidValue", eid.size(), kEidLength, kEidLength);
  auto response = makeAsn<GetEuiccDataResponse_t>(asn_DEF_GetEuiccDataResponse);
  setOctets(response->eidValue, eid);
  return encodeDer(asn_DEF_GetEuiccDataResponse, response.get(), ctx);
}

// ---- GetEuiccInfo1 ----

Bytes encodeGetEuiccInfo1Request() {
  return encodeEmptyRequest<GetEuiccInfo1Request_t>(asn_DEF_GetEuiccInfo1Request, kGetEuiccInfo1);
}

EUICCInfo1 decodeEuiccInfo1(ByteView der) {
  const Ctx ctx(kGetEuiccInfo1, Ctx::response);
  auto info = decodeDer<EUICCInfo1_t>(asn_DEF_EUICCInfo1, der, kTagGetEuiccInfo1, ctx);
  EUICCInfo1 out;
  out.svn = requireVersion(info->svn, ctx, "svn");
  out.euiccCiPKIdListForVerification = toKeyIds(info->euiccCiPKIdListForVerification);
  out.euiccCiPKIdListForSigning = toKeyIds(info->euiccCiPKIdListForSigning);
  return out;
}

Bytes encodeEuiccInfo1(const EUICCInfo1 &info) {
  const Ctx ctx(kGetEuiccInfo1, Ctx::response);
  auto out = makeAsn<EUICCInfo1_t>(asn_DEF_EUICCInfo1);
  setVersion(out->svn, info.svn, ctx, "svn");
  setKeyIds(out->euiccCiPKIdListForVerification, info.euiccCiPKIdListForVerification);
  setKeyIds(out->euiccCiPKIdListForSigning, info.euiccCiPKIdListForSigning);
  return encodeDer(asn_DEF_EUICCInfo1, out.get(), ctx);
}

// ---- GetEuiccInfo2 ----

Bytes encodeGetEuiccInfo2Request() {
  return encodeEmptyRequest<GetEuiccInfo2Request_t>(asn_DEF_GetEuiccInfo2Request, kGetEuiccInfo2);
}

EUICCInfo2 decodeEuiccInfo2(ByteView der) {
  const Ctx ctx(kGetEuiccInfo2, Ctx::response);
  const ByteView value = checkSingleElement(der, kTagGetEuiccInfo2, ctx);
  auto info = decodeDer<EUICCInfo2_t>(asn_DEF_EUICCInfo2, der, kTagGetEuiccInfo2, ctx);
  checkFieldsDecoded(
      value,
      {{kTagTs102241Version, "ts102241Version", info->ts102241Version != nullptr},
       {kTagGlobalplatformVersion, "globalplatformVersion", info->globalplatformVersion != nullptr},
       {kTagEuiccCategory, "euiccCategory", info->euiccCategory != nullptr},
       {kTagForbiddenProfilePolicyRules, "forbiddenProfilePolicyRules",
        info->forbiddenProfilePolicyRules != nullptr},
       {kTagCertificationDataObject, "certificationDataObject",
        info->certificationDataObject != nullptr}},
      ctx);
  EUICCInfo2 out;
  out.profileVersion = requireVersion(info->profileVersion, ctx, "profileVersion");
  out.svn = requireVersion(info->svn, ctx, "svn");
  out.euiccFirmwareVer = requireVersion(info->euiccFirmwareVer, ctx, "euiccFirmwareVer");
  out.extCardResource = toBytes(info->extCardResource);
  out.extCardResourceDecoded = decodeExtCardResource(out.extCardResource, ctx);
  out.uiccCapability = toBitString(info->uiccCapability, ctx, "uiccCapability");
  if (info->ts102241Version != nullptr) {
    out.ts102241Version = requireVersion(*info->ts102241Version, ctx, "ts102241Version");
  }
  if (info->globalplatformVersion != nullptr) {
    out.globalplatformVersion =
        requireVersion(*info->globalplatformVersion, ctx, "globalplatformVersion");
  }
  out.rspCapability = toBitString(info->rspCapability, ctx, "rspCapability");
  out.euiccCiPKIdListForVerification = toKeyIds(info->euiccCiPKIdListForVerification);
  out.euiccCiPKIdListForSigning = toKeyIds(info->euiccCiPKIdListForSigning);
  if (info->euiccCategory != nullptr) {
    out.euiccCategory = toEnum(*info->euiccCategory,
                               {EuiccCategory::other, EuiccCategory::basicEuicc,
                                EuiccCategory::mediumEuicc, EuiccCategory::contactlessEuicc},
                               ctx, "euiccCategory");
  }
  if (info->forbiddenProfilePolicyRules != nullptr) {
    out.forbiddenProfilePolicyRules =
        toPprIds(*info->forbiddenProfilePolicyRules, ctx, "forbiddenProfilePolicyRules");
  }
  out.ppVersion = requireVersion(info->ppVersion, ctx, "ppVersion");
  out.sasAcreditationNumber = toText(info->sasAcreditationNumber);
  requireLength(ctx, "sasAcreditationNumber", out.sasAcreditationNumber.size(), 0,
                kMaxSasAcreditation);
  if (info->certificationDataObject != nullptr) {
    out.certificationDataObject =
        CertificationDataObject{toText(info->certificationDataObject->platformLabel),
                                toText(info->certificationDataObject->discoveryBaseURL)};
  }
  return out;
}

Bytes encodeEuiccInfo2(const EUICCInfo2 &info) {
  const Ctx ctx(kGetEuiccInfo2, Ctx::response);
  auto out = makeAsn<EUICCInfo2_t>(asn_DEF_EUICCInfo2);
  setVersion(out->profileVersion, info.profileVersion, ctx, "profileVersion");
  setVersion(out->svn, info.svn, ctx, "svn");
  setVersion(out->euiccFirmwareVer, info.euiccFirmwareVer, ctx, "euiccFirmwareVer");
  // The raw TLVs win when given (they may hold tags we do not know);
  // otherwise the decoded values are encoded.
  Bytes extCardResource = info.extCardResource;
  if (extCardResource.empty()) {
    const ExtCardResource &r = info.extCardResourceDecoded;
    appendExtCardValue(extCardResource, kTagInstalledApplications, r.numberOfInstalledApplications);
    appendExtCardValue(extCardResource, kTagFreeNonVolatileMemory, r.freeNonVolatileMemory);
    appendExtCardValue(extCardResource, kTagFreeVolatileMemory, r.freeVolatileMemory);
  }
  setOctets(out->extCardResource, extCardResource);
  setBitString(out->uiccCapability, info.uiccCapability);
  if (info.ts102241Version) {
    checkArgLength(ctx, "ts102241Version", info.ts102241Version->size(), kVersionLength,
                   kVersionLength);
    setOptionalOctets(out->ts102241Version, *info.ts102241Version);
  }
  if (info.globalplatformVersion) {
    checkArgLength(ctx, "globalplatformVersion", info.globalplatformVersion->size(), kVersionLength,
                   kVersionLength);
    setOptionalOctets(out->globalplatformVersion, *info.globalplatformVersion);
  }
  setBitString(out->rspCapability, info.rspCapability);
  setKeyIds(out->euiccCiPKIdListForVerification, info.euiccCiPKIdListForVerification);
  setKeyIds(out->euiccCiPKIdListForSigning, info.euiccCiPKIdListForSigning);
  if (info.euiccCategory) {
    out->euiccCategory = callocOrThrow<long>();
    *out->euiccCategory =
        checkArgEnum(*info.euiccCategory,
                     {EuiccCategory::other, EuiccCategory::basicEuicc, EuiccCategory::mediumEuicc,
                      EuiccCategory::contactlessEuicc},
                     ctx, "euiccCategory");
  }
  if (info.forbiddenProfilePolicyRules) {
    out->forbiddenProfilePolicyRules = callocOrThrow<PprIds_t>();
    setPprIds(*out->forbiddenProfilePolicyRules, *info.forbiddenProfilePolicyRules);
  }
  setVersion(out->ppVersion, info.ppVersion, ctx, "ppVersion");
  checkArgLength(ctx, "sasAcreditationNumber", info.sasAcreditationNumber.size(), 0,
                 kMaxSasAcreditation);
  setText(out->sasAcreditationNumber, info.sasAcreditationNumber);
  if (info.certificationDataObject) {
    out->certificationDataObject = callocOrThrow<CertificationDataObject_t>();
    setText(out->certificationDataObject->platformLabel,
            info.certificationDataObject->platformLabel);
    setText(out->certificationDataObject->discoveryBaseURL,
            info.certificationDataObject->discoveryBaseURL);
  }
  return encodeDer(asn_DEF_EUICCInfo2, out.get(), ctx);
}

// ---- GetEuiccConfiguredAddresses / SetDefaultDpAddress ----

Bytes encodeEuiccConfiguredAddressesRequest() {
  return encodeEmptyRequest<EuiccConfiguredAddressesRequest_t>(
      asn_DEF_EuiccConfiguredAddressesRequest, kConfiguredAddresses);
}

EuiccConfiguredAddresses decodeEuiccConfiguredAddressesResponse(ByteView der) {
  const Ctx ctx(kConfiguredAddresses, Ctx::response);
  auto response = decodeDer<EuiccConfiguredAddressesResponse_t>(
      asn_DEF_EuiccConfiguredAddressesResponse, der, kTagEuiccConfiguredAddresses, ctx);
  EuiccConfiguredAddresses out;
  if (response->defaultDpAddress != nullptr) {
    out.defaultDpAddress = toText(*response->defaultDpAddress);
  }
  out.rootDsAddress = toText(response->rootDsAddress);
  return out;
}

Bytes encodeEuiccConfiguredAddressesResponse(const EuiccConfiguredAddresses &a) {
  const Ctx ctx(kConfiguredAddresses, Ctx::response);
  auto out = makeAsn<EuiccConfiguredAddressesResponse_t>(asn_DEF_EuiccConfiguredAddressesResponse);
  if (a.defaultDpAddress) setOptionalText(out->defaultDpAddress, *a.defaultDpAddress);
  setText(out->rootDsAddress, a.rootDsAddress);
  return encodeDer(asn_DEF_EuiccConfiguredAddressesResponse, out.get(), ctx);
}

Bytes encodeSetDefaultDpAddressRequest(const std::string &defaultDpAddress) {
  const Ctx ctx(kSetDefaultDpAddress, Ctx::request);
  auto out = makeAsn<SetDefaultDpAddressRequest_t>(asn_DEF_SetDefaultDpAddressRequest);
  setText(out->defaultDpAddress, defaultDpAddress);
  return encodeDer(asn_DEF_SetDefaultDpAddressRequest, out.get(), ctx);
}

std::string decodeSetDefaultDpAddressRequest(ByteView der) {
  const Ctx ctx(kSetDefaultDpAddress, Ctx::request);
  auto request = decodeDer<SetDefaultDpAddressRequest_t>(asn_DEF_SetDefaultDpAddressRequest, der,
                                                         kTagSetDefaultDpAddress, ctx);
  return toText(request->defaultDpAddress);
}

SetDefaultDpAddressResult decodeSetDefaultDpAddressResponse(ByteView der) {
  const Ctx ctx(kSetDefaultDpAddress, Ctx::response);
  auto response = decodeDer<SetDefaultDpAddressResponse_t>(asn_DEF_SetDefaultDpAddressResponse, der,
                                                           kTagSetDefaultDpAddress, ctx);
  return toCode<SetDefaultDpAddressResult>(response->setDefaultDpAddressResult, ctx,
                                           "setDefaultDpAddressResult");
}

Bytes encodeSetDefaultDpAddressResponse(SetDefaultDpAddressResult r) {
  const Ctx ctx(kSetDefaultDpAddress, Ctx::response);
  auto out = makeAsn<SetDefaultDpAddressResponse_t>(asn_DEF_SetDefaultDpAddressResponse);
  out->setDefaultDpAddressResult = checkArgCode(r, ctx, "setDefaultDpAddressResult");
  return encodeDer(asn_DEF_SetDefaultDpAddressResponse, out.get(), ctx);
}

} // namespace esim::codec
