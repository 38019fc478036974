// GetEuiccChallenge (BF2E) and AuthenticateServer (BF38): the common mutual
// authentication. Signed parts (serverSigned1, euiccSigned1) are cut out of
// the received DER and spliced into an encoding unchanged.
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/download_codec.hpp"
#include "codec/tags.hpp"

namespace esim::codec {

namespace {

constexpr const char *kGetEuiccChallenge = "GetEuiccChallenge";
constexpr const char *kAuthenticateServer = "AuthenticateServer";
constexpr std::size_t kChallenge = 16;
constexpr std::size_t kMaxTransactionId = 16;
constexpr std::size_t kVersion = 3;
constexpr std::size_t kTac = 4;
constexpr std::size_t kImei = 8;
constexpr TagValue kTagDeviceInfo = 0xA1;
constexpr TagValue kTagDeviceCapabilities = 0xA1;
constexpr TagValue kTagImei = 0x82;
constexpr TagValue kTagServerAddress = 0x83;
constexpr TagValue kTagServerChallenge = 0x84;
// SGP.22's code lists are open: any number up to kMaxResultCode is kept.
constexpr long kMaxCode = kMaxResultCode;

// The nine named fields of DeviceCapabilities, tags 80..88 in order.
constexpr std::size_t kCapabilityCount = 9;
std::optional<Bytes> DeviceCapabilities::*const kCapabilities[kCapabilityCount] = {
    &DeviceCapabilities::gsmSupportedRelease,
    &DeviceCapabilities::utranSupportedRelease,
    &DeviceCapabilities::cdma2000onexSupportedRelease,
    &DeviceCapabilities::cdma2000hrpdSupportedRelease,
    &DeviceCapabilities::cdma2000ehrpdSupportedRelease,
    &DeviceCapabilities::eutranSupportedRelease,
    &DeviceCapabilities::contactlessSupportedRelease,
    &DeviceCapabilities::rspCrlSupportedVersion,
    &DeviceCapabilities::rspRpmSupportedVersion};
constexpr const char *kCapabilityNames[kCapabilityCount] = {
    "gsmSupportedRelease",          "utranSupportedRelease",         "cdma2000onexSupportedRelease",
    "cdma2000hrpdSupportedRelease", "cdma2000ehrpdSupportedRelease", "eutranSupportedRelease",
    "contactlessSupportedRelease",  "rspCrlSupportedVersion",        "rspRpmSupportedVersion"};

CtxParamsForCommonAuthentication readCtxParams1(const der::Element &a0, const Ctx &ctx) {
  CtxParamsForCommonAuthentication out;
  Fields f(a0.value, ctx.at("ctxParamsForCommonAuthentication"));
  if (auto m = f.optional(kTagContext0, "matchingId")) {
    out.matchingId = std::string(m->value.begin(), m->value.end());
  }
  const der::Element info = f.element(kTagDeviceInfo, "deviceInfo");
  f.end();
  Fields d(info.value, ctx.at("deviceInfo"));
  out.deviceInfo.tac = d.bytes(kTagContext0, "tac", kTac, kTac);
  const der::Element caps = d.element(kTagDeviceCapabilities, "deviceCapabilities");
  if (auto imei = d.optional(kTagImei, "imei")) {
    requireLength(d.ctx(), "imei", imei->value.size(), kImei, kImei);
    out.deviceInfo.imei = copyBytes(imei->value);
  }
  d.end();
  Fields c(caps.value, ctx.at("deviceCapabilities"));
  for (std::size_t i = 0; i < kCapabilityCount; ++i) {
    if (auto v = c.optional(static_cast<TagValue>(kTagContext0 + i), kCapabilityNames[i])) {
      requireLength(c.ctx(), kCapabilityNames[i], v->value.size(), kVersion, kVersion);
      out.deviceInfo.deviceCapabilities.*kCapabilities[i] = copyBytes(v->value);
    }
  }
  c.end(); // later releases (nrEpcSupportedRelease, ...) are extensions
  return out;
}

ServerSigned1 readServerSigned1(const der::Element &seq, const Ctx &ctx) {
  ServerSigned1 out;
  Fields f(seq.value, ctx.at("serverSigned1"));
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.euiccChallenge = f.bytes(kTagContext1, "euiccChallenge", kChallenge, kChallenge);
  out.serverAddress = f.text(kTagServerAddress, "serverAddress");
  out.serverChallenge = f.bytes(kTagServerChallenge, "serverChallenge", kChallenge, kChallenge);
  f.end();
  out.raw = copyBytes(seq.encoded);
  return out;
}

EuiccSigned1 readEuiccSigned1(const der::Element &seq, const Ctx &ctx) {
  EuiccSigned1 out;
  Fields f(seq.value, ctx.at("euiccSigned1"));
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  out.serverAddress = f.text(kTagServerAddress, "serverAddress");
  out.serverChallenge = f.bytes(kTagServerChallenge, "serverChallenge", kChallenge, kChallenge);
  out.euiccInfo2 = copyBytes(f.element(kTagGetEuiccInfo2, "euiccInfo2").encoded);
  out.ctxParams1 = readCtxParams1(f.element(kTagConstructed0, "ctxParams1"), f.ctx());
  f.end();
  out.raw = copyBytes(seq.encoded);
  return out;
}

void checkTransactionId(const Ctx &ctx, ByteView tid) {
  checkArgLength(ctx, "transactionId", tid.size(), 1, kMaxTransactionId);
}

} // namespace

// ---- GetEuiccChallenge ----

Bytes encodeGetEuiccChallengeRequest() {
  return wrap(kTagGetEuiccChallenge, {});
}

void decodeGetEuiccChallengeRequest(ByteView der) {
  const Ctx ctx(kGetEuiccChallenge, Ctx::request);
  Fields(topElement(der, kTagGetEuiccChallenge, ctx).value, ctx).end();
}

Bytes decodeGetEuiccChallengeResponse(ByteView der) {
  const Ctx ctx(kGetEuiccChallenge, Ctx::response);
  Fields f(topElement(der, kTagGetEuiccChallenge, ctx).value, ctx);
  Bytes challenge = f.bytes(kTagContext0, "euiccChallenge", kChallenge, kChallenge);
  f.end();
  return challenge;
}

Bytes encodeGetEuiccChallengeResponse(ByteView euiccChallenge) {
  const Ctx ctx(kGetEuiccChallenge, Ctx::response);
  checkArgLength(ctx, "euiccChallenge", euiccChallenge.size(), kChallenge, kChallenge);
  return wrap(kTagGetEuiccChallenge, wrap(kTagContext0, euiccChallenge));
}

// ---- ServerSigned1 / CtxParams1 / EuiccSigned1 ----

Bytes encodeServerSigned1(const ServerSigned1 &value) {
  const Ctx ctx(kAuthenticateServer, Ctx::request);
  checkTransactionId(ctx, value.transactionId);
  checkArgLength(ctx, "euiccChallenge", value.euiccChallenge.size(), kChallenge, kChallenge);
  checkArgLength(ctx, "serverChallenge", value.serverChallenge.size(), kChallenge, kChallenge);
  Bytes body;
  der::appendTlv(body, kTagContext0, value.transactionId);
  der::appendTlv(body, kTagContext1, value.euiccChallenge);
  der::appendTlv(body, kTagServerAddress,
                 ByteView(reinterpret_cast<const std::uint8_t *>(value.serverAddress.data()),
                          value.serverAddress.size()));
  der::appendTlv(body, kTagServerChallenge, value.serverChallenge);
  return wrap(kTagSequence, body);
}

ServerSigned1 decodeServerSigned1(ByteView der) {
  const Ctx ctx("ServerSigned1", Ctx::element);
  return readServerSigned1(topElement(der, kTagSequence, ctx), ctx);
}

Bytes encodeCtxParams1(const CtxParamsForCommonAuthentication &value) {
  const Ctx ctx(kAuthenticateServer, Ctx::request);
  const DeviceInfo &info = value.deviceInfo;
  checkArgLength(ctx, "tac", info.tac.size(), kTac, kTac);
  Bytes caps;
  for (std::size_t i = 0; i < kCapabilityCount; ++i) {
    if (const auto &v = info.deviceCapabilities.*kCapabilities[i]) {
      checkArgLength(ctx, kCapabilityNames[i], v->size(), kVersion, kVersion);
      der::appendTlv(caps, static_cast<TagValue>(kTagContext0 + i), *v);
    }
  }
  Bytes device;
  der::appendTlv(device, kTagContext0, info.tac);
  der::appendTlv(device, kTagDeviceCapabilities, caps);
  if (info.imei) {
    checkArgLength(ctx, "imei", info.imei->size(), kImei, kImei);
    der::appendTlv(device, kTagImei, *info.imei);
  }
  Bytes common;
  if (value.matchingId) {
    der::appendTlv(common, kTagContext0,
                   ByteView(reinterpret_cast<const std::uint8_t *>(value.matchingId->data()),
                            value.matchingId->size()));
  }
  der::appendTlv(common, kTagDeviceInfo, device);
  return wrap(kTagConstructed0, common);
}

Bytes encodeEuiccSigned1(const EuiccSigned1 &value) {
  const Ctx ctx(kAuthenticateServer, Ctx::response);
  checkTransactionId(ctx, value.transactionId);
  checkArgLength(ctx, "serverChallenge", value.serverChallenge.size(), kChallenge, kChallenge);
  singleTlv(value.euiccInfo2, kTagGetEuiccInfo2, ctx, "euiccInfo2");
  Bytes body;
  der::appendTlv(body, kTagContext0, value.transactionId);
  der::appendTlv(body, kTagServerAddress,
                 ByteView(reinterpret_cast<const std::uint8_t *>(value.serverAddress.data()),
                          value.serverAddress.size()));
  der::appendTlv(body, kTagServerChallenge, value.serverChallenge);
  append(body, value.euiccInfo2);
  append(body, encodeCtxParams1(value.ctxParams1));
  return wrap(kTagSequence, body);
}

EuiccSigned1 decodeEuiccSigned1(ByteView der) {
  const Ctx ctx("EuiccSigned1", Ctx::element);
  return readEuiccSigned1(topElement(der, kTagSequence, ctx), ctx);
}

// ---- AuthenticateServer ----

Bytes encodeAuthenticateServerRequest(const AuthenticateServerRequest &request) {
  const Ctx ctx(kAuthenticateServer, Ctx::request);
  singleTlv(request.serverSigned1, kTagSequence, ctx, "serverSigned1");
  singleTlv(request.serverSignature1, kTagEuiccSignature, ctx, "serverSignature1");
  singleTlv(request.euiccCiPKIdToBeUsed, kTagOctetString, ctx, "euiccCiPKIdToBeUsed");
  singleTlv(request.serverCertificate, kTagSequence, ctx, "serverCertificate");
  Bytes body;
  append(body, request.serverSigned1);
  append(body, request.serverSignature1);
  append(body, request.euiccCiPKIdToBeUsed);
  append(body, request.serverCertificate);
  append(body, encodeCtxParams1(request.ctxParams1));
  return wrap(kTagAuthenticateServer, body);
}

AuthenticateServerRequestParts decodeAuthenticateServerRequest(ByteView der) {
  const Ctx ctx(kAuthenticateServer, Ctx::request);
  Fields f(topElement(der, kTagAuthenticateServer, ctx).value, ctx);
  AuthenticateServerRequestParts out;
  const der::Element signed1 = f.element(kTagSequence, "serverSigned1");
  const der::Element signature = f.element(kTagEuiccSignature, "serverSignature1");
  const der::Element pkid = f.element(kTagOctetString, "euiccCiPKIdToBeUsed");
  const der::Element cert = f.element(kTagSequence, "serverCertificate");
  const der::Element params = f.element(kTagConstructed0, "ctxParams1");
  f.end();
  out.serverSigned1 = readServerSigned1(signed1, ctx);
  out.serverSignature1 = copyBytes(signature.value);
  out.euiccCiPKIdToBeUsed = copyBytes(pkid.value);
  out.serverCertificate = copyBytes(cert.encoded);
  out.ctxParams1 = readCtxParams1(params, ctx);
  out.request =
      AuthenticateServerRequest{copyBytes(signed1.encoded), copyBytes(signature.encoded),
                                copyBytes(pkid.encoded), copyBytes(cert.encoded), out.ctxParams1};
  return out;
}

Bytes encodeAuthenticateServerResponse(const AuthenticateServerResponse &response) {
  const Ctx ctx(kAuthenticateServer, Ctx::response);
  if (response.authenticateResponseOk.has_value() ==
      response.authenticateResponseError.has_value()) {
    ctx.invalid("exactly one of authenticateResponseOk and authenticateResponseError must be set");
  }
  Bytes body;
  if (const auto &ok = response.authenticateResponseOk) {
    const Bytes signed1 =
        ok->euiccSigned1.raw.empty() ? encodeEuiccSigned1(ok->euiccSigned1) : ok->euiccSigned1.raw;
    singleTlv(signed1, kTagSequence, ctx, "euiccSigned1");
    singleTlv(ok->euiccCertificate, kTagSequence, ctx, "euiccCertificate");
    singleTlv(ok->eumCertificate, kTagSequence, ctx, "eumCertificate");
    Bytes inner = signed1;
    der::appendTlv(inner, kTagEuiccSignature, ok->euiccSignature1);
    append(inner, ok->euiccCertificate);
    append(inner, ok->eumCertificate);
    der::appendTlv(body, kTagConstructed0, inner);
  } else {
    const auto &error = *response.authenticateResponseError;
    checkTransactionId(ctx, error.transactionId);
    Bytes inner;
    der::appendTlv(inner, kTagContext0, error.transactionId);
    appendInteger(inner, kTagInteger, static_cast<long>(error.authenticateErrorCode));
    der::appendTlv(body, kTagConstructed1, inner);
  }
  return wrap(kTagAuthenticateServer, body);
}

AuthenticateServerResponse decodeAuthenticateServerResponse(ByteView der) {
  const Ctx ctx(kAuthenticateServer, Ctx::response);
  Fields top(topElement(der, kTagAuthenticateServer, ctx).value, ctx);
  AuthenticateServerResponse out;
  if (auto ok = top.optional(kTagConstructed0, "authenticateResponseOk")) {
    Fields f(ok->value, ctx.at("authenticateResponseOk"));
    AuthenticateResponseOk value;
    value.euiccSigned1 = readEuiccSigned1(f.element(kTagSequence, "euiccSigned1"), f.ctx());
    value.euiccSignature1 = copyBytes(f.element(kTagEuiccSignature, "euiccSignature1").value);
    value.euiccCertificate = copyBytes(f.element(kTagSequence, "euiccCertificate").encoded);
    value.eumCertificate = copyBytes(f.element(kTagSequence, "eumCertificate").encoded);
    f.end();
    out.authenticateResponseOk = std::move(value);
  } else {
    const der::Element e = top.element(kTagConstructed1, "authenticateResponseError");
    Fields f(e.value, ctx.at("authenticateResponseError"));
    AuthenticateResponseError value;
    value.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
    value.authenticateErrorCode = static_cast<AuthenticateErrorCode>(
        f.integer(kTagInteger, "authenticateErrorCode", kMaxCode));
    f.end();
    out.authenticateResponseError = std::move(value);
  }
  top.end();
  out.raw = copyBytes(der);
  return out;
}

} // namespace esim::codec
