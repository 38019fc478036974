// The esim_es9p handle: ES9+ options, and the clients built from them on
// first use (so that setting options never opens a connection or loads
// libcurl). The SM-DS (ES11) client shares the ES9+ client's HTTP layers, as
// esimctl's do: one set of options (CA file, resolve, timeout, callback).
#pragma once

#include <memory>

#include "capi/capi_support.hpp"
#include "esim/es11.hpp"
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
  // smds returns the ES11 client over the same HTTP layers as client(),
  // building them as client() does. Throws what client() throws.
  esim::Es11Client &smds();
  // invalidate drops the client so that the next use sees new options.
  void invalidate() noexcept;

private:
  // Declared so that the client goes before the HTTP layers it uses.
  std::unique_ptr<esim::HttpClient> transport_; // libcurl or the callback
  std::unique_ptr<esim::RetryingHttpClient> http_;
  std::unique_ptr<esim::Es9pClient> client_;
  std::unique_ptr<esim::Es11Client> smds_;

  // http builds the HTTP layers for the current options if need be.
  esim::HttpClient &http();
  // clientOptions are the ES9+/ES11 options both clients get.
  esim::Es9pClientOptions clientOptions() const;
};
