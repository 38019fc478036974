// The HTTP callback: the C caller's HTTP stack behind esim::HttpClient, and
// the esim_http_response_* functions it fills the answer with.
#include "capi/callback_http_client.hpp"

#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "capi/es9p_handle.hpp"

namespace esim::capi {

namespace {

// kMinStatus and kMaxStatus bound an HTTP status code (RFC 9110 15).
constexpr long kMinStatus = 100;
constexpr long kMaxStatus = 599;

} // namespace

HttpResponse CallbackHttpClient::post(const HttpRequest &request) {
  std::vector<esim_http_header> headers;
  headers.reserve(request.headers.size());
  for (const auto &[name, value] : request.headers)
    headers.push_back(esim_http_header{name.c_str(), value.c_str()});
  esim_http_request c{};
  c.url = request.url.c_str();
  c.headers = headers.data();
  c.header_count = headers.size();
  c.body = reinterpret_cast<const std::uint8_t *>(request.body.data());
  c.body_length = request.body.size();
  esim_http_response answer;
  const esim_status status = post_(context_, &c, &answer);
  if (status != ESIM_OK) {
    std::string message =
        "POST " + request.url + ": the HTTP callback failed with " + esim_status_name(status);
    if (!answer.errorMessage.empty()) message += " (" + answer.errorMessage + ")";
    throw Error(toErrc(status), message,
                status == ESIM_TLS ? "the SM-DP+'s certificate must chain to a trusted CI"
                                   : "check the device's network connection");
  }
  if (answer.response.status == 0) {
    throw Error(Errc::serverError,
                "POST " + request.url + ": the HTTP callback returned no status code",
                "the callback must call esim_http_response_set_status");
  }
  return std::move(answer.response);
}

} // namespace esim::capi

extern "C" {

esim_status esim_http_response_set_status(esim_http_response *response, long status) {
  if (response == nullptr || status < esim::capi::kMinStatus || status > esim::capi::kMaxStatus)
    return ESIM_INVALID_ARGUMENT;
  response->response.status = status;
  return ESIM_OK;
}

esim_status esim_http_response_add_header(esim_http_response *response, const char *name,
                                          const char *value) {
  if (response == nullptr || name == nullptr || value == nullptr) return ESIM_INVALID_ARGUMENT;
  try {
    response->response.headers.emplace_back(name, value);
  } catch (...) {
    return ESIM_OUT_OF_MEMORY;
  }
  return ESIM_OK;
}

esim_status esim_http_response_append_body(esim_http_response *response, const uint8_t *data,
                                           size_t length) {
  if (response == nullptr || (data == nullptr && length != 0)) return ESIM_INVALID_ARGUMENT;
  try {
    response->response.body.append(reinterpret_cast<const char *>(data), length);
  } catch (...) {
    return ESIM_OUT_OF_MEMORY;
  }
  return ESIM_OK;
}

esim_status esim_http_response_set_error_message(esim_http_response *response,
                                                 const char *message) {
  if (response == nullptr || message == nullptr) return ESIM_INVALID_ARGUMENT;
  try {
    response->errorMessage = message;
  } catch (...) {
    return ESIM_OUT_OF_MEMORY;
  }
  return ESIM_OK;
}

esim_status esim_es9p_set_http_callback(esim_es9p *es9p, esim_http_post_fn post, void *context) {
  if (es9p == nullptr) return ESIM_INVALID_ARGUMENT;
  es9p->httpCallback = post;
  es9p->httpContext = post == nullptr ? nullptr : context;
  es9p->invalidate();
  return ESIM_OK;
}

} // extern "C"
