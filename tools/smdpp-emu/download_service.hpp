// DownloadService: the SM-DP+ side of the SGP.22 profile download over ES9+
// (5.6.1 initiateAuthentication, 5.6.2 getBoundProfilePackage,
// 5.6.3 authenticateClient, 5.6.5 cancelSession, and the install
// notification of 5.6.4), independent of HTTP: each function takes the
// request's JSON body and returns the response body without its header,
// or throws VerifyFailure with the SGP.22 subject/reason code of the check
// that failed. Thread-safe: sessions and orders are behind one mutex.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "esim/download.hpp"
#include "mutual_auth.hpp"
#include "openssl_ptr.hpp"
#include "smds_events.hpp"
#include "status_code.hpp"

namespace smdpp {

// InstallResultCheck is what the SM-DP+ learnt from a ProfileInstallationResult.
struct InstallResultCheck {
  bool sessionKnown = false;   // the transactionId named a session of ours
  bool signatureValid = false; // euiccSignPIR verified with the session's eUICC key
  bool success = false;        // finalResult is successResult
  std::string eid;
  std::string matchingId;
};

class DownloadService {
public:
  // DownloadService serves |catalog| at |serverAddress|. |ci| must outlive
  // it. Throws std::runtime_error if DPauth or DPpb is not issued by |ci| or
  // carries no SM-DP+ OID.
  DownloadService(const X509 *ci, DpCredential dpAuth, DpCredential dpPb, Catalog catalog,
                  std::string serverAddress);

  // initiateAuthentication accepts an smdpAddress equal to serverAddress
  // (ignoring case) or serverAddress:PORT, and signs that address in
  // serverSigned1.
  nlohmann::json initiateAuthentication(const nlohmann::json &body);
  nlohmann::json authenticateClient(const nlohmann::json &body);
  nlohmann::json getBoundProfilePackage(const nlohmann::json &body);
  nlohmann::json cancelSession(const nlohmann::json &body);

  // checkInstallResult verifies a ProfileInstallationResult (BF37 DER) with
  // the eUICC certificate of its download session and ends that session.
  // A verified successful install deletes the SM-DS event of the order
  // (ES12.DeleteEvent). Throws VerifyFailure kFunctionInvalid if it does not
  // decode.
  InstallResultCheck checkInstallResult(esim::ByteView der);

  // smdpOid is the SM-DP+ OID of CERT.DPauth (dotted).
  const std::string &smdpOid() const noexcept { return smdpOid_; }
  // serverAddress is this SM-DP+'s address (--address).
  const std::string &serverAddress() const noexcept { return serverAddress_; }
  // events are the SM-DS events: the catalog's, registered at construction;
  // an SM-DS role (DiscoveryService) lists them.
  EventRegistry &events() noexcept { return events_; }

private:
  enum class Stage { authenticating, clientAuthenticated, bppDelivered };
  struct Session {
    Stage stage = Stage::authenticating;
    esim::Bytes transactionId;
    esim::Bytes euiccChallenge;
    esim::Bytes serverChallenge;
    X509Ptr euiccCert;
    std::string eid;
    std::string matchingId;
    esim::Bytes smdpSignature2; // r||s
    bool ccRequired = false;
  };
  struct Order {
    int downloads = 0;
    int ccFailures = 0;
  };

  Session &sessionFor(const nlohmann::json &body, std::string &hexId);
  const CatalogEntry *orderFor(const std::string &askedId, const std::string &eid);

  const X509 *ci_;
  DpCredential dpAuth_;
  DpCredential dpPb_;
  Catalog catalog_;
  std::string serverAddress_;
  std::string smdpOid_;
  esim::Bytes ciKeyId_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_; // by upper-case hex transactionId
  std::map<std::string, Order> orders_;     // by matching ID
  EventRegistry events_;
};

} // namespace smdpp
