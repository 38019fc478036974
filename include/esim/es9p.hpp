// ES9+ client: the LPA's HTTPS interface to the SM-DP+ (SGP.22 clauses 5.6
// and 6.5). Only handleNotification (5.6.4) so far.
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

// Es9pClient calls ES9+ functions on an SM-DP+ over an HttpClient.
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

private:
  HttpClient &http_;
  Es9pClientOptions options_;
};

} // namespace esim
