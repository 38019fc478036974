// HTTP for ES9+ (LPA -> SM-DP+), behind a small interface so that protocol
// code is tested against a recording fake and runs for real over libcurl.
//
//   esim::CurlHttpClientOptions opts;
//   opts.caFile = "/etc/esimctl/ci.pem";            // else the system CA store
//   esim::CurlHttpClient curl(opts);
//   esim::RetryingHttpClient http(curl, {});       // 3 attempts, 0.2 s, 0.4 s
//   esim::Es9pClient es9p(http, {});               // see es9p.hpp
//
// Only HTTPS with full certificate verification (peer and host name) is
// spoken: there is deliberately no switch to turn verification off.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace esim {

// HttpHeaders is an ordered list of (name, value) pairs; names keep the case
// they were given or received in.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// HttpRequest is one POST: an absolute https:// URL, headers and a body.
struct HttpRequest {
  std::string url;
  HttpHeaders headers;
  std::string body;
};

// HttpResponse is what the server answered, whatever the status code.
struct HttpResponse {
  long status = 0;
  HttpHeaders headers;
  std::string body;
};

// findHeader returns the value of the first header called |name| (compared
// without regard to case), or nullptr if there is none. Cannot fail.
const std::string *findHeader(const HttpHeaders &headers, const std::string &name);

// HttpClient sends requests. An HTTP status, even 500, is a response, not an
// error; implementations throw esim::Error when no response was received:
// Errc::network (DNS, connection refused, timeout, connection dropped),
// Errc::tls (handshake or certificate verification failed),
// Errc::invalidArgument (a URL that is not https://) or Errc::serverError (an
// answer too large to accept), naming the URL.
class HttpClient {
public:
  virtual ~HttpClient() = default;
  // post sends |request| as an HTTP POST and returns the response; throws
  // esim::Error as the class comment says.
  virtual HttpResponse post(const HttpRequest &request) = 0;
};

// isValidHostName reports whether |host| is a DNS name as RFC 1123 has it:
// labels of 1..63 letters, digits and hyphens (not first or last), joined by
// single dots, 253 characters at most, no trailing dot. An IPv4 literal
// passes; an IPv6 literal, a port, a space or a control character does not.
// Never fails.
bool isValidHostName(std::string_view host) noexcept;

// ResolveEntry is one parsed --resolve entry: connect to |addresses| when
// |host|:|port| is asked for.
struct ResolveEntry {
  std::string host;
  std::uint16_t port = 0;
  // addresses are IPv4 or IPv6 literals as given (IPv6 without brackets).
  std::vector<std::string> addresses;
};

// parseResolveEntry parses "HOST:PORT:ADDRESS[,ADDRESS...]" as curl's
// --resolve accepts it: HOST a host name (isValidHostName), PORT 1..65535,
// each ADDRESS an IPv4 or IPv6 literal, an IPv6 one optionally in brackets
// ("smdp.example:443:[::1],127.0.0.1"). Throws Error(Errc::invalidArgument)
// naming the entry and the part that is wrong.
ResolveEntry parseResolveEntry(std::string_view entry);

// CurlHttpClientOptions configures a CurlHttpClient.
struct CurlHttpClientOptions {
  // caFile is a PEM file of trusted root certificates (e.g. the GSMA CI or a
  // test CI); empty means the system CA store.
  std::string caFile;
  // resolve pins host names to addresses, as curl's --resolve:
  // "HOST:PORT:ADDRESS" (e.g. "smdp.example:8443:127.0.0.1"); each entry must
  // pass parseResolveEntry, or the CurlHttpClient constructor throws.
  std::vector<std::string> resolve;
  std::chrono::milliseconds connectTimeout{10000};
  // timeout bounds a whole request (connect, TLS, send, wait, receive).
  std::chrono::milliseconds timeout{30000};
  std::string userAgent = "esimctl";
  // reuseConnections keeps the TLS connection open between posts to the same
  // host (the default, and what SGP.22 deployments expect). false opens a
  // new connection for every post and closes it afterwards: a diagnostic and
  // benchmark switch (esimctl --no-connection-reuse), never faster.
  bool reuseConnections = true;
};

// CurlHttpClient is an HttpClient over libcurl. It keeps ONE easy handle for
// its lifetime, so consecutive posts to the same host reuse the TLS
// connection. Not thread-safe: use one instance per thread.
class CurlHttpClient : public HttpClient {
public:
  // CurlHttpClient sets up the handle. Throws Error(Errc::invalidArgument) for
  // a malformed resolve entry, Error(Errc::internal) if libcurl cannot be
  // initialised.
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient &) = delete;
  CurlHttpClient &operator=(const CurlHttpClient &) = delete;

  // post sends |request| over HTTPS with peer and host-name verification.
  // Throws Error(Errc::network) when the server cannot be reached or answers
  // nothing in time, Error(Errc::tls) when the handshake or the certificate
  // check fails (the message quotes curl's reason; the hint names --ca-file),
  // Error(Errc::invalidArgument) for a URL that is not https://; each message
  // names the URL. An answer over 8 MiB is Error(Errc::serverError).
  HttpResponse post(const HttpRequest &request) override;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RetryPolicy says how often and how patiently RetryingHttpClient retries.
struct RetryPolicy {
  int attempts = 3; // total tries, at least 1
  std::chrono::milliseconds initialBackoff{200};
  double backoffFactor = 2.0; // 0.2 s, 0.4 s, 0.8 s, ...
  // sleep waits between attempts; tests replace it to record the delays.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// RetryingHttpClient decorates an HttpClient with bounded retries and
// exponential backoff. It retries when no response came (Error with
// Errc::network) and on 5xx responses; it never retries TLS failures (a
// certificate does not get better by asking again), 4xx or any other status,
// or other errors. After the last attempt it returns the last 5xx response or
// rethrows the last error.
class RetryingHttpClient : public HttpClient {
public:
  // RetryingHttpClient wraps |inner|, which must outlive it. Throws
  // Error(Errc::invalidArgument) if policy.attempts < 1.
  RetryingHttpClient(HttpClient &inner, RetryPolicy policy);

  // post sends |request| through the inner client, retrying as the class
  // comment says; throws what the inner client threw last.
  HttpResponse post(const HttpRequest &request) override;

private:
  HttpClient &inner_;
  RetryPolicy policy_;
};

} // namespace esim
