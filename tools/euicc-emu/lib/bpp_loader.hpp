// BppLoader: the eUICC's state machine for one BoundProfilePackage, fed the
// LPA's LoadBoundProfilePackage calls one by one (split as in
// ../shared/docs/sgp22-download-facts.md §4.1): BF36 header + BF23, A0,
// A1 header, each 88, [A2], A3 header, each 86. It checks and unwraps with
// tools/bsp and keeps the metadata and the profile package in RAM; nothing
// is stored until profile_installation.cpp commits the finished profile.
// Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bsp/scp03t.hpp"
#include "download_session.hpp"
#include "esim/bytes.hpp"
#include "esim/download_codes.hpp"
#include "esim/profile.hpp"
#include "euicc_emu/state.hpp"

namespace euicc_emu {

// BppCommandId and InstallErrorReason are the library's SGP.22 values
// (esim/download_codes.hpp): the card answers what the LPA decodes.
using BppCommandId = esim::BppCommandId;
using InstallErrorReason = esim::ErrorReason;

// InstallFailure is why the load stopped; BppLoader throws it.
struct InstallFailure {
  BppCommandId bppCommandId = BppCommandId::initialiseSecureChannel;
  InstallErrorReason errorReason = InstallErrorReason::installFailedDueToUnknownError;
  std::string why; // for the emulator's log
};

// kMaxAcceptedSegment is the largest 86/87/88 TLV the card takes: SGP.22
// says 1020 bytes, but real SM-DP+ servers (osmo-smdpp) send 1036.
inline constexpr std::size_t kMaxAcceptedSegment = 2048;
// kMaxProfileSize bounds the profile package when the state gives no
// freeNonVolatileMemory.
inline constexpr std::size_t kMaxProfileSize = 2 * 1024 * 1024;

class BppLoader {
public:
  // BppLoader takes the first call (BF36 tag and length, then the whole
  // BF23) for |session| (stage prepared): checks remoteOpId, transactionId,
  // the CRT and smdpSign (by CERT.DPpb), then derives the session keys by
  // ECKA with otSK.EUICC and the KDF over the CRT and the EID of |state|.
  // Throws InstallFailure (bppCommandId initialiseSecureChannel).
  BppLoader(const DownloadSession &session, const EmulatorState &state, esim::ByteView call);

  // feed takes the next call. Returns true when the BPP is complete (the
  // last 86 of A3 arrived and every check passed). Throws InstallFailure.
  bool feed(const EmulatorState &state, esim::ByteView call);

  // profile returns the profile to install (from StoreMetadata and
  // ConfigureISDP; no ISD-P AID or state yet); valid once metadata arrived.
  const std::optional<esim::ProfileInfo> &profile() const noexcept { return profile_; }
  // profileSize returns the size of the decrypted profile package.
  std::size_t profileSize() const noexcept { return upp_.size(); }

private:
  enum class Part { a0, a1Header, sequence88, a2OrA3Header, sequence86, done };

  void consume(esim::ByteView call, BppCommandId command);
  esim::Bytes unwrapAll(esim::ByteView sequence, bsp::SegmentTag tag, BppCommandId command);
  esim::Bytes unwrapOne(esim::ByteView segment, bsp::SegmentTag tag, BppCommandId command);
  void takeConfigureIsdp(esim::ByteView plaintext);
  void takeMetadata(const EmulatorState &state);
  void checkProfileHeader();
  void finish();

  Part part_ = Part::a0;
  std::size_t bppRemaining_ = 0; // bytes of the BF36 value still to come
  std::size_t a1Remaining_ = 0;
  std::size_t a3Remaining_ = 0;
  unsigned segments88_ = 0;
  std::optional<bsp::Unwrapper> unwrapper_;
  std::optional<std::string> dpOid_;
  esim::Bytes metadata_;      // StoreMetadataRequest, BF25
  esim::Bytes metadataIccid_; // raw 10 bytes of 5A
  std::optional<esim::ProfileInfo> profile_;
  esim::Bytes upp_; // the decrypted profile package
  bool headerChecked_ = false;
  bool replacedKeys_ = false;
  std::size_t memoryLimit_ = kMaxProfileSize;
};

} // namespace euicc_emu
