// ES9+ handleNotification for real: CurlHttpClient + Es9pClient against
// smdpp-emu over HTTPS, with a test PKI from tools/pki/make-test-pki.sh and
// notifications signed here with the eUICC key of that PKI.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include "codec/es10_codec.hpp"
#include "esim/base64.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"
#include "support/process.hpp"
#include "support/smdpp_process.hpp"

namespace esim {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using test::ChildProcess;

constexpr char kHost[] = "smdp.travel.example";
constexpr char kEid[] = "89049032123451234512345678901235";

std::string readText(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Bytes readBytes(const fs::path &path) {
  const std::string text = readText(path);
  return Bytes(text.begin(), text.end());
}

std::vector<std::string> readLines(const fs::path &path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// makePki runs the PKI script into |dir|; fails the test if it does not work.
void makePki(const fs::path &dir) {
  const test::CommandResult r =
      test::runCommand({PKI_SCRIPT_PATH, dir.string()}, {}, std::chrono::seconds(30));
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
}

// signNotification builds an OtherSignedNotification as an eUICC of the
// PKI in |pki| would: tbsOtherNotification signed with euicc.key
// (ECDSA/SHA-256), the signature as raw r||s, and both certificates.
Bytes signNotification(const fs::path &pki, const NotificationMetadata &metadata) {
  const Bytes tbs = codec::encodeNotificationMetadata(metadata);
  std::unique_ptr<FILE, int (*)(FILE *)> keyFile(std::fopen((pki / "euicc.key").c_str(), "r"),
                                                 &std::fclose);
  EXPECT_TRUE(keyFile);
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY *)> key(
      PEM_read_PrivateKey(keyFile.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t derLength = 0;
  EXPECT_TRUE(key && ctx &&
              EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
              EVP_DigestSign(ctx.get(), nullptr, &derLength, tbs.data(), tbs.size()) == 1);
  std::vector<unsigned char> der(derLength);
  EXPECT_EQ(EVP_DigestSign(ctx.get(), der.data(), &derLength, tbs.data(), tbs.size()), 1);
  const unsigned char *p = der.data();
  std::unique_ptr<ECDSA_SIG, void (*)(ECDSA_SIG *)> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(derLength)), &ECDSA_SIG_free);
  EXPECT_TRUE(sig);
  Bytes rs(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rs.data() + 32, 32);
  return codec::encodeOtherSignedNotification(tbs, rs, readBytes(pki / "euicc.der"),
                                              readBytes(pki / "eum.der"));
}

NotificationMetadata deleteNotification(std::int64_t seqNumber) {
  NotificationMetadata m;
  m.seqNumber = seqNumber;
  m.profileManagementOperation = NotificationEvent::notificationDelete;
  m.notificationAddress = kHost;
  m.iccid = "8949449999999990023";
  return m;
}

// unusedPort returns a loopback port nobody listens on (bound, then closed).
int unusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Smdpp is the suite's SM-DP+ (smdpp-emu with the suite's PKI on a free
// port) and the ES9+ address that reaches it; it must exit cleanly.
class Smdpp : public test::SmdppProcess {
public:
  Smdpp(const fs::path &pki, const fs::path &dir, std::vector<std::string> faults,
        std::optional<test::SmdppDownload> download = std::nullopt)
      : SmdppProcess(pki.string(), dir.string(), 0, std::move(faults), std::move(download)),
        log(logPath()), port(SmdppProcess::port()) {}
  ~Smdpp() { EXPECT_EQ(process().stop(), 0) << "smdpp-emu did not exit cleanly: " << stderrText(); }
  Smdpp(const Smdpp &) = delete;
  Smdpp &operator=(const Smdpp &) = delete;

  std::string address() const { return std::string(kHost) + ":" + std::to_string(port); }
  std::string resolve() const {
    return std::string(kHost) + ":" + std::to_string(port) + ":127.0.0.1";
  }

  const fs::path log;
  const int port;
};

class Es9pSmdppTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/es9p-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    suiteDir_ = new fs::path(pattern);
    makePki(*suiteDir_ / "pki");
  }
  static void TearDownTestSuite() {
    if (suiteDir_ != nullptr) {
      std::error_code ignored;
      fs::remove_all(*suiteDir_, ignored);
      delete suiteDir_;
      suiteDir_ = nullptr;
    }
  }
  void SetUp() override {
    ASSERT_NE(suiteDir_, nullptr);
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = *suiteDir_ / info->name();
    fs::create_directories(dir_);
  }

  fs::path pki() const { return *suiteDir_ / "pki"; }
  std::unique_ptr<Smdpp> start(std::vector<std::string> faults = {},
                               std::optional<test::SmdppDownload> download = std::nullopt) {
    return std::make_unique<Smdpp>(pki(), dir_, std::move(faults), std::move(download));
  }
  CurlHttpClientOptions curlOptions(const Smdpp &smdpp) const {
    CurlHttpClientOptions o;
    o.caFile = (pki() / "ci.pem").string();
    o.resolve = {smdpp.resolve()};
    o.connectTimeout = milliseconds(2000);
    o.timeout = milliseconds(3000);
    return o;
  }
  // fastRetries: the default 3 attempts, with 1 ms pauses to keep tests fast.
  static RetryPolicy fastRetries() {
    RetryPolicy p;
    p.initialBackoff = milliseconds(1);
    return p;
  }
  // stats asks the server for its counters over a connection of its own.
  nlohmann::json stats(const Smdpp &smdpp) const {
    CurlHttpClient client(curlOptions(smdpp));
    const HttpResponse r = client.post({"https://" + smdpp.address() + "/stats", {}, {}});
    EXPECT_EQ(r.status, 200);
    return nlohmann::json::parse(r.body);
  }
  Errc deliveryError(HttpClient &http, const std::string &address, std::string *what = nullptr) {
    Es9pClient client(http, {});
    try {
      client.handleNotification(address, signNotification(pki(), deleteNotification(7)));
    } catch (const Error &e) {
      if (what != nullptr) {
        *what = std::string(e.what()) + " | hint: " + e.hint();
      }
      return e.code();
    }
    ADD_FAILURE() << "the notification was accepted";
    return Errc::internal;
  }

  fs::path dir_;

private:
  static fs::path *suiteDir_;
};

fs::path *Es9pSmdppTest::suiteDir_ = nullptr;

TEST_F(Es9pSmdppTest, DeliversSignedNotification) {
  auto smdpp = start();
  const Bytes der = signNotification(pki(), deleteNotification(7));
  CurlHttpClient curl(curlOptions(*smdpp));
  Es9pClient client(curl, {});
  const Es9pResult result = client.handleNotification(smdpp->address(), der);
  EXPECT_EQ(result.httpStatus, 204);

  const std::vector<std::string> lines = readLines(smdpp->log);
  ASSERT_EQ(lines.size(), 1u);
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["seqNumber"], 7);
  EXPECT_EQ(line["profileManagementOperation"], "delete");
  EXPECT_EQ(line["iccid"], "8949449999999990023");
  EXPECT_EQ(line["notificationAddress"], kHost);
  EXPECT_EQ(line["eid"], kEid);
  EXPECT_EQ(line["signatureValid"], true);
  EXPECT_EQ(line["pendingNotification"], base64Encode(der));
  EXPECT_TRUE(line["time"].is_string());
}

TEST_F(Es9pSmdppTest, BatchUsesOneTlsConnection) {
  auto smdpp = start();
  const nlohmann::json before = stats(*smdpp);
  CurlHttpClient curl(curlOptions(*smdpp));
  Es9pClient client(curl, {});
  for (int seq = 1; seq <= 5; ++seq) {
    EXPECT_EQ(
        client
            .handleNotification(smdpp->address(), signNotification(pki(), deleteNotification(seq)))
            .httpStatus,
        204);
  }
  const nlohmann::json after = stats(*smdpp);
  // stats() opens one connection each time; the batch must add exactly one.
  EXPECT_EQ(after["connections"].get<int>() - before["connections"].get<int>(), 2) << after;
  EXPECT_EQ(after["requests"], 5);
  EXPECT_EQ(after["accepted"], 5);
  const std::vector<std::string> lines = readLines(smdpp->log);
  ASSERT_EQ(lines.size(), 5u);
  const auto port = nlohmann::json::parse(lines[0])["clientPort"];
  for (const std::string &l : lines) {
    EXPECT_EQ(nlohmann::json::parse(l)["clientPort"], port);
  }
}

TEST_F(Es9pSmdppTest, ServerDownIsNetworkErrorAfterRetries) {
  CurlHttpClientOptions o;
  o.caFile = (pki() / "ci.pem").string();
  const int port = unusedPort();
  o.resolve = {std::string(kHost) + ":" + std::to_string(port) + ":127.0.0.1"};
  CurlHttpClient curl(o);
  int attempts = 0;
  RetryPolicy policy = fastRetries();
  policy.sleep = [&](milliseconds) { ++attempts; };
  RetryingHttpClient http(curl, policy);
  std::string what;
  EXPECT_EQ(deliveryError(http, std::string(kHost) + ":" + std::to_string(port), &what),
            Errc::network);
  EXPECT_EQ(attempts, 2); // two pauses: three attempts
  EXPECT_NE(what.find("https://" + std::string(kHost)), std::string::npos) << what;
}

TEST_F(Es9pSmdppTest, Http500IsRetriedThenReported) {
  auto smdpp = start({"--fail-status", "500"});
  CurlHttpClient curl(curlOptions(*smdpp));
  RetryingHttpClient http(curl, fastRetries());
  Es9pClient client(http, {});
  try {
    client.handleNotification(smdpp->address(), signNotification(pki(), deleteNotification(1)));
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.httpStatus(), 500);
  }
  EXPECT_EQ(stats(*smdpp)["requests"], 3);
  EXPECT_TRUE(readLines(smdpp->log).empty());
}

TEST_F(Es9pSmdppTest, TransientFailuresAreRetriedToSuccess) {
  auto smdpp = start({"--fail-first", "2", "--fail-status", "503"});
  CurlHttpClient curl(curlOptions(*smdpp));
  RetryingHttpClient http(curl, fastRetries());
  Es9pClient client(http, {});
  EXPECT_EQ(
      client.handleNotification(smdpp->address(), signNotification(pki(), deleteNotification(3)))
          .httpStatus,
      204);
  EXPECT_EQ(readLines(smdpp->log).size(), 1u);
}

TEST_F(Es9pSmdppTest, FailedStatusIsReportedNotRetried) {
  auto smdpp = start({"--fail-function"});
  CurlHttpClient curl(curlOptions(*smdpp));
  RetryingHttpClient http(curl, fastRetries());
  Es9pClient client(http, {});
  try {
    client.handleNotification(smdpp->address(), signNotification(pki(), deleteNotification(1)));
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    ASSERT_TRUE(e.functionExecutionStatus());
    EXPECT_EQ(e.functionExecutionStatus()->status, "Failed");
    EXPECT_EQ(e.functionExecutionStatus()->subjectCode, "1.2");
    EXPECT_EQ(e.functionExecutionStatus()->reasonCode, "4.2");
  }
  EXPECT_EQ(stats(*smdpp)["requests"], 1);
}

TEST_F(Es9pSmdppTest, BadSignatureIsRejectedBySmdpp) {
  auto smdpp = start();
  const NotificationMetadata m = deleteNotification(9);
  const Bytes original = signNotification(pki(), m);
  // Flip one bit of s. The outer SEQUENCE (30 82 LL LL) holds
  // tbsOtherNotification, then 5F37 40 r||s, then the two certificates.
  Bytes der = original;
  const std::size_t sigAt = 4 + codec::encodeNotificationMetadata(m).size();
  ASSERT_EQ(der[1], 0x82);
  ASSERT_EQ(der[sigAt], 0x5F);
  ASSERT_EQ(der[sigAt + 2], 0x40);
  der[sigAt + 3 + 40] ^= 0x01;
  ASSERT_NE(codec::decodePendingNotification(der).euiccNotificationSignature,
            codec::decodePendingNotification(original).euiccNotificationSignature);

  CurlHttpClient curl(curlOptions(*smdpp));
  Es9pClient client(curl, {});
  try {
    client.handleNotification(smdpp->address(), der);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    ASSERT_TRUE(e.functionExecutionStatus());
    EXPECT_EQ(e.functionExecutionStatus()->subjectCode, "8.1");
    EXPECT_EQ(e.functionExecutionStatus()->reasonCode, "6.1");
  }
}

TEST_F(Es9pSmdppTest, EuiccOfAnotherCiIsRejected) {
  auto smdpp = start();
  makePki(dir_ / "other-pki");
  CurlHttpClient curl(curlOptions(*smdpp));
  Es9pClient client(curl, {});
  try {
    client.handleNotification(smdpp->address(),
                              signNotification(dir_ / "other-pki", deleteNotification(2)));
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    ASSERT_TRUE(e.functionExecutionStatus());
    EXPECT_EQ(e.functionExecutionStatus()->subjectCode, "8.11.1");
    EXPECT_EQ(e.functionExecutionStatus()->reasonCode, "3.9");
  }
}

TEST_F(Es9pSmdppTest, UnknownCaIsTlsErrorNotRetried) {
  auto smdpp = start();
  makePki(dir_ / "other-pki");
  CurlHttpClientOptions o = curlOptions(*smdpp);
  o.caFile = (dir_ / "other-pki" / "ci.pem").string();
  CurlHttpClient curl(o);
  RetryingHttpClient http(curl, fastRetries());
  std::string what;
  EXPECT_EQ(deliveryError(http, smdpp->address(), &what), Errc::tls);
  EXPECT_NE(what.find("--ca-file"), std::string::npos) << what;
  // One failed handshake plus the stats connection: no retry happened.
  EXPECT_EQ(stats(*smdpp)["connections"], 2);
}

TEST_F(Es9pSmdppTest, HostnameMismatchIsTlsError) {
  auto smdpp = start();
  CurlHttpClientOptions o = curlOptions(*smdpp);
  const std::string other = "smdp.other.example";
  o.resolve = {other + ":" + std::to_string(smdpp->port) + ":127.0.0.1"};
  CurlHttpClient curl(o);
  std::string what;
  EXPECT_EQ(deliveryError(curl, other + ":" + std::to_string(smdpp->port), &what), Errc::tls);
  EXPECT_NE(what.find("host name"), std::string::npos) << what;
}

TEST_F(Es9pSmdppTest, SlowServerTimesOut) {
  auto smdpp = start({"--delay-ms", "5000"});
  CurlHttpClientOptions o = curlOptions(*smdpp);
  o.timeout = milliseconds(300);
  CurlHttpClient curl(o);
  const auto started = std::chrono::steady_clock::now();
  std::string what;
  EXPECT_EQ(deliveryError(curl, smdpp->address(), &what), Errc::network);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_NE(what.find("timed out"), std::string::npos) << what;
}

TEST_F(Es9pSmdppTest, DroppedConnectionIsNetworkError) {
  auto smdpp = start({"--drop"});
  CurlHttpClient curl(curlOptions(*smdpp));
  RetryingHttpClient http(curl, fastRetries());
  EXPECT_EQ(deliveryError(http, smdpp->address()), Errc::network);
  EXPECT_EQ(stats(*smdpp)["requests"], 3);
}

// es9Post sends one ES9+ JSON request as an LPA does and returns the answer.
nlohmann::json es9Post(CurlHttpClient &client, const std::string &address,
                       const std::string &function, const nlohmann::json &body) {
  const HttpResponse r =
      client.post({"https://" + address + "/gsma/rsp2/es9plus/" + function,
                   {{"Content-Type", "application/json"}, {"X-Admin-Protocol", "gsma/rsp/v2.2.0"}},
                   body.dump()});
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string *protocol = findHeader(r.headers, "X-Admin-Protocol");
  EXPECT_TRUE(protocol != nullptr && protocol->rfind("gsma/rsp/v2", 0) == 0);
  return nlohmann::json::parse(r.body, nullptr, false);
}

// With --pki and --catalog the download functions answer over TLS: an
// initiateAuthentication signed by DPauth, and refusals in the SGP.22 form.
// (The whole exchange with a software eUICC is in the unit tests of
// DownloadService.)
TEST_F(Es9pSmdppTest, DownloadFunctionsAnswerOverTlsWithACatalog) {
  const fs::path catalog = dir_ / "catalog.json";
  std::ofstream(catalog) << R"({"profiles": [{"matchingId": "ORDER-1",
    "profilePackage": "builtin:demo", "metadata": {"iccid": "8944476500000000013",
    "serviceProviderName": "esimctl Travel", "profileName": "Catalog entry"}}]})";
  auto smdpp = start({}, test::SmdppDownload{catalog.string(), kHost});
  CurlHttpClient client(curlOptions(*smdpp));
  // An EUICCInfo1 that names the suite's CI for verification and signing.
  const std::string ciPem = readText(pki() / "ci.pem");
  std::unique_ptr<BIO, int (*)(BIO *)> bio(
      BIO_new_mem_buf(ciPem.data(), static_cast<int>(ciPem.size())), &BIO_free);
  std::unique_ptr<X509, void (*)(X509 *)> ci(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  ASSERT_TRUE(ci);
  const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(ci.get());
  ASSERT_NE(ski, nullptr);
  const Bytes ciKeyId(ski->data, ski->data + ski->length);
  const Bytes info1 = codec::encodeEuiccInfo1({esim::fromHex("020200"), {ciKeyId}, {ciKeyId}});

  const nlohmann::json ok = es9Post(client, smdpp->address(), "initiateAuthentication",
                                    {{"euiccChallenge", base64Encode(Bytes(16, 0x11))},
                                     {"euiccInfo1", base64Encode(info1)},
                                     {"smdpAddress", smdpp->address()}});
  EXPECT_EQ(ok["header"]["functionExecutionStatus"]["status"], "Executed-Success") << ok.dump();
  for (const char *field : {"transactionId", "serverSigned1", "serverSignature1",
                            "euiccCiPKIdToBeUsed", "serverCertificate"}) {
    EXPECT_TRUE(ok.contains(field)) << field << " missing in " << ok.dump();
  }
  EXPECT_EQ(base64Decode(ok["serverCertificate"].get<std::string>(), "serverCertificate"),
            readBytes(pki() / "dpauth.der"));

  // Refusals: Failed with statusCodeData, HTTP 200.
  const auto status = [](const nlohmann::json &answer) {
    const nlohmann::json &f = answer["header"]["functionExecutionStatus"];
    return f.value("status", "") + " " + f["statusCodeData"].value("subjectCode", "") + "/" +
           f["statusCodeData"].value("reasonCode", "");
  };
  EXPECT_EQ(status(es9Post(client, smdpp->address(), "initiateAuthentication",
                           {{"euiccChallenge", base64Encode(Bytes(16, 0x11))},
                            {"euiccInfo1", base64Encode(info1)},
                            {"smdpAddress", "smdp.other.example"}})),
            "Failed 8.8.1/3.8");
  EXPECT_EQ(
      status(es9Post(client, smdpp->address(), "authenticateClient",
                     {{"transactionId", "00112233445566778899AABBCCDDEEFF"},
                      {"authenticateServerResponse", base64Encode(Bytes{0xBF, 0x38, 0x00})}})),
      "Failed 8.10.1/3.9");
  EXPECT_EQ(status(es9Post(client, smdpp->address(), "authenticateClient",
                           {{"transactionId", ok["transactionId"]}})),
            "Failed 1.6/2.2");
}

// Without --pki the download functions are not served (404).
TEST_F(Es9pSmdppTest, DownloadFunctionsNeedThePki) {
  auto smdpp = start();
  CurlHttpClient client(curlOptions(*smdpp));
  const HttpResponse r =
      client.post({"https://" + smdpp->address() + "/gsma/rsp2/es9plus/initiateAuthentication",
                   {{"Content-Type", "application/json"}, {"X-Admin-Protocol", "gsma/rsp/v2.2.0"}},
                   "{}"});
  EXPECT_EQ(r.status, 404);
}

} // namespace
} // namespace esim
