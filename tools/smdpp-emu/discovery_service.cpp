#include "discovery_service.hpp"

#include <openssl/x509v3.h>

#include "card_responses.hpp"
#include "cert_checks.hpp"

namespace smdpp {

using nlohmann::json;

namespace {

constexpr char kRoleDsAuth[] = "2.23.146.1.2.1.7";

// transactionIdOf returns the upper-case transactionId of |body|, empty if
// it has none.
std::string transactionIdOf(const json &body) {
  const auto it = body.find("transactionId");
  return it != body.end() && it->is_string() ? upperHex(it->get<std::string>()) : std::string();
}

} // namespace

DiscoveryService::DiscoveryService(const X509 *ci, DpCredential dsAuth, EventRegistry &events,
                                   std::string smdsAddress)
    : ci_(ci), dsAuth_(std::move(dsAuth)), events_(events), smdsAddress_(std::move(smdsAddress)) {
  if (X509_check_issued(const_cast<X509 *>(ci_), dsAuth_.cert.get()) != X509_V_OK ||
      X509_verify(dsAuth_.cert.get(), X509_get0_pubkey(ci_)) != 1) {
    throw std::runtime_error("the SM-DS certificate " + subjectText(dsAuth_.cert.get()) +
                             " is not issued by the CI " + subjectText(ci_));
  }
  if (!hasPolicy(dsAuth_.cert.get(), kRoleDsAuth)) {
    throw std::runtime_error("the SM-DS certificate " + subjectText(dsAuth_.cert.get()) +
                             " lacks the role policy id-rspRole-ds-auth " + kRoleDsAuth +
                             " (is it CERT.DSauth?)");
  }
  smdsOid_ = registeredIdOf(dsAuth_.cert.get());
  if (smdsOid_.empty()) {
    throw std::runtime_error("the DSauth certificate must carry the SM-DS OID (registeredID in "
                             "the SubjectAltName)");
  }
  ciKeyId_ = subjectKeyIdOf(ci_);
}

bool DiscoveryService::isSmdsAddress(const json &body) const {
  try {
    return isServerAddress(requestedAddress(body), smdsAddress_);
  } catch (const VerifyFailure &) {
    return false;
  }
}

bool DiscoveryService::knows(const json &body) {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.count(transactionIdOf(body)) != 0;
}

json DiscoveryService::initiateAuthentication(const json &body) {
  const std::string requested = requestedAddress(body);
  if (!isServerAddress(requested, smdsAddress_)) {
    throw VerifyFailure(kSmdsAddressRefused,
                        "this SM-DS is " + smdsAddress_ + ", not " + requested);
  }
  AuthChallenge challenge;
  const json out = beginAuthentication(body, requested, dsAuth_, ciKeyId_,
                                       {kSmdsPkIdNotSupported, kNoDsAuthForCi}, challenge);
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_[out.at("transactionId").get<std::string>()] = std::move(challenge);
  return out;
}

json DiscoveryService::authenticateClient(const json &body) {
  const esim::Bytes der = requestBytes(body, "authenticateServerResponse");
  const std::string hexId = transactionIdOf(body);
  if (hexId.empty()) {
    throw VerifyFailure(kFunctionMissing, "transactionId is missing");
  }
  AuthChallenge session;
  {
    // One authenticateClient per session, whatever its outcome.
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = sessions_.find(hexId);
    if (found == sessions_.end()) {
      throw VerifyFailure(kTransactionUnknown, "SM-DS transaction " + hexId + " is unknown");
    }
    session = std::move(found->second);
    sessions_.erase(found);
  }
  const esim::AuthenticateServerResponse r = readAuthenticateServerResponse(der);
  if (r.authenticateResponseError) {
    throw cardRefusal(*r.authenticateResponseError, "SM-DS");
  }
  const VerifiedClient client = verifyClient(ci_, r, session);
  // SGP.22's ES11 error eventIdUnknown: a MatchingID at an SM-DS is the
  // EventID of one event, which the LPA may ask for alone.
  const std::string eventId = client.ok->euiccSigned1.ctxParams1.matchingId.value_or("");
  json entries = json::array();
  for (const EventRecord &e : events_.forEid(client.chain.eid)) {
    if (eventId.empty() || e.eventId == eventId) {
      entries.push_back({{"eventId", e.eventId}, {"rspServerAddress", e.rspServerAddress}});
    }
  }
  if (!eventId.empty() && entries.empty()) {
    throw VerifyFailure(kEventUnknown, "no event \"" + eventId + "\" for EID " + client.chain.eid);
  }
  return {{"transactionId", hexId}, {"eventEntries", std::move(entries)}};
}

} // namespace smdpp
