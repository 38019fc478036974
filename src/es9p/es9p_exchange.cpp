// The mutual authentication's JSON calls as ES9+ and ES11 share them: checked
// arguments, one exchange, answers checked before they reach the eUICC.
#include "es9p/es9p_exchange.hpp"

#include <algorithm>

#include "es9p/es9p_json.hpp"
#include "esim/base64.hpp"

namespace esim::es9p {

namespace {

namespace der = codec::der;
using codec::TagValue;

constexpr char kInitiateAuthentication[] = "initiateAuthentication";
constexpr char kAuthenticateClient[] = "authenticateClient";

// Tags (SGP.22 RSPDefinitions) of the authentication's fields.
constexpr TagValue kTagSequence = 0x30;
constexpr TagValue kTagOctetString = 0x04;
constexpr TagValue kTagSignature = 0x5F37;   // [APPLICATION 55]
constexpr TagValue kTagTransactionId = 0x80; // [0] in ServerSigned1, SmdpSigned2
constexpr TagValue kTagEuiccInfo1 = 0xBF20;  // [32] EUICCInfo1
constexpr TagValue kTagAuthenticateServer = 0xBF38;

constexpr std::size_t kChallengeLength = 16;
constexpr std::size_t kMaxTransactionIdBytes = 16;
constexpr long kHttpNotFound = 404;
constexpr long kFirstClientError = 400;
constexpr long kFirstServerError = 500;

int hexDigit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string notSpeaking(const Call &call) {
  return call.server + " is not speaking " + call.iface.name + "; check the address";
}

// refusal builds the Es9pError of a Failed / Expired (or unknown) status.
Es9pError refusal(const Call &call, long httpStatus, const FunctionExecutionStatus &status) {
  std::string message = call.where + ": " + call.server + " answered " + describe(status);
  std::string hint;
  if (const auto meaning = es9pStatusCodeMeaning(status.subjectCode, status.reasonCode)) {
    message += ": " + std::string(meaning->meaning);
    hint = meaning->hint;
  } else if (status.status == kStatusExpired) {
    message += ": the session or the order has expired";
    hint = "start the " + std::string(call.iface.refusedWhat) + " again";
  } else if (status.status == kStatusFailed) {
    hint = call.server + " refused the " + call.iface.refusedWhat +
           "; its subject and reason codes are in SGP.22 5.2.6";
  } else {
    hint = call.server + " answered a status SGP.22 does not define; report it to its operator";
  }
  return Es9pError(message, hint, httpStatus, status);
}

} // namespace

Call makeCall(const Interface &iface, const char *name, const std::string &address) {
  Call call{iface, std::string(iface.name) + " " + name, {}, std::string("the ") + iface.server};
  call.where = call.function + " to " + printable(address);
  return call;
}

void checkAddress(const Call &call, const std::string &address) {
  if (!isValidSmdpAddress(address)) {
    throw Error(Errc::invalidArgument,
                call.function + ": the " + call.iface.server + " address \"" + printable(address) +
                    "\" is not a host name with an optional :PORT",
                call.iface.addressHint);
  }
}

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

void malformed(const Call &call, const Answer &answer, const std::string &what) {
  throw Es9pError(call.where + ": malformed answer: " + what,
                  call.server +
                      " answered something this LPA cannot use; try again, or report "
                      "it to " +
                      call.server + "'s operator",
                  answer.httpStatus, answer.status);
}

Answer exchange(HttpClient &http, const Es9pClientOptions &options, const Call &call,
                const std::string &address, const char *path, const char *name,
                const nlohmann::json &body, bool allowNoContent) {
  const HttpResponse response =
      post(http, makeRequest(options, address, name, body, path), call.function);
  Answer answer;
  answer.httpStatus = response.status;
  if (response.status == kHttpNoContent && allowNoContent) {
    answer.json = nlohmann::json::object();
    return answer;
  }
  ParsedBody parsed = parseBody(response.body);
  if (response.status != kHttpOk) {
    std::string message =
        call.where + ": " + call.server + " answered HTTP " + std::to_string(response.status);
    if (parsed.status) {
      message += ", " + describe(*parsed.status);
      if (const auto m =
              es9pStatusCodeMeaning(parsed.status->subjectCode, parsed.status->reasonCode)) {
        message += ": " + std::string(m->meaning);
      }
    }
    std::string hint = "unexpected answer; report it to " + call.server + "'s operator";
    if (response.status >= kFirstServerError) {
      hint = call.server + " has a problem; try again later";
    } else if (response.status == kHttpNotFound) {
      hint = std::string("no ") + call.iface.name + " service at this address; " +
             call.iface.addressHint;
    } else if (response.status >= kFirstClientError) {
      hint = call.server + " refused the request; check the address, or report this";
    }
    throw Es9pError(message, hint, response.status, parsed.status);
  }
  if (!parsed.validJson || !parsed.json.is_object()) {
    throw Es9pError(call.where + ": " + call.server +
                        " answered 200 with a body that is not a JSON object",
                    notSpeaking(call), response.status, std::nullopt);
  }
  if (!parsed.status) {
    throw Es9pError(call.where + ": " + call.server +
                        " answered 200 without header.functionExecutionStatus.status",
                    notSpeaking(call), response.status, std::nullopt);
  }
  if (!isAccepted(*parsed.status)) {
    throw refusal(call, response.status, *parsed.status);
  }
  answer.status = std::move(parsed.status);
  answer.json = std::move(parsed.json);
  return answer;
}

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

InitiateAuthenticationResponse
initiateAuthentication(HttpClient &http, const Es9pClientOptions &options, const Call &call,
                       const char *path, const std::string &address, ByteView euiccChallenge,
                       ByteView euiccInfo1) {
  checkAddress(call, address);
  if (euiccChallenge.size() != kChallengeLength) {
    throw Error(Errc::invalidArgument, call.function + ": the euiccChallenge has " +
                                           std::to_string(euiccChallenge.size()) +
                                           " bytes, not 16");
  }
  checkArgument(call, "euiccInfo1", euiccInfo1, kTagEuiccInfo1);
  // ES11 names the SM-DS's address smdpAddress too.
  const nlohmann::json body = {{"smdpAddress", address},
                               {"euiccChallenge", base64Encode(euiccChallenge)},
                               {"euiccInfo1", base64Encode(euiccInfo1)}};
  const Answer answer =
      exchange(http, options, call, address, path, kInitiateAuthentication, body, false);

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

Relayed relay(HttpClient &http, const Es9pClientOptions &options, const Call &call,
              const char *path, const std::string &address, const char *name,
              const std::string &transactionId, const char *field, ByteView bytes, TagValue tag,
              bool allowNoContent) {
  checkAddress(call, address);
  Relayed out;
  out.sessionId = checkedTransactionId(call, transactionId);
  checkArgument(call, field, bytes, tag);
  const nlohmann::json body = {{"transactionId", transactionId}, {field, base64Encode(bytes)}};
  out.answer = exchange(http, options, call, address, path, name, body, allowNoContent);
  return out;
}

AuthenticateClientAnswer authenticateClient(HttpClient &http, const Es9pClientOptions &options,
                                            const Call &call, const char *path,
                                            const std::string &address,
                                            const std::string &transactionId,
                                            ByteView authenticateServerResponse) {
  Relayed relayed = relay(http, options, call, path, address, kAuthenticateClient, transactionId,
                          "authenticateServerResponse", authenticateServerResponse,
                          kTagAuthenticateServer, false);
  AuthenticateClientAnswer out;
  out.answer = std::move(relayed.answer);
  out.transactionId =
      answerTransactionId(call, out.answer, relayed.sessionId, true, out.transactionIdBinary);
  return out;
}

} // namespace esim::es9p
