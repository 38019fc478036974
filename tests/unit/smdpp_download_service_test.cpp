// smdpp-emu's DownloadService in-process, without HTTP: the test plays the
// eUICC (and the LPA that relays its blobs) with the shared test PKI's
// eUICC key and certificates. It checks what the SM-DP+ signs (serverSigned1
// with DPauth, smdpSigned2 and smdpSign with DPpb), builds euiccSigned1/2
// with the codec and signs them, and unwraps the Bound Profile Package with
// the one-time key it generated for euiccSigned2 back to the catalog's
// profile bytes. Then every refusal with its SGP.22 subjectCode/reasonCode:
// unknown matching ID, wrong/missing confirmation code, CC retries
// exceeded, EID outside the EUM's range, a bad euiccSignature1, an unknown
// transaction, a second download of an order that is not reusable.
#include <gtest/gtest.h>

#include "smdpp_soft_euicc.hpp"

namespace smdpp {
namespace {

using namespace smdpp::test;
namespace codec = esim::codec;
using nlohmann::json;

// kCatalog holds the orders the tests download: the built-in demo profile
// under several matching IDs.
const char *const kCatalog = R"({"profiles": [
  {"matchingId": "ONCE", "profilePackage": "builtin:demo",
   "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "esimctl Travel",
                "profileName": "Once"}},
  {"matchingId": "AGAIN", "profilePackage": "builtin:demo", "reusable": true,
   "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "esimctl Travel",
                "profileName": "Again"}},
  {"matchingId": "CC", "profilePackage": "builtin:demo", "reusable": true,
   "confirmationCode": "4711", "confirmationCodeAttempts": 2,
   "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "esimctl Travel",
                "profileName": "With code"}}]})";

Catalog testCatalog() {
  return Catalog::fromJson(kCatalog, ".", kAddress, "test catalog");
}

TEST(DownloadService, DownloadsTheDemoProfileBoundToThisEuicc) {
  DownloadService dp = sharedPki().service(Catalog::demo(kAddress));
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  card.authenticate(dp, kDemoMatchingId);
  EXPECT_FALSE(card.ccRequired());
  const Catalog demo = Catalog::demo(kAddress);
  const CatalogEntry &entry = *demo.find(kDemoMatchingId);
  EXPECT_EQ(card.metadata(), codec::encodeStoreMetadataRequest(entry.metadata));
  const esim::StoreMetadataRequest metadata = codec::decodeStoreMetadataRequest(card.metadata());
  EXPECT_EQ(metadata.iccid, kDemoIccid);
  EXPECT_EQ(metadata.notificationConfigurationInfo.at(0).notificationAddress, kAddress);

  const json bpp = card.getBpp(dp);
  EXPECT_EQ(bpp.at("transactionId").get<std::string>(), esim::toHex(card.tid()));
  const SoftEuicc::Unwrapped plain = card.unwrap(b64d(bpp.at("boundProfilePackage")));
  EXPECT_EQ(plain.configureIsdp, esim::fromHex("BF2400"));
  EXPECT_EQ(plain.storeMetadata, card.metadata());
  EXPECT_EQ(plain.profilePackage, entry.profilePackage);
  EXPECT_EQ(plain.profilePackage, demoProfilePackage(kDemoIccid));

  // The install notification verifies with this session's eUICC and ends it.
  const InstallResultCheck check = dp.checkInstallResult(card.installResult(true));
  EXPECT_TRUE(check.sessionKnown);
  EXPECT_TRUE(check.signatureValid);
  EXPECT_TRUE(check.success);
  EXPECT_EQ(check.eid, kEid);
  EXPECT_EQ(check.matchingId, kDemoMatchingId);
  EXPECT_FALSE(dp.checkInstallResult(card.installResult(true)).sessionKnown);
}

TEST(DownloadService, ConfirmationCodeRightWrongMissingAndRetriesExceeded) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  // The right code: the BPP comes.
  card.initiate(dp);
  card.authenticate(dp, "CC");
  EXPECT_TRUE(card.ccRequired());
  EXPECT_FALSE(
      card.unwrap(b64d(card.getBpp(dp, "4711").at("boundProfilePackage"))).profilePackage.empty());
  // No hashCc: 8.2.7/2.2 (not counted as a wrong code).
  card.initiate(dp);
  card.authenticate(dp, "CC");
  expectCode([&] { card.getBpp(dp); }, "8.2.7", "2.2");
  // A wrong code: 8.2.7/3.8, and the session is gone.
  card.initiate(dp);
  card.authenticate(dp, "CC");
  expectCode([&] { card.getBpp(dp, "0000"); }, "8.2.7", "3.8");
  expectCode([&] { card.getBpp(dp, "4711"); }, "8.10.1", "3.9");
  // The second wrong code uses up the attempts: 8.2.7/6.4 ...
  card.initiate(dp);
  card.authenticate(dp, "CC");
  expectCode([&] { card.getBpp(dp, "1111"); }, "8.2.7", "6.4");
  // ... and the order is locked, even for the right code.
  card.initiate(dp);
  expectCode([&] { card.authenticate(dp, "CC"); }, "8.2.7", "6.4");
}

TEST(DownloadService, TheSmdpAddressMayCarryAPortButNotAnotherHost) {
  DownloadService dp = sharedPki().service(testCatalog());
  const esim::Bytes info1 = codec::encodeEuiccInfo1(
      euicc_emu::euiccInfo1From(emu_test::sharedBench().initState.euiccInfo2));
  const auto initiate = [&](const std::string &address) {
    return dp.initiateAuthentication({{"euiccChallenge", esim::base64Encode(random(16))},
                                      {"euiccInfo1", esim::base64Encode(info1)},
                                      {"smdpAddress", address}});
  };
  const json answer = initiate("SMDP.travel.example:8443");
  EXPECT_EQ(codec::decodeServerSigned1(b64d(answer.at("serverSigned1"))).serverAddress,
            "SMDP.travel.example:8443");
  expectCode([&] { initiate("smdp.home.example"); }, "8.8.1", "3.8");
  expectCode([&] { initiate("smdp.travel.example:x"); }, "8.8.1", "3.8");
  expectCode([&] { initiate("smdp.travel.example.evil:443"); }, "8.8.1", "3.8");
}

TEST(DownloadService, UnknownMatchingIdIsRefused) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  const std::string message =
      expectCode([&] { card.authenticate(dp, "NO-SUCH-ORDER"); }, "8.2.6", "3.8");
  EXPECT_NE(message.find("NO-SUCH-ORDER"), std::string::npos);
}

TEST(DownloadService, AnOrderThatIsNotReusableDownloadsOnce) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  card.authenticate(dp, "ONCE");
  card.getBpp(dp);
  EXPECT_TRUE(dp.checkInstallResult(card.installResult(true)).success);
  card.initiate(dp);
  expectCode([&] { card.authenticate(dp, "ONCE"); }, "8.8.5", "6.4");
  // A reusable order downloads again.
  for (int i = 0; i < 2; ++i) {
    card.initiate(dp);
    card.authenticate(dp, "AGAIN");
    card.getBpp(dp);
  }
}

TEST(DownloadService, AFailedInstallMakesTheOrderAvailableAgain) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  card.authenticate(dp, "ONCE");
  card.getBpp(dp);
  const InstallResultCheck check = dp.checkInstallResult(card.installResult(false));
  EXPECT_TRUE(check.signatureValid);
  EXPECT_FALSE(check.success);
  card.initiate(dp);
  card.authenticate(dp, "ONCE");
}

TEST(DownloadService, ABadEuiccSignature1IsRefused) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  expectCode(
      [&] {
        dp.authenticateClient(
            {{"transactionId", esim::toHex(card.tid())},
             {"authenticateServerResponse",
              esim::base64Encode(card.authenticateServerResponse(kDemoMatchingId, true))}});
      },
      "8.1", "6.1");
}

TEST(DownloadService, AnUnknownTransactionIsRefused) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  const esim::Bytes answer = card.authenticateServerResponse("AGAIN");
  expectCode(
      [&] {
        dp.authenticateClient({{"transactionId", "00112233445566778899AABBCCDDEEFF"},
                               {"authenticateServerResponse", esim::base64Encode(answer)}});
      },
      "8.10.1", "3.9");
  expectCode(
      [&] {
        dp.getBoundProfilePackage(
            {{"transactionId", "00112233445566778899AABBCCDDEEFF"},
             {"prepareDownloadResponse", esim::base64Encode(esim::fromHex("BF2100"))}});
      },
      "8.10.1", "3.9");
}

TEST(DownloadService, MalformedCardAnswersAreFunctionInvalid) {
  DownloadService dp = sharedPki().service(testCatalog());
  SoftEuicc card(sharedPki());
  card.initiate(dp);
  const std::string message = expectCode(
      [&] {
        dp.authenticateClient(
            {{"transactionId", esim::toHex(card.tid())},
             {"authenticateServerResponse", esim::base64Encode(esim::fromHex("BF3803A00100"))}});
      },
      "1.6", "2.1");
  EXPECT_NE(message.find("authenticateServerResponse"), std::string::npos);
}

// An EUM whose name constraint permits EIDs from 89049033 only: the eUICC's
// EID 89049032... is outside it.
TEST(DownloadService, AnEidOutsideTheEumRangeIsRefused) {
  emu_test::ScratchDir dir;
  const std::string command = "'" + euicc_emu::defaultPkiScript().string() + "' '" +
                              (dir.path() / "pki").string() + "' --eid " + kEid +
                              " --eum-eid-prefix 89049033 >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const Pki pki(dir.path() / "pki");
  DownloadService dp = pki.service(testCatalog());
  SoftEuicc card(pki);
  card.initiate(dp);
  const std::string message = expectCode([&] { card.authenticate(dp, "AGAIN"); }, "8.1.4", "6.1");
  EXPECT_NE(message.find(kEid), std::string::npos);
}

} // namespace
} // namespace smdpp
