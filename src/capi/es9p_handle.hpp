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
  esim::capi::LastError error;

  // client returns the ES9+ client for the current options, building it if
  // an option changed since. Throws what CurlHttpClient's constructor throws.
  esim::Es9pClient &client();
  // invalidate drops the client so that the next use sees new options.
  void invalidate() noexcept;

private:
  // Declared so that the client goes before the HTTP layers it uses.
  std::unique_ptr<esim::CurlHttpClient> curl_;
  std::unique_ptr<esim::RetryingHttpClient> http_;
  std::unique_ptr<esim::Es9pClient> client_;
};
