// CurlHttpClient checks that need no network: option validation and refusal
// of anything but https://. Real HTTPS is in tests/integration/es9p_*.
#include "esim/http.hpp"

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

Errc errcOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.code();
  }
  ADD_FAILURE() << "no esim::Error thrown";
  return Errc::internal;
}

TEST(CurlHttpClient, RejectsMalformedResolveEntries) {
  for (const char *entry : {"smdp.example", "smdp.example:443", ":443:127.0.0.1",
                            "smdp.example:x:127.0.0.1", "smdp.example:443:", "-smdp.example:443"}) {
    CurlHttpClientOptions options;
    options.resolve = {entry};
    EXPECT_EQ(errcOf([&] { CurlHttpClient client(options); }), Errc::invalidArgument) << entry;
  }
  CurlHttpClientOptions ok;
  ok.resolve = {"smdp.example:443:127.0.0.1", "smdp.example:8443:[::1]"};
  EXPECT_NO_THROW(CurlHttpClient client(ok));
}

TEST(CurlHttpClient, MissingCaFileIsReportedUpFront) {
  CurlHttpClientOptions options;
  options.caFile = "/nonexistent/esimctl/ci.pem";
  EXPECT_EQ(errcOf([&] { CurlHttpClient client(options); }), Errc::ioError);
}

TEST(CurlHttpClient, OnlyHttpsUrls) {
  CurlHttpClient client;
  for (const char *url :
       {"http://127.0.0.1:1/x", "file:///etc/passwd", "ftp://x/", "smdp.example/x", ""}) {
    HttpRequest request;
    request.url = url;
    EXPECT_EQ(errcOf([&] { client.post(request); }), Errc::invalidArgument) << url;
  }
}

TEST(CurlHttpClient, RefusesHeaderInjection) {
  CurlHttpClient client;
  HttpRequest request;
  request.url = "https://127.0.0.1:1/x";
  request.headers = {{"X-Admin-Protocol", "gsma/rsp/v2.2.2\r\nX-Evil: 1"}};
  EXPECT_EQ(errcOf([&] { client.post(request); }), Errc::invalidArgument);
}

} // namespace
} // namespace esim
