// NotificationMetadata (BF2F) and PendingNotification (ProfileInstallationResult
// BF37 or OtherSignedNotification 30): the signed notifications the eUICC
// keeps for the SM-DP+. Signed bytes are never re-encoded: they are cut out
// of the DER as received.
#include "codec/asn1_values.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/notification_parts.hpp"
#include "codec/tags.hpp"

#include "OtherSignedNotification.h"
#include "ProfileInstallationResult.h"

namespace esim::codec {

namespace {

constexpr const char *kNotificationMetadata = "NotificationMetadata";
constexpr const char *kOtherSignedNotification = "OtherSignedNotification";
constexpr const char *kPendingNotification = "PendingNotification";

struct SignedParts {
  Bytes tbsOtherNotification;
  Bytes euiccNotificationSignature;
  Bytes euiccCertificate;
  Bytes eumCertificate;
};

// cutSignedParts reads the elements of an OtherSignedNotification (30) in
// order: tbsOtherNotification (BF2F), euiccNotificationSignature (5F37),
// euiccCertificate, eumCertificate. Later elements (extensions) are ignored.
SignedParts cutSignedParts(ByteView raw, const Ctx &ctx) {
  der::Reader outer(raw);
  der::Element sequence;
  if (outer.next(sequence) != der::Status::ok || sequence.tag != kTagSequence) {
    ctx.malformed("otherSignedNotification is not a SEQUENCE");
  }
  der::Reader inner(sequence.value);
  der::Element parts[4];
  static constexpr const char *kNames[4] = {"tbsOtherNotification", "euiccNotificationSignature",
                                            "euiccCertificate", "eumCertificate"};
  for (std::size_t i = 0; i < 4; ++i) {
    const der::Status status = inner.next(parts[i]);
    if (status != der::Status::ok) {
      ctx.malformed(std::string(kNames[i]) + ": " + der::statusText(status));
    }
  }
  if (parts[0].tag != kTagNotificationMetadata) {
    ctx.malformed("tbsOtherNotification has tag " + der::tagText(parts[0].tag) + ", expected " +
                  der::tagText(kTagNotificationMetadata));
  }
  if (parts[1].tag != kTagEuiccSignature) {
    ctx.malformed("euiccNotificationSignature has tag " + der::tagText(parts[1].tag) +
                  ", expected " + der::tagText(kTagEuiccSignature));
  }
  const auto copy = [](ByteView v) { return Bytes(v.begin(), v.end()); };
  return SignedParts{copy(parts[0].encoded), copy(parts[1].value), copy(parts[2].encoded),
                     copy(parts[3].encoded)};
}

// checkSingleTlv checks that an argument of encodeOtherSignedNotification is
// exactly one element (with |tag| unless it is 0).
void checkSingleTlv(ByteView der, TagValue tag, const Ctx &ctx, const char *field) {
  der::Reader reader(der);
  der::Element element;
  const der::Status status = reader.next(element);
  if (status != der::Status::ok) {
    ctx.invalid(std::string(field) + " is not one DER element: " + der::statusText(status));
  }
  if (!reader.empty()) {
    ctx.invalid(std::string(field) + " has " + std::to_string(reader.rest().size()) +
                " bytes after its DER element");
  }
  if (tag != 0 && element.tag != tag) {
    ctx.invalid(std::string(field) + " has tag " + der::tagText(element.tag) + ", expected " +
                der::tagText(tag));
  }
}

} // namespace

NotificationMetadata toNotificationMetadata(const NotificationMetadata_t &in, const Ctx &ctx) {
  NotificationMetadata out;
  if (in.seqNumber < 0) ctx.malformed("seqNumber " + std::to_string(in.seqNumber) + " is negative");
  out.seqNumber = in.seqNumber;
  out.profileManagementOperation =
      toNotificationEvent(in.profileManagementOperation, ctx, "profileManagementOperation");
  out.notificationAddress = toText(in.notificationAddress);
  if (in.iccid != nullptr) out.iccid = toIccid(*in.iccid, ctx);
  return out;
}

void setNotificationMetadata(NotificationMetadata_t &out, const NotificationMetadata &in,
                             const Ctx &ctx) {
  if (in.seqNumber < 0) ctx.invalid("seqNumber " + std::to_string(in.seqNumber) + " is negative");
  out.seqNumber = static_cast<long>(in.seqNumber);
  setNotificationEvent(out.profileManagementOperation, in.profileManagementOperation, ctx);
  setText(out.notificationAddress, in.notificationAddress);
  if (in.iccid) {
    out.iccid = callocOrThrow<Iccid_t>();
    setIccid(*out.iccid, *in.iccid, ctx);
  }
}

TagValue checkPendingNotificationDer(ByteView raw, const Ctx &ctx, bool received) {
  const auto fail = [&](const std::string &what) {
    if (received) ctx.malformed(what);
    ctx.invalid(what);
  };
  if (raw.empty()) fail("empty PendingNotification");
  der::Reader reader(raw);
  der::Element element;
  const der::Status status = reader.next(element);
  if (status != der::Status::ok)
    fail(std::string("PendingNotification: ") + der::statusText(status));
  if (element.tag != kTagSequence && element.tag != kTagProfileInstallationResult) {
    fail("PendingNotification has tag " + der::tagText(element.tag) + ", expected " +
         der::tagText(kTagProfileInstallationResult) + " or " + der::tagText(kTagSequence));
  }
  if (!reader.empty()) {
    fail(std::to_string(reader.rest().size()) + " trailing bytes after the PendingNotification");
  }
  return element.tag;
}

PendingNotification toPendingNotification(const PendingNotification_t &in, ByteView raw,
                                          const Ctx &ctx) {
  PendingNotification out;
  out.raw.assign(raw.begin(), raw.end());
  switch (in.present) {
  case PendingNotification_PR_profileInstallationResult:
    out.kind = PendingNotificationKind::profileInstallationResult;
    out.metadata = toNotificationMetadata(
        in.choice.profileInstallationResult.profileInstallationResultData.notificationMetadata,
        ctx.at("notificationMetadata"));
    break;
  case PendingNotification_PR_otherSignedNotification: {
    out.kind = PendingNotificationKind::otherSignedNotification;
    out.metadata = toNotificationMetadata(in.choice.otherSignedNotification.tbsOtherNotification,
                                          ctx.at("tbsOtherNotification"));
    SignedParts parts = cutSignedParts(raw, ctx);
    out.tbsOtherNotification = std::move(parts.tbsOtherNotification);
    out.euiccNotificationSignature = std::move(parts.euiccNotificationSignature);
    out.euiccCertificate = std::move(parts.euiccCertificate);
    out.eumCertificate = std::move(parts.eumCertificate);
    break;
  }
  default: ctx.malformed("neither profileInstallationResult nor otherSignedNotification");
  }
  return out;
}

Bytes encodeNotificationMetadata(const NotificationMetadata &metadata) {
  const Ctx ctx(kNotificationMetadata, Ctx::element);
  auto out = makeAsn<NotificationMetadata_t>(asn_DEF_NotificationMetadata);
  setNotificationMetadata(*out, metadata, ctx);
  return encodeDer(asn_DEF_NotificationMetadata, out.get(), ctx);
}

Bytes encodeOtherSignedNotification(ByteView tbsOtherNotification, ByteView signature,
                                    ByteView euiccCertificate, ByteView eumCertificate) {
  const Ctx ctx(kOtherSignedNotification, Ctx::element);
  checkSingleTlv(tbsOtherNotification, kTagNotificationMetadata, ctx, "tbsOtherNotification");
  if (signature.empty()) ctx.invalid("euiccNotificationSignature is empty");
  checkSingleTlv(euiccCertificate, kTagSequence, ctx, "euiccCertificate");
  checkSingleTlv(eumCertificate, kTagSequence, ctx, "eumCertificate");
  Bytes body(tbsOtherNotification.begin(), tbsOtherNotification.end());
  der::appendTlv(body, kTagEuiccSignature, signature);
  body.insert(body.end(), euiccCertificate.begin(), euiccCertificate.end());
  body.insert(body.end(), eumCertificate.begin(), eumCertificate.end());
  Bytes out;
  der::appendTlv(out, kTagSequence, body);
  return out;
}

PendingNotification decodePendingNotification(ByteView der) {
  const Ctx ctx(kPendingNotification, Ctx::element);
  checkPendingNotificationDer(der, ctx, true);
  AsnPtr<PendingNotification_t> in(
      static_cast<PendingNotification_t *>(decodeRaw(asn_DEF_PendingNotification, der, ctx)),
      AsnDeleter{&asn_DEF_PendingNotification});
  return toPendingNotification(*in, der, ctx);
}

} // namespace esim::codec
