// smdpp-emu's SM-DS role (DiscoveryService, ES11) in-process: the test
// plays the eUICC and the LPA with the shared test PKI (smdpp_soft_euicc.hpp)
// and checks that the SM-DS signs with CERT.DSauth, lists an EID's events
// and no other EID's, narrows the list to a MatchingID (an EventID),
// refuses what the download refuses, keeps its transactions apart from the
// SM-DP+'s, and forgets an event once its profile is installed. Then the
// HTTPS routing of SmdppServer: ES11 on the es11 and es9plus paths.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>

#include "server.hpp"
#include "smdpp_soft_euicc.hpp"

namespace smdpp {
namespace {

using namespace smdpp::test;
namespace codec = esim::codec;
using nlohmann::json;

constexpr const char *kSmds = "smds.travel.example";
constexpr const char *kOtherEid = "89049032123451234512345678909999";

// kEventsCatalog registers three events for the card's EID (two listed,
// one through its profile entry) and one for another EID.
const char *const kEventsCatalog = R"({
  "events": [
    {"eid": "89049032123451234512345678901235", "eventId": "EV-1",
     "rspServerAddress": "smdp.other.example"},
    {"eid": "89049032123451234512345678909999", "eventId": "EV-OTHER",
     "rspServerAddress": "smdp.other.example"},
    {"eid": "89049032123451234512345678901235", "eventId": "EV-2",
     "rspServerAddress": "smdp.third.example:8443"}],
  "profiles": [
    {"matchingId": "PUSHED-1", "profilePackage": "builtin:demo",
     "eid": "89049032123451234512345678901235", "smdsEvent": true,
     "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "esimctl Travel",
                  "profileName": "Pushed"}}]})";

json entry(const std::string &eventId, const std::string &address) {
  return {{"eventId", eventId}, {"rspServerAddress", address}};
}

// Services is an SM-DP+ with the events catalog and the SM-DS beside it.
struct Services {
  explicit Services(const char *catalog = kEventsCatalog)
      : dp(sharedPki().service(Catalog::fromJson(catalog, ".", kAddress, "test catalog"))),
        ds(sharedPki().ci.get(), sharedPki().dsCredential(), dp.events(), kSmds) {}
  DownloadService dp;
  DiscoveryService ds;
};

TEST(Discovery, ACardGetsItsEidsEventsInRegistrationOrderSignedWithDsAuth) {
  Services s;
  EXPECT_EQ(s.ds.smdsOid(), "2.999.12");
  SoftEuicc card(sharedPki());
  // initiate checks serverSigned1 against CERT.DSauth and the address.
  card.initiate(s.ds, "SMDS.travel.example:8443", sharedPki().dsauth.get());
  const json answer = card.discover(s.ds);
  EXPECT_EQ(answer.at("eventEntries"),
            json::array({entry("EV-1", "smdp.other.example"),
                         entry("EV-2", "smdp.third.example:8443"), entry("PUSHED-1", kAddress)}));
  // The session is over: a second authenticateClient is an unknown transaction.
  expectCode([&] { card.discover(s.ds); }, "8.10.1", "3.9");
}

TEST(Discovery, AnEidWithoutEventsGetsAnEmptyList) {
  Services s(R"({"profiles": [], "events": [
    {"eid": "89049032123451234512345678909999", "eventId": "EV-OTHER",
     "rspServerAddress": "smdp.other.example"}]})");
  SoftEuicc card(sharedPki());
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  const json answer = card.discover(s.ds);
  ASSERT_TRUE(answer.at("eventEntries").is_array());
  EXPECT_TRUE(answer.at("eventEntries").empty());
  EXPECT_EQ(s.dp.events().forEid(kOtherEid).size(), 1u);
}

TEST(Discovery, AMatchingIdIsAnEventIdOfThisEid) {
  Services s;
  SoftEuicc card(sharedPki());
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  EXPECT_EQ(card.discover(s.ds, "EV-2").at("eventEntries"),
            json::array({entry("EV-2", "smdp.third.example:8443")}));
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  const std::string message = expectCode([&] { card.discover(s.ds, "EV-OTHER"); }, "8.9.5", "3.9");
  EXPECT_NE(message.find("EV-OTHER"), std::string::npos);
}

TEST(Discovery, TheEuiccIsVerifiedAsInTheDownload) {
  Services s;
  SoftEuicc card(sharedPki());
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  expectCode(
      [&] {
        s.ds.authenticateClient({{"transactionId", esim::toHex(card.tid())},
                                 {"authenticateServerResponse",
                                  esim::base64Encode(card.authenticateServerResponse("", true))}});
      },
      "8.1", "6.1");
  // The card's own refusal (BF38 error alternative) is Failed too.
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  const std::string message = expectCode(
      [&] {
        s.ds.authenticateClient(
            {{"transactionId", esim::toHex(card.tid())},
             {"authenticateServerResponse",
              esim::base64Encode(card.refusal(esim::AuthenticateErrorCode::invalidCertificate))}});
      },
      "8.1", "6.1");
  EXPECT_NE(message.find("SM-DS"), std::string::npos);
  // A CI the card does not list: the SM-DS's own codes.
  const esim::Bytes info1 = codec::encodeEuiccInfo1(
      esim::EUICCInfo1{{0x02, 0x02, 0x00}, {esim::Bytes(20, 0x11)}, {esim::Bytes(20, 0x11)}});
  expectCode(
      [&] {
        s.ds.initiateAuthentication({{"euiccChallenge", esim::base64Encode(random(16))},
                                     {"euiccInfo1", esim::base64Encode(info1)},
                                     {"smdpAddress", kSmds}});
      },
      "8.9.2", "3.1");
}

TEST(Discovery, SmdsAndSmdpTransactionsAreKeptApart) {
  Services s;
  SoftEuicc card(sharedPki());
  // An SM-DS session is no download session ...
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  EXPECT_TRUE(s.ds.knows({{"transactionId", esim::toHex(card.tid())}}));
  expectCode([&] { card.getBpp(s.dp); }, "8.10.1", "3.9");
  expectCode(
      [&] {
        s.dp.cancelSession({{"transactionId", esim::toHex(card.tid())},
                            {"cancelSessionResponse",
                             esim::base64Encode(esim::Bytes{0xBF, 0x41, 0x03, 0x02, 0x01, 0x05})}});
      },
      "8.10.1", "3.9");
  expectCode([&] { card.authenticate(s.dp, "PUSHED-1"); }, "8.10.1", "3.9");
  // ... and a download session no SM-DS one.
  card.initiate(s.dp);
  EXPECT_FALSE(s.ds.knows({{"transactionId", esim::toHex(card.tid())}}));
  expectCode([&] { card.discover(s.ds); }, "8.10.1", "3.9");
  // Each answers only to its own address.
  expectCode([&] { card.initiate(s.ds, kAddress, sharedPki().dsauth.get()); }, "8.9.1", "3.8");
  expectCode([&] { card.initiate(s.dp, kSmds); }, "8.8.1", "3.8");
}

TEST(Discovery, TheEventIsDeletedOnceItsProfileIsInstalled) {
  Services s;
  SoftEuicc card(sharedPki());
  // The LPA downloads with the eventId as MatchingID; a failed install
  // keeps the event.
  card.initiate(s.dp);
  card.authenticate(s.dp, "PUSHED-1");
  card.getBpp(s.dp);
  EXPECT_FALSE(s.dp.checkInstallResult(card.installResult(false)).success);
  EXPECT_EQ(s.dp.events().forEid(kEid).size(), 3u);
  card.initiate(s.dp);
  card.authenticate(s.dp, "PUSHED-1");
  card.getBpp(s.dp);
  EXPECT_TRUE(s.dp.checkInstallResult(card.installResult(true)).success);
  card.initiate(s.ds, kSmds, sharedPki().dsauth.get());
  EXPECT_EQ(
      card.discover(s.ds).at("eventEntries"),
      json::array({entry("EV-1", "smdp.other.example"), entry("EV-2", "smdp.third.example:8443")}));
}

// The two test tools together, as the end-to-end test will run them: the
// emulated eUICC (euicc-emu's card, in-process) authenticates the SM-DS
// with the answers DiscoveryService sends, and the SM-DS takes its
// euiccSigned1 and lists the card's events.
TEST(Discovery, TheEmulatedCardAuthenticatesTheSmdsAndGetsItsEvents) {
  Services s;
  euicc_emu::EmulatorState state = emu_test::demoWithPki();
  state.pki->ciCertificates = {emu_test::ciPem()};
  emu_test::Lpa lpa(state);
  const esim::Bytes challenge = lpa.euicc().getEuiccChallenge();
  const json init = s.ds.initiateAuthentication(
      {{"euiccChallenge", esim::base64Encode(challenge)},
       {"euiccInfo1", esim::base64Encode(lpa.euicc().getEuiccInfo1Raw())},
       {"smdpAddress", kSmds}});
  esim::AuthenticateServerRequest request;
  request.serverSigned1 = b64d(init.at("serverSigned1"));
  request.serverSignature1 = b64d(init.at("serverSignature1"));
  request.euiccCiPKIdToBeUsed = b64d(init.at("euiccCiPKIdToBeUsed"));
  request.serverCertificate = b64d(init.at("serverCertificate"));
  request.ctxParams1.deviceInfo.tac = esim::fromHex("35290611");
  const esim::AuthenticateServerResponse r = lpa.euicc().authenticateServer(request);
  ASSERT_TRUE(r.authenticateResponseOk);
  const json answer =
      s.ds.authenticateClient({{"transactionId", init.at("transactionId")},
                               {"authenticateServerResponse", esim::base64Encode(r.raw)}});
  EXPECT_EQ(answer.at("eventEntries"),
            json::array({entry("EV-1", "smdp.other.example"),
                         entry("EV-2", "smdp.third.example:8443"), entry("PUSHED-1", kAddress)}));
}

TEST(Discovery, DsAuthMustBeIssuedByTheCiAndCarryTheDsAuthPolicy) {
  EventRegistry events;
  const Pki &pki = sharedPki();
  try {
    DiscoveryService ds(pki.ci.get(),
                        DpCredential::load((emu_test::sharedBench().pki / "dpauth.pem").string(),
                                           (emu_test::sharedBench().pki / "dpauth.key").string(),
                                           "DSauth"),
                        events, kSmds);
    ADD_FAILURE() << "CERT.DPauth was taken for CERT.DSauth";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("2.23.146.1.2.1.7"), std::string::npos) << e.what();
  }
  emu_test::ScratchDir dir;
  const std::string command = "'" + euicc_emu::defaultPkiScript().string() + "' '" +
                              (dir.path() / "pki").string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  try {
    DiscoveryService ds(pki.ci.get(), Pki(dir.path() / "pki").dsCredential(), events, kSmds);
    ADD_FAILURE() << "a DSauth of another CI was taken";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("not issued by the CI"), std::string::npos) << e.what();
  }
}

// Https is an SmdppServer on 127.0.0.1 with the SM-DP+ and SM-DS roles,
// and a client that trusts the test CI; post returns the answer's JSON.
class Https {
public:
  explicit Https(Services &s) {
    ServerOptions options;
    options.certPath = (emu_test::sharedBench().pki / "smdp-tls.pem").string();
    options.keyPath = (emu_test::sharedBench().pki / "smdp-tls.key").string();
    options.download = &s.dp;
    options.discovery = &s.ds;
    verifier_ =
        std::make_unique<NotificationVerifier>((emu_test::sharedBench().pki / "ci.pem").string());
    server_ = std::make_unique<SmdppServer>(options, *verifier_, nullptr);
    port_ = server_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] {
      server_->run();
      done_ = true;
    });
    client_ = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    client_->set_ca_cert_path((emu_test::sharedBench().pki / "ci.pem").c_str());
    client_->enable_server_certificate_verification(true);
  }
  ~Https() {
    // A stop before run() started is lost: stop until run() has returned.
    while (!done_) {
      server_->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    thread_.join();
  }
  json post(const std::string &path, const json &body) {
    httplib::Result r = client_->Post(path, {{"X-Admin-Protocol", "gsma/rsp/v2.2.0"}}, body.dump(),
                                      "application/json");
    EXPECT_TRUE(r) << path;
    return r ? json::parse(r->body) : json();
  }
  // At is SoftEuicc's view of one path prefix: the answer without its
  // header, after checking that the function executed.
  struct At {
    Https &https;
    std::string prefix;
    json call(const char *function, const json &body) {
      json answer = https.post(prefix + function, body);
      EXPECT_EQ(answer["header"]["functionExecutionStatus"]["status"], "Executed-Success")
          << prefix << function << ": " << answer.dump();
      return answer;
    }
    json initiateAuthentication(const json &body) { return call("initiateAuthentication", body); }
    json authenticateClient(const json &body) { return call("authenticateClient", body); }
  };

private:
  std::unique_ptr<NotificationVerifier> verifier_;
  std::unique_ptr<SmdppServer> server_;
  int port_ = 0;
  std::atomic<bool> done_{false};
  std::thread thread_;
  std::unique_ptr<httplib::SSLClient> client_;
};

std::string statusOf(const json &answer) {
  const json &data = answer["header"]["functionExecutionStatus"]["statusCodeData"];
  return data.value("subjectCode", "") + "/" + data.value("reasonCode", "");
}

TEST(DiscoveryHttps, Es11IsServedOnTheEs11AndEs9PlusPaths) {
  Services s;
  Https https(s);
  SoftEuicc card(sharedPki());
  for (const char *prefix : {"/gsma/rsp2/es11/", "/gsma/rsp2/es9plus/"}) {
    Https::At at{https, prefix};
    card.initiate(at, kSmds, sharedPki().dsauth.get());
    EXPECT_EQ(card.discover(at, "EV-1").at("eventEntries"),
              json::array({entry("EV-1", "smdp.other.example")}))
        << prefix;
  }
  // The es9plus paths still serve the SM-DP+ beside it.
  Https::At es9{https, "/gsma/rsp2/es9plus/"};
  card.initiate(es9);
  EXPECT_TRUE(
      es9.authenticateClient({{"transactionId", esim::toHex(card.tid())},
                              {"authenticateServerResponse",
                               esim::base64Encode(card.authenticateServerResponse("PUSHED-1"))}})
          .contains("smdpSigned2"));
}

TEST(DiscoveryHttps, TheEs11PathsRefuseSmdpSessions) {
  Services s;
  Https https(s);
  SoftEuicc card(sharedPki());
  Https::At es9{https, "/gsma/rsp2/es9plus/"};
  card.initiate(es9);
  EXPECT_EQ(statusOf(https.post("/gsma/rsp2/es11/authenticateClient",
                                {{"transactionId", esim::toHex(card.tid())},
                                 {"authenticateServerResponse",
                                  esim::base64Encode(card.authenticateServerResponse(""))}})),
            "8.10.1/3.9");
  EXPECT_EQ(statusOf(https.post("/gsma/rsp2/es11/initiateAuthentication",
                                {{"euiccChallenge", esim::base64Encode(random(16))},
                                 {"euiccInfo1", esim::base64Encode(esim::fromHex("BF2000"))},
                                 {"smdpAddress", kAddress}})),
            "8.9.1/3.8");
  // An SM-DS transaction at getBoundProfilePackage: unknown to the SM-DP+.
  Https::At es11{https, "/gsma/rsp2/es11/"};
  card.initiate(es11, kSmds, sharedPki().dsauth.get());
  EXPECT_EQ(statusOf(https.post(
                "/gsma/rsp2/es9plus/getBoundProfilePackage",
                {{"transactionId", esim::toHex(card.tid())},
                 {"prepareDownloadResponse", esim::base64Encode(esim::fromHex("BF2100"))}})),
            "8.10.1/3.9");
}

} // namespace
} // namespace smdpp
