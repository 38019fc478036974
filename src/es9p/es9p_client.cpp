// Es9pClient: ES9+ functions as JSON over HTTPS (SGP.22 6.5).
#include "esim/es9p.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "esim/base64.hpp"

namespace esim {

namespace {

constexpr char kEs9pPath[] = "/gsma/rsp2/es9plus/";
constexpr char kHandleNotification[] = "handleNotification";
constexpr char kContentType[] = "application/json;charset=UTF-8";
constexpr std::uint16_t kHttpsPort = 443;
constexpr long kHttpOk = 200;
constexpr long kHttpNoContent = 204;
constexpr long kFirstClientError = 400;
constexpr long kFirstServerError = 500;
// Server-supplied text goes into our messages: keep it short and printable
// so a hostile server cannot flood or drive the user's terminal.
constexpr std::size_t kMaxQuotedText = 200;

constexpr char kStatusSuccess[] = "Executed-Success";
constexpr char kStatusWarning[] = "Executed-WithWarning";

// printable returns |text| cut to kMaxQuotedText with every control or
// non-ASCII byte shown as \xNN.
std::string printable(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxQuotedText) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", u);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

// stringField returns |object|[name] if it is a string, else "".
std::string stringField(const nlohmann::json &object, const char *name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ParsedBody is an ES9+ response body: valid JSON or not, and the
// header.functionExecutionStatus if present.
struct ParsedBody {
  bool validJson = false;
  std::optional<FunctionExecutionStatus> status;
};

ParsedBody parseBody(const std::string &body) {
  ParsedBody parsed;
  // parse without exceptions: a malformed body is an answer to report, not
  // a crash.
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) {
    return parsed;
  }
  parsed.validJson = true;
  if (!json.is_object()) {
    return parsed;
  }
  const auto header = json.find("header");
  if (header == json.end() || !header->is_object()) {
    return parsed;
  }
  const auto fes = header->find("functionExecutionStatus");
  if (fes == header->end() || !fes->is_object()) {
    return parsed;
  }
  FunctionExecutionStatus status;
  status.status = stringField(*fes, "status");
  const auto data = fes->find("statusCodeData");
  if (data != fes->end() && data->is_object()) {
    status.subjectCode = stringField(*data, "subjectCode");
    status.reasonCode = stringField(*data, "reasonCode");
    status.message = stringField(*data, "message");
  }
  if (!status.status.empty()) {
    parsed.status = std::move(status);
  }
  return parsed;
}

// describe renders a status for a message: "Failed (subjectCode 8.1,
// reasonCode 6.1: eUICC signature is invalid)".
std::string describe(const FunctionExecutionStatus &s) {
  std::string out = printable(s.status);
  if (!s.subjectCode.empty() || !s.reasonCode.empty() || !s.message.empty()) {
    out += " (subjectCode " + printable(s.subjectCode) + ", reasonCode " + printable(s.reasonCode);
    if (!s.message.empty()) {
      out += ": " + printable(s.message);
    }
    out += ")";
  }
  return out;
}

} // namespace

Es9pError::Es9pError(const std::string &message, std::string hint, long httpStatus,
                     std::optional<FunctionExecutionStatus> status)
    : Error(Errc::serverError, message, std::move(hint)), httpStatus_(httpStatus),
      status_(std::move(status)) {}

Es9pClient::Es9pClient(HttpClient &http, Es9pClientOptions options)
    : http_(http), options_(std::move(options)) {}

Es9pResult Es9pClient::handleNotification(const std::string &notificationAddress,
                                          ByteView pendingNotification) {
  const std::string function = std::string("ES9+ ") + kHandleNotification;
  if (!isValidSmdpAddress(notificationAddress)) {
    throw Error(Errc::invalidArgument,
                function + ": the notification address \"" + printable(notificationAddress) +
                    "\" is not a host name",
                "the eUICC holds a notification for a malformed SM-DP+ address; it cannot be "
                "delivered");
  }
  if (pendingNotification.empty()) {
    throw Error(Errc::invalidArgument, function + ": the pending notification is empty");
  }

  std::string authority = notificationAddress;
  if (notificationAddress.find(':') == std::string::npos && options_.port != kHttpsPort) {
    authority += ":" + std::to_string(options_.port);
  }
  HttpRequest request;
  request.url = "https://" + authority + kEs9pPath + kHandleNotification;
  request.headers = {{"Content-Type", kContentType},
                     {"X-Admin-Protocol", options_.adminProtocol},
                     {"User-Agent", options_.userAgent}};
  request.body = nlohmann::json{{"pendingNotification", base64Encode(pendingNotification)}}.dump();

  HttpResponse response;
  try {
    response = http_.post(request);
  } catch (const Error &e) {
    throw Error(e.code(), function + ": " + e.what(), e.hint());
  }

  const std::string where = function + " to " + notificationAddress;
  if (response.status == kHttpNoContent) {
    return Es9pResult{response.status, std::nullopt};
  }
  const ParsedBody parsed = parseBody(response.body);
  if (response.status == kHttpOk) {
    if (!parsed.validJson) {
      throw Es9pError(where + ": the SM-DP+ answered 200 with a body that is not JSON",
                      "the SM-DP+ is not speaking ES9+; check the address", response.status,
                      std::nullopt);
    }
    if (!parsed.status) {
      throw Es9pError(where + ": the SM-DP+ answered 200 without "
                              "header.functionExecutionStatus.status",
                      "the SM-DP+ is not speaking ES9+; check the address", response.status,
                      std::nullopt);
    }
    if (parsed.status->status == kStatusSuccess || parsed.status->status == kStatusWarning) {
      return Es9pResult{response.status, parsed.status};
    }
    throw Es9pError(where + ": the SM-DP+ answered " + describe(*parsed.status),
                    "the SM-DP+ did not accept the notification; it stays on the eUICC",
                    response.status, parsed.status);
  }

  std::string message = where + ": the SM-DP+ answered HTTP " + std::to_string(response.status);
  if (parsed.status) {
    message += ", " + describe(*parsed.status);
  }
  std::string hint = "unexpected answer; the notification stays on the eUICC";
  if (response.status >= kFirstServerError) {
    hint = "the SM-DP+ has a problem; the notification stays on the eUICC, try again later";
  } else if (response.status >= kFirstClientError) {
    hint = "the SM-DP+ refused the request; check the address, or report this";
  }
  throw Es9pError(message, hint, response.status, parsed.status);
}

} // namespace esim
