// discoverEvents between the in-process emulated eUICC (which really checks
// the server's certificate and signature) and a software SM-DS behind a fake
// HttpClient that signs serverSigned1 with a test DPauth key (the eUICC
// treats an SM-DS's CERT.DSauth the same way): the events come back, the
// AuthenticateServer request carries no matchingId (the eUICC copies
// ctxParams1 into euiccSigned1, which the SM-DS receives), a server signing
// another address is refused before the card is asked, and the card's error
// goes to the SM-DS before discoverEvents throws it.
#include "esim/event_discovery.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "codec/download_codec.hpp"
#include "emu_bench_fixture.hpp"
#include "emu_download_smdp.hpp"
#include "esim/base64.hpp"
#include "esim/es9p.hpp"
#include "esim/profile_download.hpp"

namespace emu_test {
namespace {

const std::string kSmds = "lpa.ds.example";
const std::string kTidHex = "0123456789ABCDEF8899AABBCCDDEEFF";

const SmdpPki &trustedPki() {
  static ScratchDir dir;
  static const SmdpPki pki =
      makeSmdpPki(dir.path() / "smds", sharedBench().pki / "ci.pem", sharedBench().pki / "ci.key");
  return pki;
}

const nlohmann::json kSuccess = {{"functionExecutionStatus", {{"status", "Executed-Success"}}}};

// FakeSmds answers ES11 (or ES9+) initiateAuthentication and
// authenticateClient as a server at |signedAddress| would.
class FakeSmds : public esim::HttpClient {
public:
  esim::HttpResponse post(const esim::HttpRequest &request) override {
    urls.push_back(request.url);
    const nlohmann::json body = nlohmann::json::parse(request.body);
    if (request.url.ends_with("/initiateAuthentication")) {
      esim::Bytes challenge = esim::base64Decode(body.at("euiccChallenge").get<std::string>());
      if (wrongChallenge) challenge = randomBytes(16);
      const std::string address =
          signedAddress.empty() ? body.at("smdpAddress").get<std::string>() : signedAddress;
      const esim::Bytes signed1 =
          tlv(0x30, cat({tlv(0x80, esim::fromHex(kTidHex)), tlv(0x81, challenge),
                         tlv(0x83, esim::Bytes(address.begin(), address.end())),
                         tlv(0x84, randomBytes(16))}));
      const nlohmann::json out = {
          {"header", kSuccess},
          {"transactionId", kTidHex},
          {"serverSigned1", esim::base64Encode(signed1)},
          {"serverSignature1",
           esim::base64Encode(tlv(0x5F37, signRaw(trustedPki().dpAuthKey, signed1)))},
          {"euiccCiPKIdToBeUsed", esim::base64Encode(tlv(0x04, trustedPki().ciSki))},
          {"serverCertificate", esim::base64Encode(trustedPki().dpAuthCert)}};
      return esim::HttpResponse{200, {}, out.dump()};
    }
    authenticateServerResponse =
        esim::base64Decode(body.at("authenticateServerResponse").get<std::string>());
    const esim::AuthenticateServerResponse r =
        esim::codec::decodeAuthenticateServerResponse(authenticateServerResponse);
    if (!r.authenticateResponseOk) {
      const nlohmann::json refused = {
          {"header",
           {{"functionExecutionStatus",
             {{"status", "Failed"},
              {"statusCodeData", {{"subjectCode", "8.1"}, {"reasonCode", "6.1"}}}}}}}};
      return esim::HttpResponse{200, {}, refused.dump()};
    }
    const nlohmann::json out = {
        {"header", kSuccess}, {"transactionId", kTidHex}, {"eventEntries", events}};
    return esim::HttpResponse{200, {}, out.dump()};
  }

  std::string signedAddress; // empty: the address asked for
  bool wrongChallenge = false;
  nlohmann::json events = nlohmann::json::array();
  std::vector<std::string> urls;
  esim::Bytes authenticateServerResponse;
};

euicc_emu::EmulatorState discoveryState() {
  euicc_emu::EmulatorState s = demoWithPki();
  s.pki->ciCertificates = {ciPem()};
  return s;
}

// CountingTransport is the emulator's transport counting the ES10b
// AuthenticateServer commands (STORE DATA whose data starts with BF38).
class CountingTransport : public euicc_emu::EmulatorTransport {
public:
  using EmulatorTransport::EmulatorTransport;
  int authenticateServer = 0;

protected:
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override {
    if (command.ins == 0xE2 && command.data.size() >= 2 && command.data[0] == 0xBF &&
        command.data[1] == 0x38) {
      ++authenticateServer;
    }
    return EmulatorTransport::transmitApdu(command);
  }
};

// Stack is the LPA's view of the emulated eUICC.
struct Stack {
  euicc_emu::Card card{discoveryState(), std::nullopt};
  CountingTransport transport{card};
  esim::IsdrSession session{transport};
  esim::Euicc euicc{session};
};

class EventDiscoveryTest : public ::testing::Test {
protected:
  Stack lpa;
  FakeSmds smds;
  esim::Es11Client es11{smds, {}};
  esim::DiscoveryOrder order{kSmds, esim::deviceInfoFromImei("356938035643809")};
};

TEST_F(EventDiscoveryTest, ListsTheEventsAndSendsNoMatchingId) {
  smds.events = {{{"eventId", "EV-0001"}, {"rspServerAddress", "smdp.home.example"}},
                 {{"eventId", "EV-0002"}, {"rspServerAddress", "smdp.travel.example:8443"}}};
  std::vector<esim::DiscoveryStage> stages;
  const esim::DiscoveryOutcome out = esim::discoverEvents(
      lpa.euicc, es11, order, [&](esim::DiscoveryStage s) { stages.push_back(s); });

  EXPECT_EQ(out.smdsAddress, kSmds);
  const std::vector<esim::EventEntry> expected = {{"EV-0001", "smdp.home.example"},
                                                  {"EV-0002", "smdp.travel.example:8443"}};
  EXPECT_EQ(out.eventEntries, expected);
  EXPECT_EQ(stages, (std::vector<esim::DiscoveryStage>{esim::DiscoveryStage::initiating,
                                                       esim::DiscoveryStage::authenticating}));
  EXPECT_EQ(smds.urls, (std::vector<std::string>{
                           "https://lpa.ds.example/gsma/rsp2/es9plus/initiateAuthentication",
                           "https://lpa.ds.example/gsma/rsp2/es9plus/authenticateClient"}));
  // euiccSigned1.ctxParams1 is the eUICC's copy of the request's ctxParams1.
  const esim::AuthenticateServerResponse r =
      esim::codec::decodeAuthenticateServerResponse(smds.authenticateServerResponse);
  ASSERT_TRUE(r.authenticateResponseOk);
  const esim::EuiccSigned1 &signed1 = r.authenticateResponseOk->euiccSigned1;
  EXPECT_FALSE(signed1.ctxParams1.matchingId.has_value());
  EXPECT_EQ(signed1.ctxParams1.deviceInfo, order.deviceInfo);
  EXPECT_EQ(signed1.serverAddress, kSmds);
  EXPECT_EQ(lpa.transport.authenticateServer, 1);
}

TEST_F(EventDiscoveryTest, NoEventIsAnEmptyList) {
  EXPECT_TRUE(esim::discoverEvents(lpa.euicc, es11, order).eventEntries.empty());
}

TEST_F(EventDiscoveryTest, TheSignedAddressMayDifferInCaseOrByAPortOnly) {
  smds.signedAddress = "LPA.DS.Example";
  EXPECT_NO_THROW(esim::discoverEvents(lpa.euicc, es11, order));
  order.smdsAddress = "lpa.ds.example:8443";
  smds.signedAddress = "lpa.ds.example";
  EXPECT_NO_THROW(esim::discoverEvents(lpa.euicc, es11, order));
}

TEST_F(EventDiscoveryTest, AnotherSignedAddressIsRefusedBeforeTheCardIsAsked) {
  smds.signedAddress = "evil.example";
  try {
    esim::discoverEvents(lpa.euicc, es11, order);
    ADD_FAILURE() << "no exception";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::serverError);
    EXPECT_NE(std::string(e.what()).find("the SM-DS at lpa.ds.example signed the serverAddress "
                                         "\"evil.example\""),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(smds.urls.size(), 1u) << "authenticateClient was called";
  EXPECT_TRUE(smds.authenticateServerResponse.empty());
  EXPECT_EQ(lpa.transport.authenticateServer, 0);
}

TEST_F(EventDiscoveryTest, TheCardsErrorGoesToTheSmdsThenIsThrown) {
  smds.wrongChallenge = true;
  try {
    esim::discoverEvents(lpa.euicc, es11, order);
    ADD_FAILURE() << "no exception";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::cardRefused);
    EXPECT_NE(std::string(e.what()).find("AuthenticateServer: the eUICC answered "
                                         "euiccChallengeMismatch (6)"),
              std::string::npos)
        << e.what();
  }
  ASSERT_EQ(smds.urls.size(), 2u);
  const esim::AuthenticateServerResponse r =
      esim::codec::decodeAuthenticateServerResponse(smds.authenticateServerResponse);
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::euiccChallengeMismatch);
}

// The download flow makes the same check before its AuthenticateServer.
TEST_F(EventDiscoveryTest, DownloadRefusesAnSmdpSigningAnotherAddress) {
  smds.signedAddress = "evil.example";
  esim::Es9pClient es9p(smds, {});
  esim::DownloadOrder download;
  download.smdpAddress = "smdp.home.example";
  download.matchingId = esim::SecretString("EV-0001");
  download.deviceInfo = order.deviceInfo;
  try {
    esim::downloadProfile(lpa.euicc, es9p, download);
    ADD_FAILURE() << "no exception";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::serverError);
    EXPECT_NE(std::string(e.what()).find("the SM-DP+ at smdp.home.example signed the "
                                         "serverAddress \"evil.example\""),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(smds.urls.size(), 1u);
  EXPECT_EQ(lpa.transport.authenticateServer, 0);
}

} // namespace
} // namespace emu_test
