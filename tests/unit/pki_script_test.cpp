// tools/pki/make-test-pki.sh's SM-DS outputs: CERT.DSauth.ECDSA (issued by
// the CI, the id-rspRole-ds-auth policy, the SM-DS OID as registeredID, on
// the chain's curve) and the SM-DS names in the TLS certificate, with the
// defaults (the shared bench's PKI) and with --smds-host/--smds-oid and a
// given CI; and the script's refusal of bad values.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <openssl/x509v3.h>

#include "cert_checks.hpp"
#include "emu_bench_fixture.hpp"
#include "euicc_emu/bench.hpp"
#include "support/process.hpp"

namespace {

using namespace emu_test;
using smdpp::loadCertificateFile;

constexpr char kDsAuthPolicy[] = "2.23.146.1.2.1.7";
constexpr char kDsTlsPolicy[] = "2.23.146.1.2.1.6";

// dnsNames returns the DNS names of |cert|'s subjectAltName, in order.
std::vector<std::string> dnsNames(const X509 *cert) {
  std::vector<std::string> out;
  GENERAL_NAMES *names =
      static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME *n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      const ASN1_IA5STRING *s = n->d.dNSName;
      out.emplace_back(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

// expectDsAuth checks dir/dsauth.pem/.der/.key against the CI |ciPath|.
void expectDsAuth(const fs::path &dir, const fs::path &ciPath, const std::string &oid) {
  const smdpp::X509Ptr ci = loadCertificateFile(ciPath.string(), "CI");
  const smdpp::X509Ptr ds = loadCertificateFile((dir / "dsauth.pem").string(), "DSauth");
  EXPECT_EQ(X509_check_issued(ci.get(), ds.get()), X509_V_OK);
  EXPECT_EQ(X509_verify(ds.get(), X509_get0_pubkey(ci.get())), 1);
  EXPECT_TRUE(smdpp::hasPolicy(ds.get(), kDsAuthPolicy));
  EXPECT_FALSE(smdpp::hasPolicy(ds.get(), "2.23.146.1.2.1.4")); // not a DPauth
  EXPECT_EQ(smdpp::registeredIdOf(ds.get()), oid);
  EXPECT_EQ(smdpp::certificateDer(ds.get()), readBytes(dir / "dsauth.der"));
  const smdpp::EvpPkeyPtr key = smdpp::loadPrivateKeyFile((dir / "dsauth.key").string(), "key");
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(ds.get()), key.get()), 1);
  // The SM-DP+'s certificates keep their own OID.
  const smdpp::X509Ptr dp = loadCertificateFile((dir / "dpauth.pem").string(), "DPauth");
  EXPECT_EQ(smdpp::registeredIdOf(dp.get()), "2.999.10");
}

TEST(PkiScript, WritesDsAuthAndTheDefaultSmdsNameInTheTlsCertificate) {
  const fs::path pki = sharedBench().pki;
  expectDsAuth(pki, pki / "ci.pem", "2.999.12");
  const smdpp::X509Ptr tls = loadCertificateFile((pki / "smdp-tls.pem").string(), "TLS");
  EXPECT_EQ(dnsNames(tls.get()),
            (std::vector<std::string>{"smdp.travel.example", "smdp.home.example",
                                      "smds.travel.example", "localhost"}));
  EXPECT_TRUE(smdpp::hasPolicy(tls.get(), kDsTlsPolicy));
  EXPECT_NE(readText(pki / "README").find("dsauth.pem"), std::string::npos);
}

TEST(PkiScript, SmdsHostsAndOidWithAGivenCi) {
  ScratchDir dir;
  const fs::path shared = sharedBench().pki;
  const esim::test::CommandResult r = esim::test::runCommand(
      {euicc_emu::defaultPkiScript().string(), (dir.path() / "pki").string(), "--ci-cert",
       (shared / "ci.pem").string(), "--ci-key", (shared / "ci.key").string(), "--smds-host",
       "ds.example", "--smds-host", "SMDP.travel.example", "--smdp-host", "smdp.travel.example",
       "--smds-oid", "2.999.77"},
      {}, std::chrono::seconds(30));
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  expectDsAuth(dir.path() / "pki", shared / "ci.pem", "2.999.77");
  const smdpp::X509Ptr tls =
      loadCertificateFile((dir.path() / "pki" / "smdp-tls.pem").string(), "TLS");
  // Each name once, the SM-DP+'s first (the CN).
  EXPECT_EQ(dnsNames(tls.get()), (std::vector<std::string>{"smdp.travel.example", "ds.example",
                                                           "SMDP.travel.example", "localhost"}));
  for (const std::vector<std::string> &bad :
       {std::vector<std::string>{"--smds-oid", "2.999.x"},
        std::vector<std::string>{"--smds-host", "a b"}, std::vector<std::string>{"--smds-host"}}) {
    std::vector<std::string> argv = {euicc_emu::defaultPkiScript().string(),
                                     (dir.path() / "bad").string()};
    argv.insert(argv.end(), bad.begin(), bad.end());
    const esim::test::CommandResult refused =
        esim::test::runCommand(argv, {}, std::chrono::seconds(30));
    EXPECT_EQ(refused.exitCode, 2) << bad[0];
    EXPECT_NE(refused.stderrText.find(bad[0]), std::string::npos) << refused.stderrText;
  }
}

} // namespace
