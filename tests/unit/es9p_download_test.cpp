// Es9pClient's download functions against a recording fake HttpClient: the
// exact requests, and how every kind of answer is read (success, Failed and
// Expired with their codes, a foreign transaction ID, bad base64, wrong
// tags, missing fields, non-JSON, HTTP errors).
#include <functional>
#include <string>

#include "esim/base64.hpp"
#include "esim/es9p.hpp"
#include "unit/es9p_fake_http.hpp"

namespace esim {
namespace {

using namespace es9p_test;

const Bytes kMetadata = fromHex("BF250C5A0A98001032547698103214");
const Bytes kSmdpSigned2 = fromHex("300D800800000000188DD217010100");
const Bytes kSmdpSigned2Cc = fromHex("300D800800000000188DD2170101FF");
const Bytes kSmdpSignature2 = fromHex("5F370405060708");
const Bytes kPrepareDownloadResponse = fromHex("BF2105A103020105");
const Bytes kBpp = fromHex("BF3605BF23028200");
const Bytes kCancelSessionResponse = fromHex("BF4103810105");

nlohmann::json authenticateClientOk() {
  return {{"header", kSuccess},
          {"transactionId", kTid},
          {"profileMetadata", base64Encode(kMetadata)},
          {"smdpSigned2", base64Encode(kSmdpSigned2)},
          {"smdpSignature2", base64Encode(kSmdpSignature2)},
          {"smdpCertificate", base64Encode(kCertificate)}};
}

nlohmann::json getBppOk() {
  return {
      {"header", kSuccess}, {"transactionId", kTid}, {"boundProfilePackage", base64Encode(kBpp)}};
}

const HttpHeaders kHeaders = {{"Content-Type", "application/json;charset=UTF-8"},
                              {"X-Admin-Protocol", "gsma/rsp/v2.2.2"},
                              {"User-Agent", "esimctl"}};

class Es9pDownloadTest : public ::testing::Test {
protected:
  void TearDown() override {
    EXPECT_TRUE(http.steps.empty()) << http.steps.size() << " scripted answers were not used";
  }

  Es9pError authenticateClientError(const nlohmann::json &body) {
    http.answer(body);
    return es9pError([&] { client.authenticateClient("smdp.example", kTid, kAuthServerResponse); });
  }

  FakeHttpClient http;
  Es9pClient client{http, Es9pClientOptions{}};
};

TEST_F(Es9pDownloadTest, InitiateAuthenticationExactRequestAndAnswer) {
  http.answer(initiateAuthenticationOk());
  const InitiateAuthenticationResponse r =
      client.initiateAuthentication("smdp.example", kChallenge, kEuiccInfo1);
  ASSERT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(http.requests[0].url, "https://smdp.example/gsma/rsp2/es9plus/initiateAuthentication");
  EXPECT_EQ(http.requests[0].headers, kHeaders);
  // base64 worked out with coreutils: printf 000102...0F | xxd -r -p | base64
  EXPECT_EQ(http.requests[0].body,
            R"({"euiccChallenge":"AAECAwQFBgcICQoLDA0ODw==","euiccInfo1":"vyAFggMCAgI=",)"
            R"("smdpAddress":"smdp.example"})");
  EXPECT_EQ(r.transactionId, kTid);
  EXPECT_EQ(r.transactionIdBinary, kTidBinary);
  EXPECT_EQ(r.serverSigned1, kServerSigned1);
  EXPECT_EQ(r.serverSignature1, kServerSignature1);
  EXPECT_EQ(r.euiccCiPKIdToBeUsed, kCiPkId);
  EXPECT_EQ(r.serverCertificate, kCertificate);
}

TEST_F(Es9pDownloadTest, InitiateAuthenticationPortAndLowerCaseTransactionId) {
  nlohmann::json body = initiateAuthenticationOk();
  body["transactionId"] = "00000000188dd217";
  body["header"]["functionExecutionStatus"]["status"] = "Executed-WithWarning";
  http.answer(body);
  const auto r = client.initiateAuthentication("localhost:8443", kChallenge, kEuiccInfo1);
  EXPECT_EQ(http.requests[0].url,
            "https://localhost:8443/gsma/rsp2/es9plus/initiateAuthentication");
  EXPECT_NE(http.requests[0].body.find(R"("smdpAddress":"localhost:8443")"), std::string::npos);
  EXPECT_EQ(r.transactionId, "00000000188dd217"); // sent back as the SM-DP+ wrote it
  EXPECT_EQ(r.transactionIdBinary, kTidBinary);
}

TEST_F(Es9pDownloadTest, Base64WithWhitespaceIsAccepted) {
  nlohmann::json body = initiateAuthenticationOk();
  std::string cert = base64Encode(kServerSigned1);
  cert.insert(8, "\r\n ");
  cert.insert(4, "\t");
  body["serverSigned1"] = cert;
  http.answer(body);
  EXPECT_EQ(client.initiateAuthentication("smdp.example", kChallenge, kEuiccInfo1).serverSigned1,
            kServerSigned1);
}

TEST_F(Es9pDownloadTest, InitiateAuthenticationRefusesBadArguments) {
  EXPECT_THROW(client.initiateAuthentication("smdp.example/x", kChallenge, kEuiccInfo1), Error);
  EXPECT_THROW(client.initiateAuthentication("smdp.example", Bytes(15, 0), kEuiccInfo1), Error);
  EXPECT_THROW(client.initiateAuthentication("smdp.example", kChallenge, fromHex("BF2001")), Error);
  EXPECT_THROW(client.initiateAuthentication("smdp.example", kChallenge, kCertificate), Error);
  try {
    client.initiateAuthentication("smdp.example", kChallenge, fromHex("BF2000FF"));
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::invalidArgument);
    expectIn(e.what(), "ES9+ initiateAuthentication: euiccInfo1 has 1 bytes after its BF20");
  }
  EXPECT_TRUE(http.requests.empty());
}

TEST_F(Es9pDownloadTest, InitiateAuthenticationMalformedAnswers) {
  struct Case {
    const char *field;
    nlohmann::json value; // null: remove the field
    const char *message;
  };
  const Case cases[] = {
      {"transactionId", nullptr, "no string field \"transactionId\""},
      {"transactionId", 5, "no string field \"transactionId\""},
      {"transactionId", "0G", "the transactionId \"0G\" is not 1..16 bytes in hex"},
      {"transactionId", "123", "the transactionId \"123\" is not 1..16 bytes in hex"},
      {"transactionId", "", "the transactionId \"\" is not 1..16 bytes in hex"},
      {"transactionId", std::string(34, 'A'),
       "the transactionId \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" is not 1..16 bytes in hex"},
      {"transactionId", "00000000188DD218",
       "serverSigned1 holds the transactionId 00000000188DD217, not the session's "
       "00000000188DD218"},
      {"serverSigned1", nullptr, "no string field \"serverSigned1\""},
      {"serverSigned1", "MAMCAQ", "serverSigned1 is not valid base64"},
      {"serverSigned1", "MAMCAQ*=", "serverSigned1 is not valid base64"},
      {"serverSigned1",
       "MAMC\xc3\xa9==", "serverSigned1 is not valid base64: unexpected character '\\xC3'"},
      {"serverSigned1", base64Encode(kServerSignature1), "serverSigned1 has the tag 5F37, not 30"},
      {
          "serverSigned1",
          base64Encode(fromHex("3005800101")),
          "serverSigned1 is not DER (",
      },
      {"serverSigned1", base64Encode(fromHex("3003810101")),
       "serverSigned1 does not start with its transactionId (80)"},
      {"serverSignature1", base64Encode(kCertificate), "serverSignature1 has the tag 30, not 5F37"},
      {"euiccCiPKIdToBeUsed", base64Encode(kCertificate),
       "euiccCiPKIdToBeUsed has the tag 30, not 04"},
      {"serverCertificate", base64Encode(fromHex("30030201010000")),
       "serverCertificate has 2 bytes after its 30 element"},
      {"serverCertificate", "", "serverCertificate is not DER"},
  };
  for (const Case &c : cases) {
    nlohmann::json body = initiateAuthenticationOk();
    if (c.value.is_null()) {
      body.erase(c.field);
    } else {
      body[c.field] = c.value;
    }
    http.answer(body);
    const Es9pError e =
        es9pError([&] { client.initiateAuthentication("smdp.example", kChallenge, kEuiccInfo1); });
    expectIn(e.what(),
             std::string("ES9+ initiateAuthentication to smdp.example: malformed answer: ") +
                 c.message);
    EXPECT_EQ(e.httpStatus(), 200);
  }
}

TEST_F(Es9pDownloadTest, AuthenticateClientExactRequestAndAnswer) {
  http.answer(authenticateClientOk());
  const AuthenticateClientResponse r =
      client.authenticateClient("smdp.example", kTid, kAuthServerResponse);
  ASSERT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(http.requests[0].url, "https://smdp.example/gsma/rsp2/es9plus/authenticateClient");
  EXPECT_EQ(http.requests[0].headers, kHeaders);
  EXPECT_EQ(http.requests[0].body,
            R"({"authenticateServerResponse":"vzgFoQMCAQI=","transactionId":"00000000188DD217"})");
  EXPECT_EQ(r.transactionId, kTid);
  EXPECT_EQ(r.transactionIdBinary, kTidBinary);
  EXPECT_EQ(r.profileMetadata, kMetadata);
  EXPECT_EQ(r.smdpSigned2, kSmdpSigned2);
  EXPECT_EQ(r.smdpSignature2, kSmdpSignature2);
  EXPECT_EQ(r.smdpCertificate, kCertificate);
  EXPECT_FALSE(r.ccRequiredFlag);
}

TEST_F(Es9pDownloadTest, AuthenticateClientReadsCcRequiredFlag) {
  nlohmann::json body = authenticateClientOk();
  body["smdpSigned2"] = base64Encode(kSmdpSigned2Cc);
  http.answer(body);
  EXPECT_TRUE(client.authenticateClient("smdp.example", kTid, kAuthServerResponse).ccRequiredFlag);
}

TEST_F(Es9pDownloadTest, AuthenticateClientChecksTransactionIdsAndTags) {
  nlohmann::json body = authenticateClientOk();
  body["transactionId"] = "00000000188DD218";
  expectIn(authenticateClientError(body).what(),
           "malformed answer: the transactionId \"00000000188DD218\" is not the session's, "
           "00000000188DD217");
  body = authenticateClientOk();
  body["smdpSigned2"] = base64Encode(fromHex("300D800800000000188DD218010100"));
  expectIn(authenticateClientError(body).what(),
           "smdpSigned2 holds the transactionId 00000000188DD218, not the session's");
  body = authenticateClientOk();
  body["smdpSigned2"] = base64Encode(fromHex("300A800800000000188DD217"));
  expectIn(authenticateClientError(body).what(), "smdpSigned2 has no ccRequiredFlag (01 01)");
  body = authenticateClientOk();
  body["profileMetadata"] = base64Encode(fromHex("BF2400"));
  expectIn(authenticateClientError(body).what(), "profileMetadata has the tag BF24, not BF25");
  body = authenticateClientOk();
  body.erase("smdpCertificate");
  expectIn(authenticateClientError(body).what(), "no string field \"smdpCertificate\"");
  body = authenticateClientOk();
  body.erase("transactionId");
  expectIn(authenticateClientError(body).what(), "no string field \"transactionId\"");
}

TEST_F(Es9pDownloadTest, AuthenticateClientRefusesBadArguments) {
  EXPECT_THROW(client.authenticateClient("smdp.example", "", kAuthServerResponse), Error);
  EXPECT_THROW(client.authenticateClient("smdp.example", "XYZ0", kAuthServerResponse), Error);
  EXPECT_THROW(client.authenticateClient("smdp.example", kTid, kPrepareDownloadResponse), Error);
  EXPECT_THROW(client.authenticateClient("", kTid, kAuthServerResponse), Error);
  EXPECT_TRUE(http.requests.empty());
}

TEST_F(Es9pDownloadTest, FailedWithCommonCodesSaysWhatTheyMean) {
  struct Case {
    const char *subject;
    const char *reason;
    const char *meaning;
    const char *hint;
  };
  const Case cases[] = {
      {"8.1.1", "3.8", "this eUICC's EID is not allowed for this order", "bound to another EID"},
      {"8.2.6", "3.8", "the SM-DP+ refused the MatchingID", "check the activation code"},
      {"8.2.7", "2.2", "the order needs a confirmation code and none was given",
       "give the confirmation code"},
      {"8.2.7", "3.8", "the SM-DP+ refused the confirmation code", "attempts is limited"},
      {"8.2.7", "6.4", "too many wrong confirmation codes", "new activation code"},
      {"8.10.1", "3.9", "the SM-DP+ does not know this session", "start the download again"},
      {"8.2.1", "3.3", "the profile is not available (already downloaded, installed or used)",
       "new activation code"},
      {"8.8.5", "4.1", "the download order has expired", "new activation code"},
      {"8.1", "4.8", "the eUICC does not have enough free memory for this profile",
       "delete a profile"},
      {"8.8.2", "3.1", "the SM-DP+ supports none of the eUICC's certificate issuers", "test eUICC"},
  };
  for (const Case &c : cases) {
    const Es9pError e = authenticateClientError(failed("Failed", c.subject, c.reason));
    const std::string what = e.what();
    expectIn(what, std::string("ES9+ authenticateClient to smdp.example: the SM-DP+ answered "
                               "Failed (subjectCode ") +
                       c.subject + ", reasonCode " + c.reason + "): " + c.meaning);
    expectIn(e.hint(), c.hint);
    ASSERT_TRUE(e.functionExecutionStatus());
    EXPECT_EQ(e.functionExecutionStatus()->subjectCode, c.subject);
    EXPECT_EQ(e.functionExecutionStatus()->reasonCode, c.reason);
    EXPECT_EQ(e.httpStatus(), 200);
  }
}

TEST_F(Es9pDownloadTest, FailedKeepsServerMessageQuotedSafely) {
  const Es9pError e = authenticateClientError(
      failed("Failed", "8.2.6", "3.8", "MatchingID refused \x1b[2J" + std::string(300, 'x')));
  const std::string what = e.what();
  expectIn(what, "reasonCode 3.8: MatchingID refused \\x1B[2J");
  EXPECT_EQ(what.find('\x1b'), std::string::npos);
  EXPECT_LT(what.size(), 500u);
  EXPECT_EQ(e.functionExecutionStatus()->message.substr(0, 18), "MatchingID refused");
}

TEST_F(Es9pDownloadTest, FailedWithUnknownCode) {
  const Es9pError e = authenticateClientError(failed("Failed", "1.6", "2.1", "Invalid"));
  expectIn(e.what(), "answered Failed (subjectCode 1.6, reasonCode 2.1: Invalid)");
  expectIn(e.hint(), "SGP.22 5.2.6");
}

TEST_F(Es9pDownloadTest, ExpiredStatus) {
  Es9pError e = authenticateClientError(failed("Expired", "8.8.5", "4.1"));
  expectIn(e.what(), "answered Expired (subjectCode 8.8.5, reasonCode 4.1): the download order "
                     "has expired");
  EXPECT_EQ(e.functionExecutionStatus()->status, "Expired");
  e = authenticateClientError(
      nlohmann::json{{"header", {{"functionExecutionStatus", {{"status", "Expired"}}}}}});
  expectIn(e.what(), "answered Expired: the session or the order has expired");
  expectIn(e.hint(), "start the download again");
}

TEST_F(Es9pDownloadTest, UnknownStatusIsRefused) {
  const Es9pError e = authenticateClientError(
      nlohmann::json{{"header", {{"functionExecutionStatus", {{"status", "Executed-Maybe"}}}}}});
  expectIn(e.what(), "answered Executed-Maybe");
  expectIn(e.hint(), "status SGP.22 does not define");
}

TEST_F(Es9pDownloadTest, NotJsonOrNoHeader) {
  for (const char *body : {"<html>hello</html>", "", "[]", R"({"transactionId":"00"})",
                           R"({"header":{"functionExecutionStatus":{"status":7}}})"}) {
    http.answer(200, body);
    const Es9pError e =
        es9pError([&] { client.authenticateClient("smdp.example", kTid, kAuthServerResponse); });
    expectIn(e.hint(), "not speaking ES9+");
    EXPECT_FALSE(e.functionExecutionStatus()) << body;
  }
}

TEST_F(Es9pDownloadTest, HttpErrors) {
  http.answer(500, "Internal Server Error");
  Es9pError e = es9pError(
      [&] { client.getBoundProfilePackage("smdp.example", kTid, kPrepareDownloadResponse); });
  expectIn(e.what(), "ES9+ getBoundProfilePackage to smdp.example: the SM-DP+ answered HTTP 500");
  expectIn(e.hint(), "try again later");
  EXPECT_EQ(e.httpStatus(), 500);

  http.answer(404, "Not Found");
  e = es9pError([&] { client.initiateAuthentication("smdp.example", kChallenge, kEuiccInfo1); });
  expectIn(e.what(), "HTTP 404");
  expectIn(e.hint(), "no ES9+ service at this address");

  http.answer(400, failed("Failed", "8.2.6", "3.8").dump());
  e = es9pError([&] { client.authenticateClient("smdp.example", kTid, kAuthServerResponse); });
  expectIn(e.what(), "HTTP 400, Failed (subjectCode 8.2.6, reasonCode 3.8): the SM-DP+ refused "
                     "the MatchingID");
  ASSERT_TRUE(e.functionExecutionStatus());

  // 204 is an answer only for handleNotification and cancelSession.
  http.answer(204, "");
  e = es9pError([&] { client.authenticateClient("smdp.example", kTid, kAuthServerResponse); });
  expectIn(e.what(), "HTTP 204");
}

TEST_F(Es9pDownloadTest, NetworkErrorNamesFunction) {
  class Unreachable : public HttpClient {
  public:
    HttpResponse post(const HttpRequest &) override {
      throw Error(Errc::network, "cannot connect to smdp.example", "check the network");
    }
  } unreachable;
  Es9pClient offline(unreachable, {});
  try {
    offline.getBoundProfilePackage("smdp.example", kTid, kPrepareDownloadResponse);
    FAIL() << "no exception";
  } catch (const Es9pError &) {
    FAIL() << "a network error became an Es9pError";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::network);
    expectIn(e.what(), "ES9+ getBoundProfilePackage: cannot connect to smdp.example");
    EXPECT_EQ(e.hint(), "check the network");
  }
}

TEST_F(Es9pDownloadTest, GetBoundProfilePackageExactRequestAndAnswer) {
  http.answer(getBppOk());
  const GetBoundProfilePackageResponse r =
      client.getBoundProfilePackage("smdp.example", kTid, kPrepareDownloadResponse);
  EXPECT_EQ(http.requests[0].url, "https://smdp.example/gsma/rsp2/es9plus/getBoundProfilePackage");
  EXPECT_EQ(http.requests[0].headers, kHeaders);
  EXPECT_EQ(http.requests[0].body,
            R"({"prepareDownloadResponse":"vyEFoQMCAQU=","transactionId":"00000000188DD217"})");
  EXPECT_EQ(r.transactionId, kTid);
  EXPECT_EQ(r.transactionIdBinary, kTidBinary);
  EXPECT_EQ(r.boundProfilePackage, kBpp);
}

TEST_F(Es9pDownloadTest, GetBoundProfilePackageMalformed) {
  nlohmann::json body = getBppOk();
  body["boundProfilePackage"] = base64Encode(kMetadata);
  http.answer(body);
  Es9pError e = es9pError(
      [&] { client.getBoundProfilePackage("smdp.example", kTid, kPrepareDownloadResponse); });
  expectIn(e.what(), "boundProfilePackage has the tag BF25, not BF36");
  body = getBppOk();
  body["transactionId"] = "01";
  http.answer(body);
  e = es9pError(
      [&] { client.getBoundProfilePackage("smdp.example", kTid, kPrepareDownloadResponse); });
  expectIn(e.what(), "the transactionId \"01\" is not the session's");
  EXPECT_THROW(client.getBoundProfilePackage("smdp.example", kTid, kAuthServerResponse), Error);
}

TEST_F(Es9pDownloadTest, CancelSessionExactRequestAndAnswers) {
  http.answer(nlohmann::json{{"header", kSuccess}});
  http.answer(nlohmann::json{{"header", kSuccess}, {"transactionId", kTid}});
  http.answer(204, "");
  Es9pResult r = client.cancelSession("smdp.example", kTid, kCancelSessionResponse);
  EXPECT_EQ(r.httpStatus, 200);
  ASSERT_TRUE(r.functionExecutionStatus);
  EXPECT_EQ(r.functionExecutionStatus->status, "Executed-Success");
  EXPECT_EQ(http.requests[0].url, "https://smdp.example/gsma/rsp2/es9plus/cancelSession");
  EXPECT_EQ(http.requests[0].headers, kHeaders);
  EXPECT_EQ(http.requests[0].body,
            R"({"cancelSessionResponse":"v0EDgQEF","transactionId":"00000000188DD217"})");
  EXPECT_EQ(client.cancelSession("smdp.example", kTid, kCancelSessionResponse).httpStatus, 200);
  r = client.cancelSession("smdp.example", kTid, kCancelSessionResponse);
  EXPECT_EQ(r.httpStatus, 204);
  EXPECT_FALSE(r.functionExecutionStatus);
}

TEST_F(Es9pDownloadTest, CancelSessionErrors) {
  http.answer(nlohmann::json{{"header", kSuccess}, {"transactionId", "AA"}});
  Es9pError e =
      es9pError([&] { client.cancelSession("smdp.example", kTid, kCancelSessionResponse); });
  expectIn(e.what(),
           "ES9+ cancelSession to smdp.example: malformed answer: the transactionId \"AA\"");
  http.answer(failed("Failed", "8.10.1", "3.9"));
  e = es9pError([&] { client.cancelSession("smdp.example", kTid, kCancelSessionResponse); });
  expectIn(e.what(), "does not know this session");
  EXPECT_THROW(client.cancelSession("smdp.example", kTid, kBpp), Error);
}

TEST(Es9pStatusCodeMeaning, KnownAndUnknownPairs) {
  ASSERT_TRUE(es9pStatusCodeMeaning("8.2.7", "6.4"));
  EXPECT_FALSE(es9pStatusCodeMeaning("8.2.7", "6.5"));
  EXPECT_FALSE(es9pStatusCodeMeaning("", ""));
  EXPECT_FALSE(es9pStatusCodeMeaning("8.2.7 ", "6.4"));
}

} // namespace
} // namespace esim
