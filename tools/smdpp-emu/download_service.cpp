#include "download_service.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "bpp_builder.hpp"
#include "bsp/error.hpp"
#include "card_responses.hpp"
#include "cert_checks.hpp"
#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "ecdsa_raw.hpp"
#include "esim/base64.hpp"
#include "esim/error.hpp"

namespace smdpp {

namespace codec = esim::codec;
namespace der = esim::codec::der;
using nlohmann::json;

namespace {

constexpr char kRoleDpAuth[] = "2.23.146.1.2.1.4";
constexpr char kRoleDpPb[] = "2.23.146.1.2.1.5";

std::string b64(esim::ByteView v) {
  return esim::base64Encode(v);
}

esim::Bytes concat(esim::ByteView a, esim::ByteView b) {
  esim::Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

esim::Bytes hashCcOf(const std::string &code, esim::ByteView transactionId) {
  unsigned char first[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char *>(code.data()), code.size(), first);
  const esim::Bytes input = concat(esim::ByteView(first, sizeof(first)), transactionId);
  esim::Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(input.data(), input.size(), out.data());
  return out;
}

bsp::Curve curveOf(EVP_PKEY *key) {
  char name[64] = {};
  std::size_t length = 0;
  EVP_PKEY_get_utf8_string_param(key, "group", name, sizeof(name), &length);
  return std::string(name) == "brainpoolP256r1" ? bsp::Curve::brainpoolP256r1
                                                : bsp::Curve::nistP256;
}

} // namespace

DownloadService::DownloadService(const X509 *ci, DpCredential dpAuth, DpCredential dpPb,
                                 Catalog catalog, std::string serverAddress)
    : ci_(ci), dpAuth_(std::move(dpAuth)), dpPb_(std::move(dpPb)), catalog_(std::move(catalog)),
      serverAddress_(std::move(serverAddress)), events_(catalog_.events()) {
  for (DpCredential *c : {&dpAuth_, &dpPb_}) {
    if (X509_check_issued(const_cast<X509 *>(ci_), c->cert.get()) != X509_V_OK ||
        X509_verify(c->cert.get(), X509_get0_pubkey(ci_)) != 1) {
      throw std::runtime_error("the SM-DP+ certificate " + subjectText(c->cert.get()) +
                               " is not issued by the CI " + subjectText(ci_));
    }
  }
  if (!hasPolicy(dpAuth_.cert.get(), kRoleDpAuth) || !hasPolicy(dpPb_.cert.get(), kRoleDpPb)) {
    throw std::runtime_error("the DPauth/DPpb certificates lack the role policies " +
                             std::string(kRoleDpAuth) + "/" + kRoleDpPb);
  }
  smdpOid_ = registeredIdOf(dpAuth_.cert.get());
  if (smdpOid_.empty() || smdpOid_ != registeredIdOf(dpPb_.cert.get())) {
    throw std::runtime_error("the DPauth and DPpb certificates must carry the same SM-DP+ OID "
                             "(registeredID in the SubjectAltName)");
  }
  ciKeyId_ = subjectKeyIdOf(ci_);
}

DownloadService::Session &DownloadService::sessionFor(const json &body, std::string &hexId) {
  const auto it = body.find("transactionId");
  if (it == body.end() || !it->is_string()) {
    throw VerifyFailure(kFunctionMissing, "transactionId is missing");
  }
  hexId = upperHex(it->get<std::string>());
  const auto found = sessions_.find(hexId);
  if (found == sessions_.end()) {
    throw VerifyFailure(kTransactionUnknown, "transaction " + hexId + " is unknown");
  }
  return found->second;
}

json DownloadService::initiateAuthentication(const json &body) {
  const std::string requested = requestedAddress(body);
  if (!isServerAddress(requested, serverAddress_)) {
    throw VerifyFailure(kSmdpAddressRefused,
                        "this SM-DP+ is " + serverAddress_ + ", not " + requested);
  }
  Session s;
  AuthChallenge challenge;
  const json out = beginAuthentication(body, requested, dpAuth_, ciKeyId_,
                                       {kPkIdNotSupported, kNoDpAuthForCi}, challenge);
  s.transactionId = challenge.transactionId;
  s.euiccChallenge = challenge.euiccChallenge;
  s.serverChallenge = challenge.serverChallenge;
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_[out.at("transactionId").get<std::string>()] = std::move(s);
  return out;
}

// orderFor returns the catalog entry |eid| asks for with |askedId| (an
// order pushed to the EID when it is empty) that may still be downloaded.
const CatalogEntry *DownloadService::orderFor(const std::string &askedId, const std::string &eid) {
  return catalog_.forEid(askedId, eid, [this](const CatalogEntry &e) {
    return e.reusable || orders_[e.matchingId].downloads == 0;
  });
}

json DownloadService::authenticateClient(const json &body) {
  const esim::Bytes der = requestBytes(body, "authenticateServerResponse");
  std::lock_guard<std::mutex> lock(mutex_);
  std::string hexId;
  Session &s = sessionFor(body, hexId);
  if (s.stage != Stage::authenticating) {
    throw VerifyFailure(kTransactionUnknown,
                        "transaction " + hexId + " is past authenticateClient");
  }
  const esim::AuthenticateServerResponse r = readAuthenticateServerResponse(der);
  if (r.authenticateResponseError) {
    sessions_.erase(hexId);
    throw cardRefusal(*r.authenticateResponseError, "SM-DP+");
  }
  VerifiedClient client =
      verifyClient(ci_, r, {s.transactionId, s.euiccChallenge, s.serverChallenge});
  EuiccChain &chain = client.chain;
  const esim::AuthenticateResponseOk &ok = *client.ok;
  const std::string askedId = ok.euiccSigned1.ctxParams1.matchingId.value_or("");
  const CatalogEntry *entry = orderFor(askedId, chain.eid);
  if (entry == nullptr) {
    throw VerifyFailure(kMatchingIdRefused, askedId.empty()
                                                ? "no order is pending for EID " + chain.eid
                                                : "matching ID \"" + askedId + "\" is unknown");
  }
  // Orders are kept by the catalog's matching ID, also when the card asked
  // with an empty one (an order pushed to its EID).
  const std::string matchingId = entry->matchingId;
  const Order &order = orders_[matchingId];
  if (!entry->reusable && order.downloads > 0) {
    throw VerifyFailure(kOrderRetriesExceeded,
                        "the order " + matchingId + " was downloaded already");
  }
  if (entry->confirmationCode && order.ccFailures >= entry->confirmationCodeAttempts) {
    throw VerifyFailure(kCcRetriesExceeded, "the order " + matchingId +
                                                " is locked: too many wrong confirmation codes");
  }
  esim::SmdpSigned2 signed2;
  signed2.transactionId = s.transactionId;
  signed2.ccRequiredFlag = entry->confirmationCode.has_value();
  const esim::Bytes signed2Der = codec::encodeSmdpSigned2(signed2);
  s.smdpSignature2 =
      signRaw(dpPb_.key.get(), concat(signed2Der, codec::signatureTlv(ok.euiccSignature1)));
  s.euiccCert = std::move(chain.euicc);
  s.eid = chain.eid;
  s.matchingId = matchingId;
  s.ccRequired = signed2.ccRequiredFlag;
  s.stage = Stage::clientAuthenticated;
  return {{"transactionId", hexId},
          {"profileMetadata", b64(codec::encodeStoreMetadataRequest(entry->metadata))},
          {"smdpSigned2", b64(signed2Der)},
          {"smdpSignature2", b64(codec::signatureTlv(s.smdpSignature2))},
          {"smdpCertificate", b64(dpPb_.der)}};
}

json DownloadService::getBoundProfilePackage(const json &body) {
  const esim::Bytes der = requestBytes(body, "prepareDownloadResponse");
  std::lock_guard<std::mutex> lock(mutex_);
  std::string hexId;
  Session &s = sessionFor(body, hexId);
  if (s.stage != Stage::clientAuthenticated) {
    throw VerifyFailure(kBppNotAvailable,
                        "transaction " + hexId + " is not waiting for getBoundProfilePackage");
  }
  const esim::PrepareDownloadResponse r = readPrepareDownloadResponse(der);
  if (r.downloadResponseError) {
    sessions_.erase(hexId);
    throw VerifyFailure(
        kEuiccVerificationFailed,
        "the eUICC refused PrepareDownload: downloadErrorCode " +
            std::to_string(static_cast<int>(r.downloadResponseError->downloadErrorCode)));
  }
  const esim::PrepareDownloadResponseOk &ok = *r.downloadResponseOk;
  if (ok.euiccSigned2.transactionId != s.transactionId) {
    throw VerifyFailure(kTransactionUnknown, "euiccSigned2 names another transaction");
  }
  if (!verifyRaw(X509_get0_pubkey(s.euiccCert.get()), ok.euiccSignature2,
                 concat(ok.euiccSigned2.raw, codec::signatureTlv(s.smdpSignature2)))) {
    throw VerifyFailure(kEuiccVerificationFailed, "euiccSignature2 does not verify over "
                                                  "euiccSigned2 || smdpSignature2");
  }
  const CatalogEntry *entry = catalog_.find(s.matchingId);
  Order &order = orders_[s.matchingId];
  if (entry->confirmationCode) {
    if (order.ccFailures >= entry->confirmationCodeAttempts) {
      sessions_.erase(hexId);
      throw VerifyFailure(kCcRetriesExceeded, "too many wrong confirmation codes");
    }
    if (!ok.euiccSigned2.hashCc) {
      throw VerifyFailure(kCcMissing, "the order needs a confirmation code (no hashCc)");
    }
    if (*ok.euiccSigned2.hashCc != hashCcOf(*entry->confirmationCode, s.transactionId)) {
      ++order.ccFailures;
      const bool locked = order.ccFailures >= entry->confirmationCodeAttempts;
      sessions_.erase(hexId);
      throw VerifyFailure(locked ? kCcRetriesExceeded : kCcRefused,
                          locked ? "wrong confirmation code; no attempts left"
                                 : "wrong confirmation code");
    }
  }
  BppInput in;
  in.transactionId = s.transactionId;
  in.hostId = esim::Bytes(kDefaultHostId, kDefaultHostId + sizeof(kDefaultHostId) - 1);
  in.eid = esim::fromHex(s.eid, "EID");
  in.euiccOtpk = ok.euiccSigned2.euiccOtpk;
  in.configureIsdp = codec::encodeConfigureIsdpRequest({});
  in.storeMetadata = codec::encodeStoreMetadataRequest(entry->metadata);
  in.profilePackage = entry->profilePackage;
  if (entry->ppk) {
    in.ppk = bsp::SessionKeys{bsp::Key128(randomBytes(16)), bsp::Key128(randomBytes(16)),
                              bsp::Key128(randomBytes(16))};
  }
  const bsp::EcPrivateKey otsk = bsp::EcPrivateKey::generate(curveOf(dpPb_.key.get()));
  EVP_PKEY *key = dpPb_.key.get();
  esim::Bytes bpp;
  try {
    bpp = buildBoundProfilePackage(in, otsk, [key](esim::ByteView d) {
            return signRaw(key, d);
          }).boundProfilePackage;
  } catch (const bsp::Error &e) {
    throw VerifyFailure(kFunctionInvalid, std::string("cannot bind the profile: ") + e.what());
  }
  ++order.downloads;
  order.ccFailures = 0;
  s.stage = Stage::bppDelivered;
  return {{"transactionId", hexId}, {"boundProfilePackage", b64(bpp)}};
}

json DownloadService::cancelSession(const json &body) {
  const esim::Bytes der = requestBytes(body, "cancelSessionResponse");
  std::lock_guard<std::mutex> lock(mutex_);
  std::string hexId;
  Session &s = sessionFor(body, hexId);
  const esim::CancelSessionResponse r = readCancelSessionResponse(der);
  if (r.cancelSessionResponseError) {
    throw VerifyFailure(kFunctionInvalid,
                        "cancelSessionResponse is the error alternative (" +
                            std::to_string(static_cast<int>(*r.cancelSessionResponseError)) + ")");
  }
  const esim::CancelSessionResponseOk &ok = *r.cancelSessionResponseOk;
  if (ok.euiccCancelSessionSigned.transactionId != s.transactionId) {
    throw VerifyFailure(kTransactionUnknown, "euiccCancelSessionSigned names another transaction");
  }
  if (ok.euiccCancelSessionSigned.smdpOid != smdpOid_) {
    throw VerifyFailure(kSmdpOidInvalid, "euiccCancelSessionSigned names another SM-DP+ OID");
  }
  if (s.euiccCert && !verifyRaw(X509_get0_pubkey(s.euiccCert.get()), ok.euiccCancelSessionSignature,
                                ok.euiccCancelSessionSigned.raw)) {
    throw VerifyFailure(kEuiccVerificationFailed, "euiccCancelSessionSignature does not verify");
  }
  if (s.stage == Stage::bppDelivered) {
    --orders_[s.matchingId].downloads; // not installed: the order is available again
  }
  const int reason = static_cast<int>(ok.euiccCancelSessionSigned.reason);
  sessions_.erase(hexId);
  return {{"transactionId", hexId}, {"reason", reason}};
}

InstallResultCheck DownloadService::checkInstallResult(esim::ByteView der) {
  const esim::ProfileInstallationResult pir = readProfileInstallationResult(der);
  const esim::ProfileInstallationResultData &data = pir.profileInstallationResultData;
  InstallResultCheck out;
  out.success = data.successResult.has_value();
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = sessions_.find(esim::toHex(data.transactionId));
  if (it == sessions_.end() || !it->second.euiccCert) {
    return out;
  }
  out.sessionKnown = true;
  out.eid = it->second.eid;
  out.matchingId = it->second.matchingId;
  out.signatureValid =
      verifyRaw(X509_get0_pubkey(it->second.euiccCert.get()), pir.euiccSignPIR, data.raw);
  if (out.signatureValid) {
    if (!out.success && it->second.stage == Stage::bppDelivered) {
      --orders_[out.matchingId].downloads; // the install failed: the order is available again
    }
    if (out.success) {
      // ES12.DeleteEvent: the event led to this install, a discovery must
      // no longer offer it.
      events_.deleteEvent(out.eid, out.matchingId, serverAddress_);
    }
    sessions_.erase(it);
  }
  return out;
}

} // namespace smdpp
