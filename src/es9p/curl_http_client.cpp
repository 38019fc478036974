// CurlHttpClient: HTTPS POST over one reused libcurl easy handle.
#include "esim/http.hpp"

#include <cctype>
#include <fstream>
#include <mutex>

#include <curl/curl.h>

#include "es9p/curl_library.hpp"
#include "esim/error.hpp"

namespace esim {

namespace {

// A hostile or broken server must not make us buffer without bound; ES9+
// answers are a few kilobytes (a bound profile package is the largest).
constexpr std::size_t kMaxResponseBytes = 8 * 1024 * 1024;

// The deleters only ever see handles libcurl made, so the library is loaded
// and curlLibrary() cannot throw in them.
struct EasyDeleter {
  void operator()(CURL *handle) const noexcept { es9p::curlLibrary().easyCleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist *list) const noexcept { es9p::curlLibrary().slistFreeAll(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// append adds |line| to |list|; curl_slist_append leaves the old list intact
// when it fails, so the unique_ptr still owns everything.
void append(Slist &list, const std::string &line) {
  curl_slist *head = es9p::curlLibrary().slistAppend(list.get(), line.c_str());
  if (head == nullptr) {
    throw Error(Errc::internal, "libcurl: out of memory building a header list");
  }
  (void)list.release();
  list.reset(head);
}

bool startsWithHttps(const std::string &url) noexcept {
  static constexpr char kScheme[] = "https://";
  if (url.size() < sizeof(kScheme) - 1) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < sizeof(kScheme); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != kScheme[i]) {
      return false;
    }
  }
  return true;
}

bool isTlsError(CURLcode rc) noexcept {
  switch (rc) {
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_USE_SSL_FAILED: return true;
  default: return false;
  }
}

std::size_t onBody(char *data, std::size_t size, std::size_t count, void *user) noexcept {
  auto *body = static_cast<std::string *>(user);
  const std::size_t n = size * count;
  if (body->size() + n > kMaxResponseBytes) {
    return 0; // makes curl fail with CURLE_WRITE_ERROR
  }
  try {
    body->append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

// onHeader collects "Name: value" lines. A new status line (after a 100
// Continue, or a retried request) starts the list afresh.
std::size_t onHeader(char *data, std::size_t size, std::size_t count, void *user) noexcept {
  auto *headers = static_cast<HttpHeaders *>(user);
  const std::size_t n = size * count;
  try {
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
      line.pop_back();
    }
    if (line.rfind("HTTP/", 0) == 0) {
      headers->clear();
      return n;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      return n;
    }
    std::size_t start = colon + 1;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) {
      ++start;
    }
    headers->emplace_back(line.substr(0, colon), line.substr(start));
  } catch (...) {
    return 0;
  }
  return n;
}

} // namespace

struct CurlHttpClient::Impl {
  CurlHttpClientOptions options;
  EasyHandle easy;
  Slist resolve;
  char errorBuffer[CURL_ERROR_SIZE] = {};
  std::string body;
  HttpHeaders headers;

  // set wraps curl_easy_setopt, which only fails for unknown options or out
  // of memory: both are bugs or a broken libcurl, not user errors.
  template <typename T> void set(CURLoption option, T value) {
    const CURLcode rc = es9p::curlLibrary().easySetopt(easy.get(), option, value);
    if (rc != CURLE_OK) {
      throw Error(Errc::internal, std::string("libcurl: setting option ") +
                                      std::to_string(static_cast<int>(option)) +
                                      " failed: " + es9p::curlLibrary().easyStrerror(rc));
    }
  }

  void configure() {
    set(CURLOPT_NOSIGNAL, 1L); // timeouts without SIGALRM: safe in threads
    set(CURLOPT_ERRORBUFFER, errorBuffer);
    // HTTPS only, no redirects: the SM-DP+ address came from the card.
#if LIBCURL_VERSION_NUM >= 0x075500
    set(CURLOPT_PROTOCOLS_STR, "https");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
    set(CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTPS));
    set(CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTPS));
#endif
    set(CURLOPT_FOLLOWLOCATION, 0L);
    // Verification is always on; SGP.22 6.1.1 requires TLS 1.2 or later.
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    if (!options.caFile.empty()) {
      set(CURLOPT_CAINFO, options.caFile.c_str());
    }
    for (const std::string &entry : options.resolve) {
      parseResolveEntry(entry); // throws for a malformed entry, before any request
      append(resolve, entry);
    }
    if (resolve) {
      set(CURLOPT_RESOLVE, resolve.get());
    }
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeout.count()));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    set(CURLOPT_USERAGENT, options.userAgent.c_str());
    if (!options.reuseConnections) {
      set(CURLOPT_FRESH_CONNECT, 1L);
      set(CURLOPT_FORBID_REUSE, 1L);
    }
    set(CURLOPT_WRITEFUNCTION, &onBody);
    set(CURLOPT_WRITEDATA, static_cast<void *>(&body));
    set(CURLOPT_HEADERFUNCTION, &onHeader);
    set(CURLOPT_HEADERDATA, static_cast<void *>(&headers));
  }

  [[noreturn]] void fail(CURLcode rc, const std::string &url) const {
    const std::string reason = errorBuffer[0] != '\0'
                                   ? std::string(errorBuffer)
                                   : std::string(es9p::curlLibrary().easyStrerror(rc));
    const std::string what = "HTTPS POST " + url + ": ";
    if (isTlsError(rc)) {
      std::string hint = "the SM-DP+ certificate could not be verified or the TLS handshake "
                         "failed; for a test SM-DP+, pass its CI certificate with --ca-file";
      if (reason.find("subject name") != std::string::npos ||
          reason.find("does not match") != std::string::npos) {
        hint = "the server's certificate is not issued for this host name: check the SM-DP+ "
               "address (and any --resolve entry)";
      }
      throw Error(Errc::tls, what + "TLS failure (" + reason + ")", hint);
    }
    switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: throw Error(Errc::invalidArgument, what + "bad URL (" + reason + ")");
    case CURLE_WRITE_ERROR:
      throw Error(Errc::serverError, what + "the answer is larger than " +
                                         std::to_string(kMaxResponseBytes) +
                                         " bytes or could not be stored (" + reason + ")");
    case CURLE_OPERATION_TIMEDOUT:
      throw Error(Errc::network, what + "timed out (" + reason + ")",
                  "the server did not answer in time; try again later");
    case CURLE_COULDNT_RESOLVE_HOST:
      throw Error(Errc::network, what + "host name not found (" + reason + ")",
                  "check the server address and the DNS configuration");
    case CURLE_COULDNT_CONNECT:
      throw Error(Errc::network, what + "could not connect (" + reason + ")",
                  "check the server address and the network connection; try again later");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      throw Error(Errc::network,
                  what + "the connection broke before a complete answer (" + reason + ")",
                  "the server or the network dropped the connection; try again later");
    default:
      throw Error(Errc::network, what + "network failure (" + reason + ")",
                  "check the network connection; try again later");
    }
  }
};

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (!impl_->options.caFile.empty() && !std::ifstream(impl_->options.caFile).good()) {
    throw Error(Errc::ioError, "CA file " + impl_->options.caFile + " cannot be read",
                "pass a PEM file of trusted CA certificates");
  }
  impl_->easy.reset(es9p::curlLibrary().easyInit());
  if (!impl_->easy) {
    throw Error(Errc::internal, "libcurl: curl_easy_init failed");
  }
  impl_->configure();
}

CurlHttpClient::~CurlHttpClient() = default;

HttpResponse CurlHttpClient::post(const HttpRequest &request) {
  Impl &d = *impl_;
  if (!startsWithHttps(request.url)) {
    throw Error(Errc::invalidArgument,
                "HTTPS POST " + request.url + ": only https:// URLs are allowed");
  }
  Slist headerList;
  for (const auto &[name, value] : request.headers) {
    if (name.find_first_of(":\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      throw Error(Errc::invalidArgument, "HTTPS POST " + request.url + ": header \"" + name +
                                             "\" has a line break or colon");
    }
    append(headerList, name + ": " + value);
  }
  // Without this curl waits for "100 Continue" before sending bodies over
  // 1 KiB, which costs a round trip (or a second) per notification.
  append(headerList, "Expect:");

  d.set(CURLOPT_URL, request.url.c_str());
  d.set(CURLOPT_POST, 1L);
  d.set(CURLOPT_POSTFIELDS, request.body.data());
  d.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  d.set(CURLOPT_HTTPHEADER, headerList.get());
  d.errorBuffer[0] = '\0';
  d.body.clear();
  d.headers.clear();

  const CURLcode rc = es9p::curlLibrary().easyPerform(d.easy.get());
  // The header list dies with this call; do not leave curl a dangling pointer.
  d.set(CURLOPT_HTTPHEADER, static_cast<curl_slist *>(nullptr));
  if (rc != CURLE_OK) {
    d.fail(rc, request.url);
  }
  HttpResponse response;
  es9p::curlLibrary().easyGetinfo(d.easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
  response.headers = std::move(d.headers);
  response.body = std::move(d.body);
  d.headers.clear();
  d.body.clear();
  return response;
}

} // namespace esim
