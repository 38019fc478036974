// SmdppBench with the SM-DS role (SmdppDownload::smdsAddress): smdpp-emu
// runs with --smds-address beside the SM-DP+, the bench's smdsAddress() is
// what an LPA must use, esimctl gets a --resolve for the SM-DS host, and
// the SM-DS answers ES11 over real TLS on that name (the PKI's TLS
// certificate carries it), signed with CERT.DSauth.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "codec/es10_codec.hpp"
#include "esim/base64.hpp"
#include "esim/http.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

std::string fileText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// ciKeyIdOf returns the SubjectKeyIdentifier of the PEM certificate |path|.
Bytes ciKeyIdOf(const std::string &path) {
  const std::string pem = fileText(path);
  std::unique_ptr<BIO, int (*)(BIO *)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<X509, void (*)(X509 *)> ci(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  const ASN1_OCTET_STRING *ski = ci ? X509_get0_subject_key_id(ci.get()) : nullptr;
  return ski ? Bytes(ski->data, ski->data + ski->length) : Bytes();
}

TEST(SmdsBench, TheBenchStartsTheSmdsRoleOnItsOwnName) {
  SmdppBench bench;
  SmdppDownload download;
  download.smdsAddress = kSmdsHost;
  bench.setDownload(download);
  bench.start();
  const std::string address = bench.smdsAddress();
  ASSERT_EQ(address.rfind(kSmdsHost, 0), 0u) << address;
  // host, or host:PORT when the server is not on 443 (as for the SM-DP+).
  const std::string port = std::to_string(bench.smdpp().port());
  EXPECT_EQ(address, bench.smdpp().port() == 443 ? kSmdsHost : kSmdsHost + (":" + port));
  const std::string resolve = std::string(kSmdsHost) + ":" + port + ":127.0.0.1";
  const std::vector<std::string> argv = bench.esimctlArgv({"profile", "discovery"});
  EXPECT_NE(std::find(argv.begin(), argv.end(), resolve), argv.end());

  CurlHttpClientOptions options;
  options.caFile = bench.pki() + "/ci.pem";
  options.resolve = {resolve};
  options.timeout = std::chrono::milliseconds(3000);
  CurlHttpClient client(options);
  const Bytes ci = ciKeyIdOf(bench.pki() + "/ci.pem");
  const Bytes info1 = codec::encodeEuiccInfo1({fromHex("020200"), {ci}, {ci}});
  const nlohmann::json body = {{"euiccChallenge", base64Encode(Bytes(16, 0x11))},
                               {"euiccInfo1", base64Encode(info1)},
                               {"smdpAddress", address}};
  const HttpResponse r =
      client.post({"https://" + address + "/gsma/rsp2/es11/initiateAuthentication",
                   {{"Content-Type", "application/json"}, {"X-Admin-Protocol", "gsma/rsp/v2.2.0"}},
                   body.dump()});
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json answer = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_EQ(answer["header"]["functionExecutionStatus"]["status"], "Executed-Success") << r.body;
  const std::string der = fileText(bench.pki() + "/dsauth.der");
  EXPECT_EQ(base64Decode(answer.value("serverCertificate", ""), "serverCertificate"),
            Bytes(der.begin(), der.end()));
  EXPECT_NE(bench.smdpp().stderrText().find("\"role\":\"SM-DS\""), std::string::npos);
}

} // namespace
} // namespace esim::test
