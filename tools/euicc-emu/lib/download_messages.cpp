// DER of the ES10b download requests and answers, with the codec's DER reader.
#include "download_messages.hpp"

#include <string>
#include <vector>

#include "esim/error.hpp"

namespace euicc_emu::dl {

namespace der = esim::codec::der;

namespace {

constexpr TagValue kTagSequence = 0x30;
constexpr TagValue kTagOctetString = 0x04;
constexpr TagValue kTagBoolean = 0x01;
constexpr TagValue kTagInteger = 0x02;
constexpr TagValue kTagSignature = 0x5F37;
constexpr TagValue kTagOtpk = 0x5F49;
constexpr TagValue kTagCtx0 = 0x80;
constexpr TagValue kTagCtx1 = 0x81;
constexpr TagValue kTagCtx2 = 0x82;
constexpr TagValue kTagCtx3 = 0x83;
constexpr TagValue kTagCtx4 = 0x84;
constexpr TagValue kTagCtxCons0 = 0xA0;
constexpr TagValue kTagCtxCons1 = 0xA1;
constexpr std::size_t kChallengeSize = 16;
constexpr std::size_t kMaxTransactionId = 16;
constexpr std::size_t kSignatureSize = 64;
constexpr std::size_t kHashCcSize = 32;

// Fields reads the elements of one constructed value in order.
class Fields {
public:
  Fields(const char *function, const char *where, ByteView value)
      : function_(function), where_(where) {
    der::Reader r(value);
    der::Element e;
    der::Status s;
    while ((s = r.next(e)) == der::Status::ok)
      elements_.push_back(e);
    if (s != der::Status::end) fail(std::string("bad DER: ") + der::statusText(s));
  }

  [[noreturn]] void fail(const std::string &what) const {
    malformed(function_, std::string(where_) + ": " + what);
  }

  // take returns the next element if it has |tag|; a missing mandatory one fails.
  std::optional<der::Element> take(TagValue tag, bool optional = false) {
    if (next_ < elements_.size() && elements_[next_].tag == tag) return elements_[next_++];
    if (!optional) fail("missing " + der::tagText(tag));
    return std::nullopt;
  }
  ByteView value(TagValue tag, std::size_t min, std::size_t max) {
    ByteView v = take(tag)->value;
    if (v.size() < min || v.size() > max) {
      fail(der::tagText(tag) + " has " + std::to_string(v.size()) + " bytes, expected " +
           std::to_string(min) + ".." + std::to_string(max));
    }
    return v;
  }
  // end: later fields (extensions) are ignored, as ASN.1 "..." allows.

private:
  const char *function_;
  const char *where_;
  std::vector<der::Element> elements_;
  std::size_t next_ = 0;
};

der::Element outer(ByteView request, TagValue tag, const char *function) {
  der::Reader r(request);
  der::Element e;
  der::Status s = r.next(e);
  if (s != der::Status::ok) malformed(function, std::string("bad DER: ") + der::statusText(s));
  if (e.tag != tag) malformed(function, "outer tag " + der::tagText(e.tag));
  if (!r.empty()) malformed(function, "bytes after the request");
  return e;
}

Bytes tlv(TagValue tag, ByteView value) {
  Bytes out;
  der::appendTlv(out, tag, value);
  return out;
}

void append(Bytes &out, ByteView part) {
  out.insert(out.end(), part.begin(), part.end());
}

Bytes errorSequence(TagValue outerTag, ByteView transactionId, std::uint8_t code) {
  Bytes body;
  der::appendTlv(body, kTagCtx0, transactionId);
  der::appendTlv(body, kTagInteger, Bytes{code});
  return tlv(outerTag, tlv(kTagCtxCons1, body));
}

} // namespace

void malformed(const char *function, const std::string &what) {
  throw esim::Error(esim::Errc::malformedResponse, std::string(function) + ": " + what);
}

std::optional<Header> readHeader(ByteView input) noexcept {
  Header h;
  std::size_t tagLength = 0;
  if (der::readTag(input, h.tag, tagLength) != der::Status::ok) return std::nullopt;
  if (input.size() <= tagLength) return std::nullopt;
  const std::uint8_t first = input[tagLength];
  std::size_t lengthOctets = 1;
  std::size_t length = 0;
  if (first < 0x80) {
    length = first;
  } else {
    const std::size_t n = first & 0x7F;
    if (n == 0 || n > 4 || input.size() < tagLength + 1 + n) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i)
      length = (length << 8) | input[tagLength + 1 + i];
    if (input[tagLength + 1] == 0 || length < 0x80) return std::nullopt; // not minimal
    lengthOctets += n;
  }
  h.headerSize = tagLength + lengthOctets;
  h.valueSize = length;
  return h;
}

AuthenticateServerRequest decodeAuthenticateServerRequest(ByteView der) {
  constexpr const char *kFn = "AuthenticateServer";
  AuthenticateServerRequest out;
  Fields f(kFn, "AuthenticateServerRequest", outer(der, kTagAuthenticateServer, kFn).value);
  der::Element signed1 = *f.take(kTagSequence);
  out.serverSigned1 = signed1.encoded;
  out.serverSignature1 = f.value(kTagSignature, kSignatureSize, kSignatureSize);
  out.euiccCiPKIdToBeUsed = f.value(kTagOctetString, 1, 64);
  out.serverCertificate = f.take(kTagSequence)->encoded;
  out.ctxParams1 = f.take(kTagCtxCons0)->encoded;
  Fields s(kFn, "serverSigned1", signed1.value);
  out.transactionId = s.value(kTagCtx0, 1, kMaxTransactionId);
  out.euiccChallenge = s.value(kTagCtx1, kChallengeSize, kChallengeSize);
  out.serverAddress = s.value(kTagCtx3, 1, 255);
  out.serverChallenge = s.value(kTagCtx4, kChallengeSize, kChallengeSize);
  return out;
}

PrepareDownloadRequest decodePrepareDownloadRequest(ByteView der) {
  constexpr const char *kFn = "PrepareDownload";
  PrepareDownloadRequest out;
  Fields f(kFn, "PrepareDownloadRequest", outer(der, kTagPrepareDownload, kFn).value);
  der::Element signed2 = *f.take(kTagSequence);
  out.smdpSigned2 = signed2.encoded;
  der::Element signature = *f.take(kTagSignature);
  if (signature.value.size() != kSignatureSize) f.fail("smdpSignature2 is not 64 bytes");
  out.smdpSignature2 = signature.encoded;
  if (auto hash = f.take(kTagOctetString, true)) {
    if (hash->value.size() != kHashCcSize) f.fail("hashCc is not 32 bytes");
    out.hashCc = hash->value;
  }
  out.smdpCertificate = f.take(kTagSequence)->encoded;
  Fields s(kFn, "smdpSigned2", signed2.value);
  out.transactionId = s.value(kTagCtx0, 1, kMaxTransactionId);
  ByteView flag = s.value(kTagBoolean, 1, 1);
  out.ccRequiredFlag = flag[0] != 0;
  if (auto otpk = s.take(kTagOtpk, true)) out.bppEuiccOtpk = otpk->value;
  return out;
}

CancelSessionRequest decodeCancelSessionRequest(ByteView der) {
  constexpr const char *kFn = "CancelSession";
  CancelSessionRequest out;
  Fields f(kFn, "CancelSessionRequest", outer(der, kTagCancelSession, kFn).value);
  out.transactionId = f.value(kTagCtx0, 1, kMaxTransactionId);
  out.reason = f.value(kTagCtx1, 1, 1)[0];
  return out;
}

void decodeGetEuiccChallengeRequest(ByteView der) {
  outer(der, kTagGetEuiccChallenge, "GetEuiccChallenge");
}

Bytes encodeGetEuiccChallengeResponse(ByteView challenge) {
  return tlv(kTagGetEuiccChallenge, tlv(kTagCtx0, challenge));
}

Bytes encodeEuiccSigned1(ByteView transactionId, ByteView serverAddress, ByteView serverChallenge,
                         ByteView euiccInfo2, ByteView ctxParams1) {
  Bytes body;
  der::appendTlv(body, kTagCtx0, transactionId);
  der::appendTlv(body, kTagCtx3, serverAddress);
  der::appendTlv(body, kTagCtx4, serverChallenge);
  append(body, euiccInfo2); // BF22 ... as GetEuiccInfo2 answers it
  append(body, ctxParams1);
  return tlv(kTagSequence, body);
}

Bytes signatureTlv(ByteView rawSignature) {
  return tlv(kTagSignature, rawSignature);
}

Bytes encodeAuthenticateServerOk(ByteView euiccSigned1, ByteView euiccSignature1,
                                 ByteView euiccCertificate, ByteView eumCertificate) {
  Bytes body;
  append(body, euiccSigned1);
  append(body, signatureTlv(euiccSignature1));
  append(body, euiccCertificate);
  append(body, eumCertificate);
  return tlv(kTagAuthenticateServer, tlv(kTagCtxCons0, body));
}

Bytes encodeAuthenticateServerError(ByteView transactionId, AuthenticateErrorCode code) {
  return errorSequence(kTagAuthenticateServer, transactionId, static_cast<std::uint8_t>(code));
}

Bytes encodeEuiccSigned2(ByteView transactionId, ByteView euiccOtpk,
                         std::optional<ByteView> hashCc) {
  Bytes body;
  der::appendTlv(body, kTagCtx0, transactionId);
  der::appendTlv(body, kTagOtpk, euiccOtpk);
  if (hashCc) der::appendTlv(body, kTagOctetString, *hashCc);
  return tlv(kTagSequence, body);
}

Bytes encodePrepareDownloadOk(ByteView euiccSigned2, ByteView euiccSignature2) {
  Bytes body;
  append(body, euiccSigned2);
  append(body, signatureTlv(euiccSignature2));
  return tlv(kTagPrepareDownload, tlv(kTagCtxCons0, body));
}

Bytes encodePrepareDownloadError(ByteView transactionId, DownloadErrorCode code) {
  return errorSequence(kTagPrepareDownload, transactionId, static_cast<std::uint8_t>(code));
}

Bytes encodeEuiccCancelSessionSigned(ByteView transactionId, ByteView smdpOid,
                                     std::uint8_t reason) {
  Bytes body;
  der::appendTlv(body, kTagCtx0, transactionId);
  der::appendTlv(body, kTagCtx1, smdpOid);
  der::appendTlv(body, kTagCtx2, Bytes{reason});
  return tlv(kTagSequence, body);
}

Bytes encodeCancelSessionOk(ByteView signedPart, ByteView signature) {
  Bytes body;
  append(body, signedPart);
  append(body, signatureTlv(signature));
  return tlv(kTagCancelSession, tlv(kTagCtxCons0, body));
}

Bytes encodeCancelSessionError(CancelSessionError code) {
  return tlv(kTagCancelSession, tlv(kTagCtx1, Bytes{static_cast<std::uint8_t>(code)}));
}

} // namespace euicc_emu::dl
