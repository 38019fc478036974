// The DER of the ES10b download functions as the card sees them (SGP.22
// ASN.1 RSPDefinitions; byte layouts in ../shared/docs/sgp22-download-facts.md
// §3): requests decoded into views of the received bytes (a signed part is
// checked over exactly the bytes received, never re-encoded), answers
// encoded from parts. No crypto and no state here. Internal.
//
// Decoders throw esim::Error(Errc::malformedResponse) naming the function
// and the element, which handleEs10 answers with 6A80.
#pragma once

#include <cstdint>
#include <optional>

#include "codec/der_reader.hpp"
#include "esim/bytes.hpp"
#include "esim/download_codes.hpp"

namespace euicc_emu::dl {

using esim::Bytes;
using esim::ByteView;
using esim::codec::TagValue;

// Outer tags of the download functions (request tag = response tag).
inline constexpr TagValue kTagPrepareDownload = 0xBF21;
inline constexpr TagValue kTagGetEuiccChallenge = 0xBF2E;
inline constexpr TagValue kTagLoadBoundProfilePackage = 0xBF36;
inline constexpr TagValue kTagAuthenticateServer = 0xBF38;
inline constexpr TagValue kTagCancelSession = 0xBF41;

// The error codes are the library's SGP.22 values (esim/download_codes.hpp).
using esim::AuthenticateErrorCode;
using esim::CancelSessionError;
using esim::DownloadErrorCode;

// AuthenticateServerRequest: BF38 { 30 serverSigned1, 5F37 serverSignature1,
// 04 euiccCiPKIdToBeUsed, 30 serverCertificate, A0 ctxParams1 }.
struct AuthenticateServerRequest {
  ByteView serverSigned1;       // the whole 30 TLV
  ByteView transactionId;       // serverSigned1/80
  ByteView euiccChallenge;      // serverSigned1/81
  ByteView serverAddress;       // serverSigned1/83
  ByteView serverChallenge;     // serverSigned1/84
  ByteView serverSignature1;    // 5F37 value (r||s)
  ByteView euiccCiPKIdToBeUsed; // 04 value
  ByteView serverCertificate;   // the whole 30 TLV
  ByteView ctxParams1;          // the whole A0 TLV
};
AuthenticateServerRequest decodeAuthenticateServerRequest(ByteView der);

// PrepareDownloadRequest: BF21 { 30 smdpSigned2, 5F37 smdpSignature2,
// [04 hashCc], 30 smdpCertificate }.
struct PrepareDownloadRequest {
  ByteView smdpSigned2;   // the whole 30 TLV
  ByteView transactionId; // smdpSigned2/80
  bool ccRequiredFlag = false;
  std::optional<ByteView> bppEuiccOtpk; // smdpSigned2/5F49
  ByteView smdpSignature2;              // the whole 5F37 TLV
  std::optional<ByteView> hashCc;
  ByteView smdpCertificate; // the whole 30 TLV
};
PrepareDownloadRequest decodePrepareDownloadRequest(ByteView der);

// CancelSessionRequest: BF41 { 80 transactionId, 81 reason }.
struct CancelSessionRequest {
  ByteView transactionId;
  std::uint8_t reason = 0;
};
CancelSessionRequest decodeCancelSessionRequest(ByteView der);

// decodeGetEuiccChallengeRequest checks that |der| is BF2E with no fields.
void decodeGetEuiccChallengeRequest(ByteView der);

// ---- answers (encoders throw std::bad_alloc only) ----
Bytes encodeGetEuiccChallengeResponse(ByteView challenge); // BF2E { 80 challenge }

// euiccSigned1: 30 { 80 tid, 83 serverAddress, 84 serverChallenge, BF22
// euiccInfo2 (the whole TLV), A0 ctxParams1 (the whole TLV) }.
Bytes encodeEuiccSigned1(ByteView transactionId, ByteView serverAddress, ByteView serverChallenge,
                         ByteView euiccInfo2, ByteView ctxParams1);
Bytes encodeAuthenticateServerOk(ByteView euiccSigned1, ByteView euiccSignature1,
                                 ByteView euiccCertificate, ByteView eumCertificate);
Bytes encodeAuthenticateServerError(ByteView transactionId, AuthenticateErrorCode code);

// euiccSigned2: 30 { 80 tid, 5F49 euiccOtpk, [04 hashCc] }.
Bytes encodeEuiccSigned2(ByteView transactionId, ByteView euiccOtpk,
                         std::optional<ByteView> hashCc);
Bytes encodePrepareDownloadOk(ByteView euiccSigned2, ByteView euiccSignature2);
Bytes encodePrepareDownloadError(ByteView transactionId, DownloadErrorCode code);

// euiccCancelSessionSigned: 30 { 80 tid, 81 smdpOid (content octets), 82 reason }.
Bytes encodeEuiccCancelSessionSigned(ByteView transactionId, ByteView smdpOid, std::uint8_t reason);
Bytes encodeCancelSessionOk(ByteView signedPart, ByteView signature);
Bytes encodeCancelSessionError(CancelSessionError code);

// signatureTlv returns 5F37 40 r||s.
Bytes signatureTlv(ByteView rawSignature);

// ---- helpers shared with the BPP loader ----

// Header is the tag and length of one element whose value may not have
// arrived yet (the BF36, A1 and A3 headers the LPA sends alone).
struct Header {
  TagValue tag = 0;
  std::size_t headerSize = 0; // tag + length octets
  std::size_t valueSize = 0;
};
// readHeader reads the tag and length at the start of |input|. Returns
// nullopt if they are not complete, valid DER.
std::optional<Header> readHeader(ByteView input) noexcept;

// malformed throws esim::Error(Errc::malformedResponse) "|function|: |what|".
[[noreturn]] void malformed(const char *function, const std::string &what);

} // namespace euicc_emu::dl
