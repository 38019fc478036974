// The ES9+ HTTP/JSON binding shared by the Es9pClient functions.
#include "es9p/es9p_json.hpp"

#include <cstdio>

namespace esim::es9p {

namespace {
constexpr char kContentType[] = "application/json;charset=UTF-8";
constexpr std::uint16_t kHttpsPort = 443;
constexpr std::size_t kMaxQuotedText = 200;
} // namespace

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

std::string stringField(const nlohmann::json &object, const char *name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ParsedBody parseBody(const std::string &body) {
  ParsedBody parsed;
  // parse without exceptions: a malformed body is an answer to report, not
  // a crash.
  parsed.json = nlohmann::json::parse(body, nullptr, false);
  if (parsed.json.is_discarded()) {
    return parsed;
  }
  parsed.validJson = true;
  if (!parsed.json.is_object()) {
    return parsed;
  }
  const auto header = parsed.json.find("header");
  if (header == parsed.json.end() || !header->is_object()) {
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

bool isAccepted(const FunctionExecutionStatus &status) noexcept {
  return status.status == kStatusSuccess || status.status == kStatusWarning;
}

HttpRequest makeRequest(const Es9pClientOptions &options, const std::string &address,
                        const char *function, const nlohmann::json &body, const char *path) {
  std::string authority = address;
  if (address.find(':') == std::string::npos && options.port != kHttpsPort) {
    authority += ":" + std::to_string(options.port);
  }
  HttpRequest request;
  request.url = "https://" + authority + path + function;
  request.headers = {{"Content-Type", kContentType},
                     {"X-Admin-Protocol", options.adminProtocol},
                     {"User-Agent", options.userAgent}};
  request.body = body.dump();
  return request;
}

HttpResponse post(HttpClient &http, const HttpRequest &request, const std::string &function) {
  try {
    return http.post(request);
  } catch (const Error &e) {
    throw Error(e.code(), function + ": " + e.what(), e.hint());
  }
}

} // namespace esim::es9p
