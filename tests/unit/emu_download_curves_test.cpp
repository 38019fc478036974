// The emulated eUICC with brainpoolP256r1 and with two CIs: a card whose
// first identity is the shared bench's NIST P-256 one and whose second is
// under a brainpoolP256r1 CI (make-test-pki.sh --curve brainpoolP256r1, same
// EID). The SM-DP+ picks the CI (euiccCiPKIdToBeUsed); the card must sign
// with that CI's identity on its curve, run ECKA on CERT.DPpb's curve, and
// sign the profile's later notifications the same way.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bsp/error.hpp"
#include "emu_bench_fixture.hpp"
#include "emu_download_smdp.hpp"
#include "esim/download.hpp"
#include "esim/error.hpp"
#include "support/signature_check.hpp"

namespace emu_test {
namespace {

constexpr const char *kNewIccid = "89000123456789012341";

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr certificate(esim::ByteView der) {
  const unsigned char *p = der.data();
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
}

// verifiesWith reports whether |rs| (r||s) is an ECDSA-SHA256 signature over
// |message| by the key of certificate |der|.
bool verifiesWith(esim::ByteView der, esim::ByteView rs, esim::ByteView message) {
  X509Ptr cert = certificate(der);
  if (!cert || rs.size() != 64) return false;
  ECDSA_SIG *sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(rs.data(), 32, nullptr), BN_bin2bn(rs.data() + 32, 32, nullptr));
  unsigned char *derSig = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &derSig);
  ECDSA_SIG_free(sig);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr,
                                       X509_get0_pubkey(cert.get())) == 1 &&
                  EVP_DigestVerify(ctx, derSig, static_cast<std::size_t>(length), message.data(),
                                   message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  OPENSSL_free(derSig);
  return ok;
}

std::string curveOf(esim::ByteView der) {
  X509Ptr cert = certificate(der);
  char name[64] = {};
  std::size_t length = 0;
  if (!cert ||
      EVP_PKEY_get_group_name(X509_get0_pubkey(cert.get()), name, sizeof(name), &length) != 1)
    return {};
  return name;
}

// brainpoolPki is a complete brainpool PKI for the demo EID, made once.
const fs::path &brainpoolPki() {
  static ScratchDir dir;
  static const fs::path pki = [] {
    const fs::path out = dir.path() / "bp";
    const std::string cmd = euicc_emu::defaultPkiScript().string() + " " + out.string() +
                            " --eid 89049032123451234512345678901235 --curve brainpoolP256r1"
                            " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
  }();
  return pki;
}

esim::Bytes skiOf(const fs::path &pem) {
  X509Ptr cert = certificate(pemToDer(pem));
  const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(cert.get());
  return esim::Bytes(ASN1_STRING_get0_data(ski),
                     ASN1_STRING_get0_data(ski) + ASN1_STRING_length(ski));
}

// brainpoolSmdp is the brainpool PKI's DPauth and DPpb.
SmdpPki brainpoolSmdp() {
  const fs::path &d = brainpoolPki();
  SmdpPki pki;
  pki.dir = d;
  pki.dpAuthCert = pemToDer(d / "dpauth.pem");
  pki.dpPbCert = pemToDer(d / "dppb.pem");
  pki.dpAuthKey = d / "dpauth.key";
  pki.dpPbKey = d / "dppb.key";
  pki.ciSki = skiOf(d / "ci.pem");
  pki.curve = bsp::Curve::brainpoolP256r1;
  return pki;
}

// twoCiState is the demo card with its NIST identity first and the
// brainpool one second, trusting and listing both CIs.
euicc_emu::EmulatorState twoCiState() {
  euicc_emu::EmulatorState s = demoWithPki();
  const fs::path &bp = brainpoolPki();
  s.pki->additionalCredentials = {
      {(bp / "euicc.key").string(), (bp / "euicc.pem").string(), (bp / "eum.pem").string()}};
  s.pki->ciCertificates = {ciPem(), (bp / "ci.pem").string()};
  const esim::Bytes nist = skiOf(ciPem());
  const esim::Bytes brainpool = skiOf(bp / "ci.pem");
  s.euiccInfo2.euiccCiPKIdListForVerification = {nist, brainpool};
  s.euiccInfo2.euiccCiPKIdListForSigning = {nist, brainpool};
  s.euiccInfo1 = euicc_emu::euiccInfo1From(s.euiccInfo2);
  return s;
}

class DownloadCurvesTest : public ::testing::Test {
protected:
  euicc_emu::EmulatorState state = twoCiState();
  SmdpPki pki = brainpoolSmdp();
  std::unique_ptr<Lpa> lpa;
  esim::Bytes tid = esim::fromHex("00112233445566778899AABBCCDDEEFF");
  esim::Bytes euiccSignature1;

  Lpa &card() {
    if (!lpa) lpa = std::make_unique<Lpa>(state);
    return *lpa;
  }

  esim::AuthenticateServerResponse authenticate() {
    const esim::Bytes challenge = card().euicc().getEuiccChallenge();
    const esim::Bytes signed1 = tlv(0x30, cat({tlv(0x80, tid), tlv(0x81, challenge),
                                               tlv(0x83, esim::Bytes{'s', 'm', 'd', 'p', '.', 't'}),
                                               tlv(0x84, randomBytes(16))}));
    esim::AuthenticateServerRequest req;
    req.serverSigned1 = signed1;
    req.serverSignature1 = tlv(0x5F37, signRaw(pki.dpAuthKey, signed1));
    req.euiccCiPKIdToBeUsed = tlv(0x04, pki.ciSki);
    req.serverCertificate = pki.dpAuthCert;
    req.ctxParams1.matchingId = "TEST-1";
    req.ctxParams1.deviceInfo.tac = esim::fromHex("35290611");
    esim::AuthenticateServerResponse r = card().euicc().authenticateServer(req);
    if (r.authenticateResponseOk) euiccSignature1 = r.authenticateResponseOk->euiccSignature1;
    return r;
  }

  esim::PrepareDownloadResponse prepare() {
    const esim::Bytes signed2 = tlv(0x30, cat({tlv(0x80, tid), esim::fromHex("010100")}));
    esim::PrepareDownloadRequest r;
    r.smdpSigned2 = signed2;
    r.smdpSignature2 =
        tlv(0x5F37, signRaw(pki.dpPbKey, cat({signed2, tlv(0x5F37, euiccSignature1)})));
    r.smdpCertificate = pki.dpPbCert;
    return card().euicc().prepareDownload(r);
  }
};

TEST_F(DownloadCurvesTest, TheCardSignsWithTheIdentityOfTheCiTheSmdpChose) {
  esim::AuthenticateServerResponse r = authenticate();
  ASSERT_TRUE(r.authenticateResponseOk)
      << "error "
      << (r.authenticateResponseError ? int(r.authenticateResponseError->authenticateErrorCode)
                                      : -1);
  const esim::AuthenticateResponseOk &ok = *r.authenticateResponseOk;
  // The brainpool identity, although the NIST one comes first.
  EXPECT_EQ(ok.euiccCertificate, pemToDer(brainpoolPki() / "euicc.pem"));
  EXPECT_EQ(ok.eumCertificate, pemToDer(brainpoolPki() / "eum.pem"));
  EXPECT_EQ(curveOf(ok.euiccCertificate), "brainpoolP256r1");
  EXPECT_TRUE(verifiesWith(ok.euiccCertificate, ok.euiccSignature1, ok.euiccSigned1.raw));

  // PrepareDownload: otPK.EUICC on CERT.DPpb's curve, signed with the same identity.
  esim::PrepareDownloadResponse p = prepare();
  ASSERT_TRUE(p.downloadResponseOk);
  const auto &pd = *p.downloadResponseOk;
  EXPECT_NO_THROW(
      bsp::EcPublicKey::fromPoint(bsp::Curve::brainpoolP256r1, pd.euiccSigned2.euiccOtpk));
  EXPECT_THROW(bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, pd.euiccSigned2.euiccOtpk),
               bsp::Error);
}

TEST_F(DownloadCurvesTest, ABrainpoolDownloadInstallsAndRemembersTheCiForLaterNotifications) {
  ASSERT_TRUE(authenticate().authenticateResponseOk);
  esim::PrepareDownloadResponse p = prepare();
  ASSERT_TRUE(p.downloadResponseOk);
  esim::LoadBoundProfilePackageResult r = card().euicc().loadBoundProfilePackage(
      bindBpp(pki, tid, p.downloadResponseOk->euiccSigned2.euiccOtpk, state.eid));
  ASSERT_TRUE(r.profileInstallationResult);
  const auto &pir = *r.profileInstallationResult;
  ASSERT_TRUE(pir.profileInstallationResultData.successResult);
  // The install result is signed by the brainpool eUICC key.
  EXPECT_TRUE(verifiesWith(pemToDer(brainpoolPki() / "euicc.pem"), pir.euiccSignPIR,
                           pir.profileInstallationResultData.raw));
  ASSERT_TRUE(card().profile(kNewIccid));
  const euicc_emu::EmulatorState after = card().card().state();
  ASSERT_EQ(after.profileCiPKIds.count(kNewIccid), 1u);
  EXPECT_EQ(after.profileCiPKIds.at(kNewIccid), pki.ciSki);
  // It survives a save and a load.
  const euicc_emu::EmulatorState back = euicc_emu::parseState(euicc_emu::stateToJson(after));
  EXPECT_EQ(back.profileCiPKIds, after.profileCiPKIds);
  EXPECT_NE(euicc_emu::stateToJson(after).find("\"euiccCiPKId\": \"" + esim::toHex(pki.ciSki)),
            std::string::npos);
}

TEST_F(DownloadCurvesTest, ATrustedCiWithoutAnIdentityOfTheCardIsUnknownForSigning) {
  // The card trusts the brainpool CI but holds no eUICC certificate under it.
  state.pki->additionalCredentials.clear();
  auto r = authenticate();
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::ciPKUnknown);
}

TEST_F(DownloadCurvesTest, DpAuthOfACiMissingFromTheVerificationListIsRefused) {
  const esim::Bytes nist = skiOf(ciPem());
  state.euiccInfo2.euiccCiPKIdListForVerification = {nist};
  state.euiccInfo1 = euicc_emu::euiccInfo1From(state.euiccInfo2);
  auto r = authenticate();
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::invalidCertificate);
}

TEST(EmuPkiCurves, ABrainpoolIdentityLoadsAndTwoUnderOneCiAreRefused) {
  euicc_emu::EmulatorState s = twoCiState();
  EXPECT_NO_THROW(euicc_emu::checkPki(s, "two.json"));
  // The brainpool identity alone (the old emulator refused its key).
  euicc_emu::EmulatorState bp = demoWithPki();
  const fs::path &d = brainpoolPki();
  bp.pki->euiccKey = (d / "euicc.key").string();
  bp.pki->euiccCertificate = (d / "euicc.pem").string();
  bp.pki->eumCertificate = (d / "eum.pem").string();
  EXPECT_NO_THROW(euicc_emu::checkPki(bp, "bp.json"));
  // Two identities under the same CI: which one to sign with is ambiguous.
  s.pki->additionalCredentials.push_back(s.pki->additionalCredentials[0]);
  try {
    euicc_emu::checkPki(s, "dup.json");
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
    EXPECT_NE(std::string(e.what()).find("both under the CI"), std::string::npos) << e.what();
  }
}

TEST(EmuPkiCurves, TheScriptPutsTheWholeRspChainOnTheCurveButKeepsTlsOnP256) {
  const fs::path &d = brainpoolPki();
  for (const char *name : {"ci.pem", "eum.pem", "euicc.pem", "dpauth.pem", "dppb.pem"})
    EXPECT_EQ(curveOf(pemToDer(d / name)), "brainpoolP256r1") << name;
  EXPECT_EQ(curveOf(pemToDer(d / "smdp-tls.pem")), "prime256v1");
  // A given CI on the other curve is refused: one curve per chain.
  ScratchDir out;
  const std::string cmd = euicc_emu::defaultPkiScript().string() + " " +
                          (out.path() / "x").string() + " --ci-cert " + ciPem() + " --ci-key " +
                          (sharedBench().pki / "ci.key").string() +
                          " --curve brainpoolP256r1 >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << cmd;
  EXPECT_FALSE(fs::exists(out.path() / "x" / "euicc.pem"));
}

} // namespace
} // namespace emu_test
