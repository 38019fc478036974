// ES10b profile download codec: GetEuiccChallenge (BF2E), AuthenticateServer
// (BF38), PrepareDownload (BF21), the Bound Profile Package (BF36 with
// BF23/BF24/BF25/BF26), ProfileInstallationResult (BF37) and CancelSession
// (BF41), in both directions: the LPA encodes requests and decodes
// responses, the emulator decodes requests and encodes responses, the test
// SM-DP+ encodes its signed parts and the BPP.
//
//   esim::Bytes req = esim::codec::encodeAuthenticateServerRequest(request);
//   esim::AuthenticateServerResponse r = esim::codec::decodeAuthenticateServerResponse(answer);
//   verify(r.authenticateResponseOk->euiccSigned1.raw, ...);   // the bytes received
//
// Signed parts are never re-encoded: decoders cut them out of the received
// DER (the |raw| members), and encoders splice a |raw| that is set into the
// output unchanged (an encoder builds the DER from the fields only when
// |raw| is empty).
//
// Failure: decode* throw Error(Errc::malformedResponse) naming the function
// and the field (truncated, wrong tag, bad length, trailing bytes); encode*
// throw Error(Errc::invalidArgument) for values SGP.22 does not allow (a
// challenge that is not 16 bytes, a TLV argument with the wrong tag).
// Error codes the card answers are kept even when SGP.22 v2 does not name
// them (see download_codes.hpp); only values beyond 0..255 are malformed.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/download.hpp"

namespace esim::codec {

// ---- GetEuiccChallenge (BF2E) ----
Bytes encodeGetEuiccChallengeRequest();              // BF2E 00
void decodeGetEuiccChallengeRequest(ByteView der);   // checks it is BF2E 00
Bytes decodeGetEuiccChallengeResponse(ByteView der); // the 16-byte challenge
Bytes encodeGetEuiccChallengeResponse(ByteView euiccChallenge);

// ---- AuthenticateServer (BF38) ----
// encodeServerSigned1 returns the DER (30 ...) the SM-DP+ signs; raw is ignored.
Bytes encodeServerSigned1(const ServerSigned1 &value);
ServerSigned1 decodeServerSigned1(ByteView der);
// encodeCtxParams1 returns CtxParams1 (A0 ...), as it appears in
// AuthenticateServerRequest and EuiccSigned1.
Bytes encodeCtxParams1(const CtxParamsForCommonAuthentication &value);

// encodeAuthenticateServerRequest copies the four TLVs of |request| (each
// checked to be one element with the right tag) and encodes ctxParams1.
Bytes encodeAuthenticateServerRequest(const AuthenticateServerRequest &request);
// AuthenticateServerRequestParts is the request as the eUICC reads it.
struct AuthenticateServerRequestParts {
  ServerSigned1 serverSigned1; // raw set
  Bytes serverSignature1;      // r||s
  Bytes euiccCiPKIdToBeUsed;   // the SubjectKeyIdentifier value
  Bytes serverCertificate;     // DER
  CtxParamsForCommonAuthentication ctxParams1;
  // request holds the same request as TLVs (what encodeAuthenticateServerRequest takes).
  AuthenticateServerRequest request;
};
AuthenticateServerRequestParts decodeAuthenticateServerRequest(ByteView der);

// encodeEuiccSigned1 returns the DER (30 ...) the eUICC signs: raw is
// ignored, euiccInfo2 must be one BF22 element.
Bytes encodeEuiccSigned1(const EuiccSigned1 &value);
EuiccSigned1 decodeEuiccSigned1(ByteView der);
// encodeAuthenticateServerResponse encodes the alternative that is set
// (euiccSigned1.raw spliced unchanged when set); invalid() when none or both.
Bytes encodeAuthenticateServerResponse(const AuthenticateServerResponse &response);
// decodeAuthenticateServerResponse fills raw with |der|.
AuthenticateServerResponse decodeAuthenticateServerResponse(ByteView der);

// ---- PrepareDownload (BF21) ----
Bytes encodeSmdpSigned2(const SmdpSigned2 &value); // raw ignored
SmdpSigned2 decodeSmdpSigned2(ByteView der);
// encodePrepareDownloadRequest copies smdpSigned2, smdpSignature2 and
// smdpCertificate as given (checked to be one element with the right tag)
// and adds hashCc (32 bytes) as 04 20 ....
Bytes encodePrepareDownloadRequest(const PrepareDownloadRequest &request);
// PrepareDownloadRequestParts is the request as the eUICC reads it.
struct PrepareDownloadRequestParts {
  SmdpSigned2 smdpSigned2;     // raw set
  Bytes smdpSignature2;        // r||s
  std::optional<Bytes> hashCc; // 32 bytes
  Bytes smdpCertificate;       // DER
  // smdpSignature2Tlv is the 5F37 element as received.
  Bytes smdpSignature2Tlv;
  PrepareDownloadRequest request; // the same request as TLVs
};
PrepareDownloadRequestParts decodePrepareDownloadRequest(ByteView der);

Bytes encodeEuiccSigned2(const EuiccSigned2 &value); // raw ignored
EuiccSigned2 decodeEuiccSigned2(ByteView der);
Bytes encodePrepareDownloadResponse(const PrepareDownloadResponse &response);
PrepareDownloadResponse decodePrepareDownloadResponse(ByteView der);

// signatureTlv returns 5F37 L |signature|: the form in which a signature is
// part of another signature's input (smdpSignature2, euiccSignature2).
Bytes signatureTlv(ByteView signature);

// ---- Bound Profile Package (BF36) ----
// encodeInitialiseSecureChannelRequest returns BF23 (raw, signedPart ignored).
Bytes encodeInitialiseSecureChannelRequest(const InitialiseSecureChannelRequest &value);
// initialiseSecureChannelSignedPart returns what smdpSign signs, except the
// eUICC's otPK: 82 01 01 || 80 L tid || A6 L CRT || 5F49 L smdpOtpk.
Bytes initialiseSecureChannelSignedPart(const InitialiseSecureChannelRequest &value);
InitialiseSecureChannelRequest decodeInitialiseSecureChannelRequest(ByteView der);
Bytes encodeConfigureIsdpRequest(const ConfigureISDPRequest &value);
ConfigureISDPRequest decodeConfigureIsdpRequest(ByteView der);
Bytes encodeStoreMetadataRequest(const StoreMetadataRequest &value); // raw ignored
StoreMetadataRequest decodeStoreMetadataRequest(ByteView der);
Bytes encodeReplaceSessionKeysRequest(const ReplaceSessionKeysRequest &value);
ReplaceSessionKeysRequest decodeReplaceSessionKeysRequest(ByteView der);

// BoundProfilePackage holds the BPP's parts as DER elements: the whole BF23,
// and every 87/88/86 TLV complete (tag, length, protected data and MAC).
struct BoundProfilePackage {
  Bytes initialiseSecureChannelRequest;
  std::vector<Bytes> firstSequenceOf87;
  std::vector<Bytes> sequenceOf88;
  std::optional<std::vector<Bytes>> secondSequenceOf87;
  std::vector<Bytes> sequenceOf86;
};
Bytes encodeBoundProfilePackage(const BoundProfilePackage &bpp);
BoundProfilePackage decodeBoundProfilePackage(ByteView der);

// BppSegmentKind says which part of the BPP one ES10b command carries.
enum class BppSegmentKind {
  initialiseSecureChannel, // BF36 tag+length followed by the whole BF23
  firstSequenceOf87,       // the whole A0 element
  sequenceOf88Header,      // A1 tag+length only
  storeMetadata88,         // one 88 element
  secondSequenceOf87,      // the whole A2 element
  sequenceOf86Header,      // A3 tag+length only
  profileElements86,       // one 86 element
};
// BppSegment is one ES10b LoadBoundProfilePackage command: |offset| and
// |length| locate it in the BPP's DER.
struct BppSegment {
  BppSegmentKind kind;
  std::size_t offset;
  std::size_t length;
};
// splitBoundProfilePackage cuts a BPP into the ES10b commands real LPAs send
// (SGP.22 clause 2.5.5, download facts 4.1), in order; the segments cover
// the DER without gap. Throws malformed() when |der| is not a BPP.
std::vector<BppSegment> splitBoundProfilePackage(ByteView der);

// BppFirstCommand is what the eUICC reads from the first command.
struct BppFirstCommand {
  std::size_t boundProfilePackageLength; // the BF36 length: all commands' bytes minus its header
  std::size_t headerLength;              // bytes of the BF36 tag and length
  InitialiseSecureChannelRequest initialiseSecureChannelRequest;
};
// decodeBppFirstCommand reads "BF36 L BF23 ..." (the first ES10b command of a
// load; the BF36 value continues in the later commands).
BppFirstCommand decodeBppFirstCommand(ByteView command);

// ---- ProfileInstallationResult (BF37) ----
// encodeProfileInstallationResultData returns BF27 (raw ignored): what the
// eUICC signs with euiccSignPIR.
Bytes encodeProfileInstallationResultData(const ProfileInstallationResultData &value);
ProfileInstallationResultData decodeProfileInstallationResultData(ByteView der);
// encodeProfileInstallationResult assembles BF37 from the signed BF27 DER
// (spliced unchanged) and the r||s signature.
Bytes encodeProfileInstallationResult(ByteView profileInstallationResultData,
                                      ByteView euiccSignPIR);
ProfileInstallationResult decodeProfileInstallationResult(ByteView der);

// ---- CancelSession (BF41) ----
// CancelSessionRequest is ES10b.CancelSession's input.
struct CancelSessionRequest {
  Bytes transactionId; // binary, 1..16 bytes
  CancelSessionReason reason = CancelSessionReason::undefinedReason;
};
Bytes encodeCancelSessionRequest(const CancelSessionRequest &request);
CancelSessionRequest decodeCancelSessionRequest(ByteView der);
Bytes encodeEuiccCancelSessionSigned(const EuiccCancelSessionSigned &value); // raw ignored
EuiccCancelSessionSigned decodeEuiccCancelSessionSigned(ByteView der);
Bytes encodeCancelSessionResponse(const CancelSessionResponse &response);
CancelSessionResponse decodeCancelSessionResponse(ByteView der);

} // namespace esim::codec
