// DownloadSession: what one logical channel of the emulated eUICC remembers
// of a profile download (SGP.22 clause 3.1.3, common mutual authentication,
// then 3.1.3.x download and installation) between its ES10b functions:
// the challenge of GetEuiccChallenge, what AuthenticateServer accepted, the
// one-time ECKA key of PrepareDownload and the BPP being loaded. It lives in
// RAM only: a reset, a power loss or closing the channel drops it, so a torn
// load never leaves a profile behind. Internal.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bsp/ec_key.hpp"
#include "esim/bytes.hpp"

namespace euicc_emu {

class BppLoader;

// DownloadStage is how far the session got.
enum class DownloadStage {
  idle,          // nothing (or a session that ended)
  challenged,    // GetEuiccChallenge answered: euiccChallenge is set
  authenticated, // AuthenticateServer accepted the SM-DP+
  prepared,      // PrepareDownload made otPK/otSK.EUICC.ECKA
  loading,       // LoadBoundProfilePackage accepted the BF23 and is receiving the BPP
};

// DownloadSession is the download state of one logical channel.
struct DownloadSession {
  DownloadSession();
  ~DownloadSession();
  DownloadSession(DownloadSession &&) noexcept;
  DownloadSession &operator=(DownloadSession &&) noexcept;

  DownloadStage stage = DownloadStage::idle;
  esim::Bytes euiccChallenge;  // 16 random bytes of GetEuiccChallenge
  esim::Bytes transactionId;   // from serverSigned1
  esim::Bytes serverAddress;   // from serverSigned1 (UTF-8)
  esim::Bytes ciPkid;          // the CI CERT.DPauth chains to (CERT.DPpb must too)
  esim::Bytes signingCiPkid;   // euiccCiPKIdToBeUsed: the CI of the identity the card signs with
  esim::Bytes smdpOid;         // content octets of CERT.DPauth's (or DSauth's) registeredID
  bool smds = false;           // AuthenticateServer accepted an SM-DS (CERT.DSauth)
  esim::Bytes euiccSignature1; // what smdpSignature2 signs along
  esim::Bytes dpPbCertificate; // CERT.DPpb (DER): its key signs smdpSign
  std::optional<bsp::Curve> curve;
  std::optional<bsp::EcPrivateKey> otSk; // otSK.EUICC.ECKA
  esim::Bytes euiccOtpk;                 // otPK.EUICC.ECKA, 04 || X || Y
  std::unique_ptr<BppLoader> loader;     // while stage == loading
  // lastDiagnostic says why the last function refused (for the trace log);
  // the dispatcher takes it after each function. Kept by end().
  std::string lastDiagnostic;

  // end forgets everything (the session is over). Never throws.
  void end() noexcept;
};

} // namespace euicc_emu
