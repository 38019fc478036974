// The server's side of SGP.22's common mutual authentication (3.1.2), the
// same for an SM-DP+ (ES9+) and an SM-DS (ES11): initiateAuthentication
// signs serverSigned1 with the authentication certificate (CERT.DPauth or
// CERT.DSauth), and authenticateClient verifies the eUICC (chain to the CI,
// EID allowed by the EUM, euiccSignature1, transactionId, serverChallenge).
// Each check that fails throws VerifyFailure with its SGP.22 code.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cert_checks.hpp"
#include "esim/download.hpp"
#include "openssl_ptr.hpp"
#include "status_code.hpp"

namespace smdpp {

// DpCredential is one RSP server certificate (DPauth, DPpb or DSauth) with
// its key.
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

// AuthChallenge is what one authentication remembers between
// initiateAuthentication and authenticateClient.
struct AuthChallenge {
  esim::Bytes transactionId;
  esim::Bytes euiccChallenge;
  esim::Bytes serverChallenge;
};

// AuthCodes are the status codes a server answers when the eUICC's
// euiccInfo1 lists no CI it can use: the SM-DP+ has 8.8.2/3.1 and
// 8.8.4/3.7, the SM-DS 8.9.2/3.1 and 8.9.4/3.7.
struct AuthCodes {
  StatusCode pkIdNotSupported; // the CI is not in euiccCiPKIdListForSigning
  StatusCode noAuthCertForCi;  // the CI is not in euiccCiPKIdListForVerification
};

// requestBytes returns the base64-decoded string field |name| of |body|.
// Throws VerifyFailure 1.6/2.2 when it is missing, 1.6/2.1 when it is not a
// base64 string.
esim::Bytes requestBytes(const nlohmann::json &body, const char *name);

// isServerAddress reports whether the address |requested| names the server
// |own|: equal ignoring case, or |own| followed by ":PORT" (a test bench
// whose server is not on 443).
bool isServerAddress(const std::string &requested, const std::string &own);

// requestedAddress returns the "smdpAddress" of an initiateAuthentication
// request (or, for ES11, "smdsAddress" when smdpAddress is absent). Throws
// VerifyFailure 1.6/2.2 when neither is a string.
std::string requestedAddress(const nlohmann::json &body);

// beginAuthentication checks the euiccChallenge and euiccInfo1 of |body|,
// draws a transactionId and serverChallenge into |out| and returns the
// initiateAuthentication answer (without header) signed with |auth|,
// serverAddress = |requested| (as the LPA sent it, port included).
nlohmann::json beginAuthentication(const nlohmann::json &body, const std::string &requested,
                                   const DpCredential &auth, esim::ByteView ciKeyId,
                                   const AuthCodes &codes, AuthChallenge &out);

// cardRefusal is the failure for the eUICC's error alternative of
// AuthenticateServerResponse: 8.1/6.1 naming |server| and the card's code.
VerifyFailure cardRefusal(const esim::AuthenticateResponseError &error, const std::string &server);

// VerifiedClient is an eUICC that passed authenticateClient's checks.
struct VerifiedClient {
  EuiccChain chain;
  const esim::AuthenticateResponseOk *ok = nullptr; // into the response given
};

// verifyClient checks the AuthenticateResponseOk of |response| against the
// CI |ci| and the session |session|: the chain, the EID range, the
// signature, the transactionId and the serverChallenge. Throws VerifyFailure
// (8.11.1, 8.1.2, 8.1.3, 8.1.4, 8.1/6.1, 8.10.1/3.9).
VerifiedClient verifyClient(const X509 *ci, const esim::AuthenticateServerResponse &response,
                            const AuthChallenge &session);

// randomBytes returns |n| bytes from OpenSSL's generator. Throws
// std::runtime_error if it fails.
esim::Bytes randomBytes(std::size_t n);

// upperHex returns |text| in upper case (transaction IDs are kept so).
std::string upperHex(std::string text);

} // namespace smdpp
