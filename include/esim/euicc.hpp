// Euicc: the typed ES10a/b/c functions of an eUICC (SGP.22 clause 5.7).
//
//   esim::IsdrSession session(transport);
//   esim::Euicc euicc(session);
//   for (const auto &p : euicc.getProfilesInfo()) std::cout << *p.iccid << "\n";
//
// Results that SGP.22 defines are returned as enum values, which also hold
// numbers SGP.22 does not name (result_code.hpp prints them); a malformed answer
// is Error(Errc::malformedResponse) naming the function; a list function that
// answers its error alternative is Error(Errc::cardRefused). "Throws the
// session's errors" below means: the transport's errors (card removed, reader
// gone), Error(Errc::statusWord) for a status word other than 9000/61xx, and
// Error(Errc::malformedResponse) for an answer that is not the function's
// response type; every message begins with the ES10 function's name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esim/download.hpp"
#include "esim/euicc_info.hpp"
#include "esim/isdr_session.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/results.hpp"
#include "esim/rules_authorisation_table.hpp"

namespace esim {

// EuiccMemoryResetOptions is the resetOptions BIT STRING of EuiccMemoryReset.
struct EuiccMemoryResetOptions {
  bool deleteOperationalProfiles = false;
  bool deleteFieldLoadedTestProfiles = false;
  bool resetDefaultSmdpAddress = false;
};

// Euicc calls ES10 functions over an IsdrSession. It holds no state besides
// the session reference; it is as thread-safe as the session (not at all).
class Euicc {
public:
  // Euicc uses |session|, which must outlive it. Cannot fail.
  explicit Euicc(IsdrSession &session) : session_(session) {}

  // getEid returns the EID as 32 hex digits (ES10c.GetEID). Throws the
  // session's errors.
  std::string getEid();
  // getEuiccInfo1 is ES10b.GetEUICCInfo (short form). Throws the session's
  // errors.
  EUICCInfo1 getEuiccInfo1();
  // getEuiccInfo2 is ES10b.GetEUICCInfo (long form). Throws the session's
  // errors.
  EUICCInfo2 getEuiccInfo2();
  // getEuiccConfiguredAddresses is ES10a.GetEuiccConfiguredAddresses. Throws
  // the session's errors.
  EuiccConfiguredAddresses getEuiccConfiguredAddresses();
  // getRat is ES10b.GetRAT: the Rules Authorisation Table (empty when the
  // card allows no profile policy rule). Throws the session's errors; a
  // malformed table is Error(Errc::malformedResponse) naming the rule and
  // field. A card that does not implement the function (some older or
  // minimal eUICCs) answers a status word such as 6A80 or 6D00
  // (Error(Errc::statusWord)).
  RulesAuthorisationTable getRat();
  // getProfilesInfo is ES10c.GetProfilesInfo. Throws Error(Errc::cardRefused)
  // naming the profileInfoListError code ("undefinedError (127)", or
  // "other(N)" for a number SGP.22 does not name) if the card answers an
  // error, and the session's errors.
  std::vector<ProfileInfo> getProfilesInfo(const ProfileInfoListRequest &request = {});

  // enableProfile is ES10c.EnableProfile. The card's refusals (for example
  // profileNotInDisabledState, or a number SGP.22 does not name) are result
  // values; throws the session's errors.
  EnableProfileResult enableProfile(const ProfileIdentifier &profile, bool refreshFlag);
  // disableProfile is ES10c.DisableProfile. Refusals are result values;
  // throws the session's errors.
  DisableProfileResult disableProfile(const ProfileIdentifier &profile, bool refreshFlag);
  // deleteProfile is ES10c.DeleteProfile. Refusals are result values; throws
  // the session's errors.
  DeleteProfileResult deleteProfile(const ProfileIdentifier &profile);
  // setNickname is ES10c.SetNickname. Throws Error(Errc::invalidArgument) for
  // a nickname over 64 bytes of UTF-8 or an ICCID that is not 18..20 digits,
  // and the session's errors.
  SetNicknameResult setNickname(const std::string &iccid, const std::string &profileNickname);
  // euiccMemoryReset is ES10c.eUICCMemoryReset. Refusals are result values;
  // throws the session's errors.
  EuiccMemoryResetResult euiccMemoryReset(const EuiccMemoryResetOptions &options);
  // setDefaultDpAddress is ES10a.SetDefaultDpAddress (empty string clears it).
  // Refusals are result values; throws the session's errors.
  SetDefaultDpAddressResult setDefaultDpAddress(const std::string &defaultDpAddress);

  // listNotification is ES10b.ListNotification, optionally for one event
  // type. Throws Error(Errc::cardRefused) naming the code if the card answers
  // its error (listNotificationsResultError, whatever its number).
  std::vector<NotificationMetadata>
  listNotification(std::optional<NotificationEvent> profileManagementOperation = std::nullopt);
  // retrieveNotificationsList is ES10b.RetrieveNotificationsList: all pending
  // notifications, or only the one with |seqNumber|. noResultAvailable gives an
  // empty list; any other notificationsListResultError (undefinedError or a
  // number SGP.22 does not name) throws Error(Errc::cardRefused) naming it.
  std::vector<PendingNotification>
  retrieveNotificationsList(std::optional<std::int64_t> seqNumber = std::nullopt);
  // removeNotificationFromList is ES10b.RemoveNotificationFromList. Call it
  // only after the SM-DP+ acknowledged the notification. Refusals (nothing
  // to delete) are result values; throws the session's errors.
  NotificationSentResult removeNotificationFromList(std::int64_t seqNumber);

  // ---- Profile download (ES10b) ----

  // getEuiccChallenge is ES10b.GetEuiccChallenge: returns the 16-byte
  // challenge (the value of tag 80). Throws the session's errors.
  Bytes getEuiccChallenge();
  // getEuiccInfo1Raw is ES10b.GetEUICCInfo (short form) returning the whole
  // BF20 element as the card answered it (euiccInfo1 of ES9+
  // initiateAuthentication); it is checked to decode. Throws the session's
  // errors.
  Bytes getEuiccInfo1Raw();
  // authenticateServer is ES10b.AuthenticateServer. The card's
  // authenticateResponseError is a value (set in the result), not an error;
  // the result's raw is forwarded to ES9+ authenticateClient either way.
  // Throws Error(Errc::invalidArgument) for a request TLV with the wrong tag,
  // and the session's errors.
  AuthenticateServerResponse authenticateServer(const AuthenticateServerRequest &request);
  // prepareDownload is ES10b.PrepareDownload. The card's downloadResponseError
  // is a value; raw goes to ES9+ getBoundProfilePackage. Throws
  // Error(Errc::invalidArgument) for a request TLV with the wrong tag or a
  // hashCc that is not 32 bytes, and the session's errors.
  PrepareDownloadResponse prepareDownload(const PrepareDownloadRequest &request);
  // loadBoundProfilePackage is ES10b.LoadBoundProfilePackage: it splits |bpp|
  // (the whole BF36 element) into the ES10b commands real LPAs send, each
  // its own STORE DATA sequence, calls |progress| after each, and stops at
  // the first command the card answers with a ProfileInstallationResult.
  // Every answer empty gives a result without profileInstallationResult.
  // Throws Error(Errc::malformedResponse) when |bpp| is not a BPP or an
  // answer is neither empty nor a BF37, and the session's errors (a status
  // word other than 9000 ends the load).
  LoadBoundProfilePackageResult loadBoundProfilePackage(ByteView bpp,
                                                        const BppProgress &progress = {});
  // cancelSession is ES10b.CancelSession for |transactionId| (binary). The
  // card's cancelSessionResponseError is a value; raw goes to ES9+
  // cancelSession. Throws Error(Errc::invalidArgument) for a transactionId
  // outside 1..16 bytes, and the session's errors.
  CancelSessionResponse cancelSession(ByteView transactionId, CancelSessionReason reason);

private:
  IsdrSession &session_;
};

} // namespace esim
