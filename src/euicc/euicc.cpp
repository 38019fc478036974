#include "esim/euicc.hpp"

#include "codec/es10_codec.hpp"
#include "esim/error.hpp"

namespace esim {

namespace {
constexpr std::size_t kMaxNicknameBytes = 64;

// runEs10 runs one ES10 request on |session|. A failure below (the card
// removed, a status word, a truncated answer) is rethrown with the ES10
// function's name in front, so the user learns which step of a flow broke
// (a power loss during DeleteProfile differs from one during
// RemoveNotificationFromList).
Bytes runEs10(IsdrSession &session, const Bytes &request) {
  try {
    return session.exchange(request);
  } catch (const Error &e) {
    Error named(e.code(),
                std::string(codec::functionName(codec::identifyRequest(request))) + ": " + e.what(),
                e.hint());
    if (e.statusWord()) named.withStatusWord(*e.statusWord());
    throw named;
  }
}

// refusedWith is the Error(Errc::cardRefused) for a card that answered the
// error alternative of |function|: "ListNotification: eUICC answered
// listNotificationsResultError undefinedError (127)", or "other(3)" for a
// number SGP.22 does not name (a newer card's code is still reported).
template <typename E>
Error refusedWith(const char *function, const char *field, E code, const char *hint) {
  Error error(Errc::cardRefused,
              std::string(function) + ": eUICC answered " + field + " " + describeCode(code), hint);
  return withCode(error, code);
}

constexpr const char *kRetryHint =
    "retry; if it persists, check the card with `esimctl chip info` (it may need a reset)";
} // namespace

std::string Euicc::getEid() {
  return codec::decodeGetEidResponse(runEs10(session_, codec::encodeGetEidRequest()));
}

EUICCInfo1 Euicc::getEuiccInfo1() {
  return codec::decodeEuiccInfo1(runEs10(session_, codec::encodeGetEuiccInfo1Request()));
}

EUICCInfo2 Euicc::getEuiccInfo2() {
  return codec::decodeEuiccInfo2(runEs10(session_, codec::encodeGetEuiccInfo2Request()));
}

EuiccConfiguredAddresses Euicc::getEuiccConfiguredAddresses() {
  return codec::decodeEuiccConfiguredAddressesResponse(
      runEs10(session_, codec::encodeEuiccConfiguredAddressesRequest()));
}

RulesAuthorisationTable Euicc::getRat() {
  return codec::decodeGetRatResponse(runEs10(session_, codec::encodeGetRatRequest()));
}

std::vector<ProfileInfo> Euicc::getProfilesInfo(const ProfileInfoListRequest &request) {
  codec::ProfileInfoListResponse response = codec::decodeProfileInfoListResponse(
      runEs10(session_, codec::encodeProfileInfoListRequest(request)));
  if (response.profileInfoListError) {
    throw refusedWith("GetProfilesInfo", "profileInfoListError", *response.profileInfoListError,
                      "check the search criteria; if it persists the eUICC may need a reset");
  }
  return std::move(response.profileInfoListOk);
}

EnableProfileResult Euicc::enableProfile(const ProfileIdentifier &profile, bool refreshFlag) {
  return codec::decodeEnableProfileResponse(
      runEs10(session_, codec::encodeEnableProfileRequest({profile, refreshFlag})));
}

DisableProfileResult Euicc::disableProfile(const ProfileIdentifier &profile, bool refreshFlag) {
  return codec::decodeDisableProfileResponse(
      runEs10(session_, codec::encodeDisableProfileRequest({profile, refreshFlag})));
}

DeleteProfileResult Euicc::deleteProfile(const ProfileIdentifier &profile) {
  return codec::decodeDeleteProfileResponse(
      runEs10(session_, codec::encodeDeleteProfileRequest(profile)));
}

SetNicknameResult Euicc::setNickname(const std::string &iccid, const std::string &profileNickname) {
  if (profileNickname.size() > kMaxNicknameBytes) {
    throw Error(Errc::invalidArgument, "SetNickname: nickname is " +
                                           std::to_string(profileNickname.size()) +
                                           " bytes of UTF-8; at most 64 are allowed");
  }
  return codec::decodeSetNicknameResponse(
      runEs10(session_, codec::encodeSetNicknameRequest({iccid, profileNickname})));
}

EuiccMemoryResetResult Euicc::euiccMemoryReset(const EuiccMemoryResetOptions &options) {
  return codec::decodeEuiccMemoryResetResponse(
      runEs10(session_, codec::encodeEuiccMemoryResetRequest(options)));
}

SetDefaultDpAddressResult Euicc::setDefaultDpAddress(const std::string &defaultDpAddress) {
  return codec::decodeSetDefaultDpAddressResponse(
      runEs10(session_, codec::encodeSetDefaultDpAddressRequest(defaultDpAddress)));
}

std::vector<NotificationMetadata>
Euicc::listNotification(std::optional<NotificationEvent> profileManagementOperation) {
  codec::ListNotificationResponse response = codec::decodeListNotificationResponse(
      runEs10(session_, codec::encodeListNotificationRequest(profileManagementOperation)));
  if (response.listNotificationsResultError) {
    throw refusedWith("ListNotification", "listNotificationsResultError",
                      *response.listNotificationsResultError, kRetryHint);
  }
  return std::move(response.notificationMetadataList);
}

std::vector<PendingNotification>
Euicc::retrieveNotificationsList(std::optional<std::int64_t> seqNumber) {
  codec::RetrieveNotificationsSearch search;
  if (seqNumber) search = *seqNumber;
  codec::RetrieveNotificationsListResponse response =
      codec::decodeRetrieveNotificationsListResponse(
          runEs10(session_, codec::encodeRetrieveNotificationsListRequest(search)));
  if (response.notificationsListResultError) {
    if (*response.notificationsListResultError == NotificationsListResultError::noResultAvailable) {
      return {};
    }
    throw refusedWith("RetrieveNotificationsList", "notificationsListResultError",
                      *response.notificationsListResultError, kRetryHint);
  }
  return std::move(response.notificationList);
}

NotificationSentResult Euicc::removeNotificationFromList(std::int64_t seqNumber) {
  return codec::decodeNotificationSentResponse(
      runEs10(session_, codec::encodeNotificationSentRequest(seqNumber)));
}

} // namespace esim
