// fuzz_es9p_response: what an SM-DP+ (or anything posing as one) answers to
// ES9+ handleNotification, and the base64 the ES9+ bodies carry.
//
// Input: a mode byte (status choice, address choice), two bytes for a raw
// status, an optional address record (2-byte length + bytes), then the
// response body (the rest). The same rest is also run through base64.
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

#include "esim/base64.hpp"
#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

using esim::fuzz::fuzzCheck;

constexpr std::array<long, 8> kStatuses = {200, 200, 200, 204, 400, 404, 500, 503};
constexpr std::uint8_t kRawStatusBit = 0x80;
constexpr std::uint8_t kFuzzAddressBit = 0x40;
constexpr long kRawStatusRange = 1000;
constexpr const char *kPath = "/gsma/rsp2/es9plus/handleNotification";

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
  fuzzHandleNotification(status, address, std::string(rest.begin(), rest.end()));
  fuzzBase64(rest);
  return 0;
}
