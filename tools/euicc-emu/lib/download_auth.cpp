// GetEuiccChallenge, AuthenticateServer, PrepareDownload and CancelSession:
// the eUICC's side of common mutual authentication (SGP.22 clause 3.1.2)
// and of the download's key establishment, with every check a real eUICC
// makes (../shared/docs/sgp22-download-facts.md §3.2, §3.3, §3.5, §6).
#include <algorithm>

#include <openssl/rand.h>

#include "codec/es10_codec.hpp"
#include "download_functions.hpp"
#include "download_messages.hpp"
#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "rsp_certificate.hpp"
#include "state_names.hpp"

namespace euicc_emu::download {

namespace {

constexpr std::size_t kChallengeSize = 16;

bool equal(esim::ByteView a, esim::ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

esim::Bytes copy(esim::ByteView v) {
  return esim::Bytes(v.begin(), v.end());
}

bool listed(const std::vector<esim::Bytes> &list, esim::ByteView id) {
  return std::any_of(list.begin(), list.end(), [&](const esim::Bytes &b) { return equal(b, id); });
}

esim::Bytes euiccInfo2Tlv(const EmulatorState &state) {
  esim::EUICCInfo2 info = state.euiccInfo2;
  if (info.extCardResource.empty())
    info.extCardResource = names::encodeExtCardResource(info.extCardResourceDecoded);
  return esim::codec::encodeEuiccInfo2(info);
}

esim::Bytes concat(esim::ByteView a, esim::ByteView b) {
  esim::Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

} // namespace

const EuiccSigner &requireSigner(const StateStore &store, const char *function) {
  if (const EuiccSigner *signer = store.signer()) return *signer;
  throw esim::Error(esim::Errc::notAllowed,
                    std::string(function) +
                        " must sign, but the state has no \"pki\" (eUICC key and certificates)",
                    "add \"pki\" to the state file (docs/emulator.md) or recreate it with "
                    "`euicc-emu --state FILE --init --force`")
      .withStatusWord(esim::sw::kConditionsNotSatisfied);
}

const EuiccSigner &sessionSigner(const StateStore &store, const DownloadSession &session,
                                 const char *function) {
  const EuiccSigner &any = requireSigner(store, function);
  const EuiccSigner *chosen = store.signerFor(session.signingCiPkid);
  return chosen ? *chosen : any;
}

esim::Bytes getEuiccChallenge(StateStore &, DownloadSession &session, esim::ByteView request) {
  dl::decodeGetEuiccChallengeRequest(request);
  esim::Bytes challenge(kChallengeSize);
  if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) {
    throw esim::Error(esim::Errc::internal, "GetEuiccChallenge: RAND_bytes failed");
  }
  session.end(); // a new challenge starts a new session
  session.euiccChallenge = challenge;
  session.stage = DownloadStage::challenged;
  return dl::encodeGetEuiccChallengeResponse(challenge);
}

esim::Bytes authenticateServer(StateStore &store, DownloadSession &session,
                               esim::ByteView request) {
  using Code = dl::AuthenticateErrorCode;
  const dl::AuthenticateServerRequest req = dl::decodeAuthenticateServerRequest(request);
  requireSigner(store, "AuthenticateServer");
  // The challenge is good for one AuthenticateServer, whatever its outcome.
  const bool challenged = session.stage == DownloadStage::challenged;
  const esim::Bytes challenge = session.euiccChallenge;
  session.end();
  auto refuse = [&](Code code) {
    return dl::encodeAuthenticateServerError(req.transactionId, code);
  };
  if (!challenged) return refuse(Code::noSessionContext);

  const EmulatorState &state = store.state();
  // euiccCiPKIdToBeUsed is the SM-DP+'s pick from euiccCiPKIdListForSigning:
  // the card answers with its identity (CERT.EUICC, CERT.EUM, SK.EUICC)
  // under that CI, whatever the curve.
  const EuiccSigner *chosen = store.signerFor(req.euiccCiPKIdToBeUsed);
  if (!chosen || !listed(state.euiccInfo2.euiccCiPKIdListForSigning, req.euiccCiPKIdToBeUsed))
    return refuse(Code::ciPKUnknown);
  // CERT.DPauth (an SM-DP+) or CERT.DSauth (an SM-DS, for event discovery)
  // must chain to a CI of euiccCiPKIdListForVerification: the one its
  // AuthorityKeyIdentifier names.
  std::optional<RspCertificate> dpAuth = RspCertificate::parse(req.serverCertificate);
  const RspCertificate *ci = dpAuth ? store.trust().find(dpAuth->authorityKeyId()) : nullptr;
  const bool smds = dpAuth && dpAuth->hasPolicy(kOidRoleDsAuth);
  if (!dpAuth || !ci ||
      !listed(state.euiccInfo2.euiccCiPKIdListForVerification, dpAuth->authorityKeyId()) ||
      !dpAuth->issuedBy(*ci) || !(smds || dpAuth->hasPolicy(kOidRoleDpAuth)))
    return refuse(Code::invalidCertificate);
  if (!dpAuth->curve()) return refuse(Code::unsupportedCurve);
  if (!dpAuth->smdpOid()) return refuse(Code::invalidOid);
  if (!dpAuth->verify(req.serverSigned1, req.serverSignature1))
    return refuse(Code::invalidSignature);
  if (!equal(req.euiccChallenge, challenge)) return refuse(Code::euiccChallengeMismatch);
  // serverAddress is signed by the SM-DP+ and echoed in euiccSigned1; the
  // LPA, not the eUICC, compares it with the activation code's address.

  const esim::Bytes signed1 =
      dl::encodeEuiccSigned1(req.transactionId, req.serverAddress, req.serverChallenge,
                             euiccInfo2Tlv(state), req.ctxParams1);
  const esim::Bytes signature1 = chosen->sign(signed1);
  session.stage = DownloadStage::authenticated;
  session.transactionId = copy(req.transactionId);
  session.serverAddress = copy(req.serverAddress);
  session.ciPkid = dpAuth->authorityKeyId();
  session.signingCiPkid = copy(req.euiccCiPKIdToBeUsed);
  session.smdpOid = *dpAuth->smdpOid();
  session.smds = smds;
  session.euiccSignature1 = signature1;
  return dl::encodeAuthenticateServerOk(signed1, signature1, chosen->euiccCertificate(),
                                        chosen->eumCertificate());
}

esim::Bytes prepareDownload(StateStore &store, DownloadSession &session, esim::ByteView request) {
  using Code = dl::DownloadErrorCode;
  const dl::PrepareDownloadRequest req = dl::decodePrepareDownloadRequest(request);
  const EuiccSigner &signer = sessionSigner(store, session, "PrepareDownload");
  auto refuse = [&](Code code) {
    session.end();
    return dl::encodePrepareDownloadError(req.transactionId, code);
  };
  if (session.stage != DownloadStage::authenticated) return refuse(Code::noSessionContext);
  // An SM-DS only lists events: no CERT.DPpb can carry its OID, and the
  // card downloads from the SM-DP+ an event names after authenticating it.
  if (session.smds) {
    session.lastDiagnostic = "PrepareDownload refused: the session authenticated an SM-DS "
                             "(CERT.DSauth), not an SM-DP+";
    return refuse(Code::invalidCertificate);
  }
  const RspCertificate *ci = store.trust().find(session.ciPkid);
  std::optional<RspCertificate> dpPb = RspCertificate::parse(req.smdpCertificate);
  // CERT.DPpb: the CI of CERT.DPauth, the DPpb role, the same SM-DP+ OID.
  if (!ci || !dpPb || !dpPb->issuedBy(*ci) || !dpPb->hasPolicy(kOidRoleDpPb) ||
      dpPb->smdpOid() != std::optional<esim::Bytes>(session.smdpOid)) {
    return refuse(Code::invalidCertificate);
  }
  const std::optional<bsp::Curve> curve = dpPb->curve();
  if (!curve) return refuse(Code::unsupportedCurve);
  // smdpSignature2 covers smdpSigned2 and the eUICC's euiccSignature1 TLV.
  const esim::Bytes signed2Input =
      concat(req.smdpSigned2, dl::signatureTlv(session.euiccSignature1));
  esim::ByteView signature2Value = esim::ByteView(req.smdpSignature2).subspan(3);
  if (!dpPb->verify(signed2Input, signature2Value)) return refuse(Code::invalidSignature);
  if (!equal(req.transactionId, session.transactionId)) return refuse(Code::invalidTransactionId);
  // hashCc is sent exactly when the SM-DP+ asks for a confirmation code.
  if (req.ccRequiredFlag != req.hashCc.has_value()) return refuse(Code::undefinedError);

  bsp::EcPrivateKey otSk = bsp::EcPrivateKey::generate(*curve);
  const esim::Bytes otPk = otSk.publicKey().point();
  const esim::Bytes euiccSigned2 = dl::encodeEuiccSigned2(session.transactionId, otPk, req.hashCc);
  const esim::Bytes signature2 = signer.sign(concat(euiccSigned2, req.smdpSignature2));
  session.stage = DownloadStage::prepared;
  session.dpPbCertificate = copy(req.smdpCertificate);
  session.curve = curve;
  session.otSk.emplace(std::move(otSk));
  session.euiccOtpk = otPk;
  return dl::encodePrepareDownloadOk(euiccSigned2, signature2);
}

esim::Bytes cancelSession(StateStore &store, DownloadSession &session, esim::ByteView request) {
  const dl::CancelSessionRequest req = dl::decodeCancelSessionRequest(request);
  const EuiccSigner &signer = sessionSigner(store, session, "CancelSession");
  const bool known = session.stage != DownloadStage::idle &&
                     session.stage != DownloadStage::challenged &&
                     equal(req.transactionId, session.transactionId);
  if (!known) return dl::encodeCancelSessionError(dl::CancelSessionError::invalidTransactionId);
  const esim::Bytes signedPart =
      dl::encodeEuiccCancelSessionSigned(req.transactionId, session.smdpOid, req.reason);
  const esim::Bytes signature = signer.sign(signedPart);
  session.end();
  return dl::encodeCancelSessionOk(signedPart, signature);
}

} // namespace euicc_emu::download
