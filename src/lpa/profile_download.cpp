#include "esim/profile_download.hpp"

#include <algorithm>
#include <cctype>

#include "authenticate_refusal.hpp"
#include "codec/download_codec.hpp"
#include "esim/confirmation_code.hpp"
#include "install_receipt.hpp"
#include "server_address.hpp"

namespace esim {

namespace {

constexpr std::size_t kTacLength = 4;
constexpr std::size_t kImeiBcdLength = 8;
// lpac's TAC when no IMEI is given; any 4 bytes are accepted by SM-DP+s.
constexpr std::uint8_t kDefaultTac[kTacLength] = {0x35, 0x29, 0x06, 0x11};

void report(const DownloadCallbacks &cb, DownloadStage stage, std::size_t done = 0,
            std::size_t total = 0) {
  if (cb.progress) cb.progress(stage, done, total);
}

// Session is one download session: it knows how to end itself on both
// sides when something fails before the load.
class Session {
public:
  Session(Euicc &euicc, Es9pClient &es9p, std::string smdpAddress)
      : euicc_(euicc), es9p_(es9p), smdpAddress_(std::move(smdpAddress)) {}

  void begin(std::string transactionId, Bytes transactionIdBinary) {
    transactionId_ = std::move(transactionId);
    transactionIdBinary_ = std::move(transactionIdBinary);
  }

  // cancel ends the session on the eUICC, then at the SM-DP+ with the
  // eUICC's signed answer. Best effort: the error that made us cancel is the
  // one the user must see, not a second one from the cancel.
  void cancel(CancelSessionReason reason) noexcept {
    if (transactionIdBinary_.empty()) return;
    try {
      CancelSessionResponse r = euicc_.cancelSession(transactionIdBinary_, reason);
      es9p_.cancelSession(smdpAddress_, transactionId_, r.raw);
    } catch (const std::exception &) {
      // The SM-DP+ expires the session by itself; nothing was installed.
    }
    transactionIdBinary_.clear();
  }

  const std::string &transactionId() const noexcept { return transactionId_; }
  const Bytes &transactionIdBinary() const noexcept { return transactionIdBinary_; }

private:
  Euicc &euicc_;
  Es9pClient &es9p_;
  std::string smdpAddress_;
  std::string transactionId_;
  Bytes transactionIdBinary_;
};

// guardedStep runs |step|; on any error it cancels the session with
// |reason| and rethrows.
template <typename Step>
auto guardedStep(Session &session, CancelSessionReason reason, Step step) -> decltype(step()) {
  try {
    return step();
  } catch (...) {
    session.cancel(reason);
    throw;
  }
}

// checkCancelled ends the session (if one began) and throws when the caller
// asked to stop.
void checkCancelled(const DownloadCallbacks &cb, Session &session) {
  if (!cb.cancelled || !cb.cancelled()) return;
  session.cancel(CancelSessionReason::endUserRejection);
  throw Error(Errc::aborted, "download cancelled: nothing was installed; the session was cancelled",
              "run it again with the same activation code when you want the profile");
}

// refusedByCard is Error(Errc::cardRefused) "<function>: the eUICC answered
// invalidSignature (2)" (or "other(N)"), carrying the code for JSON output.
template <typename E>
Error refusedByCard(const std::string &function, E code, const std::string &hint) {
  Error error(Errc::cardRefused, function + ": the eUICC answered " + describeCode(code), hint);
  return withCode(error, code);
}

} // namespace

const char *downloadStageName(DownloadStage stage) noexcept {
  switch (stage) {
  case DownloadStage::authenticating: return "authenticating";
  case DownloadStage::consent: return "consent";
  case DownloadStage::preparing: return "preparing";
  case DownloadStage::loading: return "loading";
  case DownloadStage::reporting: return "reporting";
  }
  return "?";
}

DeviceInfo deviceInfoFromImei(const std::string &imei) {
  DeviceInfo info;
  if (imei.empty()) {
    info.tac.assign(std::begin(kDefaultTac), std::end(kDefaultTac));
    return info;
  }
  if (imei.size() < 14 || imei.size() > 16 ||
      !std::all_of(imei.begin(), imei.end(), [](unsigned char c) { return std::isdigit(c); })) {
    throw Error(Errc::invalidArgument, "IMEI '" + imei + "' is not 14 to 16 digits",
                "give the device's IMEI (dial *#06# on a phone), or leave it out");
  }
  // TS 24.008 BCD: two digits a byte, the first in the low nibble; F pads.
  Bytes bcd;
  for (std::size_t i = 0; i < 2 * kImeiBcdLength; i += 2) {
    auto digit = [&](std::size_t k) -> std::uint8_t {
      return k < imei.size() ? static_cast<std::uint8_t>(imei[k] - '0') : 0x0F;
    };
    bcd.push_back(static_cast<std::uint8_t>(digit(i) | (digit(i + 1) << 4)));
  }
  info.tac.assign(bcd.begin(), bcd.begin() + kTacLength);
  info.imei = bcd;
  return info;
}

DownloadOutcome downloadProfile(Euicc &euicc, Es9pClient &es9p, const DownloadOrder &order,
                                const DownloadCallbacks &cb, const DownloadOptions &options) {
  DownloadOutcome out;
  Session session(euicc, es9p, order.smdpAddress);

  // ---- Common mutual authentication (SGP.22 3.1.2) ----
  report(cb, DownloadStage::authenticating);
  checkCancelled(cb, session);
  const Bytes euiccInfo1 = euicc.getEuiccInfo1Raw();
  const Bytes challenge = euicc.getEuiccChallenge();
  InitiateAuthenticationResponse auth =
      es9p.initiateAuthentication(order.smdpAddress, challenge, euiccInfo1);
  // Before the eUICC is involved: a server signing another name is not the
  // SM-DP+ of the order (no session to cancel on the card yet).
  lpa::checkServerAddress(auth.serverSigned1, order.smdpAddress, "SM-DP+");
  session.begin(auth.transactionId, auth.transactionIdBinary);
  checkCancelled(cb, session);

  AuthenticateServerRequest asReq;
  asReq.serverSigned1 = auth.serverSigned1;
  asReq.serverSignature1 = auth.serverSignature1;
  asReq.euiccCiPKIdToBeUsed = auth.euiccCiPKIdToBeUsed;
  asReq.serverCertificate = auth.serverCertificate;
  asReq.ctxParams1.matchingId = std::string(order.matchingId.view());
  asReq.ctxParams1.deviceInfo = order.deviceInfo;
  AuthenticateServerResponse asResp = guardedStep(session, CancelSessionReason::undefinedReason,
                                                  [&] { return euicc.authenticateServer(asReq); });
  wipe(*asReq.ctxParams1.matchingId);
  if (asResp.authenticateResponseError) {
    // The eUICC's error alternative goes to the SM-DP+ as well: it is how
    // the server learns why the session ends. Its answer is an error too.
    try {
      es9p.authenticateClient(order.smdpAddress, session.transactionId(), asResp.raw);
    } catch (const std::exception &) {
      // Expected; the eUICC's code is the one that explains.
    }
    const AuthenticateErrorCode code = asResp.authenticateResponseError->authenticateErrorCode;
    session.cancel(CancelSessionReason::undefinedReason);
    throw lpa::authenticateServerRefused(code, "SM-DP+");
  }
  AuthenticateClientResponse client =
      guardedStep(session, CancelSessionReason::undefinedReason, [&] {
        return es9p.authenticateClient(order.smdpAddress, session.transactionId(), asResp.raw);
      });
  out.profileMetadata = guardedStep(session, CancelSessionReason::metadataMismatch, [&] {
    return codec::decodeStoreMetadataRequest(client.profileMetadata);
  });
  checkCancelled(cb, session);

  // ---- The user's consent, before anything is bound to this eUICC ----
  report(cb, DownloadStage::consent);
  DownloadOffer offer{order.smdpAddress, out.profileMetadata,
                      client.ccRequiredFlag || order.confirmationCodeRequired};
  const Consent consent = guardedStep(session, CancelSessionReason::undefinedReason, [&] {
    return cb.consent ? cb.consent(offer) : Consent::accepted;
  });
  if (consent != Consent::accepted) {
    session.cancel(consent == Consent::postponed ? CancelSessionReason::postponed
                                                 : CancelSessionReason::endUserRejection);
    throw Error(Errc::aborted,
                consent == Consent::postponed
                    ? "download postponed: nothing was installed; the session was cancelled"
                    : "download declined: nothing was installed; the session was cancelled",
                "run it again with the same activation code when you want the profile");
  }

  // ---- Download and installation (SGP.22 3.1.3) ----
  report(cb, DownloadStage::preparing);
  checkCancelled(cb, session);
  PrepareDownloadRequest pdReq;
  pdReq.smdpSigned2 = client.smdpSigned2;
  pdReq.smdpSignature2 = client.smdpSignature2;
  pdReq.smdpCertificate = client.smdpCertificate;
  if (client.ccRequiredFlag) {
    std::optional<SecretString> code =
        guardedStep(session, CancelSessionReason::undefinedReason,
                    [&] { return cb.confirmationCode ? cb.confirmationCode() : std::nullopt; });
    if (!code || code->empty()) {
      session.cancel(CancelSessionReason::endUserRejection);
      throw Error(Errc::invalidArgument,
                  "the SM-DP+ asks for a confirmation code and none was given",
                  "the operator sent it with the activation code; give it when asked, or with "
                  "--confirmation-code-file");
    }
    pdReq.hashCc = hashConfirmationCode(code->view(), client.transactionIdBinary);
    code->clear();
    checkCancelled(cb, session);
  }
  PrepareDownloadResponse pdResp = guardedStep(session, CancelSessionReason::undefinedReason,
                                               [&] { return euicc.prepareDownload(pdReq); });
  if (pdResp.downloadResponseError) {
    // Sent to the SM-DP+ so that it learns why, then the session ends.
    try {
      es9p.getBoundProfilePackage(order.smdpAddress, session.transactionId(), pdResp.raw);
    } catch (const std::exception &) {
      // Expected: the SM-DP+ answers the card's error with an error.
    }
    session.cancel(CancelSessionReason::undefinedReason);
    throw refusedByCard("PrepareDownload", pdResp.downloadResponseError->downloadErrorCode,
                        "the eUICC refused the SM-DP+'s offer; ask the operator");
  }
  GetBoundProfilePackageResponse bpp =
      guardedStep(session, CancelSessionReason::undefinedReason, [&] {
        return es9p.getBoundProfilePackage(order.smdpAddress, session.transactionId(), pdResp.raw);
      });
  // The last moment to stop: the caller hears that the load begins and may
  // still say no; nothing was bound into the eUICC yet.
  report(cb, DownloadStage::loading, 0, bpp.boundProfilePackage.size());
  checkCancelled(cb, session);

  // The record is on disk before the irreversible step.
  std::optional<InstallReceiptWriter> receipt;
  if (!options.receiptDir.empty()) {
    receipt.emplace(guardedStep(session, CancelSessionReason::undefinedReason, [&] {
      return InstallReceiptWriter::begin(options.receiptDir, options.eid, order.smdpAddress,
                                         session.transactionId(), out.profileMetadata);
    }));
  }

  LoadBoundProfilePackageResult load;
  try {
    load = euicc.loadBoundProfilePackage(bpp.boundProfilePackage,
                                         [&](std::size_t done, std::size_t total) {
                                           report(cb, DownloadStage::loading, done, total);
                                         });
  } catch (const Error &e) {
    if (receipt) receipt->loadFailed(e.what());
    // The eUICC installs a profile whole or not at all, but an error here
    // does not say which: the answer to the last command may be what was
    // lost. "Retry" alone would send the user into ICCID-already-exists.
    Error lost(e.code(), e.what(),
               "the load was cut short: the eUICC keeps the whole profile or none of it; "
               "`esimctl profile list` shows which. If it is there, `esimctl notification "
               "process --all` reports its install; if not, download it again");
    if (e.statusWord()) lost.withStatusWord(*e.statusWord());
    throw lost;
  }
  if (!load.profileInstallationResult) {
    if (receipt) receipt->loadFailed("the eUICC gave no ProfileInstallationResult");
    session.cancel(CancelSessionReason::loadBppExecutionError);
    throw Error(Errc::malformedResponse,
                "LoadBoundProfilePackage: the eUICC answered every command without a "
                "ProfileInstallationResult",
                "list the profiles and notifications to see whether it was installed");
  }
  out.profileInstallationResult = *load.profileInstallationResult;
  const ProfileInstallationResultData &pir =
      out.profileInstallationResult.profileInstallationResultData;
  out.seqNumber = pir.notificationMetadata.seqNumber;
  if (receipt) receipt->loaded(pir);

  // The signed result is the install notification: report it either way.
  if (options.report) {
    report(cb, DownloadStage::reporting);
    std::vector<NotificationDelivery> d =
        deliverNotifications(euicc, es9p, {pir.notificationMetadata});
    if (!d.empty()) {
      out.delivery = d.front();
      if (receipt) receipt->reported(d.front());
    }
  }
  if (receipt) out.receiptPath = receipt->path();
  if (pir.errorResult) {
    Error error(Errc::cardRefused,
                "LoadBoundProfilePackage: the eUICC refused the profile at " +
                    describeCode(pir.errorResult->bppCommandId) + ": " +
                    describeCode(pir.errorResult->errorReason),
                "nothing was installed; ask the operator for a new activation code if it persists");
    throw withCode(error, pir.errorResult->errorReason);
  }
  out.isdpAid = pir.successResult ? pir.successResult->aid : Bytes{};
  out.iccid = out.profileMetadata.iccid;
  return out;
}

} // namespace esim
