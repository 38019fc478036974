// The ES9+ HTTP/JSON binding shared by every function of Es9pClient
// (SGP.22 6.5): the request (URL, headers, body), reading the response
// header, and quoting server text safely. Internal to src/es9p.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "esim/es9p.hpp"
#include "esim/http.hpp"

namespace esim::es9p {

inline constexpr long kHttpOk = 200;
inline constexpr long kHttpNoContent = 204;
inline constexpr char kStatusSuccess[] = "Executed-Success";
inline constexpr char kStatusWarning[] = "Executed-WithWarning";
inline constexpr char kStatusFailed[] = "Failed";
inline constexpr char kStatusExpired[] = "Expired";
// kEs9pPath is where ES9+ functions live below the server's address; lpac
// and the GSMA root SM-DS serve ES11 there too.
inline constexpr char kEs9pPath[] = "/gsma/rsp2/es9plus/";
// kEs11Path is the ES11 path other SM-DS implementations use.
inline constexpr char kEs11Path[] = "/gsma/rsp2/es11/";

// printable returns |text| cut to 200 bytes with every control or non-ASCII
// byte shown as \xNN, so that a hostile server cannot flood or drive the
// user's terminal through our messages.
std::string printable(const std::string &text);

// stringField returns |object|[name] if it is a string, else "".
std::string stringField(const nlohmann::json &object, const char *name);

// ParsedBody is an ES9+ response body: valid JSON or not, the JSON itself
// and the header.functionExecutionStatus if present.
struct ParsedBody {
  bool validJson = false;
  nlohmann::json json;
  std::optional<FunctionExecutionStatus> status;
};

// parseBody parses |body| without throwing.
ParsedBody parseBody(const std::string &body);

// describe renders a status for a message: "Failed (subjectCode 8.1,
// reasonCode 6.1: eUICC signature is invalid)".
std::string describe(const FunctionExecutionStatus &status);

// isAccepted reports whether |status| is Executed-Success or
// Executed-WithWarning.
bool isAccepted(const FunctionExecutionStatus &status) noexcept;

// makeRequest builds the POST of |function| below |path| (kEs9pPath,
// kEs11Path) at |address| (already checked with isValidSmdpAddress) with
// |body| and the headers of |options|.
HttpRequest makeRequest(const Es9pClientOptions &options, const std::string &address,
                        const char *function, const nlohmann::json &body,
                        const char *path = kEs9pPath);

// post sends |request|; an Error of the HttpClient is rethrown with the same
// code and hint, its message prefixed with |function| ("ES9+ cancelSession").
HttpResponse post(HttpClient &http, const HttpRequest &request, const std::string &function);

} // namespace esim::es9p
