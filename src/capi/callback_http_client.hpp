// CallbackHttpClient: an esim::HttpClient over the C caller's
// esim_http_post_fn, so that a device maker's own HTTP stack carries ES9+.
#pragma once

#include "esim/esim.h"
#include "esim/http.hpp"

// esim_http_response collects what the C callback answers.
struct esim_http_response {
  esim::HttpResponse response;
  std::string errorMessage;
};

namespace esim::capi {

// CallbackHttpClient hands each request to the C callback.
class CallbackHttpClient final : public HttpClient {
public:
  // CallbackHttpClient keeps |callback| and |context|, which must outlive it.
  // Cannot fail.
  CallbackHttpClient(esim_http_post_fn callback, void *context) noexcept
      : post_(callback), context_(context) {}

  // post calls the callback. Throws Error with the callback's status (its
  // Errc) naming the URL and quoting the callback's message when it fails,
  // Error(Errc::serverError) when it returned ESIM_OK without setting a
  // status code.
  HttpResponse post(const HttpRequest &request) override;

private:
  esim_http_post_fn post_;
  void *context_;
};

} // namespace esim::capi
