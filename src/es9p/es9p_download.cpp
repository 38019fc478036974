// Es9pClient's download functions (SGP.22 5.6.1, 5.6.2, 5.6.3, 5.6.5):
// JSON requests with base64 DER, and answers checked before they reach the
// eUICC: status, transaction ID, and one DER element of the expected tag per
// field.
#include <optional>

#include "codec/der_reader.hpp"
#include "es9p/es9p_json.hpp"
#include "esim/base64.hpp"
#include "esim/es9p.hpp"

namespace esim {

namespace {

namespace der = codec::der;
using codec::TagValue;
using es9p::describe;
using es9p::printable;

constexpr char kInitiateAuthentication[] = "initiateAuthentication";
constexpr char kAuthenticateClient[] = "authenticateClient";
constexpr char kGetBoundProfilePackage[] = "getBoundProfilePackage";
constexpr char kCancelSession[] = "cancelSession";

// Tags (SGP.22 RSPDefinitions) of what goes to and comes from the SM-DP+.
constexpr TagValue kTagSequence = 0x30;
constexpr TagValue kTagOctetString = 0x04;
constexpr TagValue kTagBoolean = 0x01;
constexpr TagValue kTagSignature = 0x5F37;   // [APPLICATION 55]
constexpr TagValue kTagTransactionId = 0x80; // [0] in ServerSigned1, SmdpSigned2
constexpr TagValue kTagEuiccInfo1 = 0xBF20;  // [32] EUICCInfo1
constexpr TagValue kTagPrepareDownload = 0xBF21;
constexpr TagValue kTagStoreMetadata = 0xBF25; // StoreMetadataRequest
constexpr TagValue kTagBoundProfilePackage = 0xBF36;
constexpr TagValue kTagAuthenticateServer = 0xBF38;
constexpr TagValue kTagCancelSession = 0xBF41;

constexpr std::size_t kChallengeLength = 16;
constexpr std::size_t kMaxTransactionIdBytes = 16;
constexpr long kHttpNotFound = 404;
constexpr long kFirstClientError = 400;
constexpr long kFirstServerError = 500;

constexpr char kMalformedHint[] =
    "the SM-DP+ answered something this LPA cannot use; try again, or report it to the SM-DP+'s "
    "operator";

// Call names one ES9+ call in messages.
struct Call {
  std::string function; // "ES9+ authenticateClient"
  std::string where;    // "ES9+ authenticateClient to smdp.example"
};

Call makeCall(const char *name, const std::string &address) {
  Call call{std::string("ES9+ ") + name, {}};
  call.where = call.function + " to " + printable(address);
  return call;
}

void checkAddress(const Call &call, const std::string &address) {
  if (!isValidSmdpAddress(address)) {
    throw Error(Errc::invalidArgument,
                call.function + ": the SM-DP+ address \"" + printable(address) +
                    "\" is not a host name with an optional :PORT",
                "check the SM-DP+ address of the activation code");
  }
}

int hexDigit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// transactionIdBytes parses a TransactionID as ES9+ carries it: 1..16 bytes
// as hex digits (either case), nothing else.
std::optional<Bytes> transactionIdBytes(const std::string &hex) {
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > 2 * kMaxTransactionIdBytes) {
    return std::nullopt;
  }
  Bytes out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hexDigit(hex[i]);
    const int low = hexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(high << 4 | low));
  }
  return out;
}

Bytes checkedTransactionId(const Call &call, const std::string &transactionId) {
  std::optional<Bytes> binary = transactionIdBytes(transactionId);
  if (!binary) {
    throw Error(Errc::invalidArgument, call.function + ": the transaction ID \"" +
                                           printable(transactionId) +
                                           "\" is not 1..16 bytes in hex");
  }
  return std::move(*binary);
}

// elementProblem returns why |bytes| is not exactly one DER element with
// tag |tag|, or "" if it is.
std::string elementProblem(ByteView bytes, TagValue tag) {
  der::Reader reader(bytes);
  der::Element element;
  const der::Status status = reader.next(element);
  if (status != der::Status::ok) {
    return std::string("is not DER (") + der::statusText(status) + ")";
  }
  if (element.tag != tag) {
    return "has the tag " + der::tagText(element.tag) + ", not " + der::tagText(tag);
  }
  if (!reader.empty()) {
    return "has " + std::to_string(reader.rest().size()) + " bytes after its " + der::tagText(tag) +
           " element";
  }
  return {};
}

void checkArgument(const Call &call, const char *what, ByteView bytes, TagValue tag) {
  const std::string problem = elementProblem(bytes, tag);
  if (!problem.empty()) {
    throw Error(Errc::invalidArgument, call.function + ": " + what + " " + problem);
  }
}

// Answer is an accepted ES9+ answer.
struct Answer {
  long httpStatus = 0;
  std::optional<FunctionExecutionStatus> status;
  nlohmann::json json; // an object (empty for 204)
};

[[noreturn]] void malformed(const Call &call, const Answer &answer, const std::string &what) {
  throw Es9pError(call.where + ": malformed answer: " + what, kMalformedHint, answer.httpStatus,
                  answer.status);
}

// refusal builds the Es9pError of a Failed / Expired (or unknown) status.
Es9pError refusal(const Call &call, long httpStatus, const FunctionExecutionStatus &status) {
  std::string message = call.where + ": the SM-DP+ answered " + describe(status);
  std::string hint;
  if (const auto meaning = es9pStatusCodeMeaning(status.subjectCode, status.reasonCode)) {
    message += ": " + std::string(meaning->meaning);
    hint = meaning->hint;
  } else if (status.status == es9p::kStatusExpired) {
    message += ": the session or the order has expired";
    hint = "start the download again";
  } else if (status.status == es9p::kStatusFailed) {
    hint = "the SM-DP+ refused the download; its subject and reason codes are in SGP.22 5.2.6";
  } else {
    hint = "the SM-DP+ answered a status SGP.22 does not define; report it to its operator";
  }
  return Es9pError(message, hint, httpStatus, status);
}

// exchange posts |body| to ES9+ |name| and returns the accepted answer;
// throws Es9pError for every other one.
Answer exchange(HttpClient &http, const Es9pClientOptions &options, const Call &call,
                const std::string &address, const char *name, const nlohmann::json &body,
                bool allowNoContent) {
  const HttpResponse response =
      es9p::post(http, es9p::makeRequest(options, address, name, body), call.function);
  Answer answer;
  answer.httpStatus = response.status;
  if (response.status == es9p::kHttpNoContent && allowNoContent) {
    answer.json = nlohmann::json::object();
    return answer;
  }
  es9p::ParsedBody parsed = es9p::parseBody(response.body);
  if (response.status != es9p::kHttpOk) {
    std::string message =
        call.where + ": the SM-DP+ answered HTTP " + std::to_string(response.status);
    if (parsed.status) {
      message += ", " + describe(*parsed.status);
      if (const auto m =
              es9pStatusCodeMeaning(parsed.status->subjectCode, parsed.status->reasonCode)) {
        message += ": " + std::string(m->meaning);
      }
    }
    std::string hint = "unexpected answer; report it to the SM-DP+'s operator";
    if (response.status >= kFirstServerError) {
      hint = "the SM-DP+ has a problem; try again later";
    } else if (response.status == kHttpNotFound) {
      hint = "no ES9+ service at this address; check the SM-DP+ address of the activation code";
    } else if (response.status >= kFirstClientError) {
      hint = "the SM-DP+ refused the request; check the address, or report this";
    }
    throw Es9pError(message, hint, response.status, parsed.status);
  }
  if (!parsed.validJson || !parsed.json.is_object()) {
    throw Es9pError(call.where + ": the SM-DP+ answered 200 with a body that is not a JSON object",
                    "the SM-DP+ is not speaking ES9+; check the address", response.status,
                    std::nullopt);
  }
  if (!parsed.status) {
    throw Es9pError(
        call.where + ": the SM-DP+ answered 200 without header.functionExecutionStatus.status",
        "the SM-DP+ is not speaking ES9+; check the address", response.status, std::nullopt);
  }
  if (!es9p::isAccepted(*parsed.status)) {
    throw refusal(call, response.status, *parsed.status);
  }
  answer.status = std::move(parsed.status);
  answer.json = std::move(parsed.json);
  return answer;
}

// binaryField returns the DER in base64 field |name| of |answer|, checked to
// be one element with tag |tag|.
Bytes binaryField(const Call &call, const Answer &answer, const char *name, TagValue tag) {
  const auto it = answer.json.find(name);
  if (it == answer.json.end() || !it->is_string()) {
    malformed(call, answer, std::string("no string field \"") + name + "\"");
  }
  Bytes bytes;
  try {
    bytes = base64Decode(it->get<std::string>(), name);
  } catch (const Error &e) {
    // base64Decode quotes the offending character as it is: make it printable.
    malformed(call, answer, printable(e.what()));
  }
  const std::string problem = elementProblem(bytes, tag);
  if (!problem.empty()) {
    malformed(call, answer, std::string(name) + " " + problem);
  }
  return bytes;
}

// answerTransactionId reads the answer's transactionId: it must be valid
// hex and, if |expected| is given, the same value. A missing one is an error
// only when |required|; then "" is returned.
std::string answerTransactionId(const Call &call, const Answer &answer,
                                const std::optional<Bytes> &expected, bool required,
                                Bytes &binary) {
  const auto it = answer.json.find("transactionId");
  if (it == answer.json.end() && !required) {
    return {};
  }
  if (it == answer.json.end() || !it->is_string()) {
    malformed(call, answer, "no string field \"transactionId\"");
  }
  const std::string text = it->get<std::string>();
  std::optional<Bytes> parsed = transactionIdBytes(text);
  if (!parsed) {
    malformed(call, answer,
              "the transactionId \"" + printable(text) + "\" is not 1..16 bytes in hex");
  }
  if (expected && *parsed != *expected) {
    malformed(call, answer,
              "the transactionId \"" + printable(text) + "\" is not the session's, " +
                  toHex(*expected));
  }
  binary = std::move(*parsed);
  return text;
}

// signedTransactionId checks that the SEQUENCE |signedPart| (field |name|)
// starts with tag 80 holding |expected|; returns the reader positioned after
// it.
der::Reader signedTransactionId(const Call &call, const Answer &answer, ByteView signedPart,
                                const char *name, const Bytes &expected) {
  der::Reader outer(signedPart);
  der::Element sequence;
  (void)outer.next(sequence); // checked by binaryField
  der::Reader inner(sequence.value);
  der::Element first;
  if (inner.next(first) != der::Status::ok || first.tag != kTagTransactionId) {
    malformed(call, answer, std::string(name) + " does not start with its transactionId (80)");
  }
  if (!std::equal(first.value.begin(), first.value.end(), expected.begin(), expected.end())) {
    malformed(call, answer,
              std::string(name) + " holds the transactionId " + toHex(first.value) +
                  ", not the session's " + toHex(expected));
  }
  return inner;
}

} // namespace

InitiateAuthenticationResponse Es9pClient::initiateAuthentication(const std::string &smdpAddress,
                                                                  ByteView euiccChallenge,
                                                                  ByteView euiccInfo1) {
  const Call call = makeCall(kInitiateAuthentication, smdpAddress);
  checkAddress(call, smdpAddress);
  if (euiccChallenge.size() != kChallengeLength) {
    throw Error(Errc::invalidArgument, call.function + ": the euiccChallenge has " +
                                           std::to_string(euiccChallenge.size()) +
                                           " bytes, not 16");
  }
  checkArgument(call, "euiccInfo1", euiccInfo1, kTagEuiccInfo1);
  const nlohmann::json body = {{"smdpAddress", smdpAddress},
                               {"euiccChallenge", base64Encode(euiccChallenge)},
                               {"euiccInfo1", base64Encode(euiccInfo1)}};
  const Answer answer =
      exchange(http_, options_, call, smdpAddress, kInitiateAuthentication, body, false);

  InitiateAuthenticationResponse out;
  out.transactionId =
      answerTransactionId(call, answer, std::nullopt, true, out.transactionIdBinary);
  out.serverSigned1 = binaryField(call, answer, "serverSigned1", kTagSequence);
  out.serverSignature1 = binaryField(call, answer, "serverSignature1", kTagSignature);
  out.euiccCiPKIdToBeUsed = binaryField(call, answer, "euiccCiPKIdToBeUsed", kTagOctetString);
  out.serverCertificate = binaryField(call, answer, "serverCertificate", kTagSequence);
  signedTransactionId(call, answer, out.serverSigned1, "serverSigned1", out.transactionIdBinary);
  return out;
}

AuthenticateClientResponse Es9pClient::authenticateClient(const std::string &smdpAddress,
                                                          const std::string &transactionId,
                                                          ByteView authenticateServerResponse) {
  const Call call = makeCall(kAuthenticateClient, smdpAddress);
  checkAddress(call, smdpAddress);
  const Bytes sessionId = checkedTransactionId(call, transactionId);
  checkArgument(call, "authenticateServerResponse", authenticateServerResponse,
                kTagAuthenticateServer);
  const nlohmann::json body = {
      {"transactionId", transactionId},
      {"authenticateServerResponse", base64Encode(authenticateServerResponse)}};
  const Answer answer =
      exchange(http_, options_, call, smdpAddress, kAuthenticateClient, body, false);

  AuthenticateClientResponse out;
  out.transactionId = answerTransactionId(call, answer, sessionId, true, out.transactionIdBinary);
  out.profileMetadata = binaryField(call, answer, "profileMetadata", kTagStoreMetadata);
  out.smdpSigned2 = binaryField(call, answer, "smdpSigned2", kTagSequence);
  out.smdpSignature2 = binaryField(call, answer, "smdpSignature2", kTagSignature);
  out.smdpCertificate = binaryField(call, answer, "smdpCertificate", kTagSequence);
  der::Reader rest = signedTransactionId(call, answer, out.smdpSigned2, "smdpSigned2", sessionId);
  der::Element flag;
  if (rest.next(flag) != der::Status::ok || flag.tag != kTagBoolean || flag.value.size() != 1) {
    malformed(call, answer, "smdpSigned2 has no ccRequiredFlag (01 01) after its transactionId");
  }
  out.ccRequiredFlag = flag.value[0] != 0;
  return out;
}

GetBoundProfilePackageResponse
Es9pClient::getBoundProfilePackage(const std::string &smdpAddress, const std::string &transactionId,
                                   ByteView prepareDownloadResponse) {
  const Call call = makeCall(kGetBoundProfilePackage, smdpAddress);
  checkAddress(call, smdpAddress);
  const Bytes sessionId = checkedTransactionId(call, transactionId);
  checkArgument(call, "prepareDownloadResponse", prepareDownloadResponse, kTagPrepareDownload);
  const nlohmann::json body = {{"transactionId", transactionId},
                               {"prepareDownloadResponse", base64Encode(prepareDownloadResponse)}};
  const Answer answer =
      exchange(http_, options_, call, smdpAddress, kGetBoundProfilePackage, body, false);

  GetBoundProfilePackageResponse out;
  out.transactionId = answerTransactionId(call, answer, sessionId, true, out.transactionIdBinary);
  out.boundProfilePackage =
      binaryField(call, answer, "boundProfilePackage", kTagBoundProfilePackage);
  return out;
}

Es9pResult Es9pClient::cancelSession(const std::string &smdpAddress,
                                     const std::string &transactionId,
                                     ByteView cancelSessionResponse) {
  const Call call = makeCall(kCancelSession, smdpAddress);
  checkAddress(call, smdpAddress);
  const Bytes sessionId = checkedTransactionId(call, transactionId);
  checkArgument(call, "cancelSessionResponse", cancelSessionResponse, kTagCancelSession);
  const nlohmann::json body = {{"transactionId", transactionId},
                               {"cancelSessionResponse", base64Encode(cancelSessionResponse)}};
  const Answer answer = exchange(http_, options_, call, smdpAddress, kCancelSession, body, true);
  Bytes echoed;
  answerTransactionId(call, answer, sessionId, false, echoed);
  return Es9pResult{answer.httpStatus, answer.status};
}

} // namespace esim
