// One call of the common mutual authentication's JSON binding, shared by the
// ES9+ client (SM-DP+, es9p_download.cpp) and the ES11 client (SM-DS,
// es11_client.cpp): argument checks, the exchange and its answer (HTTP
// status, functionExecutionStatus), and the checks of the answer's fields
// (transaction ID, base64 DER of the expected tag). Messages name the
// interface, the function and the server: "ES11 initiateAuthentication to
// lpa.ds.example: the SM-DS answered ...". Internal to src/es9p.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "codec/der_reader.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"

namespace esim::es9p {

// Interface names the server side of a call, for messages and hints.
struct Interface {
  const char *name;        // "ES9+"
  const char *server;      // "SM-DP+"
  const char *refusedWhat; // what a Failed status refuses: "download"
  const char *addressHint; // where the user's address came from
};

inline constexpr Interface kEs9pInterface{"ES9+", "SM-DP+", "download",
                                          "check the SM-DP+ address of the activation code"};
inline constexpr Interface kEs11Interface{
    "ES11", "SM-DS", "event retrieval",
    "check the SM-DS address (--smds, or the eUICC's rootDsAddress)"};

// Call names one call in messages.
struct Call {
  Interface iface;
  std::string function; // "ES9+ authenticateClient"
  std::string where;    // "ES9+ authenticateClient to smdp.example"
  std::string server;   // "the SM-DP+"
};

// makeCall names function |name| of |iface| to |address| (quoted printable).
Call makeCall(const Interface &iface, const char *name, const std::string &address);

// checkAddress throws Error(Errc::invalidArgument) unless |address| passes
// isValidSmdpAddress.
void checkAddress(const Call &call, const std::string &address);

// transactionIdBytes parses a TransactionID as ES9+ carries it: 1..16 bytes
// as hex digits (either case), nothing else; nullopt otherwise.
std::optional<Bytes> transactionIdBytes(const std::string &hex);

// checkedTransactionId returns the bytes of |transactionId| or throws
// Error(Errc::invalidArgument).
Bytes checkedTransactionId(const Call &call, const std::string &transactionId);

// elementProblem returns why |bytes| is not exactly one DER element with
// tag |tag|, or "" if it is.
std::string elementProblem(ByteView bytes, codec::TagValue tag);

// checkArgument throws Error(Errc::invalidArgument) naming |what| unless
// |bytes| is one DER element with tag |tag|.
void checkArgument(const Call &call, const char *what, ByteView bytes, codec::TagValue tag);

// Answer is an accepted answer.
struct Answer {
  long httpStatus = 0;
  std::optional<FunctionExecutionStatus> status;
  nlohmann::json json; // an object (empty for 204)
};

// malformed throws the Es9pError of an accepted answer that is unusable:
// "<where>: malformed answer: <what>".
[[noreturn]] void malformed(const Call &call, const Answer &answer, const std::string &what);

// exchange posts |body| to function |name| below |path| at |address| and
// returns the accepted answer (200 with Executed-Success or -WithWarning,
// or 204 when |allowNoContent|); throws Es9pError for every other one (its
// httpStatus() tells a 404 apart) and the HttpClient's errors prefixed with
// call.function.
Answer exchange(HttpClient &http, const Es9pClientOptions &options, const Call &call,
                const std::string &address, const char *path, const char *name,
                const nlohmann::json &body, bool allowNoContent);

// binaryField returns the DER in base64 field |name| of |answer|, checked to
// be one element with tag |tag|; else malformed.
Bytes binaryField(const Call &call, const Answer &answer, const char *name, codec::TagValue tag);

// answerTransactionId reads the answer's transactionId into |binary|: it
// must be valid hex and, if |expected| is given, the same value; else
// malformed. A missing one is an error only when |required|; then "" is
// returned.
std::string answerTransactionId(const Call &call, const Answer &answer,
                                const std::optional<Bytes> &expected, bool required, Bytes &binary);

// signedTransactionId checks that the SEQUENCE |signedPart| (field |name|,
// already checked by binaryField) starts with tag 80 holding |expected|;
// returns the reader positioned after it. Else malformed.
codec::der::Reader signedTransactionId(const Call &call, const Answer &answer, ByteView signedPart,
                                       const char *name, const Bytes &expected);

// initiateAuthentication runs initiateAuthentication (SGP.22 5.6.1 / 5.8.1)
// below |path| at |address|, the server's address going in the JSON as
// smdpAddress; checks the arguments and the answer as Es9pClient's comment
// says.
InitiateAuthenticationResponse initiateAuthentication(HttpClient &http,
                                                      const Es9pClientOptions &options,
                                                      const Call &call, const char *path,
                                                      const std::string &address,
                                                      ByteView euiccChallenge, ByteView euiccInfo1);

// Relayed is an accepted answer to a call that relays an eUICC's answer in
// a session, with the session's transaction ID as bytes.
struct Relayed {
  Answer answer;
  Bytes sessionId;
};

// relay checks |address|, the session's |transactionId| and that |bytes|
// (JSON field |field|) is one DER element with tag |tag| (else
// Error(Errc::invalidArgument)), posts {"transactionId", field: base64} to
// function |name| below |path| and returns the accepted answer (exchange's
// rules, |allowNoContent| included).
Relayed relay(HttpClient &http, const Es9pClientOptions &options, const Call &call,
              const char *path, const std::string &address, const char *name,
              const std::string &transactionId, const char *field, ByteView bytes,
              codec::TagValue tag, bool allowNoContent);

// AuthenticateClientAnswer is an accepted authenticateClient answer whose
// transactionId is the session's.
struct AuthenticateClientAnswer {
  Answer answer;
  std::string transactionId;
  Bytes transactionIdBinary;
};

// authenticateClient relays |authenticateServerResponse| (BF38) for session
// |transactionId| below |path| at |address| (SGP.22 5.6.3 / 5.8.2); checks
// the arguments and the answer's transactionId. The caller reads the rest.
AuthenticateClientAnswer authenticateClient(HttpClient &http, const Es9pClientOptions &options,
                                            const Call &call, const char *path,
                                            const std::string &address,
                                            const std::string &transactionId,
                                            ByteView authenticateServerResponse);

} // namespace esim::es9p
