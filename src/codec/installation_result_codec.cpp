// ProfileInstallationResult (BF37) and its signed ProfileInstallationResultData
// (BF27): decoded with asn1c, the signed BF27 cut out of the bytes received.
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/download_codec.hpp"
#include "codec/notification_parts.hpp"
#include "codec/tags.hpp"

#include "ProfileInstallationResultData.h"

namespace esim::codec {

namespace {

constexpr const char *kPir = "ProfileInstallationResult";
constexpr std::size_t kMaxTransactionId = 16;
constexpr std::size_t kMinAid = 5;
constexpr std::size_t kMaxAid = 16;

ProfileInstallationResultData toData(ByteView raw, const Ctx &ctx) {
  auto in = decodeDer<ProfileInstallationResultData_t>(asn_DEF_ProfileInstallationResultData, raw,
                                                       kTagProfileInstallationResultData, ctx);
  ProfileInstallationResultData out;
  out.transactionId = toBytes(in->transactionId);
  requireLength(ctx, "transactionId", out.transactionId.size(), 1, kMaxTransactionId);
  out.notificationMetadata =
      toNotificationMetadata(in->notificationMetadata, ctx.at("notificationMetadata"));
  if (in->smdpOid != nullptr) out.smdpOid = oidToText(toBytes(*in->smdpOid), ctx, "smdpOid");
  const auto &final = in->finalResult;
  if (final.present == ProfileInstallationResultData__finalResult_PR_successResult) {
    SuccessResult success{toBytes(final.choice.successResult.aid),
                          toBytes(final.choice.successResult.simaResponse)};
    requireLength(ctx, "successResult aid", success.aid.size(), kMinAid, kMaxAid);
    out.successResult = std::move(success);
  } else if (final.present == ProfileInstallationResultData__finalResult_PR_errorResult) {
    const ErrorResult_t &e = final.choice.errorResult;
    ErrorResult error;
    error.bppCommandId = toCode<BppCommandId>(e.bppCommandId, ctx, "errorResult bppCommandId");
    error.errorReason = toCode<ErrorReason>(e.errorReason, ctx, "errorResult errorReason");
    if (e.simaResponse != nullptr) error.simaResponse = toBytes(*e.simaResponse);
    out.errorResult = std::move(error);
  } else {
    ctx.malformed("finalResult is neither successResult nor errorResult");
  }
  out.raw = copyBytes(raw);
  return out;
}

} // namespace

Bytes encodeProfileInstallationResultData(const ProfileInstallationResultData &value) {
  const Ctx ctx(kPir, Ctx::response);
  checkArgLength(ctx, "transactionId", value.transactionId.size(), 1, kMaxTransactionId);
  if (value.successResult.has_value() == value.errorResult.has_value()) {
    ctx.invalid("exactly one of successResult and errorResult must be set");
  }
  auto out = makeAsn<ProfileInstallationResultData_t>(asn_DEF_ProfileInstallationResultData);
  setOctets(out->transactionId, value.transactionId);
  setNotificationMetadata(out->notificationMetadata, value.notificationMetadata, ctx);
  if (value.smdpOid) {
    const Bytes contents = oidFromText(*value.smdpOid, ctx, "smdpOid");
    out->smdpOid = callocOrThrow<OBJECT_IDENTIFIER_t>();
    setOid(*out->smdpOid, contents);
  }
  auto &final = out->finalResult;
  if (const auto &success = value.successResult) {
    checkArgLength(ctx, "successResult aid", success->aid.size(), kMinAid, kMaxAid);
    final.present = ProfileInstallationResultData__finalResult_PR_successResult;
    setOctets(final.choice.successResult.aid, success->aid);
    setOctets(final.choice.successResult.simaResponse, success->simaResponse);
  } else {
    final.present = ProfileInstallationResultData__finalResult_PR_errorResult;
    ErrorResult_t &e = final.choice.errorResult;
    e.bppCommandId = static_cast<long>(value.errorResult->bppCommandId);
    e.errorReason = static_cast<long>(value.errorResult->errorReason);
    if (value.errorResult->simaResponse) {
      setOptionalOctets(e.simaResponse, *value.errorResult->simaResponse);
    }
  }
  return encodeDer(asn_DEF_ProfileInstallationResultData, out.get(), ctx);
}

ProfileInstallationResultData decodeProfileInstallationResultData(ByteView der) {
  return toData(der, Ctx("ProfileInstallationResultData", Ctx::element));
}

Bytes encodeProfileInstallationResult(ByteView profileInstallationResultData,
                                      ByteView euiccSignPIR) {
  const Ctx ctx(kPir, Ctx::response);
  singleTlv(profileInstallationResultData, kTagProfileInstallationResultData, ctx,
            "profileInstallationResultData");
  Bytes body = copyBytes(profileInstallationResultData);
  der::appendTlv(body, kTagEuiccSignature, euiccSignPIR);
  return wrap(kTagProfileInstallationResult, body);
}

ProfileInstallationResult decodeProfileInstallationResult(ByteView der) {
  const Ctx ctx(kPir, Ctx::response);
  Fields f(topElement(der, kTagProfileInstallationResult, ctx).value, ctx);
  const der::Element data =
      f.element(kTagProfileInstallationResultData, "profileInstallationResultData");
  const der::Element signature = f.element(kTagEuiccSignature, "euiccSignPIR");
  f.end();
  ProfileInstallationResult out;
  out.profileInstallationResultData = toData(data.encoded, ctx.at("profileInstallationResultData"));
  out.euiccSignPIR = copyBytes(signature.value);
  out.raw = copyBytes(der);
  return out;
}

} // namespace esim::codec
