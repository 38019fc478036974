// The esim_es9p handle: ES9+ options, and the client built from them on
// first use (so that setting options never opens a connection or loads
// libcurl).
#pragma once

#include <memory>

#include "capi/capi_support.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"

struct esim_es9p {
  esim::CurlHttpClientOptions options;
  // httpCallback, when set, carries the requests instead of libcurl.
  esim_http_post_fn httpCallback = nullptr;
  void *httpContext = nullptr;
  esim::capi::LastError error;

  // client returns the ES9+ client for the current options, building it if
  // an option changed since (over the HTTP callback if one is set, else
  // libcurl). Throws what CurlHttpClient's constructor throws.
  esim::Es9pClient &client();
  // invalidate drops the client so that the next use sees new options.
  void invalidate() noexcept;

private:
  // Declared so that the client goes before the HTTP layers it uses.
  std::unique_ptr<esim::HttpClient> transport_; // libcurl or the callback
  std::unique_ptr<esim::RetryingHttpClient> http_;
  std::unique_ptr<esim::Es9pClient> client_;
};
