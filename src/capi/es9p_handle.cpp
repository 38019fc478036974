// esim_es9p: creating it and setting its options.
#include "capi/es9p_handle.hpp"

#include "capi/callback_http_client.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

namespace {

// kConnectTimeout caps the TCP+TLS set-up part of a request, as esimctl does.
constexpr std::chrono::milliseconds kConnectTimeout{10000};
// kMaxPort is the largest TCP port.
constexpr unsigned long kMaxPort = 65535;

// checkResolve refuses a --resolve entry that is not HOST:PORT:ADDRESS, so
// the caller hears of it where the mistake is made, not at the first request.
void checkResolve(const std::string &entry) {
  const std::size_t first = entry.find(':');
  const std::size_t second = first == std::string::npos ? first : entry.find(':', first + 1);
  bool ok = first != std::string::npos && second != std::string::npos && first > 0 &&
            second > first + 1 && second + 1 < entry.size();
  if (ok) {
    const std::string port = entry.substr(first + 1, second - first - 1);
    ok = port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos &&
         std::stoul(port) >= 1 && std::stoul(port) <= kMaxPort;
  }
  if (!ok) {
    throw esim::Error(esim::Errc::invalidArgument,
                      "esim_es9p_add_resolve: '" + entry + "' is not HOST:PORT:ADDRESS",
                      "for example smdp.example:443:127.0.0.1");
  }
}

} // namespace

esim::HttpClient &esim_es9p::http() {
  if (!http_) {
    if (httpCallback != nullptr)
      transport_ = std::make_unique<esim::capi::CallbackHttpClient>(httpCallback, httpContext);
    else
      transport_ = std::make_unique<esim::CurlHttpClient>(options);
    http_ = std::make_unique<esim::RetryingHttpClient>(*transport_, esim::RetryPolicy{});
  }
  return *http_;
}

esim::Es9pClientOptions esim_es9p::clientOptions() const {
  esim::Es9pClientOptions es9;
  es9.userAgent = options.userAgent;
  return es9;
}

esim::Es9pClient &esim_es9p::client() {
  if (!client_) client_ = std::make_unique<esim::Es9pClient>(http(), clientOptions());
  return *client_;
}

esim::Es11Client &esim_es9p::smds() {
  if (!smds_) smds_ = std::make_unique<esim::Es11Client>(http(), clientOptions());
  return *smds_;
}

void esim_es9p::invalidate() noexcept {
  smds_.reset();
  client_.reset();
  http_.reset();
  transport_.reset();
}

using esim::capi::guard;

extern "C" {

esim_status esim_es9p_new(esim_es9p **out, esim_error *error) {
  esim::capi::LastError failure;
  esim_status status = ESIM_OK;
  if (out == nullptr) {
    status = esim::capi::nullArgument(failure, "esim_es9p_new", "out");
  } else {
    *out = nullptr;
    status = guard(failure, [&] {
      auto handle = std::make_unique<esim_es9p>();
      handle->options.userAgent = "esim-c-api";
      *out = handle.release();
    });
  }
  esim::capi::fillError(error, failure);
  return status;
}

void esim_es9p_free(esim_es9p *es9p) {
  delete es9p;
}

esim_status esim_es9p_set_ca_file(esim_es9p *es9p, const char *path) {
  if (es9p == nullptr) return ESIM_INVALID_ARGUMENT;
  return guard(es9p->error, [&] {
    std::string file = path == nullptr ? std::string() : std::string(path);
    // Checked here, where the caller made the mistake; CurlHttpClient checks
    // again when it is built, in case the file went away meanwhile.
    if (!file.empty() && !std::ifstream(file).good()) {
      throw esim::Error(esim::Errc::ioError, "esim_es9p_set_ca_file: " + file + " cannot be read",
                        "pass a PEM file of trusted CA certificates");
    }
    es9p->options.caFile = std::move(file);
    es9p->invalidate();
  });
}

esim_status esim_es9p_add_resolve(esim_es9p *es9p, const char *entry) {
  if (es9p == nullptr) return ESIM_INVALID_ARGUMENT;
  if (entry == nullptr)
    return esim::capi::nullArgument(es9p->error, "esim_es9p_add_resolve", "entry");
  return guard(es9p->error, [&] {
    checkResolve(entry);
    es9p->options.resolve.emplace_back(entry);
    es9p->invalidate();
  });
}

esim_status esim_es9p_set_timeout_ms(esim_es9p *es9p, uint32_t timeout_ms) {
  if (es9p == nullptr) return ESIM_INVALID_ARGUMENT;
  return guard(es9p->error, [&] {
    if (timeout_ms == 0) {
      throw esim::Error(esim::Errc::invalidArgument, "esim_es9p_set_timeout_ms: the timeout is 0",
                        "give at least 1 millisecond");
    }
    const std::chrono::milliseconds timeout{timeout_ms};
    es9p->options.timeout = timeout;
    es9p->options.connectTimeout = std::min(timeout, kConnectTimeout);
    es9p->invalidate();
  });
}

esim_status esim_es9p_set_connection_reuse(esim_es9p *es9p, int reuse) {
  if (es9p == nullptr) return ESIM_INVALID_ARGUMENT;
  es9p->options.reuseConnections = reuse != 0;
  es9p->invalidate();
  return ESIM_OK;
}

const char *esim_es9p_last_error_message(const esim_es9p *es9p) {
  return es9p == nullptr ? "esim_es9p_last_error_message: the handle is NULL"
                         : es9p->error.message.c_str();
}

} // extern "C"
