#include "mutual_auth.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/rand.h>

#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "ecdsa_raw.hpp"
#include "esim/base64.hpp"
#include "esim/error.hpp"

namespace smdpp {

namespace codec = esim::codec;
using nlohmann::json;

namespace {

constexpr std::size_t kChallengeSize = 16;
constexpr std::size_t kTransactionIdSize = 16;
constexpr std::size_t kMaxPortDigits = 5;

bool equalsIgnoreCase(const std::string &a, const std::string &b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

esim::EUICCInfo1 euiccInfo1Of(esim::ByteView der) {
  try {
    return codec::decodeEuiccInfo1(der);
  } catch (const esim::Error &e) {
    throw VerifyFailure(kFunctionInvalid, std::string("euiccInfo1: ") + e.what());
  }
}

} // namespace

DpCredential DpCredential::load(const std::string &certPath, const std::string &keyPath,
                                const std::string &what) {
  DpCredential c;
  c.cert = loadCertificateFile(certPath, what + " certificate");
  c.key = loadPrivateKeyFile(keyPath, what + " key");
  if (EVP_PKEY_eq(X509_get0_pubkey(c.cert.get()), c.key.get()) != 1) {
    throw std::runtime_error("the " + what + " key " + keyPath + " is not the key of " + certPath);
  }
  c.der = certificateDer(c.cert.get());
  return c;
}

esim::Bytes requestBytes(const json &body, const char *name) {
  const auto it = body.find(name);
  if (it == body.end()) {
    throw VerifyFailure(kFunctionMissing, std::string(name) + " is missing");
  }
  if (!it->is_string()) {
    throw VerifyFailure(kFunctionInvalid, std::string(name) + " is not a string");
  }
  try {
    return esim::base64Decode(it->get<std::string>(), name);
  } catch (const esim::Error &e) {
    throw VerifyFailure(kFunctionInvalid, e.what());
  }
}

esim::Bytes randomBytes(std::size_t n) {
  esim::Bytes out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string upperHex(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool isServerAddress(const std::string &requested, const std::string &own) {
  if (equalsIgnoreCase(requested, own)) return true;
  const std::size_t colon = requested.rfind(':');
  if (colon == std::string::npos || colon + 1 == requested.size() ||
      requested.size() - colon - 1 > kMaxPortDigits) {
    return false;
  }
  for (std::size_t i = colon + 1; i < requested.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(requested[i]))) return false;
  }
  return equalsIgnoreCase(requested.substr(0, colon), own);
}

std::string requestedAddress(const json &body) {
  for (const char *name : {"smdpAddress", "smdsAddress"}) {
    const auto it = body.find(name);
    if (it != body.end() && it->is_string()) return it->get<std::string>();
  }
  throw VerifyFailure(kFunctionMissing, "smdpAddress is missing");
}

json beginAuthentication(const json &body, const std::string &requested, const DpCredential &auth,
                         esim::ByteView ciKeyId, const AuthCodes &codes, AuthChallenge &out) {
  const esim::Bytes challenge = requestBytes(body, "euiccChallenge");
  const esim::Bytes info1 = requestBytes(body, "euiccInfo1");
  if (challenge.size() != kChallengeSize) {
    throw VerifyFailure(kFunctionInvalid, "euiccChallenge must be 16 bytes");
  }
  const esim::Bytes ci(ciKeyId.begin(), ciKeyId.end());
  const auto has = [&](const std::vector<esim::Bytes> &ids) {
    return std::find(ids.begin(), ids.end(), ci) != ids.end();
  };
  const esim::EUICCInfo1 euiccInfo1 = euiccInfo1Of(info1);
  if (!has(euiccInfo1.euiccCiPKIdListForSigning)) {
    throw VerifyFailure(codes.pkIdNotSupported,
                        "euiccCiPKIdListForSigning does not name the CI " + esim::toHex(ci));
  }
  if (!has(euiccInfo1.euiccCiPKIdListForVerification)) {
    throw VerifyFailure(codes.noAuthCertForCi,
                        "euiccCiPKIdListForVerification does not name the CI " + esim::toHex(ci));
  }
  out.transactionId = randomBytes(kTransactionIdSize);
  out.euiccChallenge = challenge;
  out.serverChallenge = randomBytes(kChallengeSize);
  const esim::ServerSigned1 signed1{
      out.transactionId, challenge, requested, out.serverChallenge, {}};
  const esim::Bytes signed1Der = codec::encodeServerSigned1(signed1);
  esim::Bytes pkId;
  codec::der::appendTlv(pkId, 0x04, ci);
  return {{"transactionId", esim::toHex(out.transactionId)},
          {"serverSigned1", esim::base64Encode(signed1Der)},
          {"serverSignature1",
           esim::base64Encode(codec::signatureTlv(signRaw(auth.key.get(), signed1Der)))},
          {"euiccCiPKIdToBeUsed", esim::base64Encode(pkId)},
          {"serverCertificate", esim::base64Encode(auth.der)}};
}

VerifyFailure cardRefusal(const esim::AuthenticateResponseError &error, const std::string &server) {
  return VerifyFailure(kEuiccVerificationFailed,
                       "the eUICC refused the " + server + ": authenticateErrorCode " +
                           std::to_string(static_cast<int>(error.authenticateErrorCode)));
}

VerifiedClient verifyClient(const X509 *ci, const esim::AuthenticateServerResponse &response,
                            const AuthChallenge &session) {
  const esim::AuthenticateResponseOk &ok = *response.authenticateResponseOk;
  VerifiedClient out{verifyEuiccChain(ci, ok.eumCertificate, ok.euiccCertificate), &ok};
  checkEidPermitted(out.chain.eum.get(), out.chain.eid);
  if (!verifyRaw(X509_get0_pubkey(out.chain.euicc.get()), ok.euiccSignature1,
                 ok.euiccSigned1.raw)) {
    throw VerifyFailure(kEuiccVerificationFailed,
                        "euiccSignature1 does not verify over euiccSigned1");
  }
  if (ok.euiccSigned1.transactionId != session.transactionId) {
    throw VerifyFailure(kTransactionUnknown, "euiccSigned1 names another transaction");
  }
  if (ok.euiccSigned1.serverChallenge != session.serverChallenge) {
    throw VerifyFailure(kEuiccVerificationFailed, "euiccSigned1 holds another serverChallenge");
  }
  return out;
}

} // namespace smdpp
