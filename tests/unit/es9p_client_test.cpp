// Es9pClient against a recording fake HttpClient: the exact request on the
// wire, and how every kind of answer is read.
#include "esim/es9p.hpp"

#include <string>

#include <gtest/gtest.h>

#include "es9p_fake_http.hpp"

namespace esim {
namespace {

using es9p_test::FakeHttpClient;

// A tiny PendingNotification-shaped DER: 30 03 02 01 05. Its base64,
// worked by hand: 001100 000000 001100 000010 | 000000 010000 010100 = "MAMCAQU=".
const Bytes kDer = {0x30, 0x03, 0x02, 0x01, 0x05};
constexpr char kDerBase64[] = "MAMCAQU=";
constexpr char kFailedBody[] =
    R"({"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":)"
    R"({"subjectCode":"8.1","reasonCode":"6.1","message":"eUICC signature is invalid"}}}})";

class Es9pClientTest : public ::testing::Test {
protected:
  void TearDown() override {
    EXPECT_TRUE(http.steps.empty()) << http.steps.size() << " scripted answers were not used";
  }
  FakeHttpClient http;
  Es9pClient client{http, Es9pClientOptions{}};
};

TEST_F(Es9pClientTest, SendsExactRequest) {
  http.answer(204);
  const Es9pResult result = client.handleNotification("smdp.travel.example", kDer);
  EXPECT_EQ(result.httpStatus, 204);
  EXPECT_FALSE(result.functionExecutionStatus);

  ASSERT_EQ(http.requests.size(), 1u);
  const HttpRequest &r = http.requests[0];
  EXPECT_EQ(r.url, "https://smdp.travel.example/gsma/rsp2/es9plus/handleNotification");
  const HttpHeaders expected = {{"Content-Type", "application/json;charset=UTF-8"},
                                {"X-Admin-Protocol", "gsma/rsp/v2.2.2"},
                                {"User-Agent", "esimctl"}};
  EXPECT_EQ(r.headers, expected);
  EXPECT_EQ(r.body, std::string(R"({"pendingNotification":")") + kDerBase64 + "\"}");
}

TEST_F(Es9pClientTest, PortFromAddressOrOptions) {
  http.answer(204);
  http.answer(204);
  client.handleNotification("smdp.home.example:8443", kDer);
  Es9pClientOptions options;
  options.port = 9443;
  options.adminProtocol = "gsma/rsp/v2.1.0";
  Es9pClient other(http, options);
  other.handleNotification("smdp.home.example", kDer);
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.requests[0].url,
            "https://smdp.home.example:8443/gsma/rsp2/es9plus/handleNotification");
  EXPECT_EQ(http.requests[1].url,
            "https://smdp.home.example:9443/gsma/rsp2/es9plus/handleNotification");
  EXPECT_EQ(*findHeader(http.requests[1].headers, "x-admin-protocol"), "gsma/rsp/v2.1.0");
}

TEST_F(Es9pClientTest, AcceptsExecutedSuccessWith200) {
  http.answer(200, R"({"header":{"functionExecutionStatus":{"status":"Executed-Success"}}})");
  const Es9pResult result = client.handleNotification("smdp.travel.example", kDer);
  EXPECT_EQ(result.httpStatus, 200);
  ASSERT_TRUE(result.functionExecutionStatus);
  EXPECT_EQ(result.functionExecutionStatus->status, "Executed-Success");
}

TEST_F(Es9pClientTest, FailedStatusBecomesEs9pError) {
  http.answer(200, kFailedBody);
  try {
    client.handleNotification("smdp.travel.example", kDer);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.code(), Errc::serverError);
    EXPECT_EQ(e.httpStatus(), 200);
    ASSERT_TRUE(e.functionExecutionStatus());
    const FunctionExecutionStatus expected{"Failed", "8.1", "6.1", "eUICC signature is invalid"};
    EXPECT_EQ(*e.functionExecutionStatus(), expected);
    const std::string what = e.what();
    EXPECT_NE(what.find("handleNotification"), std::string::npos) << what;
    EXPECT_NE(what.find("subjectCode 8.1, reasonCode 6.1: eUICC signature is invalid"),
              std::string::npos)
        << what;
  }
}

TEST_F(Es9pClientTest, ServerErrorStatus) {
  http.answer(500, "Internal Server Error");
  try {
    client.handleNotification("smdp.travel.example", kDer);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.code(), Errc::serverError);
    EXPECT_EQ(e.httpStatus(), 500);
    EXPECT_FALSE(e.functionExecutionStatus());
    EXPECT_NE(std::string(e.what()).find("HTTP 500"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("try again later"), std::string::npos) << e.hint();
  }
}

TEST_F(Es9pClientTest, ClientErrorStatusCarriesBodyStatus) {
  http.answer(400, kFailedBody);
  try {
    client.handleNotification("smdp.travel.example", kDer);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.httpStatus(), 400);
    ASSERT_TRUE(e.functionExecutionStatus());
    EXPECT_EQ(e.functionExecutionStatus()->reasonCode, "6.1");
  }
}

TEST_F(Es9pClientTest, MalformedJsonIsServerErrorNotCrash) {
  const std::string bodies[] = {
      "{not json",
      "",
      "[]",
      "null",
      R"({"header":5})",
      R"({"header":{"functionExecutionStatus":{"status":7}}})",
      R"({"header":{"functionExecutionStatus":[]}})",
      std::string(100000, '['),
  };
  for (const std::string &body : bodies) {
    http.answer(200, body);
    try {
      client.handleNotification("smdp.travel.example", kDer);
      ADD_FAILURE() << "accepted body " << body.substr(0, 60);
    } catch (const Es9pError &e) {
      EXPECT_EQ(e.code(), Errc::serverError) << body.substr(0, 60);
      EXPECT_FALSE(e.functionExecutionStatus()) << body.substr(0, 60);
    }
  }
}

TEST_F(Es9pClientTest, ServerTextIsMadePrintable) {
  http.answer(200, R"({"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":)"
                   R"({"subjectCode":"8.1","reasonCode":"6.1","message":"\u001b[2Jgone"}}}})");
  try {
    client.handleNotification("smdp.travel.example", kDer);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\x1b'), std::string::npos);
    EXPECT_NE(what.find("\\x1B[2Jgone"), std::string::npos) << what;
  }
}

TEST_F(Es9pClientTest, TransportErrorsKeepTheirCodeAndNameTheFunction) {
  http.fail(Errc::tls, "HTTPS POST https://smdp.travel.example/...: TLS failure", "hint");
  http.fail(Errc::network, "HTTPS POST https://smdp.travel.example/...: no answer", "hint");
  for (Errc expected : {Errc::tls, Errc::network}) {
    try {
      client.handleNotification("smdp.travel.example", kDer);
      FAIL() << "no exception";
    } catch (const Error &e) {
      EXPECT_EQ(e.code(), expected);
      EXPECT_EQ(std::string(e.what()).rfind("ES9+ handleNotification: HTTPS POST", 0), 0u)
          << e.what();
      EXPECT_EQ(e.hint(), "hint");
    }
  }
}

TEST_F(Es9pClientTest, RejectsBadAddressesWithoutSending) {
  const std::string bad[] = {
      "",
      "https://smdp.example",
      "smdp.example/gsma/rsp2/es9plus/x",
      "smdp.example/",
      "user@smdp.example",
      "smdp example",
      "smdp.example.",
      ".smdp.example",
      "smdp..example",
      "-smdp.example",
      "smdp-.example",
      "smdp.example:",
      "smdp.example:0",
      "smdp.example:65536",
      "smdp.example:44a",
      "smdp.example:443:1",
      "[::1]:443",
      "smdp.example\r\nX-Evil: 1",
      "smdp.example?x=1",
      "smdp.example#x",
      std::string(64, 'a').append(".example"), // append: see AcceptsHostNamesAndPorts
      std::string(300, 'a'),
      std::string("smdp\0.example", 13),
  };
  for (const std::string &address : bad) {
    EXPECT_FALSE(isValidSmdpAddress(address)) << address;
    try {
      client.handleNotification(address, kDer);
      ADD_FAILURE() << "accepted address " << address;
    } catch (const Error &e) {
      EXPECT_EQ(e.code(), Errc::invalidArgument) << address;
      EXPECT_EQ(std::string(e.what()).find_first_of("\r\n"), std::string::npos);
    }
  }
  EXPECT_TRUE(http.requests.empty());
}

TEST(SmdpAddress, AcceptsHostNamesAndPorts) {
  for (const char *good : {"smdp.example", "SM-DP.Example.COM", "localhost", "127.0.0.1",
                           "smdp.example:1", "smdp.example:65535", "a1.b2-c.example:8443"}) {
    EXPECT_TRUE(isValidSmdpAddress(good)) << good;
  }
  // Built with append, not operator+: GCC 12 -O2 reports a false
  // -Warray-bounds in the inlined rvalue operator+ (GCC bug 105329).
  std::string longestLabel(63, 'a');
  longestLabel.append(".example");
  EXPECT_TRUE(isValidSmdpAddress(longestLabel));
}

TEST_F(Es9pClientTest, RejectsEmptyNotification) {
  try {
    client.handleNotification("smdp.example", ByteView{});
    FAIL() << "no exception";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::invalidArgument);
  }
  EXPECT_TRUE(http.requests.empty());
}

TEST(HttpHeaders, FindHeaderIgnoresCase) {
  const HttpHeaders headers = {{"Content-Type", "a"}, {"content-type", "b"}, {"X-Other", "c"}};
  ASSERT_NE(findHeader(headers, "CONTENT-TYPE"), nullptr);
  EXPECT_EQ(*findHeader(headers, "CONTENT-TYPE"), "a");
  EXPECT_EQ(*findHeader(headers, "x-other"), "c");
  EXPECT_EQ(findHeader(headers, "X-Admin-Protocol"), nullptr);
}

} // namespace
} // namespace esim
