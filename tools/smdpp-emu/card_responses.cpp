#include "card_responses.hpp"

#include "codec/der_reader.hpp"
#include "status_code.hpp"

namespace smdpp {

namespace der = esim::codec::der;

namespace {

[[noreturn]] void malformed(const char *what, const std::string &detail) {
  throw VerifyFailure(kFunctionInvalid, std::string(what) + ": " + detail);
}

esim::Bytes copy(esim::ByteView v) {
  return esim::Bytes(v.begin(), v.end());
}

// Fields reads the elements of one constructed value in order.
class Fields {
public:
  Fields(esim::ByteView value, const char *what) : reader_(value), what_(what) {}
  // take reads the next element, which must have |tag|.
  der::Element take(esim::codec::TagValue tag) {
    der::Element e;
    const der::Status s = reader_.next(e);
    if (s != der::Status::ok) {
      malformed(what_, "expected " + der::tagText(tag) + ", " + der::statusText(s));
    }
    if (e.tag != tag) {
      malformed(what_, "expected " + der::tagText(tag) + ", got " + der::tagText(e.tag));
    }
    return e;
  }
  // maybe reads the next element if it has |tag|.
  std::optional<der::Element> maybe(esim::codec::TagValue tag) {
    der::Reader peek = reader_;
    der::Element e;
    if (peek.next(e) == der::Status::ok && e.tag == tag) {
      reader_ = peek;
      return e;
    }
    return std::nullopt;
  }
  // skipTo skips elements up to and including the one with |tag|.
  der::Element skipTo(esim::codec::TagValue tag) {
    for (;;) {
      der::Element e;
      if (reader_.next(e) != der::Status::ok) {
        malformed(what_, der::tagText(tag) + " is missing");
      }
      if (e.tag == tag) return e;
    }
  }

private:
  der::Reader reader_;
  const char *what_;
};

// outer reads the one element |der| must be, with |tag|.
der::Element outer(esim::ByteView der, esim::codec::TagValue tag, const char *what) {
  der::Reader r(der);
  der::Element e;
  if (r.next(e) != der::Status::ok || e.tag != tag || !r.empty()) {
    malformed(what, "not one " + der::tagText(tag) + " element");
  }
  return e;
}

std::uint8_t smallInteger(const der::Element &e, const char *what) {
  if (e.value.size() != 1) {
    malformed(what, "an error code is not one byte");
  }
  return e.value[0];
}

} // namespace

esim::AuthenticateServerResponse readAuthenticateServerResponse(esim::ByteView der) {
  constexpr const char *what = "authenticateServerResponse";
  const der::Element bf38 = outer(der, 0xBF38, what);
  esim::AuthenticateServerResponse out;
  out.raw = copy(der);
  Fields choice(bf38.value, what);
  if (const auto err = choice.maybe(0xA1)) {
    Fields f(err->value, what);
    esim::AuthenticateResponseError e;
    e.transactionId = copy(f.take(0x80).value);
    e.authenticateErrorCode =
        static_cast<esim::AuthenticateErrorCode>(smallInteger(f.take(0x02), what));
    out.authenticateResponseError = e;
    return out;
  }
  Fields f(choice.take(0xA0).value, what);
  esim::AuthenticateResponseOk ok;
  const der::Element signed1 = f.take(0x30);
  ok.euiccSigned1.raw = copy(signed1.encoded);
  ok.euiccSignature1 = copy(f.take(0x5F37).value);
  ok.euiccCertificate = copy(f.take(0x30).encoded);
  ok.eumCertificate = copy(f.take(0x30).encoded);
  Fields s(signed1.value, "euiccSigned1");
  ok.euiccSigned1.transactionId = copy(s.take(0x80).value);
  const der::Element address = s.take(0x83);
  ok.euiccSigned1.serverAddress.assign(address.value.begin(), address.value.end());
  ok.euiccSigned1.serverChallenge = copy(s.take(0x84).value);
  ok.euiccSigned1.euiccInfo2 = copy(s.take(0xBF22).encoded);
  Fields ctx(s.take(0xA0).value, "ctxParams1");
  if (const auto id = ctx.maybe(0x80)) {
    ok.euiccSigned1.ctxParams1.matchingId = std::string(id->value.begin(), id->value.end());
  }
  out.authenticateResponseOk = ok;
  return out;
}

esim::PrepareDownloadResponse readPrepareDownloadResponse(esim::ByteView der) {
  constexpr const char *what = "prepareDownloadResponse";
  const der::Element bf21 = outer(der, 0xBF21, what);
  esim::PrepareDownloadResponse out;
  out.raw = copy(der);
  Fields choice(bf21.value, what);
  if (const auto err = choice.maybe(0xA1)) {
    Fields f(err->value, what);
    esim::PrepareDownloadResponseError e;
    e.transactionId = copy(f.take(0x80).value);
    e.downloadErrorCode = static_cast<esim::DownloadErrorCode>(smallInteger(f.take(0x02), what));
    out.downloadResponseError = e;
    return out;
  }
  Fields f(choice.take(0xA0).value, what);
  esim::PrepareDownloadResponseOk ok;
  const der::Element signed2 = f.take(0x30);
  ok.euiccSigned2.raw = copy(signed2.encoded);
  ok.euiccSignature2 = copy(f.take(0x5F37).value);
  Fields s(signed2.value, "euiccSigned2");
  ok.euiccSigned2.transactionId = copy(s.take(0x80).value);
  ok.euiccSigned2.euiccOtpk = copy(s.take(0x5F49).value);
  if (const auto hash = s.maybe(0x04)) {
    ok.euiccSigned2.hashCc = copy(hash->value);
  }
  out.downloadResponseOk = ok;
  return out;
}

esim::CancelSessionResponse readCancelSessionResponse(esim::ByteView der) {
  constexpr const char *what = "cancelSessionResponse";
  const der::Element bf41 = outer(der, 0xBF41, what);
  esim::CancelSessionResponse out;
  out.raw = copy(der);
  Fields choice(bf41.value, what);
  if (const auto err = choice.maybe(0x81)) {
    out.cancelSessionResponseError =
        static_cast<esim::CancelSessionError>(smallInteger(*err, what));
    return out;
  }
  Fields f(choice.take(0xA0).value, what);
  esim::CancelSessionResponseOk ok;
  const der::Element signedPart = f.take(0x30);
  ok.euiccCancelSessionSigned.raw = copy(signedPart.encoded);
  ok.euiccCancelSessionSignature = copy(f.take(0x5F37).value);
  Fields s(signedPart.value, "euiccCancelSessionSigned");
  ok.euiccCancelSessionSigned.transactionId = copy(s.take(0x80).value);
  const der::Element oid = s.take(0x81);
  ok.euiccCancelSessionSigned.smdpOid = esim::toHex(oid.value); // content octets, hex
  ok.euiccCancelSessionSigned.reason =
      static_cast<esim::CancelSessionReason>(smallInteger(s.take(0x82), what));
  out.cancelSessionResponseOk = ok;
  return out;
}

esim::ProfileInstallationResult readProfileInstallationResult(esim::ByteView der) {
  constexpr const char *what = "ProfileInstallationResult";
  const der::Element bf37 = outer(der, 0xBF37, what);
  esim::ProfileInstallationResult out;
  out.raw = copy(der);
  Fields f(bf37.value, what);
  const der::Element data = f.take(0xBF27);
  out.profileInstallationResultData.raw = copy(data.encoded);
  out.euiccSignPIR = copy(f.take(0x5F37).value);
  Fields d(data.value, "ProfileInstallationResultData");
  out.profileInstallationResultData.transactionId = copy(d.take(0x80).value);
  Fields result(d.skipTo(0xA2).value, "finalResult");
  if (const auto ok = result.maybe(0xA0)) {
    Fields s(ok->value, "successResult");
    esim::SuccessResult r;
    r.aid = copy(s.take(0x4F).value);
    out.profileInstallationResultData.successResult = r;
  } else {
    Fields e(result.take(0xA1).value, "errorResult");
    esim::ErrorResult r;
    r.bppCommandId = static_cast<esim::BppCommandId>(smallInteger(e.take(0x80), what));
    r.errorReason = static_cast<esim::ErrorReason>(smallInteger(e.take(0x81), what));
    out.profileInstallationResultData.errorResult = r;
  }
  return out;
}

} // namespace smdpp
