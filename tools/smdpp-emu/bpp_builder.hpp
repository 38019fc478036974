// BppBuilder: binds a profile package to one eUICC (SGP.22 3.1.3.3 and
// 2.5.5): ECKA between a fresh one-time key pair otSK/otPK.DP.ECKA and the
// eUICC's otPK.EUICC.ECKA, the X9.63 KDF, then the BoundProfilePackage
//   BF36 { BF23 InitialiseSecureChannelRequest (smdpSign by DPpb),
//          A0 { 87 ConfigureISDP }, A1 { 88 StoreMetadata .. },
//          [A2 { 87 ReplaceSessionKeys }], A3 { 86 profile package .. } }
// with every segment at most 1020 bytes (bsp::Wrapper), assembled with the
// codec's encoders (encodeInitialiseSecureChannelRequest,
// encodeBoundProfilePackage).
#pragma once

#include <functional>
#include <optional>

#include "bsp/ec_key.hpp"
#include "bsp/kdf.hpp"
#include "esim/bytes.hpp"
#include "esim/download.hpp"

namespace smdpp {

// BppSigner signs |data| with the DPpb key and returns r || s.
using BppSigner = std::function<esim::Bytes(esim::ByteView data)>;

// BppInput is what one binding needs.
struct BppInput {
  esim::Bytes transactionId;  // binary
  esim::Bytes hostId;         // CRT 84, 1..16 bytes
  esim::Bytes eid;            // 16 bytes (binary EID)
  esim::Bytes euiccOtpk;      // 04 || X || Y from euiccSigned2
  esim::Bytes configureIsdp;  // BF24 ...
  esim::Bytes storeMetadata;  // BF25 ...
  esim::Bytes profilePackage; // the UPP
  // ppk, when set, makes the A2 part and protects the 86 segments with it.
  std::optional<bsp::SessionKeys> ppk;
};

// BppOutput is the bound package and what a test needs to check it.
struct BppOutput {
  esim::Bytes boundProfilePackage; // BF36 ...
  esim::Bytes smdpOtpk;            // the fresh otPK.DP.ECKA
  bsp::SessionKeys sessionKeys;    // derived keys (for tests)
};

// buildBoundProfilePackage binds |in| with the fresh one-time key |otsk|
// (on the curve of |in.euiccOtpk|) and |sign|. Throws bsp::Error for an
// invalid euiccOtpk, hostId or EID, and what |sign| throws.
BppOutput buildBoundProfilePackage(const BppInput &in, const bsp::EcPrivateKey &otsk,
                                   const BppSigner &sign);

// smdpSignInput returns what smdpSign signs (SGP.22 5.5.3): the BF23 value
// up to smdpSign (82 01 01 || 80 L tid || A6 L CRT || 5F49 L smdpOtpk) ||
// 5F49 L |euiccOtpk|.
esim::Bytes smdpSignInput(const esim::InitialiseSecureChannelRequest &isc,
                          esim::ByteView euiccOtpk);

// kDefaultHostId is the hostId smdpp-emu puts in the CRT.
inline constexpr char kDefaultHostId[] = "smdpp-emu";

} // namespace smdpp
