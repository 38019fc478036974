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
#include "openssl_ptr.hpp"
#include "status_code.hpp"

namespace smdpp {

// DpCredential is one SM-DP+ certificate (DPauth or DPpb) with its key.
struct DpCredential {
  X509Ptr cert;
  EvpPkeyPtr key;
  esim::Bytes der;

  // load reads a certificate (PEM or DER) and its PEM private key. Throws
  // std::runtime_error naming the file if either cannot be read or the key
  // is not the certificate's.
  static DpCredential load(const std::string &certPath, const std::string &keyPath,
                           const std::string &what);
};

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
  // Throws VerifyFailure kFunctionInvalid if it does not decode.
  InstallResultCheck checkInstallResult(esim::ByteView der);

  // smdpOid is the SM-DP+ OID of CERT.DPauth (dotted).
  const std::string &smdpOid() const noexcept { return smdpOid_; }

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
};

// requestBytes returns the base64-decoded string field |name| of |body|.
// Throws VerifyFailure 1.6/2.2 when it is missing, 1.6/2.1 when it is not a
// base64 string.
esim::Bytes requestBytes(const nlohmann::json &body, const char *name);

} // namespace smdpp
