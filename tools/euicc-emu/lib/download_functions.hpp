// The ES10b functions of profile download (SGP.22 clauses 5.7.1-5.7.6,
// 5.7.13, 5.7.14), each on the DownloadSession of the logical channel the
// request came on. Same conventions as es10_functions.hpp: the DER request
// in, the DER answer out (an SGP.22 error code is an answer, not an
// exception); esim::Error(Errc::malformedResponse) for a request that does
// not decode (6A80), an esim::Error with status word 6985 when the state
// has no "pki" to sign with. Internal.
#pragma once

#include "download_session.hpp"
#include "esim/bytes.hpp"
#include "state_store.hpp"

namespace euicc_emu::download {

// ---- download_auth.cpp: common mutual authentication ----
// getEuiccChallenge (BF2E) starts a new session with a fresh challenge.
esim::Bytes getEuiccChallenge(StateStore &store, DownloadSession &session, esim::ByteView request);
// authenticateServer (BF38) checks CERT.DPauth and serverSignature1 and
// answers the signed euiccSigned1, or an AuthenticateErrorCode (the session
// then ends).
esim::Bytes authenticateServer(StateStore &store, DownloadSession &session, esim::ByteView request);
// prepareDownload (BF21) checks CERT.DPpb and smdpSignature2, makes
// otPK.EUICC.ECKA and answers the signed euiccSigned2, or a DownloadErrorCode
// (the session then ends).
esim::Bytes prepareDownload(StateStore &store, DownloadSession &session, esim::ByteView request);
// cancelSession (BF41) ends the session with a signed
// euiccCancelSessionSigned, or answers invalidTransactionId.
esim::Bytes cancelSession(StateStore &store, DownloadSession &session, esim::ByteView request);

// ---- bpp_loader.cpp ----
// loadBoundProfilePackage takes one ES10b LoadBoundProfilePackage call
// (the BF36 header with the BF23, the A0, the A1 header, one 88, the A2, the
// A3 header or one 86: the split of sgp22-download-facts.md §4.1) and
// answers nothing (9000) until the last 86, then the signed BF37
// ProfileInstallationResult; at the first failure the BF37 with its
// errorResult. Either BF37 is queued as an install notification; the
// profile and its notification are committed together.
esim::Bytes loadBoundProfilePackage(StateStore &store, DownloadSession &session,
                                    esim::ByteView request);

// isBppContinuation reports whether |request| continues the BPP |session|
// is loading (starts with A0, A1, A2, A3, 86 or 88). Never throws.
bool isBppContinuation(const DownloadSession &session, esim::ByteView request) noexcept;

// requireSigner returns the store's signer or throws the 6985 error naming
// |function|.
const EuiccSigner &requireSigner(const StateStore &store, const char *function);

// sessionSigner returns the identity AuthenticateServer chose for |session|
// (session.signingCiPkid), else what requireSigner returns. Throws as
// requireSigner.
const EuiccSigner &sessionSigner(const StateStore &store, const DownloadSession &session,
                                 const char *function);

} // namespace euicc_emu::download
