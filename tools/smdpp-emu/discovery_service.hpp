// DiscoveryService: the SM-DS side of ES11 (SGP.22 5.8.1
// initiateAuthentication, 5.8.2 authenticateClient), independent of HTTP
// like DownloadService: the common mutual authentication signed with
// CERT.DSauth, then the eUICC's Event Records (eventEntries) from an
// EventRegistry. An SM-DS transaction ends with authenticateClient; it is
// unknown to the download functions, and SM-DP+ transactions are unknown
// here. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "mutual_auth.hpp"
#include "smds_events.hpp"

namespace smdpp {

class DiscoveryService {
public:
  // DiscoveryService serves the events of |events| at |smdsAddress| with
  // |dsAuth|. |ci| and |events| must outlive it. Throws std::runtime_error
  // if DSauth is not issued by |ci|, lacks the id-rspRole-ds-auth policy or
  // carries no SM-DS OID.
  DiscoveryService(const X509 *ci, DpCredential dsAuth, EventRegistry &events,
                   std::string smdsAddress);

  // isSmdsAddress reports whether the address of an initiateAuthentication
  // |body| names this SM-DS (ignoring case, with an optional ":PORT"); false
  // also when it names none.
  bool isSmdsAddress(const nlohmann::json &body) const;
  // knows reports whether |body|'s transactionId is an open SM-DS session.
  bool knows(const nlohmann::json &body);

  // initiateAuthentication answers as the SM-DP+ does, signed with DSauth.
  // Throws VerifyFailure 8.9.1/3.8 for another address, 8.9.2/3.1 and
  // 8.9.4/3.7 when euiccInfo1 lists not this CI, 1.6/x for a bad request.
  nlohmann::json initiateAuthentication(const nlohmann::json &body);
  // authenticateClient verifies the eUICC as the download does and answers
  // {"transactionId", "eventEntries": [{"eventId", "rspServerAddress"}]}
  // with its EID's events in registration order; a MatchingID in
  // ctxParams1 is an EventID and narrows the list to that event (8.9.5/3.9
  // when the EID has none with it). The session ends either way. Throws
  // VerifyFailure 8.10.1/3.9 for an unknown transaction, 8.1/6.1 when the
  // card refused the SM-DS, and the codes of verifyClient.
  nlohmann::json authenticateClient(const nlohmann::json &body);

  // smdsOid is the SM-DS OID of CERT.DSauth (dotted).
  const std::string &smdsOid() const noexcept { return smdsOid_; }
  const std::string &smdsAddress() const noexcept { return smdsAddress_; }

private:
  const X509 *ci_;
  DpCredential dsAuth_;
  EventRegistry &events_;
  std::string smdsAddress_;
  std::string smdsOid_;
  esim::Bytes ciKeyId_;
  std::mutex mutex_;
  std::map<std::string, AuthChallenge> sessions_; // by upper-case hex transactionId
};

} // namespace smdpp
