// fuzz_es9p_response: what an SM-DP+ (or anything posing as one) answers to
// the ES9+ functions (handleNotification and the four download functions),
// what an SM-DS answers to ES11 authenticateClient, and the base64 the ES9+
// bodies carry.
//
// Input: a mode byte (status choice in bits 0-2, function in bits 3-5:
// 0 handleNotification, 1 initiateAuthentication, 2 authenticateClient,
// 3 getBoundProfilePackage, 4 cancelSession, 5 ES11 authenticateClient,
// others handleNotification;
// address choice, raw status), two bytes for a raw status, an optional
// address record (2-byte length + bytes), then the response body (the
// rest). The same rest is also run through base64.
//
// Checked for the download functions: they return only for 200 with an
// accepted status (cancelSession also for 204); every binary field returned
// is one DER element of the function's tag; every transaction ID returned
// is the session's (initiateAuthentication: the one in serverSigned1);
// every other answer is an Es9pError carrying the HTTP status, whose
// message is printable ASCII. ES11 authenticateClient returns only for 200,
// with the session's transaction ID and event entries whose eventId is 1..128
// printable ASCII without spaces and whose rspServerAddress
// isValidSmdpAddress accepts.
//
// Checked: Es9pClient (JSON parsing in es9p_client.cpp, reached through a
// fake HttpClient) returns only for 204, or 200 with a JSON
// functionExecutionStatus of Executed-Success / Executed-WithWarning, and
// then reports that status; every other answer is an Es9pError carrying the
// HTTP status; an address isValidSmdpAddress accepts yields exactly
// https://ADDRESS/gsma/rsp2/es9plus/handleNotification and only such
// characters; the request body carries the notification in base64 that
// decodes back. base64: decode(encode(x)) == x, and text that decodes is the
// canonical encoding of what it decodes to (ASCII whitespace aside).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "codec/der_reader.hpp"
#include "esim/base64.hpp"
#include "esim/error.hpp"
#include "esim/es11.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

using esim::fuzz::fuzzCheck;

constexpr std::array<long, 8> kStatuses = {200, 200, 200, 204, 400, 404, 500, 503};
constexpr std::uint8_t kRawStatusBit = 0x80;
constexpr std::uint8_t kFuzzAddressBit = 0x40;
constexpr unsigned kFunctionShift = 3;
constexpr std::uint8_t kFunctionMask = 0x07;
constexpr long kRawStatusRange = 1000;
constexpr unsigned kEs11AuthenticateClient = 5;
constexpr const char *kPath = "/gsma/rsp2/es9plus/handleNotification";

enum class Function {
  handleNotification,
  initiateAuthentication,
  authenticateClient,
  getBoundProfilePackage,
  cancelSession
};

// The session every download call is made in, and valid inputs to relay.
const std::string kTid = "00000000188DD217";
const esim::Bytes kTidBinary = {0x00, 0x00, 0x00, 0x00, 0x18, 0x8D, 0xD2, 0x17};
const esim::Bytes kChallenge(16, 0x5A);
const esim::Bytes kEuiccInfo1 = {0xBF, 0x20, 0x05, 0x82, 0x03, 0x02, 0x02, 0x02};
const esim::Bytes kBf38 = {0xBF, 0x38, 0x03, 0xA1, 0x01, 0x00};
const esim::Bytes kBf21 = {0xBF, 0x21, 0x03, 0xA1, 0x01, 0x00};
const esim::Bytes kBf41 = {0xBF, 0x41, 0x03, 0x81, 0x01, 0x05};

// A small signed notification's worth of bytes; the client only base64s it.
const esim::Bytes kNotification = {0xBF, 0x2F, 0x03, 0x80, 0x01, 0x07};

// FakeServer answers every POST with the fuzz input's status and body.
class FakeServer : public esim::HttpClient {
public:
  FakeServer(long status, std::string body) : status_(status), body_(std::move(body)) {}
  esim::HttpResponse post(const esim::HttpRequest &request) override {
    last_ = request;
    return esim::HttpResponse{status_, {}, body_};
  }
  const std::optional<esim::HttpRequest> &last() const noexcept { return last_; }

private:
  long status_;
  std::string body_;
  std::optional<esim::HttpRequest> last_;
};

bool addressChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == ':';
}

void checkRequest(const esim::HttpRequest &request, const std::string &address) {
  fuzzCheck(request.url == "https://" + address + kPath, "unexpected URL " + request.url);
  for (char c : address) {
    fuzzCheck(addressChar(c), "accepted address with character " + std::to_string(c));
  }
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  fuzzCheck(body.is_object() && body.contains("pendingNotification") &&
                body["pendingNotification"].is_string(),
            "request body without pendingNotification");
  fuzzCheck(esim::base64Decode(body["pendingNotification"].get<std::string>()) == kNotification,
            "request body does not carry the notification");
}

void fuzzHandleNotification(long status, const std::string &address, const std::string &body) {
  FakeServer server(status, body);
  esim::Es9pClient client(server, {});
  const bool validAddress = esim::isValidSmdpAddress(address);
  try {
    const esim::Es9pResult result = client.handleNotification(address, kNotification);
    fuzzCheck(result.httpStatus == status, "result carries another HTTP status");
    if (status != 204) {
      fuzzCheck(status == 200 && result.functionExecutionStatus.has_value(),
                "accepted HTTP " + std::to_string(status) + " without an execution status");
      const std::string &s = result.functionExecutionStatus->status;
      fuzzCheck(s == "Executed-Success" || s == "Executed-WithWarning", "accepted status " + s);
    }
  } catch (const esim::Es9pError &e) {
    fuzzCheck(e.code() == esim::Errc::serverError, "Es9pError without serverError");
    fuzzCheck(e.httpStatus() == status, "Es9pError carries another HTTP status");
    fuzzCheck(status != 204, "204 refused");
  } catch (const esim::Error &e) {
    fuzzCheck(!validAddress && e.code() == esim::Errc::invalidArgument,
              std::string("unexpected error: ") + e.what());
  }
  fuzzCheck(validAddress == server.last().has_value(), "posted to an invalid address");
  if (server.last()) {
    checkRequest(*server.last(), address);
  }
}

// isElement reports whether |bytes| is exactly one DER element with |tag|.
bool isElement(const esim::Bytes &bytes, esim::codec::TagValue tag) {
  esim::codec::der::Reader reader(bytes);
  esim::codec::der::Element element;
  return reader.next(element) == esim::codec::der::Status::ok && element.tag == tag &&
         reader.empty();
}

// startsWithSession reports whether the SEQUENCE |signedPart| starts with
// 80 holding the session's transaction ID.
bool startsWithSession(const esim::Bytes &signedPart) {
  esim::codec::der::Reader outer(signedPart);
  esim::codec::der::Element sequence;
  if (outer.next(sequence) != esim::codec::der::Status::ok) return false;
  esim::codec::der::Reader inner(sequence.value);
  esim::codec::der::Element first;
  return inner.next(first) == esim::codec::der::Status::ok && first.tag == 0x80 &&
         esim::Bytes(first.value.begin(), first.value.end()) == kTidBinary;
}

bool printableAscii(const std::string &text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return false;
    }
  }
  return true;
}

// checkRefusal checks the Es9pError of an answer with HTTP |status|.
void checkRefusal(const esim::Es9pError &e, long status) {
  fuzzCheck(e.code() == esim::Errc::serverError, "Es9pError without serverError");
  fuzzCheck(e.httpStatus() == status, "Es9pError carries another HTTP status");
  fuzzCheck(printableAscii(e.what()) && printableAscii(e.hint()),
            "an Es9pError message is not printable ASCII");
}

// checkArgumentError checks that an error other than Es9pError is the
// refusal of an invalid address.
void checkArgumentError(const esim::Error &e, bool validAddress) {
  fuzzCheck(!validAddress && e.code() == esim::Errc::invalidArgument,
            std::string("unexpected error: ") + e.what());
}

// fuzzDownload runs one download function against the fuzz answer.
void fuzzDownload(Function function, long status, const std::string &address,
                  const std::string &body) {
  FakeServer server(status, body);
  esim::Es9pClient client(server, {});
  const bool validAddress = esim::isValidSmdpAddress(address);
  bool returned = false;
  std::optional<esim::FunctionExecutionStatus> accepted;
  try {
    switch (function) {
    case Function::initiateAuthentication: {
      const auto r = client.initiateAuthentication(address, kChallenge, kEuiccInfo1);
      fuzzCheck(isElement(r.serverSigned1, 0x30) && isElement(r.serverSignature1, 0x5F37) &&
                    isElement(r.euiccCiPKIdToBeUsed, 0x04) && isElement(r.serverCertificate, 0x30),
                "initiateAuthentication returned a field of the wrong shape");
      fuzzCheck(!r.transactionIdBinary.empty() && r.transactionIdBinary.size() <= 16 &&
                    esim::fromHex(r.transactionId) == r.transactionIdBinary,
                "initiateAuthentication returned an inconsistent transaction ID");
      esim::codec::der::Reader outer(r.serverSigned1);
      esim::codec::der::Element sequence;
      (void)outer.next(sequence);
      esim::codec::der::Reader inner(sequence.value);
      esim::codec::der::Element first;
      fuzzCheck(inner.next(first) == esim::codec::der::Status::ok && first.tag == 0x80 &&
                    esim::Bytes(first.value.begin(), first.value.end()) == r.transactionIdBinary,
                "serverSigned1 does not hold the returned transaction ID");
      break;
    }
    case Function::authenticateClient: {
      const auto r = client.authenticateClient(address, kTid, kBf38);
      fuzzCheck(isElement(r.profileMetadata, 0xBF25) && isElement(r.smdpSigned2, 0x30) &&
                    isElement(r.smdpSignature2, 0x5F37) && isElement(r.smdpCertificate, 0x30),
                "authenticateClient returned a field of the wrong shape");
      fuzzCheck(r.transactionIdBinary == kTidBinary && startsWithSession(r.smdpSigned2),
                "authenticateClient accepted another session's transaction ID");
      break;
    }
    case Function::getBoundProfilePackage: {
      const auto r = client.getBoundProfilePackage(address, kTid, kBf21);
      fuzzCheck(isElement(r.boundProfilePackage, 0xBF36), "BPP of the wrong shape");
      fuzzCheck(r.transactionIdBinary == kTidBinary,
                "getBoundProfilePackage accepted another session's transaction ID");
      break;
    }
    default: {
      const esim::Es9pResult r = client.cancelSession(address, kTid, kBf41);
      fuzzCheck(r.httpStatus == status, "result carries another HTTP status");
      accepted = r.functionExecutionStatus;
      fuzzCheck(status == 204 || accepted.has_value(), "cancelSession accepted no status");
      break;
    }
    }
    returned = true;
  } catch (const esim::Es9pError &e) {
    checkRefusal(e, status);
  } catch (const esim::Error &e) {
    checkArgumentError(e, validAddress);
  }
  if (returned) {
    fuzzCheck(status == 200 || (function == Function::cancelSession && status == 204),
              "accepted HTTP " + std::to_string(status));
  }
  fuzzCheck(validAddress == server.last().has_value(), "posted to an invalid address");
}

// fuzzEs11 runs Es11Client::authenticateClient against the fuzz answer.
void fuzzEs11(long status, const std::string &address, const std::string &body) {
  FakeServer server(status, body);
  esim::Es11Client client(server, {});
  const bool validAddress = esim::isValidSmdpAddress(address);
  try {
    const esim::AuthenticateClientEs11Response r = client.authenticateClient(address, kTid, kBf38);
    fuzzCheck(status == 200, "accepted HTTP " + std::to_string(status));
    fuzzCheck(r.transactionIdBinary == kTidBinary,
              "ES11 authenticateClient accepted another session's transaction ID");
    for (const esim::EventEntry &e : r.eventEntries) {
      fuzzCheck(!e.eventId.empty() && e.eventId.size() <= 128 && printableAscii(e.eventId) &&
                    e.eventId.find(' ') == std::string::npos,
                "accepted the eventId \"" + e.eventId + "\"");
      fuzzCheck(esim::isValidSmdpAddress(e.rspServerAddress),
                "accepted the rspServerAddress \"" + e.rspServerAddress + "\"");
    }
  } catch (const esim::Es9pError &e) {
    checkRefusal(e, status);
  } catch (const esim::Error &e) {
    checkArgumentError(e, validAddress);
  }
  fuzzCheck(validAddress == server.last().has_value(), "posted to an invalid address");
}

void fuzzBase64(esim::ByteView bytes) {
  const std::string encoded = esim::base64Encode(bytes);
  fuzzCheck(esim::base64Decode(encoded) == esim::Bytes(bytes.begin(), bytes.end()),
            "decode(encode(x)) != x");
  const std::string text(bytes.begin(), bytes.end());
  esim::Bytes decoded;
  try {
    decoded = esim::base64Decode(text);
  } catch (const esim::Error &e) {
    fuzzCheck(e.code() == esim::Errc::invalidArgument, "base64Decode threw another code");
    return;
  }
  std::string canonical;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') canonical.push_back(c);
  }
  fuzzCheck(esim::base64Encode(decoded) == canonical,
            "accepted non-canonical base64 \"" + canonical + "\"");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  esim::fuzz::FuzzInput input(data, size);
  const std::uint8_t mode = input.byte();
  const long raw = (long{input.byte()} << 8) | input.byte();
  const long status =
      (mode & kRawStatusBit) ? raw % kRawStatusRange : kStatuses[mode % kStatuses.size()];
  std::string address = "smdp.example";
  if (mode & kFuzzAddressBit) {
    const std::optional<esim::Bytes> a = input.record();
    address = a ? std::string(a->begin(), a->end()) : std::string();
  }
  const esim::ByteView rest = input.rest();
  const std::string body(rest.begin(), rest.end());
  const unsigned choice = (mode >> kFunctionShift) & kFunctionMask;
  if (choice >= 1 && choice <= 4) {
    fuzzDownload(static_cast<Function>(choice), status, address, body);
  } else if (choice == kEs11AuthenticateClient) {
    fuzzEs11(status, address, body);
  } else {
    fuzzHandleNotification(status, address, body);
  }
  fuzzBase64(rest);
  return 0;
}
