// The ES10c commands that change a profile or the card: EnableProfile (BF31),
// DisableProfile (BF32), DeleteProfile (BF33), SetNickname (BF29) and
// EuiccMemoryReset (BF34).
#include "codec/asn1_support.hpp"
#include "codec/asn1_values.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"

#include "DeleteProfileRequest.h"
#include "DeleteProfileResponse.h"
#include "DisableProfileRequest.h"
#include "DisableProfileResponse.h"
#include "EnableProfileRequest.h"
#include "EnableProfileResponse.h"
#include "EuiccMemoryResetRequest.h"
#include "EuiccMemoryResetResponse.h"
#include "SetNicknameRequest.h"
#include "SetNicknameResponse.h"

namespace esim::codec {

namespace {

constexpr const char *kEnableProfile = "EnableProfile";
constexpr const char *kDisableProfile = "DisableProfile";
constexpr const char *kDeleteProfile = "DeleteProfile";
constexpr const char *kSetNickname = "SetNickname";
constexpr const char *kEuiccMemoryReset = "EuiccMemoryReset";

constexpr std::size_t kMinAid = 1;
constexpr std::size_t kMaxAid = 16;
constexpr std::size_t kMaxNickname = 64;

// Named bits of EuiccMemoryResetRequest.resetOptions.
constexpr unsigned kDeleteOperationalProfilesBit = 0;
constexpr unsigned kDeleteFieldLoadedTestProfilesBit = 1;
constexpr unsigned kResetDefaultSmdpAddressBit = 2;

// setProfileIdentifier fills the CHOICE { isdpAid, iccid } of the three
// profile commands; |choice| is its asn1c struct, |isdpAidPr|/|iccidPr|
// its two presence values.
template <typename Choice, typename Pr>
void setProfileIdentifier(Choice &choice, const ProfileIdentifier &id, Pr isdpAidPr, Pr iccidPr,
                          const Ctx &ctx) {
  if (const auto *aid = std::get_if<IsdpAid>(&id)) {
    checkArgLength(ctx, "isdpAid", aid->value.size(), kMinAid, kMaxAid);
    choice.present = isdpAidPr;
    setOctets(choice.choice.isdpAid, aid->value);
  } else {
    choice.present = iccidPr;
    setIccid(choice.choice.iccid, std::get<Iccid>(id).value, ctx);
  }
}

template <typename Choice, typename Pr>
ProfileIdentifier toProfileIdentifier(const Choice &choice, Pr isdpAidPr, Pr iccidPr,
                                      const Ctx &ctx) {
  if (choice.present == isdpAidPr) {
    Bytes aid = toBytes(choice.choice.isdpAid);
    requireLength(ctx, "isdpAid", aid.size(), kMinAid, kMaxAid);
    return IsdpAid{std::move(aid)};
  }
  if (choice.present == iccidPr) return Iccid{toIccid(choice.choice.iccid, ctx)};
  ctx.malformed("profileIdentifier is neither isdpAid nor iccid");
}

// encodeSwitchRequest and decodeSwitchRequest hold the one shape of the
// Enable and DisableProfile requests ({ profileIdentifier CHOICE,
// refreshFlag }), which asn1c turns into two unrelated structs.
template <typename T, typename Pr>
Bytes encodeSwitchRequest(asn_TYPE_descriptor_t &type, const ProfileCommandRequest &request,
                          Pr isdpAidPr, Pr iccidPr, const char *function) {
  const Ctx ctx(function, Ctx::request);
  auto out = makeAsn<T>(type);
  setProfileIdentifier(out->profileIdentifier, request.profileIdentifier, isdpAidPr, iccidPr, ctx);
  out->refreshFlag = request.refreshFlag ? 1 : 0;
  return encodeDer(type, out.get(), ctx);
}

template <typename T, typename Pr>
ProfileCommandRequest decodeSwitchRequest(asn_TYPE_descriptor_t &type, ByteView der, TagValue tag,
                                          Pr isdpAidPr, Pr iccidPr, const char *function) {
  const Ctx ctx(function, Ctx::request);
  auto in = decodeDer<T>(type, der, tag, ctx);
  return ProfileCommandRequest{toProfileIdentifier(in->profileIdentifier, isdpAidPr, iccidPr, ctx),
                               in->refreshFlag != 0};
}

// decodeResult decodes a one-INTEGER response (T has a long member |field|).
// Any number 0..kMaxResultCode is kept (SGP.22's lists are open).
template <typename E, typename T>
E decodeResult(asn_TYPE_descriptor_t &type, ByteView der, TagValue tag, const char *function,
               long T::*field, const char *fieldName) {
  const Ctx ctx(function, Ctx::response);
  auto response = decodeDer<T>(type, der, tag, ctx);
  return toCode<E>((*response).*field, ctx, fieldName);
}

template <typename T, typename E>
Bytes encodeResult(asn_TYPE_descriptor_t &type, const char *function, long T::*field,
                   const char *fieldName, E value) {
  const Ctx ctx(function, Ctx::response);
  auto response = makeAsn<T>(type);
  (*response).*field = checkArgCode(value, ctx, fieldName);
  return encodeDer(type, response.get(), ctx);
}

} // namespace

// ---- EnableProfile ----

Bytes encodeEnableProfileRequest(const ProfileCommandRequest &request) {
  return encodeSwitchRequest<EnableProfileRequest_t>(
      asn_DEF_EnableProfileRequest, request, EnableProfileRequest__profileIdentifier_PR_isdpAid,
      EnableProfileRequest__profileIdentifier_PR_iccid, kEnableProfile);
}

ProfileCommandRequest decodeEnableProfileRequest(ByteView der) {
  return decodeSwitchRequest<EnableProfileRequest_t>(
      asn_DEF_EnableProfileRequest, der, kTagEnableProfile,
      EnableProfileRequest__profileIdentifier_PR_isdpAid,
      EnableProfileRequest__profileIdentifier_PR_iccid, kEnableProfile);
}

EnableProfileResult decodeEnableProfileResponse(ByteView der) {
  return decodeResult<EnableProfileResult>(asn_DEF_EnableProfileResponse, der, kTagEnableProfile,
                                           kEnableProfile, &EnableProfileResponse_t::enableResult,
                                           "enableResult");
}

Bytes encodeEnableProfileResponse(EnableProfileResult r) {
  return encodeResult(asn_DEF_EnableProfileResponse, kEnableProfile,
                      &EnableProfileResponse_t::enableResult, "enableResult", r);
}

// ---- DisableProfile ----

Bytes encodeDisableProfileRequest(const ProfileCommandRequest &request) {
  return encodeSwitchRequest<DisableProfileRequest_t>(
      asn_DEF_DisableProfileRequest, request, DisableProfileRequest__profileIdentifier_PR_isdpAid,
      DisableProfileRequest__profileIdentifier_PR_iccid, kDisableProfile);
}

ProfileCommandRequest decodeDisableProfileRequest(ByteView der) {
  return decodeSwitchRequest<DisableProfileRequest_t>(
      asn_DEF_DisableProfileRequest, der, kTagDisableProfile,
      DisableProfileRequest__profileIdentifier_PR_isdpAid,
      DisableProfileRequest__profileIdentifier_PR_iccid, kDisableProfile);
}

DisableProfileResult decodeDisableProfileResponse(ByteView der) {
  return decodeResult<DisableProfileResult>(
      asn_DEF_DisableProfileResponse, der, kTagDisableProfile, kDisableProfile,
      &DisableProfileResponse_t::disableResult, "disableResult");
}

Bytes encodeDisableProfileResponse(DisableProfileResult r) {
  return encodeResult(asn_DEF_DisableProfileResponse, kDisableProfile,
                      &DisableProfileResponse_t::disableResult, "disableResult", r);
}

// ---- DeleteProfile ----

Bytes encodeDeleteProfileRequest(const ProfileIdentifier &profile) {
  const Ctx ctx(kDeleteProfile, Ctx::request);
  auto out = makeAsn<DeleteProfileRequest_t>(asn_DEF_DeleteProfileRequest);
  setProfileIdentifier(*out, profile, DeleteProfileRequest_PR_isdpAid,
                       DeleteProfileRequest_PR_iccid, ctx);
  return encodeDer(asn_DEF_DeleteProfileRequest, out.get(), ctx);
}

ProfileIdentifier decodeDeleteProfileRequest(ByteView der) {
  const Ctx ctx(kDeleteProfile, Ctx::request);
  auto in =
      decodeDer<DeleteProfileRequest_t>(asn_DEF_DeleteProfileRequest, der, kTagDeleteProfile, ctx);
  return toProfileIdentifier(*in, DeleteProfileRequest_PR_isdpAid, DeleteProfileRequest_PR_iccid,
                             ctx);
}

DeleteProfileResult decodeDeleteProfileResponse(ByteView der) {
  return decodeResult<DeleteProfileResult>(asn_DEF_DeleteProfileResponse, der, kTagDeleteProfile,
                                           kDeleteProfile, &DeleteProfileResponse_t::deleteResult,
                                           "deleteResult");
}

Bytes encodeDeleteProfileResponse(DeleteProfileResult r) {
  return encodeResult(asn_DEF_DeleteProfileResponse, kDeleteProfile,
                      &DeleteProfileResponse_t::deleteResult, "deleteResult", r);
}

// ---- SetNickname ----

Bytes encodeSetNicknameRequest(const SetNicknameRequest &request) {
  const Ctx ctx(kSetNickname, Ctx::request);
  checkArgLength(ctx, "profileNickname", request.profileNickname.size(), 0, kMaxNickname);
  auto out = makeAsn<SetNicknameRequest_t>(asn_DEF_SetNicknameRequest);
  setIccid(out->iccid, request.iccid, ctx);
  setText(out->profileNickname, request.profileNickname);
  return encodeDer(asn_DEF_SetNicknameRequest, out.get(), ctx);
}

SetNicknameRequest decodeSetNicknameRequest(ByteView der) {
  const Ctx ctx(kSetNickname, Ctx::request);
  auto in = decodeDer<SetNicknameRequest_t>(asn_DEF_SetNicknameRequest, der, kTagSetNickname, ctx);
  SetNicknameRequest out;
  out.iccid = toIccid(in->iccid, ctx);
  out.profileNickname = toText(in->profileNickname);
  requireLength(ctx, "profileNickname", out.profileNickname.size(), 0, kMaxNickname);
  return out;
}

SetNicknameResult decodeSetNicknameResponse(ByteView der) {
  return decodeResult<SetNicknameResult>(asn_DEF_SetNicknameResponse, der, kTagSetNickname,
                                         kSetNickname, &SetNicknameResponse_t::setNicknameResult,
                                         "setNicknameResult");
}

Bytes encodeSetNicknameResponse(SetNicknameResult r) {
  return encodeResult(asn_DEF_SetNicknameResponse, kSetNickname,
                      &SetNicknameResponse_t::setNicknameResult, "setNicknameResult", r);
}

// ---- EuiccMemoryReset ----

Bytes encodeEuiccMemoryResetRequest(const EuiccMemoryResetOptions &options) {
  const Ctx ctx(kEuiccMemoryReset, Ctx::request);
  auto out = makeAsn<EuiccMemoryResetRequest_t>(asn_DEF_EuiccMemoryResetRequest);
  std::uint32_t mask = 0;
  if (options.deleteOperationalProfiles) mask |= 1u << kDeleteOperationalProfilesBit;
  if (options.deleteFieldLoadedTestProfiles) mask |= 1u << kDeleteFieldLoadedTestProfilesBit;
  if (options.resetDefaultSmdpAddress) mask |= 1u << kResetDefaultSmdpAddressBit;
  setNamedBits(out->resetOptions, mask);
  return encodeDer(asn_DEF_EuiccMemoryResetRequest, out.get(), ctx);
}

EuiccMemoryResetOptions decodeEuiccMemoryResetRequest(ByteView der) {
  const Ctx ctx(kEuiccMemoryReset, Ctx::request);
  auto in = decodeDer<EuiccMemoryResetRequest_t>(asn_DEF_EuiccMemoryResetRequest, der,
                                                 kTagEuiccMemoryReset, ctx);
  toBitString(in->resetOptions, ctx, "resetOptions"); // checks the unused-bit count
  EuiccMemoryResetOptions out;
  out.deleteOperationalProfiles = testBit(in->resetOptions, kDeleteOperationalProfilesBit);
  out.deleteFieldLoadedTestProfiles = testBit(in->resetOptions, kDeleteFieldLoadedTestProfilesBit);
  out.resetDefaultSmdpAddress = testBit(in->resetOptions, kResetDefaultSmdpAddressBit);
  return out;
}

EuiccMemoryResetResult decodeEuiccMemoryResetResponse(ByteView der) {
  return decodeResult<EuiccMemoryResetResult>(
      asn_DEF_EuiccMemoryResetResponse, der, kTagEuiccMemoryReset, kEuiccMemoryReset,
      &EuiccMemoryResetResponse_t::resetResult, "resetResult");
}

Bytes encodeEuiccMemoryResetResponse(EuiccMemoryResetResult r) {
  return encodeResult(asn_DEF_EuiccMemoryResetResponse, kEuiccMemoryReset,
                      &EuiccMemoryResetResponse_t::resetResult, "resetResult", r);
}

} // namespace esim::codec
