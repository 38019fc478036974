// The emulated eUICC's side of profile download, through esim::Euicc over
// the in-process transport, against a software SM-DP+ (emu_download_smdp.hpp)
// under the shared bench's test CI: a whole download, and each check the
// card makes answering its SGP.22 error code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "emu_bench_fixture.hpp"
#include "emu_download_smdp.hpp"
#include "esim/download.hpp"
#include "esim/error.hpp"
#include "euicc_emu/ppr_authorisation.hpp"

namespace emu_test {
namespace {

constexpr const char *kNewIccid = "89000123456789012341";

const SmdpPki &trustedPki() {
  static ScratchDir dir;
  static const SmdpPki pki =
      makeSmdpPki(dir.path() / "smdp", sharedBench().pki / "ci.pem", sharedBench().pki / "ci.key");
  return pki;
}

euicc_emu::EmulatorState downloadState() {
  euicc_emu::EmulatorState s = demoWithPki();
  s.pki->ciCertificates = {ciPem()};
  return s;
}

class DownloadTest : public ::testing::Test {
protected:
  euicc_emu::EmulatorState state = downloadState();
  std::unique_ptr<Lpa> lpa;
  SmdpPki pki = makeCopy(trustedPki());
  esim::Bytes tid = esim::fromHex("0123456789ABCDEF8899AABBCCDDEEFF");
  esim::Bytes euiccSignature1;

  static SmdpPki makeCopy(const SmdpPki &p) { return p; }
  Lpa &card() {
    if (!lpa) lpa = std::make_unique<Lpa>(state);
    return *lpa;
  }

  // authRequest signs serverSigned1 with |key| and sends |cert| (default:
  // the SM-DP+'s DPauth).
  esim::AuthenticateServerRequest authRequest(esim::ByteView challenge, esim::ByteView cert = {},
                                              const fs::path &key = {}) {
    const esim::Bytes signed1 = tlv(0x30, cat({tlv(0x80, tid), tlv(0x81, challenge),
                                               tlv(0x83, esim::Bytes{'s', 'm', 'd', 'p', '.', 't'}),
                                               tlv(0x84, randomBytes(16))}));
    esim::AuthenticateServerRequest r;
    r.serverSigned1 = signed1;
    r.serverSignature1 = tlv(0x5F37, signRaw(key.empty() ? pki.dpAuthKey : key, signed1));
    r.euiccCiPKIdToBeUsed = tlv(0x04, pki.ciSki);
    r.serverCertificate = cert.empty() ? pki.dpAuthCert : esim::Bytes(cert.begin(), cert.end());
    r.ctxParams1.matchingId = "TEST-1";
    r.ctxParams1.deviceInfo.tac = esim::fromHex("35290611");
    return r;
  }

  esim::AuthenticateServerResponse authenticate(esim::ByteView cert = {},
                                                const fs::path &key = {}) {
    const esim::Bytes challenge = card().euicc().getEuiccChallenge();
    esim::AuthenticateServerResponse r =
        card().euicc().authenticateServer(authRequest(challenge, cert, key));
    if (r.authenticateResponseOk) euiccSignature1 = r.authenticateResponseOk->euiccSignature1;
    return r;
  }

  esim::PrepareDownloadRequest prepareRequest(esim::ByteView signedTid) {
    const esim::Bytes signed2 = tlv(0x30, cat({tlv(0x80, signedTid), esim::fromHex("010100")}));
    esim::PrepareDownloadRequest r;
    r.smdpSigned2 = signed2;
    r.smdpSignature2 =
        tlv(0x5F37, signRaw(pki.dpPbKey, cat({signed2, tlv(0x5F37, euiccSignature1)})));
    r.smdpCertificate = pki.dpPbCert;
    return r;
  }

  // prepared runs authentication and PrepareDownload; returns otPK.EUICC.
  esim::Bytes prepared() {
    EXPECT_TRUE(authenticate().authenticateResponseOk);
    esim::PrepareDownloadResponse r = card().euicc().prepareDownload(prepareRequest(tid));
    EXPECT_TRUE(r.downloadResponseOk);
    return r.downloadResponseOk ? r.downloadResponseOk->euiccSigned2.euiccOtpk : esim::Bytes();
  }

  esim::LoadBoundProfilePackageResult load(const BppOptions &o = {}) {
    const esim::Bytes otpk = prepared();
    return card().euicc().loadBoundProfilePackage(bindBpp(pki, tid, otpk, state.eid, o));
  }

  std::optional<esim::ErrorResult> loadError(const BppOptions &o = {}) {
    esim::LoadBoundProfilePackageResult r = load(o);
    EXPECT_TRUE(r.profileInstallationResult);
    if (!r.profileInstallationResult) return std::nullopt;
    EXPECT_FALSE(card().profile(kNewIccid)) << "a failed load installed the profile";
    return r.profileInstallationResult->profileInstallationResultData.errorResult;
  }
};

TEST_F(DownloadTest, WholeDownloadInstallsTheProfileDisabledAndQueuesTheSignedResult) {
  const std::size_t before = state.notifications.size();
  const auto freeBefore = state.euiccInfo2.extCardResourceDecoded.freeNonVolatileMemory;
  esim::LoadBoundProfilePackageResult r = load();
  ASSERT_TRUE(r.profileInstallationResult);
  const auto &data = r.profileInstallationResult->profileInstallationResultData;
  ASSERT_TRUE(data.successResult) << "errorResult reason "
                                  << (data.errorResult ? int(data.errorResult->errorReason) : -1);
  EXPECT_EQ(r.commandsSent, r.commandsTotal);
  EXPECT_EQ(data.transactionId, tid);
  EXPECT_EQ(data.smdpOid, "2.999.10");
  EXPECT_EQ(data.notificationMetadata.iccid, kNewIccid);
  EXPECT_EQ(data.notificationMetadata.notificationAddress, "smdp.t");
  std::optional<esim::ProfileInfo> p = card().profile(kNewIccid);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->profileState, esim::ProfileState::disabled);
  EXPECT_EQ(p->serviceProviderName, "SPN");
  EXPECT_EQ(p->profileName, "Test");
  EXPECT_EQ(p->isdpAid, data.successResult->aid);
  const euicc_emu::EmulatorState after = card().card().state();
  ASSERT_EQ(after.notifications.size(), before + 1);
  EXPECT_EQ(after.notifications.back().der, r.profileInstallationResult->raw);
  EXPECT_EQ(after.nextSeqNumber, state.nextSeqNumber + 1);
  if (freeBefore) {
    EXPECT_LT(*after.euiccInfo2.extCardResourceDecoded.freeNonVolatileMemory, *freeBefore);
  }
  // The LPA reads it back as a pending notification, as signed.
  auto pending = card().euicc().retrieveNotificationsList(data.notificationMetadata.seqNumber);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].raw, r.profileInstallationResult->raw);
}

TEST_F(DownloadTest, ReplaceSessionKeysProtectsTheProfileWithThePpk) {
  BppOptions o;
  o.replaceSessionKeys = true;
  esim::LoadBoundProfilePackageResult r = load(o);
  ASSERT_TRUE(r.profileInstallationResult);
  EXPECT_TRUE(r.profileInstallationResult->profileInstallationResultData.successResult);
  EXPECT_TRUE(card().profile(kNewIccid));
}

TEST_F(DownloadTest, BadServerSignature1IsInvalidSignature) {
  const esim::Bytes challenge = card().euicc().getEuiccChallenge();
  esim::AuthenticateServerRequest req = authRequest(challenge);
  req.serverSignature1.back() ^= 1;
  auto r = card().euicc().authenticateServer(req);
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::invalidSignature);
}

TEST_F(DownloadTest, UntrustedCiIsRefused) {
  ScratchDir dir;
  const SmdpPki other = makeSmdpPki(dir.path() / "other");
  pki.dpAuthCert = other.dpAuthCert;
  pki.dpAuthKey = other.dpAuthKey;
  auto r = authenticate(); // names the trusted CI, but the certificate is another's
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::invalidCertificate);
  pki.ciSki = other.ciSki; // names a CI the card does not know
  r = authenticate();
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::ciPKUnknown);
}

TEST_F(DownloadTest, WrongChallengeIsAMismatch) {
  card().euicc().getEuiccChallenge();
  auto r = card().euicc().authenticateServer(authRequest(randomBytes(16)));
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::euiccChallengeMismatch);
}

TEST_F(DownloadTest, WrongTransactionIdInSmdpSigned2) {
  ASSERT_TRUE(authenticate().authenticateResponseOk);
  auto r = card().euicc().prepareDownload(prepareRequest(esim::fromHex("0102")));
  ASSERT_TRUE(r.downloadResponseError);
  EXPECT_EQ(r.downloadResponseError->downloadErrorCode,
            esim::DownloadErrorCode::invalidTransactionId);
}

TEST_F(DownloadTest, TamperedBppMacIsScp03tSecurityError) {
  const esim::Bytes otpk = prepared();
  esim::Bytes bpp = bindBpp(pki, tid, otpk, state.eid);
  bpp.back() ^= 0x01; // the MAC of the last 86
  auto r = card().euicc().loadBoundProfilePackage(bpp);
  ASSERT_TRUE(r.profileInstallationResult);
  const auto &e = r.profileInstallationResult->profileInstallationResultData.errorResult;
  ASSERT_TRUE(e);
  EXPECT_EQ(e->bppCommandId, esim::BppCommandId::loadProfileElements);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::scp03tSecurityError);
  EXPECT_FALSE(card().profile(kNewIccid));
  // The signed error result is queued as the install notification.
  EXPECT_EQ(card().card().state().notifications.back().der, r.profileInstallationResult->raw);
}

TEST_F(DownloadTest, BppBoundForAnotherEuiccFailsItsFirstMac) {
  BppOptions o;
  o.eid = esim::fromHex("89049032123451234512345678901335");
  auto e = loadError(o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->bppCommandId, esim::BppCommandId::configureISDP);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::scp03tSecurityError);
}

TEST_F(DownloadTest, IccidAlreadyInstalled) {
  BppOptions o;
  o.iccidBcd = "981801000000000000F2"; // the demo's travel profile 8981100000000000002
  o.headerIccidBcd = o.iccidBcd;
  esim::LoadBoundProfilePackageResult r = load(o);
  ASSERT_TRUE(r.profileInstallationResult);
  const auto &e = r.profileInstallationResult->profileInstallationResultData.errorResult;
  ASSERT_TRUE(e);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::installFailedDueToIccidAlreadyExistsOnEuicc);
  EXPECT_EQ(card().card().state().profiles.size(), state.profiles.size());
}

TEST_F(DownloadTest, HeaderIccidDifferentFromMetadataIsADataMismatch) {
  BppOptions o;
  o.headerIccidBcd = "98001032547698103224";
  auto e = loadError(o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::installFailedDueToDataMismatch);
}

TEST_F(DownloadTest, NotEnoughMemory) {
  state.euiccInfo2.extCardResourceDecoded.freeNonVolatileMemory = 1000;
  state.euiccInfo2.extCardResource.clear();
  auto e = loadError();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::installFailedDueToInsufficientMemoryForProfile);
}

// Profile owner 262-01 (B7 { 80 03 62F210 }) and PPR1 + PPR2 (99 02 05 60).
const char *kOwnerAndBothPprs = "B705800362F210 99020560";

TEST_F(DownloadTest, PolicyRulesTheDefaultRatAllowsAreInstalled) {
  BppOptions o;
  o.metadataTail = esim::fromHex(kOwnerAndBothPprs);
  esim::LoadBoundProfilePackageResult r = load(o);
  ASSERT_TRUE(r.profileInstallationResult);
  ASSERT_TRUE(r.profileInstallationResult->profileInstallationResultData.successResult);
  const auto installed = card().profile(kNewIccid);
  ASSERT_TRUE(installed);
  EXPECT_EQ(installed->profilePolicyRules, (esim::PprIds{false, true, true}));
  EXPECT_EQ(installed->profileOwner->mccMnc, esim::fromHex("62F210"));
}

TEST_F(DownloadTest, AnEmptyRatRefusesEveryPolicyRule) {
  state.rat = esim::RulesAuthorisationTable{};
  BppOptions o;
  o.metadataTail = esim::fromHex(kOwnerAndBothPprs);
  auto e = loadError(o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->bppCommandId, esim::BppCommandId::storeMetadata);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::pprNotAllowed);
}

TEST_F(DownloadTest, ARatEntryCoversOnlyItsRulesAndOperators) {
  // PPR1 for MCC 262 with any MNC (62 E2 EE): the profile's PPR2 is refused.
  esim::ProfilePolicyAuthorisationRule rule;
  rule.pprIds.ppr1 = true;
  rule.allowedOperators = {{esim::fromHex("62E2EE"), std::nullopt, std::nullopt}};
  state.rat = esim::RulesAuthorisationTable{rule};
  BppOptions o;
  o.metadataTail = esim::fromHex(kOwnerAndBothPprs);
  auto e = loadError(o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->errorReason, esim::ErrorReason::pprNotAllowed);
}

TEST(PprAuthorisation, OperatorsWildcardsAndGroupIds) {
  using esim::fromHex;
  const esim::OperatorId owner{fromHex("62F210"), std::nullopt, std::nullopt};
  const esim::OperatorId ownerWithGid{fromHex("62F210"), fromHex("A1B2"), std::nullopt};
  auto allowed = [](const char *mccMnc, std::optional<esim::Bytes> gid1 = std::nullopt) {
    return esim::OperatorId{fromHex(mccMnc), std::move(gid1), std::nullopt};
  };
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("62F210"), owner));
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("EEEEEE"), owner));
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("62E2EE"), owner));
  EXPECT_FALSE(euicc_emu::operatorAllowed(allowed("130014"), owner));
  // 262 with any two-digit MNC: not 262-010 (MNC digit 3 is 0, not F).
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("62F2EE"), owner));
  EXPECT_FALSE(euicc_emu::operatorAllowed(allowed("62F2EE"), allowed("620210")));
  // gid1: absent matches only an owner without one; empty matches any.
  EXPECT_FALSE(euicc_emu::operatorAllowed(allowed("62F210"), ownerWithGid));
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("62F210", esim::Bytes{}), ownerWithGid));
  EXPECT_TRUE(euicc_emu::operatorAllowed(allowed("62F210", fromHex("A1B2")), ownerWithGid));
  EXPECT_FALSE(euicc_emu::operatorAllowed(allowed("62F210", fromHex("A1B3")), ownerWithGid));
  EXPECT_FALSE(euicc_emu::operatorAllowed(allowed("62F210", fromHex("A1B2")), owner));
  // A rule set without a profile owner is refused by any table.
  EXPECT_THAT(euicc_emu::pprRefusal({false, true, false}, std::nullopt, euicc_emu::defaultRat())
                  .value_or(""),
              testing::HasSubstr("PPR1 is set but the profile names no profileOwner"));
  EXPECT_FALSE(euicc_emu::pprRefusal({true, false, false}, std::nullopt, {}));
}

// An SM-DS authenticates with CERT.DSauth (id-rspRole-ds-auth, under a
// trusted CI, with its OID); the session then serves no download, even when
// a CERT.DPpb carries the same OID.
TEST_F(DownloadTest, AnSmdsIsAuthenticatedWithDsAuthButCannotPrepareADownload) {
  const fs::path shared = sharedBench().pki;
  const esim::Bytes dsAuth = pemToDer(shared / "dsauth.pem");
  esim::AuthenticateServerResponse r = authenticate(dsAuth, shared / "dsauth.key");
  ASSERT_TRUE(r.authenticateResponseOk) << int(r.authenticateResponseError->authenticateErrorCode);
  EXPECT_EQ(r.authenticateResponseOk->euiccSigned1.transactionId, tid);
  esim::PrepareDownloadResponse p = card().euicc().prepareDownload(prepareRequest(tid));
  ASSERT_TRUE(p.downloadResponseError);
  EXPECT_EQ(p.downloadResponseError->downloadErrorCode,
            esim::DownloadErrorCode::invalidCertificate);

  static ScratchDir dir;
  const esim::Bytes sameOid = issueServerCert(dir.path(), "dsauth-dpoid", "2.23.146.1.2.1.7",
                                              "2.999.10", shared / "ci.pem", shared / "ci.key");
  ASSERT_TRUE(authenticate(sameOid, dir.path() / "dsauth-dpoid.key").authenticateResponseOk);
  p = card().euicc().prepareDownload(prepareRequest(tid));
  ASSERT_TRUE(p.downloadResponseError);
  EXPECT_EQ(p.downloadResponseError->downloadErrorCode,
            esim::DownloadErrorCode::invalidCertificate);
  // The refusal ended the session.
  p = card().euicc().prepareDownload(prepareRequest(tid));
  ASSERT_TRUE(p.downloadResponseError);
  EXPECT_EQ(p.downloadResponseError->downloadErrorCode, esim::DownloadErrorCode::noSessionContext);
}

// A certificate under the trusted CI with neither auth role (here the
// dp-tls one alone) is not a server's authentication certificate.
TEST_F(DownloadTest, ACertificateWithNeitherAuthPolicyIsInvalid) {
  static ScratchDir dir;
  const fs::path shared = sharedBench().pki;
  const esim::Bytes tlsOnly = issueServerCert(dir.path(), "dptls", "2.23.146.1.2.1.3", "2.999.10",
                                              shared / "ci.pem", shared / "ci.key");
  esim::AuthenticateServerResponse r = authenticate(tlsOnly, dir.path() / "dptls.key");
  ASSERT_TRUE(r.authenticateResponseError);
  EXPECT_EQ(r.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::invalidCertificate);
}

TEST_F(DownloadTest, CancelSessionIsSignedAndEndsTheSession) {
  ASSERT_TRUE(authenticate().authenticateResponseOk);
  auto c = card().euicc().cancelSession(tid, esim::CancelSessionReason::postponed);
  ASSERT_TRUE(c.cancelSessionResponseOk);
  auto again = card().euicc().prepareDownload(prepareRequest(tid));
  ASSERT_TRUE(again.downloadResponseError);
  EXPECT_EQ(again.downloadResponseError->downloadErrorCode,
            esim::DownloadErrorCode::noSessionContext);
}

TEST_F(DownloadTest, PowerLostDuringTheLoadLeavesNoProfileAndAValidFile) {
  ScratchDir dir;
  const fs::path path = dir.path() / "card.json";
  euicc_emu::saveState(state, path);
  lpa = std::make_unique<Lpa>(euicc_emu::loadState(path), path);
  const esim::Bytes otpk = prepared();
  const esim::Bytes bpp = bindBpp(pki, tid, otpk, state.eid);
  std::size_t calls = 0;
  EXPECT_THROW(card().euicc().loadBoundProfilePackage(bpp,
                                                      [&](std::size_t, std::size_t) {
                                                        if (++calls == 5) card().card().powerOff();
                                                      }),
               esim::Error);
  EXPECT_FALSE(card().profile(kNewIccid));
  const euicc_emu::EmulatorState reloaded = euicc_emu::loadState(path);
  EXPECT_EQ(reloaded.profiles.size(), state.profiles.size());
  EXPECT_EQ(reloaded.notifications.size(), state.notifications.size());
}

} // namespace
} // namespace emu_test
