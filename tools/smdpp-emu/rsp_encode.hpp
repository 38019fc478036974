// The DER the SM-DP+ builds and signs (SGP.22 ASN.1 RSPDefinitions):
// ServerSigned1, SmdpSigned2, StoreMetadataRequest and the BPP's
// InitialiseSecureChannelRequest, written with the codec's DER writer
// (der::appendTlv) so that smdpp-emu encodes independently of the decoders
// the card and the LPA use.
#pragma once

#include "esim/bytes.hpp"
#include "esim/download.hpp"

namespace smdpp {

// encodeServerSigned1 returns 30 { 80 tid, 81 euiccChallenge, 83 address,
// 84 serverChallenge }. Cannot fail but for std::bad_alloc.
esim::Bytes encodeServerSigned1(const esim::ServerSigned1 &v);

// encodeSmdpSigned2 returns 30 { 80 tid, 01 01 ccRequiredFlag, [5F49 otpk] }.
esim::Bytes encodeSmdpSigned2(const esim::SmdpSigned2 &v);

// encodeStoreMetadata returns StoreMetadataRequest BF25 { 5A iccid, 91 SPN,
// 92 name, [93 iconType, 94 icon], [95 class], [B6 notifications],
// [99 PPRs] }. Throws esim::Error(invalidArgument) for an invalid ICCID.
esim::Bytes encodeStoreMetadata(const esim::StoreMetadataRequest &v);

// initialiseSecureChannelSignedData returns what smdpSign signs: 82 01 01 ||
// 80 L tid || A6 L CRT || 5F49 L smdpOtpk || 5F49 L euiccOtpk.
esim::Bytes initialiseSecureChannelSignedData(const esim::InitialiseSecureChannelRequest &v,
                                              esim::ByteView euiccOtpk);

// encodeInitialiseSecureChannel returns BF23 { 82, 80, A6, 5F49, 5F37 smdpSign }.
esim::Bytes encodeInitialiseSecureChannel(const esim::InitialiseSecureChannelRequest &v);

// signatureTlv returns 5F37 L |rs|.
esim::Bytes signatureTlv(esim::ByteView rs);

} // namespace smdpp
