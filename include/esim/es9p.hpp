// ES9+ client: the LPA's HTTPS interface to the SM-DP+ (SGP.22 clauses 5.6
// and 6.5): the download functions initiateAuthentication (5.6.1),
// authenticateClient (5.6.3), getBoundProfilePackage (5.6.2) and
// cancelSession (5.6.5), and handleNotification (5.6.4).
//
// Download: each ES9+ answer is relayed to the eUICC as received (ES10b);
// the binary fields are returned as the DER the SM-DP+ signed, never
// re-encoded.
//
//   auto auth = es9p.initiateAuthentication(ac.smdpAddress, challenge, euiccInfo1);
//   Bytes bf38 = /* ES10b AuthenticateServer(auth.serverSigned1, ...) */;
//   auto client = es9p.authenticateClient(ac.smdpAddress, auth.transactionId, bf38);
//   Bytes bf21 = /* ES10b PrepareDownload(client.smdpSigned2, ..., hashCc) */;
//   auto bpp = es9p.getBoundProfilePackage(ac.smdpAddress, auth.transactionId, bf21);
//   // on a failure before the load: ES10b CancelSession, then
//   es9p.cancelSession(ac.smdpAddress, auth.transactionId, bf41);
//
// Notifications:
//
//   esim::CurlHttpClient curl({.caFile = "ci.pem"});
//   esim::RetryingHttpClient http(curl, {});
//   esim::Es9pClient es9p(http, {});
//   for (const esim::PendingNotification &n : pending) {
//     es9p.handleNotification(n.metadata.notificationAddress, n.raw); // throws on failure
//     euicc.removeNotificationFromList(n.metadata.seqNumber);         // only after success
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "esim/http.hpp"

namespace esim {

// Es9pClientOptions configures an Es9pClient.
struct Es9pClientOptions {
  // adminProtocol is the X-Admin-Protocol header: "gsma/rsp/v" and the
  // SGP.22 version this LPA implements (our ASN.1 module is v2.2.2).
  std::string adminProtocol = "gsma/rsp/v2.2.2";
  // port is used when the SM-DP+ address carries none.
  std::uint16_t port = 443;
  std::string userAgent = "esimctl";
};

// FunctionExecutionStatus is header.functionExecutionStatus of an ES9+ JSON
// response (SGP.22 6.5.1.4): status "Executed-Success",
// "Executed-WithWarning", "Failed" or "Expired", and for failures the
// statusCodeData (subject and reason codes such as "8.1" / "6.1").
struct FunctionExecutionStatus {
  std::string status;
  std::string subjectCode;
  std::string reasonCode;
  std::string message;
  bool operator==(const FunctionExecutionStatus &) const = default;
};

// Es9pResult describes an accepted ES9+ call: the HTTP status (204, or 200
// with a JSON body) and the function execution status when there was one.
struct Es9pResult {
  long httpStatus = 0;
  std::optional<FunctionExecutionStatus> functionExecutionStatus;
};

// Es9pError is the Error an Es9pClient throws when the SM-DP+ answered but did
// not accept the call (code() is Errc::serverError). It carries what the
// server said; the message repeats it for people.
class Es9pError : public Error {
public:
  // Es9pError builds a serverError with the HTTP status and, if the body held
  // one, the function execution status.
  Es9pError(const std::string &message, std::string hint, long httpStatus,
            std::optional<FunctionExecutionStatus> status);

  // httpStatus returns the HTTP status of the answer.
  long httpStatus() const noexcept { return httpStatus_; }
  // functionExecutionStatus returns the status from the JSON body, if any.
  const std::optional<FunctionExecutionStatus> &functionExecutionStatus() const noexcept {
    return status_;
  }

private:
  long httpStatus_;
  std::optional<FunctionExecutionStatus> status_;
};

// isValidSmdpAddress reports whether |address| is a plausible SM-DP+ address:
// a DNS name (letters, digits, hyphens; labels of 1..63 characters, 253 at
// most) or an IPv4 literal, optionally followed by ":PORT" (1..65535). A URL,
// a path, user info, spaces or control characters are refused: the address
// comes from the card, which we do not trust to build URLs.
bool isValidSmdpAddress(const std::string &address) noexcept;

// Es9pStatusCodeMeaning says in words what an SM-DP+'s subjectCode /
// reasonCode pair means (SGP.22 5.2.6) and what the user can do about it.
struct Es9pStatusCodeMeaning {
  std::string_view meaning;
  std::string_view hint;
};

// es9pStatusCodeMeaning returns the meaning of the pair |subjectCode| /
// |reasonCode| ("8.2.6" / "3.8": the MatchingID was refused), or nullopt for
// a pair it does not know. Never fails.
std::optional<Es9pStatusCodeMeaning> es9pStatusCodeMeaning(std::string_view subjectCode,
                                                           std::string_view reasonCode) noexcept;

// InitiateAuthenticationResponse is what initiateAuthentication returns:
// the session's transaction ID, and the fields for ES10b AuthenticateServer
// as the DER the SM-DP+ sent (base64-decoded).
struct InitiateAuthenticationResponse {
  // transactionId is the hex text as the SM-DP+ wrote it; send it back as is.
  std::string transactionId;
  // transactionIdBinary is the same value as bytes (1..16), as in tag 80 of
  // serverSigned1; ES10b CancelSession and hashCc need this form.
  Bytes transactionIdBinary;
  Bytes serverSigned1;       // 30 ...: its transactionId (80) is transactionIdBinary
  Bytes serverSignature1;    // 5F37 ...
  Bytes euiccCiPKIdToBeUsed; // 04 14 <SubjectKeyIdentifier>
  Bytes serverCertificate;   // 30 ...: CERT.DPauth.ECDSA
};

// AuthenticateClientResponse is what authenticateClient returns: the
// profile's metadata for the user's consent and the fields for ES10b
// PrepareDownload, as the DER the SM-DP+ sent.
struct AuthenticateClientResponse {
  // transactionId and transactionIdBinary: as in
  // InitiateAuthenticationResponse (the SM-DP+ echoed the one sent).
  std::string transactionId;
  Bytes transactionIdBinary;
  Bytes profileMetadata; // BF25 ...: StoreMetadataRequest
  Bytes smdpSigned2;     // 30 ...: transactionId, ccRequiredFlag[, bppEuiccOtpk]
  Bytes smdpSignature2;  // 5F37 ...
  Bytes smdpCertificate; // 30 ...: CERT.DPpb.ECDSA
  // ccRequiredFlag is read from smdpSigned2: the SM-DP+ wants a
  // confirmation code (hashConfirmationCode) in PrepareDownload.
  bool ccRequiredFlag = false;
};

// GetBoundProfilePackageResponse is what getBoundProfilePackage returns.
struct GetBoundProfilePackageResponse {
  // transactionId and transactionIdBinary: as in
  // InitiateAuthenticationResponse.
  std::string transactionId;
  Bytes transactionIdBinary;
  Bytes boundProfilePackage; // BF36 ...: for ES10b LoadBoundProfilePackage
};

// Es9pClient calls ES9+ functions on an SM-DP+ over an HttpClient.
//
// How the download functions fail. Each throws:
//  * Error(Errc::invalidArgument) for an argument it will not send: an
//    SM-DP+ address isValidSmdpAddress refuses, a transaction ID that is not
//    2..32 hex digits (an even number), an input that is not one DER
//    element with the tag named in the function's comment;
//  * the Errc::network / Errc::tls errors of the HttpClient, the message
//    prefixed with "ES9+ <function>";
//  * Es9pError (Errc::serverError) for every answer that is not a success:
//    an HTTP status other than 200, a body that is not JSON, no
//    header.functionExecutionStatus, the status Failed or Expired (the
//    error carries subjectCode / reasonCode / message; its message and hint
//    say what the common codes mean, see es9pStatusCodeMeaning), and a
//    malformed success: an expected field missing, not base64, not one DER
//    element of the expected tag, or a transaction ID other than the one of
//    the session. Messages name the function and the SM-DP+ address; server
//    text is quoted in printable ASCII, 200 characters at most.
class Es9pClient {
public:
  // Es9pClient uses |http|, which must outlive it. Cannot fail.
  Es9pClient(HttpClient &http, Es9pClientOptions options);

  // handleNotification delivers one PendingNotification (|pendingNotification|
  // is its exact DER, as read from the eUICC) to the SM-DP+ at
  // |notificationAddress| (an FQDN, optionally with ":PORT"). Returns on HTTP
  // 204, or 200 with status Executed-Success / Executed-WithWarning.
  // Throws Error(Errc::invalidArgument) for an implausible address or an
  // empty notification; Es9pError (Errc::serverError) for any other answer
  // (other status codes, a Failed status, malformed JSON); and the
  // Errc::network / Errc::tls errors of the HttpClient, prefixed with the
  // function name.
  Es9pResult handleNotification(const std::string &notificationAddress,
                                ByteView pendingNotification);

  // initiateAuthentication starts a download session (SGP.22 5.6.1) at
  // |smdpAddress| (as the activation code gives it; the JSON smdpAddress is
  // this text too) with |euiccChallenge| (the 16 bytes of ES10b
  // GetEuiccChallenge, without tag) and |euiccInfo1| (the whole BF20 element
  // of ES10b GetEuiccInfo1). Checks that the answer's fields have the outer
  // tags 30 / 5F37 / 04 / 30 and that serverSigned1 starts with the
  // transaction ID of the JSON. Throws as the class comment says.
  InitiateAuthenticationResponse initiateAuthentication(const std::string &smdpAddress,
                                                        ByteView euiccChallenge,
                                                        ByteView euiccInfo1);

  // authenticateClient relays the eUICC's |authenticateServerResponse| (the
  // whole BF38 element, sent even if it is the card's error alternative) for
  // the session |transactionId| (SGP.22 5.6.3). Checks the tags BF25 / 30 /
  // 5F37 / 30 of the answer and that both the JSON transactionId and the one
  // in smdpSigned2 are the session's; reads ccRequiredFlag. Throws as the
  // class comment says.
  AuthenticateClientResponse authenticateClient(const std::string &smdpAddress,
                                                const std::string &transactionId,
                                                ByteView authenticateServerResponse);

  // getBoundProfilePackage relays the eUICC's |prepareDownloadResponse| (the
  // whole BF21 element) and returns the bound profile package, a BF36
  // element (SGP.22 5.6.2). Throws as the class comment says.
  GetBoundProfilePackageResponse getBoundProfilePackage(const std::string &smdpAddress,
                                                        const std::string &transactionId,
                                                        ByteView prepareDownloadResponse);

  // cancelSession ends the session |transactionId| at the SM-DP+ (SGP.22
  // 5.6.5) with the eUICC's |cancelSessionResponse| (the whole BF41 element
  // of ES10b CancelSession). Returns on HTTP 200 with an accepted status (a
  // transactionId in the answer must be the session's) or 204. Throws as
  // the class comment says.
  Es9pResult cancelSession(const std::string &smdpAddress, const std::string &transactionId,
                           ByteView cancelSessionResponse);

private:
  HttpClient &http_;
  Es9pClientOptions options_;
};

} // namespace esim
