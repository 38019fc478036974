// Es11Client against a recording fake HttpClient: the exact requests and
// paths (es9plus first, es11 after a 404 for the whole session, no fallback
// on other statuses), and how the authenticateClient answer's eventEntries
// are read and checked.
#include "esim/es11.hpp"

#include <string>

#include "unit/es9p_fake_http.hpp"

namespace esim {
namespace {

using namespace es9p_test;

const std::string kSmds = "lpa.ds.example";

nlohmann::json authenticateClientOk(nlohmann::json eventEntries) {
  return {{"header", kSuccess}, {"transactionId", kTid}, {"eventEntries", std::move(eventEntries)}};
}

class Es11ClientTest : public ::testing::Test {
protected:
  void TearDown() override {
    EXPECT_TRUE(http.steps.empty()) << http.steps.size() << " scripted answers were not used";
  }

  Es9pError authenticateClientError(const nlohmann::json &body) {
    http.answer(body);
    return es9pError([&] { client.authenticateClient(kSmds, kTid, kAuthServerResponse); });
  }

  FakeHttpClient http;
  Es11Client client{http, Es9pClientOptions{}};
};

TEST_F(Es11ClientTest, BothCallsOnTheEs9plusPathsWithTheSmdsAsSmdpAddress) {
  http.answer(initiateAuthenticationOk());
  http.answer(authenticateClientOk(
      {{{"eventId", "EV-0001"}, {"rspServerAddress", "smdp.home.example"}},
       {{"eventId", "ev_2"}, {"rspServerAddress", "smdp.travel.example:8443"}}}));
  const InitiateAuthenticationResponse auth =
      client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
  EXPECT_EQ(auth.transactionId, kTid);
  EXPECT_EQ(auth.serverSigned1, kServerSigned1);
  const AuthenticateClientEs11Response r =
      client.authenticateClient(kSmds, auth.transactionId, kAuthServerResponse);

  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.requests[0].url,
            "https://lpa.ds.example/gsma/rsp2/es9plus/initiateAuthentication");
  EXPECT_EQ(http.requests[0].body,
            R"({"euiccChallenge":"AAECAwQFBgcICQoLDA0ODw==","euiccInfo1":"vyAFggMCAgI=",)"
            R"("smdpAddress":"lpa.ds.example"})");
  EXPECT_EQ(http.requests[1].url, "https://lpa.ds.example/gsma/rsp2/es9plus/authenticateClient");
  EXPECT_EQ(nlohmann::json::parse(http.requests[1].body),
            nlohmann::json({{"transactionId", kTid},
                            {"authenticateServerResponse", base64Encode(kAuthServerResponse)}}));
  EXPECT_EQ(r.transactionId, kTid);
  EXPECT_EQ(r.transactionIdBinary, fromHex(kTid));
  const std::vector<EventEntry> expected = {{"EV-0001", "smdp.home.example"},
                                            {"ev_2", "smdp.travel.example:8443"}};
  EXPECT_EQ(r.eventEntries, expected);
}

TEST_F(Es11ClientTest, A404OnEs9plusFallsBackToEs11ForTheWholeSession) {
  http.answer(404, "Not Found");
  http.answer(initiateAuthenticationOk());
  http.answer(authenticateClientOk(nlohmann::json::array()));
  const auto auth = client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
  const auto r = client.authenticateClient(kSmds, auth.transactionId, kAuthServerResponse);
  EXPECT_TRUE(r.eventEntries.empty());
  ASSERT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(http.requests[0].url,
            "https://lpa.ds.example/gsma/rsp2/es9plus/initiateAuthentication");
  EXPECT_EQ(http.requests[1].url, "https://lpa.ds.example/gsma/rsp2/es11/initiateAuthentication");
  EXPECT_EQ(http.requests[1].body, http.requests[0].body);
  EXPECT_EQ(http.requests[2].url, "https://lpa.ds.example/gsma/rsp2/es11/authenticateClient");
}

TEST_F(Es11ClientTest, TheFallbackIsForgottenByTheNextSession) {
  http.answer(404, "Not Found");
  http.answer(initiateAuthenticationOk());
  http.answer(initiateAuthenticationOk());
  http.answer(authenticateClientOk(nlohmann::json::array()));
  client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
  client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
  client.authenticateClient(kSmds, kTid, kAuthServerResponse);
  ASSERT_EQ(http.requests.size(), 4u);
  EXPECT_EQ(http.requests[3].url, "https://lpa.ds.example/gsma/rsp2/es9plus/authenticateClient");
}

TEST_F(Es11ClientTest, A404OnBothPathsIsTheSecondOnesError) {
  http.answer(404, "Not Found");
  http.answer(404, "Not Found");
  Es9pError e = es9pError([&] { client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1); });
  EXPECT_EQ(e.httpStatus(), 404);
  expectIn(e.what(), "ES11 initiateAuthentication to lpa.ds.example: the SM-DS answered HTTP 404");
  expectIn(e.hint(), "no ES11 service at this address");
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.requests[1].url, "https://lpa.ds.example/gsma/rsp2/es11/initiateAuthentication");
}

TEST_F(Es11ClientTest, NoFallbackOnOtherStatuses) {
  for (long status : {400L, 403L, 405L, 500L, 503L}) {
    SCOPED_TRACE(status);
    http.requests.clear();
    http.answer(status, "no");
    Es9pError e = es9pError([&] { client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1); });
    EXPECT_EQ(e.httpStatus(), status);
    EXPECT_EQ(http.requests.size(), 1u);
  }
  // Nor on a 404 of authenticateClient: the session lives on one path.
  http.requests.clear();
  http.answer(404, "Not Found");
  Es9pError e = es9pError([&] { client.authenticateClient(kSmds, kTid, kAuthServerResponse); });
  EXPECT_EQ(e.httpStatus(), 404);
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST_F(Es11ClientTest, AFailedStatusNamesTheSmdsAndItsCodes) {
  http.answer(initiateAuthenticationOk());
  http.answer({{"header",
                {{"functionExecutionStatus",
                  {{"status", "Failed"},
                   {"statusCodeData", {{"subjectCode", "8.1"}, {"reasonCode", "6.1"}}}}}}}});
  client.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
  Es9pError e = es9pError([&] { client.authenticateClient(kSmds, kTid, kAuthServerResponse); });
  expectIn(e.what(), "ES11 authenticateClient to lpa.ds.example: the SM-DS answered Failed "
                     "(subjectCode 8.1, reasonCode 6.1");
  ASSERT_TRUE(e.functionExecutionStatus());
  EXPECT_EQ(e.functionExecutionStatus()->subjectCode, "8.1");
  EXPECT_EQ(e.functionExecutionStatus()->reasonCode, "6.1");
}

TEST_F(Es11ClientTest, ATransactionIdOtherThanTheSessionsIsMalformed) {
  nlohmann::json body = authenticateClientOk(nlohmann::json::array());
  body["transactionId"] = "0102";
  Es9pError e = authenticateClientError(body);
  expectIn(e.what(), "ES11 authenticateClient to lpa.ds.example: malformed answer: the "
                     "transactionId \"0102\" is not the session's, 00000000188DD217");
  expectIn(e.hint(), "the SM-DS answered something this LPA cannot use");
}

TEST_F(Es11ClientTest, AnEmptyListIsNoEvent) {
  http.answer(authenticateClientOk(nlohmann::json::array()));
  EXPECT_TRUE(client.authenticateClient(kSmds, kTid, kAuthServerResponse).eventEntries.empty());
}

TEST_F(Es11ClientTest, MalformedEventEntries) {
  struct Case {
    nlohmann::json entries; // null: no eventEntries field at all
    const char *message;
  };
  const nlohmann::json ok = {{"eventId", "EV-1"}, {"rspServerAddress", "smdp.example"}};
  auto with = [&](const char *field, nlohmann::json value) {
    nlohmann::json e = ok;
    if (value.is_null()) {
      e.erase(field);
    } else {
      e[field] = std::move(value);
    }
    return nlohmann::json::array({ok, e});
  };
  const Case cases[] = {
      {nullptr, "no array field \"eventEntries\""},
      {"EV-1", "no array field \"eventEntries\""},
      {ok, "no array field \"eventEntries\""},
      {nlohmann::json::array({ok, "EV-2"}), "eventEntries[1] is not an object"},
      {with("eventId", nullptr), "eventEntries[1] has no string field \"eventId\""},
      {with("eventId", 7), "eventEntries[1] has no string field \"eventId\""},
      {with("rspServerAddress", nullptr),
       "eventEntries[1] has no string field \"rspServerAddress\""},
      {with("eventId", ""), "eventEntries[1].eventId \"\" is not 1..128 printable ASCII"},
      {with("eventId", "EV 1"), "eventEntries[1].eventId \"EV 1\" is not 1..128"},
      {with("eventId", "EV\x1b]0;x\x07"), "eventEntries[1].eventId \"EV\\x1B]0;x\\x07\""},
      {with("eventId", std::string(129, 'A')), "eventEntries[1].eventId"},
      {with("rspServerAddress", "https://smdp.example/x"),
       "eventEntries[1].rspServerAddress \"https://smdp.example/x\" is not a host name"},
      {with("rspServerAddress", ""), "eventEntries[1].rspServerAddress \"\" is not a host name"},
      {with("rspServerAddress", "smdp.example:0"), "eventEntries[1].rspServerAddress"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.message);
    nlohmann::json body = {{"header", kSuccess}, {"transactionId", kTid}};
    if (!c.entries.is_null()) body["eventEntries"] = c.entries;
    Es9pError e = authenticateClientError(body);
    expectIn(e.what(),
             std::string("ES11 authenticateClient to lpa.ds.example: malformed answer: ") +
                 c.message);
  }
  // The longest eventId accepted.
  http.answer(authenticateClientOk(nlohmann::json::array(
      {{{"eventId", std::string(128, 'A')}, {"rspServerAddress", "smdp.example"}}})));
  EXPECT_EQ(client.authenticateClient(kSmds, kTid, kAuthServerResponse).eventEntries.size(), 1u);
}

TEST_F(Es11ClientTest, BadArgumentsAreNotSent) {
  try {
    client.initiateAuthentication("https://lpa.ds.example", kChallenge, kEuiccInfo1);
    ADD_FAILURE() << "no exception";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::invalidArgument);
    expectIn(e.what(), "ES11 initiateAuthentication: the SM-DS address");
  }
  EXPECT_THROW(client.authenticateClient(kSmds, "xyz", kAuthServerResponse), Error);
  EXPECT_THROW(client.authenticateClient(kSmds, kTid, kCertificate), Error);
  EXPECT_TRUE(http.requests.empty());
}

TEST_F(Es11ClientTest, NetworkErrorsNameTheEs11Function) {
  class Unreachable : public HttpClient {
  public:
    HttpResponse post(const HttpRequest &) override {
      throw Error(Errc::network, "could not connect", "check the network");
    }
  } down;
  Es11Client es11(down, {});
  try {
    es11.initiateAuthentication(kSmds, kChallenge, kEuiccInfo1);
    ADD_FAILURE() << "no exception";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::network);
    expectIn(e.what(), "ES11 initiateAuthentication: could not connect");
  }
}

} // namespace
} // namespace esim
