// Es9pClient: ES9+ functions as JSON over HTTPS (SGP.22 6.5); here
// handleNotification, the download functions in es9p_download.cpp.
#include "esim/es9p.hpp"

#include "es9p/es9p_json.hpp"
#include "esim/base64.hpp"

namespace esim {

namespace {

using es9p::describe;
using es9p::kHttpNoContent;
using es9p::kHttpOk;
using es9p::printable;

constexpr char kHandleNotification[] = "handleNotification";
constexpr long kFirstClientError = 400;
constexpr long kFirstServerError = 500;

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

  const HttpRequest request =
      es9p::makeRequest(options_, notificationAddress, kHandleNotification,
                        nlohmann::json{{"pendingNotification", base64Encode(pendingNotification)}});
  const HttpResponse response = es9p::post(http_, request, function);

  const std::string where = function + " to " + notificationAddress;
  if (response.status == kHttpNoContent) {
    return Es9pResult{response.status, std::nullopt};
  }
  const es9p::ParsedBody parsed = es9p::parseBody(response.body);
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
    if (es9p::isAccepted(*parsed.status)) {
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
