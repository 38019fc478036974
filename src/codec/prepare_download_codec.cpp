// PrepareDownload (BF21) and CancelSession (BF41). Signed parts
// (smdpSigned2, euiccSigned2, euiccCancelSessionSigned) are cut out of the
// received DER and spliced into an encoding unchanged.
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/download_codec.hpp"
#include "codec/tags.hpp"

namespace esim::codec {

namespace {

constexpr const char *kPrepareDownload = "PrepareDownload";
constexpr const char *kCancelSession = "CancelSession";
constexpr std::size_t kMaxTransactionId = 16;
constexpr std::size_t kHashCc = 32;
constexpr std::size_t kMaxOtpk = 133; // 04||X||Y of a 521-bit curve
// SGP.22's code lists are open: any number up to kMaxResultCode is kept.
constexpr long kMaxCode = kMaxResultCode;

SmdpSigned2 readSmdpSigned2(const der::Element &seq, const Ctx &ctx) {
  SmdpSigned2 out;
  Fields f(seq.value, ctx.at("smdpSigned2"));
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.ccRequiredFlag =
      booleanValue(f.element(kTagBoolean, "ccRequiredFlag").value, f.ctx(), "ccRequiredFlag");
  if (auto otpk = f.optional(kTagOtpk, "bppEuiccOtpk")) {
    requireLength(f.ctx(), "bppEuiccOtpk", otpk->value.size(), 1, kMaxOtpk);
    out.bppEuiccOtpk = copyBytes(otpk->value);
  }
  f.end();
  out.raw = copyBytes(seq.encoded);
  return out;
}

EuiccSigned2 readEuiccSigned2(const der::Element &seq, const Ctx &ctx) {
  EuiccSigned2 out;
  Fields f(seq.value, ctx.at("euiccSigned2"));
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.euiccOtpk = f.bytes(kTagOtpk, "euiccOtpk", 1, kMaxOtpk);
  if (auto hash = f.optional(kTagOctetString, "hashCc")) {
    requireLength(f.ctx(), "hashCc", hash->value.size(), kHashCc, kHashCc);
    out.hashCc = copyBytes(hash->value);
  }
  f.end();
  out.raw = copyBytes(seq.encoded);
  return out;
}

EuiccCancelSessionSigned readCancelSigned(const der::Element &seq, const Ctx &ctx) {
  EuiccCancelSessionSigned out;
  Fields f(seq.value, ctx.at("euiccCancelSessionSigned"));
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.smdpOid = oidToText(f.element(kTagContext1, "smdpOid").value, f.ctx(), "smdpOid");
  out.reason = static_cast<CancelSessionReason>(f.integer(kTagContext2, "reason", kMaxCode));
  f.end();
  out.raw = copyBytes(seq.encoded);
  return out;
}

void checkTransactionId(const Ctx &ctx, ByteView tid) {
  checkArgLength(ctx, "transactionId", tid.size(), 1, kMaxTransactionId);
}

} // namespace

Bytes signatureTlv(ByteView signature) {
  return wrap(kTagEuiccSignature, signature);
}

// ---- SmdpSigned2 / EuiccSigned2 ----

Bytes encodeSmdpSigned2(const SmdpSigned2 &value) {
  const Ctx ctx(kPrepareDownload, Ctx::request);
  checkTransactionId(ctx, value.transactionId);
  Bytes body;
  der::appendTlv(body, kTagContext0, value.transactionId);
  appendBoolean(body, kTagBoolean, value.ccRequiredFlag);
  if (value.bppEuiccOtpk) der::appendTlv(body, kTagOtpk, *value.bppEuiccOtpk);
  return wrap(kTagSequence, body);
}

SmdpSigned2 decodeSmdpSigned2(ByteView der) {
  const Ctx ctx("SmdpSigned2", Ctx::element);
  return readSmdpSigned2(topElement(der, kTagSequence, ctx), ctx);
}

Bytes encodeEuiccSigned2(const EuiccSigned2 &value) {
  const Ctx ctx(kPrepareDownload, Ctx::response);
  checkTransactionId(ctx, value.transactionId);
  checkArgLength(ctx, "euiccOtpk", value.euiccOtpk.size(), 1, kMaxOtpk);
  Bytes body;
  der::appendTlv(body, kTagContext0, value.transactionId);
  der::appendTlv(body, kTagOtpk, value.euiccOtpk);
  if (value.hashCc) {
    checkArgLength(ctx, "hashCc", value.hashCc->size(), kHashCc, kHashCc);
    der::appendTlv(body, kTagOctetString, *value.hashCc);
  }
  return wrap(kTagSequence, body);
}

EuiccSigned2 decodeEuiccSigned2(ByteView der) {
  const Ctx ctx("EUICCSigned2", Ctx::element);
  return readEuiccSigned2(topElement(der, kTagSequence, ctx), ctx);
}

// ---- PrepareDownload ----

Bytes encodePrepareDownloadRequest(const PrepareDownloadRequest &request) {
  const Ctx ctx(kPrepareDownload, Ctx::request);
  singleTlv(request.smdpSigned2, kTagSequence, ctx, "smdpSigned2");
  singleTlv(request.smdpSignature2, kTagEuiccSignature, ctx, "smdpSignature2");
  singleTlv(request.smdpCertificate, kTagSequence, ctx, "smdpCertificate");
  Bytes body = request.smdpSigned2;
  append(body, request.smdpSignature2);
  if (request.hashCc) {
    checkArgLength(ctx, "hashCc", request.hashCc->size(), kHashCc, kHashCc);
    der::appendTlv(body, kTagOctetString, *request.hashCc);
  }
  append(body, request.smdpCertificate);
  return wrap(kTagPrepareDownload, body);
}

PrepareDownloadRequestParts decodePrepareDownloadRequest(ByteView der) {
  const Ctx ctx(kPrepareDownload, Ctx::request);
  Fields f(topElement(der, kTagPrepareDownload, ctx).value, ctx);
  const der::Element signed2 = f.element(kTagSequence, "smdpSigned2");
  const der::Element signature = f.element(kTagEuiccSignature, "smdpSignature2");
  const auto hash = f.optional(kTagOctetString, "hashCc");
  const der::Element cert = f.element(kTagSequence, "smdpCertificate");
  f.end();
  PrepareDownloadRequestParts out;
  out.smdpSigned2 = readSmdpSigned2(signed2, ctx);
  out.smdpSignature2 = copyBytes(signature.value);
  out.smdpSignature2Tlv = copyBytes(signature.encoded);
  if (hash) {
    requireLength(ctx, "hashCc", hash->value.size(), kHashCc, kHashCc);
    out.hashCc = copyBytes(hash->value);
  }
  out.smdpCertificate = copyBytes(cert.encoded);
  out.request = PrepareDownloadRequest{copyBytes(signed2.encoded), out.smdpSignature2Tlv,
                                       out.hashCc, out.smdpCertificate};
  return out;
}

Bytes encodePrepareDownloadResponse(const PrepareDownloadResponse &response) {
  const Ctx ctx(kPrepareDownload, Ctx::response);
  if (response.downloadResponseOk.has_value() == response.downloadResponseError.has_value()) {
    ctx.invalid("exactly one of downloadResponseOk and downloadResponseError must be set");
  }
  Bytes body;
  if (const auto &ok = response.downloadResponseOk) {
    Bytes inner =
        ok->euiccSigned2.raw.empty() ? encodeEuiccSigned2(ok->euiccSigned2) : ok->euiccSigned2.raw;
    singleTlv(inner, kTagSequence, ctx, "euiccSigned2");
    der::appendTlv(inner, kTagEuiccSignature, ok->euiccSignature2);
    der::appendTlv(body, kTagConstructed0, inner);
  } else {
    const auto &error = *response.downloadResponseError;
    checkTransactionId(ctx, error.transactionId);
    Bytes inner;
    der::appendTlv(inner, kTagContext0, error.transactionId);
    appendInteger(inner, kTagInteger, static_cast<long>(error.downloadErrorCode));
    der::appendTlv(body, kTagConstructed1, inner);
  }
  return wrap(kTagPrepareDownload, body);
}

PrepareDownloadResponse decodePrepareDownloadResponse(ByteView der) {
  const Ctx ctx(kPrepareDownload, Ctx::response);
  Fields top(topElement(der, kTagPrepareDownload, ctx).value, ctx);
  PrepareDownloadResponse out;
  if (auto ok = top.optional(kTagConstructed0, "downloadResponseOk")) {
    Fields f(ok->value, ctx.at("downloadResponseOk"));
    PrepareDownloadResponseOk value;
    value.euiccSigned2 = readEuiccSigned2(f.element(kTagSequence, "euiccSigned2"), f.ctx());
    value.euiccSignature2 = copyBytes(f.element(kTagEuiccSignature, "euiccSignature2").value);
    f.end();
    out.downloadResponseOk = std::move(value);
  } else {
    const der::Element e = top.element(kTagConstructed1, "downloadResponseError");
    Fields f(e.value, ctx.at("downloadResponseError"));
    PrepareDownloadResponseError value;
    value.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
    value.downloadErrorCode =
        static_cast<DownloadErrorCode>(f.integer(kTagInteger, "downloadErrorCode", kMaxCode));
    f.end();
    out.downloadResponseError = std::move(value);
  }
  top.end();
  out.raw = copyBytes(der);
  return out;
}

// ---- CancelSession ----

Bytes encodeCancelSessionRequest(const CancelSessionRequest &request) {
  const Ctx ctx(kCancelSession, Ctx::request);
  checkTransactionId(ctx, request.transactionId);
  Bytes body;
  der::appendTlv(body, kTagContext0, request.transactionId);
  appendInteger(body, kTagContext1, static_cast<long>(request.reason));
  return wrap(kTagCancelSession, body);
}

CancelSessionRequest decodeCancelSessionRequest(ByteView der) {
  const Ctx ctx(kCancelSession, Ctx::request);
  Fields f(topElement(der, kTagCancelSession, ctx).value, ctx);
  CancelSessionRequest out;
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.reason = static_cast<CancelSessionReason>(f.integer(kTagContext1, "reason", kMaxCode));
  f.end();
  return out;
}

Bytes encodeEuiccCancelSessionSigned(const EuiccCancelSessionSigned &value) {
  const Ctx ctx(kCancelSession, Ctx::response);
  checkTransactionId(ctx, value.transactionId);
  Bytes body;
  der::appendTlv(body, kTagContext0, value.transactionId);
  der::appendTlv(body, kTagContext1, oidFromText(value.smdpOid, ctx, "smdpOid"));
  appendInteger(body, kTagContext2, static_cast<long>(value.reason));
  return wrap(kTagSequence, body);
}

EuiccCancelSessionSigned decodeEuiccCancelSessionSigned(ByteView der) {
  const Ctx ctx("EuiccCancelSessionSigned", Ctx::element);
  return readCancelSigned(topElement(der, kTagSequence, ctx), ctx);
}

Bytes encodeCancelSessionResponse(const CancelSessionResponse &response) {
  const Ctx ctx(kCancelSession, Ctx::response);
  if (response.cancelSessionResponseOk.has_value() ==
      response.cancelSessionResponseError.has_value()) {
    ctx.invalid(
        "exactly one of cancelSessionResponseOk and cancelSessionResponseError must be set");
  }
  Bytes body;
  if (const auto &ok = response.cancelSessionResponseOk) {
    const auto &s = ok->euiccCancelSessionSigned;
    Bytes inner = s.raw.empty() ? encodeEuiccCancelSessionSigned(s) : s.raw;
    singleTlv(inner, kTagSequence, ctx, "euiccCancelSessionSigned");
    der::appendTlv(inner, kTagEuiccSignature, ok->euiccCancelSessionSignature);
    der::appendTlv(body, kTagConstructed0, inner);
  } else {
    appendInteger(body, kTagContext1, static_cast<long>(*response.cancelSessionResponseError));
  }
  return wrap(kTagCancelSession, body);
}

CancelSessionResponse decodeCancelSessionResponse(ByteView der) {
  const Ctx ctx(kCancelSession, Ctx::response);
  Fields top(topElement(der, kTagCancelSession, ctx).value, ctx);
  CancelSessionResponse out;
  if (auto ok = top.optional(kTagConstructed0, "cancelSessionResponseOk")) {
    Fields f(ok->value, ctx.at("cancelSessionResponseOk"));
    CancelSessionResponseOk value;
    value.euiccCancelSessionSigned =
        readCancelSigned(f.element(kTagSequence, "euiccCancelSessionSigned"), f.ctx());
    value.euiccCancelSessionSignature =
        copyBytes(f.element(kTagEuiccSignature, "euiccCancelSessionSignature").value);
    f.end();
    out.cancelSessionResponseOk = std::move(value);
  } else {
    out.cancelSessionResponseError = static_cast<CancelSessionError>(
        top.integer(kTagContext1, "cancelSessionResponseError", kMaxCode));
  }
  top.end();
  out.raw = copyBytes(der);
  return out;
}

} // namespace esim::codec
