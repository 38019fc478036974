// Downloading a profile (SGP.22 3.1.2 common mutual authentication, 3.1.3
// download and installation) as a careful LPA does it: authenticate the
// SM-DP+ and the eUICC to each other, show the user what will be installed
// and ask, bind and load the profile, then report the install notification
// and remove it from the eUICC only once the SM-DP+ acknowledged it. The LPA
// only relays: every signed blob goes between the eUICC and the SM-DP+ as
// received. A receipt (journal) is on disk before the load and is updated
// after it.
//
//   esim::ActivationCode ac = esim::parseActivationCode(text);
//   esim::DownloadOrder order{ac.smdpAddress, ac.matchingId, ac.smdpOid,
//                             ac.confirmationCodeRequired, esim::deviceInfoFromImei({})};
//   esim::DownloadCallbacks cb;
//   cb.consent = [](const esim::DownloadOffer &o) { return esim::Consent::accepted; };
//   esim::DownloadOutcome out = esim::downloadProfile(euicc, es9p, order, cb, options);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esim/download.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/notification_processing.hpp"
#include "esim/secret_string.hpp"

namespace esim {

// DownloadOrder says where the profile is and who asks for it.
struct DownloadOrder {
  std::string smdpAddress; // FQDN[:port]
  SecretString matchingId; // may be empty
  // smdpOid, when the activation code gave one, must be the SM-DP+'s.
  std::string smdpOid;
  // confirmationCodeRequired: the activation code's CC flag (a hint; the
  // SM-DP+'s signed ccRequiredFlag decides).
  bool confirmationCodeRequired = false;
  DeviceInfo deviceInfo;
};

// deviceInfoFromImei returns the DeviceInfo for an IMEI of 14 to 16 digits
// (TAC = its first 8 digits, IMEI as 8 bytes of swapped BCD padded with F,
// as 3GPP TS 24.008 and Android encode them), or, for an empty IMEI, the TAC
// 35290611 with no IMEI (what lpac sends). Empty deviceCapabilities.
// Throws Error(Errc::invalidArgument) for anything but 14 to 16 digits.
DeviceInfo deviceInfoFromImei(const std::string &imei);

// DownloadStage is where a download is, for progress output.
enum class DownloadStage : std::uint8_t {
  authenticating, // ES10b/ES9+ mutual authentication
  consent,        // waiting for the user
  preparing,      // PrepareDownload, getBoundProfilePackage
  loading,        // LoadBoundProfilePackage (bytes as they go)
  reporting,      // the install notification to the SM-DP+
};

// downloadStageName returns "authenticating", "consent", ... Cannot fail.
const char *downloadStageName(DownloadStage stage) noexcept;

// DownloadOffer is what the user consents to: the profile's metadata as the
// SM-DP+ sent it, and which servers will be told of which events.
struct DownloadOffer {
  std::string smdpAddress;
  ProfileMetadata profileMetadata;
  bool confirmationCodeRequired = false;
};

// Consent is the user's answer to an offer.
enum class Consent : std::uint8_t {
  accepted,
  rejected,  // CancelSession reason endUserRejection
  postponed, // CancelSession reason postponed (esimctl --preview)
};

// DownloadProgressFn receives the stage and, while loading, the bytes of the
// BPP sent so far and its size. It should not throw: an exception stops the
// download as any failure does.
using DownloadProgressFn = std::function<void(DownloadStage, std::size_t, std::size_t)>;
// ConsentFn answers an offer; an exception stops the download and cancels
// the session.
using ConsentFn = std::function<Consent(const DownloadOffer &)>;
// ConfirmationCodeFn returns the code the SM-DP+ asked for, or nullopt when
// the user has none (the download then stops before PrepareDownload); an
// exception stops it too.
using ConfirmationCodeFn = std::function<std::optional<SecretString>()>;
// CancelledFn reports whether the caller wants the download to stop (a
// cancel button, a C caller's cancel flag set from another thread). It must
// not throw.
using CancelledFn = std::function<bool()>;

// DownloadCallbacks are the LPA's questions to its user; each may be empty
// (progress: no output; consent: accepted; confirmationCode: none;
// cancelled: never).
struct DownloadCallbacks {
  DownloadProgressFn progress;
  ConsentFn consent;
  ConfirmationCodeFn confirmationCode;
  // cancelled is asked after every step up to the load, the last time right
  // after progress reported the loading stage with 0 bytes sent: a true
  // answer ends the session on both sides (CancelSession endUserRejection)
  // and downloadProfile throws Error(Errc::aborted). Once the first byte of
  // the BPP went to the eUICC it is no longer asked: the eUICC installs the
  // profile whole or not at all, and stopping the load half-way would only
  // leave the user not knowing which.
  CancelledFn cancelled;
};

// DownloadOptions configures downloadProfile.
struct DownloadOptions {
  // report: send the install notification at once (false: it stays on the
  // eUICC for `esimctl notification process`).
  bool report = true;
  // receiptDir: where the install receipt goes; empty: no receipt.
  std::filesystem::path receiptDir;
  // eid of the eUICC, written into the receipt.
  std::string eid;
};

// DownloadOutcome is what was installed.
struct DownloadOutcome {
  std::string iccid;
  Bytes isdpAid;
  std::optional<std::int64_t> seqNumber; // of the install notification
  ProfileMetadata profileMetadata;
  ProfileInstallationResult profileInstallationResult;
  // delivery is the report of the install notification (unset when not
  // reported: options.report false).
  std::optional<NotificationDelivery> delivery;
  std::filesystem::path receiptPath;
};

// downloadProfile downloads and installs the profile |order| names; see the
// file comment for the steps. Every failure or refusal before the load
// (an SM-DP+ error, the eUICC's error code, the user's no, a missing
// confirmation code, an offer whose metadata is unusable) first ends the
// session on both sides (ES10b CancelSession with the fitting reason, then
// ES9+ cancelSession, each best effort) and then throws: Es9pError for the
// SM-DP+'s answers (subjectCode/reasonCode kept), Error(Errc::cardRefused)
// naming the eUICC's code, Error(Errc::aborted) when the user said no or
// postponed, Error(Errc::invalidArgument) for a missing confirmation code.
// A load the eUICC refused throws Error(Errc::cardRefused) naming the BPP
// command and errorReason, after its signed result (an install
// notification) was reported when options.report. The transport's and the
// receipt's errors (Errc::ioError, before the load: nothing installed) are
// thrown as they are. An SM-DP+ whose serverSigned1 carries another
// serverAddress than order.smdpAddress (ignoring case and a port only one
// side names) is refused with Error(Errc::serverError) before the eUICC is
// asked to authenticate it.
DownloadOutcome downloadProfile(Euicc &euicc, Es9pClient &es9p, const DownloadOrder &order,
                                const DownloadCallbacks &callbacks = {},
                                const DownloadOptions &options = {});

} // namespace esim
