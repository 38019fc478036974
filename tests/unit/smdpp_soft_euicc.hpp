// The eUICC side of smdpp-emu's service tests, in-process without HTTP:
// the shared test PKI loaded (Pki) and SoftEuicc, which plays the eUICC and
// the LPA that relays its blobs with the PKI's eUICC key and certificates,
// against a DownloadService (SM-DP+) or a DiscoveryService (SM-DS).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "bsp/bpp.hpp"
#include "bsp/ec_key.hpp"
#include "bsp/kdf.hpp"
#include "bsp/scp03t.hpp"
#include "catalog.hpp"
#include "cert_checks.hpp"
#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "demo_profile.hpp"
#include "discovery_service.hpp"
#include "download_service.hpp"
#include "ecdsa_raw.hpp"
#include "emu_bench_fixture.hpp"
#include "esim/base64.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/state.hpp"

namespace smdpp::test {

namespace codec = esim::codec;
using nlohmann::json;

constexpr const char *kAddress = "smdp.travel.example";
constexpr const char *kEid = "89049032123451234512345678901235";

inline esim::Bytes random(std::size_t n) {
  esim::Bytes out(n);
  EXPECT_EQ(RAND_bytes(out.data(), static_cast<int>(n)), 1);
  return out;
}

inline esim::Bytes b64d(const json &v) {
  return esim::base64Decode(v.get<std::string>(), "test");
}

inline esim::Bytes concat(esim::ByteView a, esim::ByteView b) {
  esim::Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// signatureOf returns r||s of a 5F37 element.
inline esim::Bytes signatureOf(esim::ByteView tlv) {
  codec::der::Reader r(tlv);
  codec::der::Element e;
  EXPECT_EQ(r.next(e), codec::der::Status::ok);
  EXPECT_EQ(e.tag, 0x5F37u);
  return esim::Bytes(e.value.begin(), e.value.end());
}

inline esim::Bytes hashCc(const std::string &code, esim::ByteView tid) {
  unsigned char first[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char *>(code.data()), code.size(), first);
  const esim::Bytes input = concat(esim::ByteView(first, sizeof(first)), tid);
  esim::Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(input.data(), input.size(), out.data());
  return out;
}

// Pki is one make-test-pki.sh folder loaded: the CI and the SM-DP+'s and
// the eUICC's credentials.
struct Pki {
  explicit Pki(const std::filesystem::path &dir)
      : ci(loadCertificateFile((dir / "ci.pem").string(), "CI")),
        dpauth(loadCertificateFile((dir / "dpauth.pem").string(), "DPauth")),
        dppb(loadCertificateFile((dir / "dppb.pem").string(), "DPpb")),
        dsauth(loadCertificateFile((dir / "dsauth.pem").string(), "DSauth")),
        euiccKey(loadPrivateKeyFile((dir / "euicc.key").string(), "eUICC key")),
        euiccDer(emu_test::readBytes(dir / "euicc.der")),
        eumDer(emu_test::readBytes(dir / "eum.der")), dir_(dir) {}

  DownloadService service(Catalog catalog) const {
    return DownloadService(
        ci.get(),
        DpCredential::load((dir_ / "dpauth.pem").string(), (dir_ / "dpauth.key").string(),
                           "DPauth"),
        DpCredential::load((dir_ / "dppb.pem").string(), (dir_ / "dppb.key").string(), "DPpb"),
        std::move(catalog), kAddress);
  }

  // dsCredential is the PKI's CERT.DSauth with its key.
  DpCredential dsCredential() const {
    return DpCredential::load((dir_ / "dsauth.pem").string(), (dir_ / "dsauth.key").string(),
                              "DSauth");
  }

  X509Ptr ci, dpauth, dppb, dsauth;
  EvpPkeyPtr euiccKey;
  esim::Bytes euiccDer, eumDer;

private:
  std::filesystem::path dir_;
};

inline const Pki &sharedPki() {
  static const Pki pki(emu_test::sharedBench().pki);
  return pki;
}

// SoftEuicc is the eUICC and the LPA in one: it answers what the SM-DP+
// sends the way the card would, signing with the PKI's eUICC key.
class SoftEuicc {
public:
  explicit SoftEuicc(const Pki &pki) : pki_(pki) {
    // The demo card's EUICCInfo2, trusting this PKI's CI.
    esim::EUICCInfo2 info2 = emu_test::sharedBench().initState.euiccInfo2;
    info2.euiccCiPKIdListForVerification = {subjectKeyIdOf(pki.ci.get())};
    info2.euiccCiPKIdListForSigning = info2.euiccCiPKIdListForVerification;
    info2_ = codec::encodeEuiccInfo2(info2);
    info1_ = codec::encodeEuiccInfo1(euicc_emu::euiccInfo1From(info2));
  }

  // initiate runs initiateAuthentication of |server| (a DownloadService or
  // a DiscoveryService) at |address| and checks the answer as the eUICC's
  // AuthenticateServer would, with |authCert| (default: DPauth) as the
  // signer.
  template <typename Server>
  json initiate(Server &server, const std::string &address = kAddress,
                const X509 *authCert = nullptr) {
    challenge_ = random(16);
    address_ = address;
    const json answer =
        server.initiateAuthentication({{"euiccChallenge", esim::base64Encode(challenge_)},
                                       {"euiccInfo1", esim::base64Encode(info1_)},
                                       {"smdpAddress", address}});
    const esim::Bytes signed1Der = b64d(answer.at("serverSigned1"));
    const esim::ServerSigned1 signed1 = codec::decodeServerSigned1(signed1Der);
    tid_ = signed1.transactionId;
    EXPECT_EQ(answer.at("transactionId").get<std::string>(), esim::toHex(tid_));
    EXPECT_EQ(tid_.size(), 16u);
    EXPECT_EQ(signed1.euiccChallenge, challenge_);
    EXPECT_EQ(signed1.serverAddress, address);
    EXPECT_EQ(signed1.serverChallenge.size(), 16u);
    serverChallenge_ = signed1.serverChallenge;
    const X509 *signer = authCert != nullptr ? authCert : pki_.dpauth.get();
    EXPECT_TRUE(verifyRaw(X509_get0_pubkey(signer),
                          signatureOf(b64d(answer.at("serverSignature1"))), signed1Der));
    EXPECT_EQ(b64d(answer.at("serverCertificate")), certificateDer(const_cast<X509 *>(signer)));
    esim::Bytes pkid = {0x04, 0x14};
    const esim::Bytes ski = subjectKeyIdOf(pki_.ci.get());
    pkid.insert(pkid.end(), ski.begin(), ski.end());
    EXPECT_EQ(b64d(answer.at("euiccCiPKIdToBeUsed")), pkid);
    return answer;
  }

  // authenticateServerResponse returns the card's BF38 for |matchingId|
  // (signature broken when |breakSignature|).
  esim::Bytes authenticateServerResponse(const std::string &matchingId,
                                         bool breakSignature = false) {
    esim::EuiccSigned1 signed1;
    signed1.transactionId = tid_;
    signed1.serverAddress = address_;
    signed1.serverChallenge = serverChallenge_;
    signed1.euiccInfo2 = info2_;
    signed1.ctxParams1.matchingId = matchingId;
    signed1.ctxParams1.deviceInfo.tac = esim::fromHex("35290611");
    esim::AuthenticateResponseOk ok;
    ok.euiccSigned1 = signed1;
    ok.euiccSigned1.raw = codec::encodeEuiccSigned1(signed1);
    ok.euiccSignature1 = signRaw(pki_.euiccKey.get(), ok.euiccSigned1.raw);
    if (breakSignature) ok.euiccSignature1[10] ^= 0x01;
    ok.euiccCertificate = pki_.euiccDer;
    ok.eumCertificate = pki_.eumDer;
    euiccSignature1_ = ok.euiccSignature1;
    esim::AuthenticateServerResponse r;
    r.authenticateResponseOk = ok;
    return codec::encodeAuthenticateServerResponse(r);
  }

  // discover runs authenticateClient of an SM-DS (|server|: a
  // DiscoveryService or an HTTP stand-in) with |matchingId| in ctxParams1
  // and returns its answer after checking the transactionId.
  template <typename Server> json discover(Server &server, const std::string &matchingId = "") {
    const json answer =
        server.authenticateClient({{"transactionId", esim::toHex(tid_)},
                                   {"authenticateServerResponse",
                                    esim::base64Encode(authenticateServerResponse(matchingId))}});
    EXPECT_EQ(answer.at("transactionId").get<std::string>(), esim::toHex(tid_));
    return answer;
  }

  // refusal returns the card's BF38 error alternative for this session.
  esim::Bytes refusal(esim::AuthenticateErrorCode code) const {
    esim::AuthenticateServerResponse r;
    r.authenticateResponseError = esim::AuthenticateResponseError{tid_, code};
    return codec::encodeAuthenticateServerResponse(r);
  }

  // authenticate runs authenticateClient and checks the SM-DP+'s signed
  // answer as PrepareDownload would.
  json authenticate(DownloadService &dp, const std::string &matchingId) {
    const json answer =
        dp.authenticateClient({{"transactionId", esim::toHex(tid_)},
                               {"authenticateServerResponse",
                                esim::base64Encode(authenticateServerResponse(matchingId))}});
    EXPECT_EQ(answer.at("transactionId").get<std::string>(), esim::toHex(tid_));
    const esim::Bytes signed2Der = b64d(answer.at("smdpSigned2"));
    const esim::SmdpSigned2 signed2 = codec::decodeSmdpSigned2(signed2Der);
    EXPECT_EQ(signed2.transactionId, tid_);
    EXPECT_FALSE(signed2.bppEuiccOtpk);
    ccRequired_ = signed2.ccRequiredFlag;
    const esim::Bytes sig2Tlv = b64d(answer.at("smdpSignature2"));
    smdpSignature2_ = signatureOf(sig2Tlv);
    EXPECT_TRUE(verifyRaw(X509_get0_pubkey(pki_.dppb.get()), smdpSignature2_,
                          concat(signed2Der, codec::signatureTlv(euiccSignature1_))));
    EXPECT_EQ(b64d(answer.at("smdpCertificate")), certificateDer(pki_.dppb.get()));
    metadata_ = b64d(answer.at("profileMetadata"));
    return answer;
  }

  // prepare returns the card's BF21 with a fresh one-time key (and hashCc
  // of |code| when set).
  esim::Bytes prepareDownloadResponse(const std::optional<std::string> &code) {
    otsk_.emplace(bsp::EcPrivateKey::generate(bsp::Curve::nistP256));
    esim::EuiccSigned2 signed2;
    signed2.transactionId = tid_;
    signed2.euiccOtpk = otsk_->publicKey().point();
    if (code) signed2.hashCc = hashCc(*code, tid_);
    esim::PrepareDownloadResponseOk ok;
    ok.euiccSigned2 = signed2;
    ok.euiccSigned2.raw = codec::encodeEuiccSigned2(signed2);
    ok.euiccSignature2 = signRaw(pki_.euiccKey.get(),
                                 concat(ok.euiccSigned2.raw, codec::signatureTlv(smdpSignature2_)));
    esim::PrepareDownloadResponse r;
    r.downloadResponseOk = ok;
    return codec::encodePrepareDownloadResponse(r);
  }

  json getBpp(DownloadService &dp, const std::optional<std::string> &code = std::nullopt) {
    return dp.getBoundProfilePackage(
        {{"transactionId", esim::toHex(tid_)},
         {"prepareDownloadResponse", esim::base64Encode(prepareDownloadResponse(code))}});
  }

  // unwrap checks smdpSign and unwraps |bpp| with the one-time key: the
  // ConfigureISDP, StoreMetadata and profile package plaintexts.
  struct Unwrapped {
    esim::Bytes configureIsdp, storeMetadata, profilePackage;
  };
  Unwrapped unwrap(esim::ByteView bppDer) const {
    Unwrapped out;
    const codec::BoundProfilePackage parts = codec::decodeBoundProfilePackage(bppDer);
    const esim::InitialiseSecureChannelRequest isc =
        codec::decodeInitialiseSecureChannelRequest(parts.initialiseSecureChannelRequest);
    EXPECT_EQ(isc.remoteOpId, 1);
    EXPECT_EQ(isc.transactionId, tid_);
    esim::Bytes signedData = isc.signedPart;
    codec::der::appendTlv(signedData, 0x5F49, otsk_->publicKey().point());
    EXPECT_TRUE(verifyRaw(X509_get0_pubkey(pki_.dppb.get()), isc.smdpSign, signedData));

    const bsp::BoundProfilePackage bpp = bsp::parseBoundProfilePackage(bppDer);
    bsp::SharedInfo info;
    info.keyType = isc.controlRefTemplate.keyType;
    info.keyLength = isc.controlRefTemplate.keyLen;
    info.hostId = isc.controlRefTemplate.hostId;
    info.eid = esim::fromHex(kEid);
    bsp::Unwrapper card(bsp::deriveSessionKeys(
        *otsk_, bsp::EcPublicKey::fromPoint(bsp::Curve::nistP256, isc.smdpOtpk), info));
    const auto take = [](esim::Bytes &to, const esim::Bytes &piece) {
      to.insert(to.end(), piece.begin(), piece.end());
    };
    for (esim::ByteView seg : bpp.firstSequenceOf87) {
      EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
      take(out.configureIsdp, card.unwrap(seg, bsp::SegmentTag::encrypted87));
    }
    for (esim::ByteView seg : bpp.sequenceOf88) {
      EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
      take(out.storeMetadata, card.unwrap(seg, bsp::SegmentTag::macOnly88));
    }
    EXPECT_FALSE(bpp.secondSequenceOf87);
    for (esim::ByteView seg : bpp.sequenceOf86) {
      EXPECT_LE(seg.size(), bsp::kMaxSegmentSize);
      take(out.profilePackage, card.unwrap(seg, bsp::SegmentTag::encrypted86));
    }
    return out;
  }

  // installResult returns a signed BF37 for this session.
  esim::Bytes installResult(bool success) const {
    esim::ProfileInstallationResultData data;
    data.transactionId = tid_;
    data.notificationMetadata.seqNumber = 7;
    data.notificationMetadata.profileManagementOperation =
        esim::NotificationEvent::notificationInstall;
    data.notificationMetadata.notificationAddress = kAddress;
    data.notificationMetadata.iccid = kDemoIccid;
    if (success) {
      data.successResult =
          esim::SuccessResult{esim::fromHex("A0000005591010FFFFFFFF8900001200"), {}};
    } else {
      data.errorResult = esim::ErrorResult{};
    }
    const esim::Bytes der = codec::encodeProfileInstallationResultData(data);
    return codec::encodeProfileInstallationResult(der, signRaw(pki_.euiccKey.get(), der));
  }

  const esim::Bytes &tid() const noexcept { return tid_; }
  bool ccRequired() const noexcept { return ccRequired_; }
  const esim::Bytes &metadata() const noexcept { return metadata_; }

private:
  const Pki &pki_;
  esim::Bytes info1_, info2_;
  std::string address_ = kAddress;
  esim::Bytes challenge_, tid_, serverChallenge_, euiccSignature1_, smdpSignature2_, metadata_;
  std::optional<bsp::EcPrivateKey> otsk_;
  bool ccRequired_ = false;
};

// expectCode runs |call| and expects it to fail with |subject|/|reason|;
// returns the message.
inline std::string expectCode(const std::function<void()> &call, const std::string &subject,
                              const std::string &reason) {
  try {
    call();
  } catch (const VerifyFailure &e) {
    EXPECT_EQ(std::string(e.code().subjectCode) + "/" + e.code().reasonCode, subject + "/" + reason)
        << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no failure; expected " << subject << "/" << reason;
  return {};
}

} // namespace smdpp::test
