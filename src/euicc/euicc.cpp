#include "esim/euicc.hpp"

#include "codec/es10_codec.hpp"
#include "esim/error.hpp"

namespace esim {

namespace {
constexpr std::size_t kMaxNicknameBytes = 64;
} // namespace

std::string Euicc::getEid() {
  return codec::decodeGetEidResponse(session_.exchange(codec::encodeGetEidRequest()));
}

EUICCInfo1 Euicc::getEuiccInfo1() {
  return codec::decodeEuiccInfo1(session_.exchange(codec::encodeGetEuiccInfo1Request()));
}

EUICCInfo2 Euicc::getEuiccInfo2() {
  return codec::decodeEuiccInfo2(session_.exchange(codec::encodeGetEuiccInfo2Request()));
}

EuiccConfiguredAddresses Euicc::getEuiccConfiguredAddresses() {
  return codec::decodeEuiccConfiguredAddressesResponse(
      session_.exchange(codec::encodeEuiccConfiguredAddressesRequest()));
}

std::vector<ProfileInfo> Euicc::getProfilesInfo(const ProfileInfoListRequest &request) {
  codec::ProfileInfoListResponse response = codec::decodeProfileInfoListResponse(
      session_.exchange(codec::encodeProfileInfoListRequest(request)));
  if (response.profileInfoListError) {
    const char *name = *response.profileInfoListError == ProfileInfoListError::incorrectInputValues
                           ? "incorrectInputValues"
                           : "undefinedError";
    throw Error(Errc::cardRefused, std::string("GetProfilesInfo: eUICC answered ") + name,
                "check the search criteria; if it persists the eUICC may need a reset");
  }
  return std::move(response.profileInfoListOk);
}

EnableProfileResult Euicc::enableProfile(const ProfileIdentifier &profile, bool refreshFlag) {
  return codec::decodeEnableProfileResponse(
      session_.exchange(codec::encodeEnableProfileRequest({profile, refreshFlag})));
}

DisableProfileResult Euicc::disableProfile(const ProfileIdentifier &profile, bool refreshFlag) {
  return codec::decodeDisableProfileResponse(
      session_.exchange(codec::encodeDisableProfileRequest({profile, refreshFlag})));
}

DeleteProfileResult Euicc::deleteProfile(const ProfileIdentifier &profile) {
  return codec::decodeDeleteProfileResponse(
      session_.exchange(codec::encodeDeleteProfileRequest(profile)));
}

SetNicknameResult Euicc::setNickname(const std::string &iccid, const std::string &profileNickname) {
  if (profileNickname.size() > kMaxNicknameBytes) {
    throw Error(Errc::invalidArgument, "SetNickname: nickname is " +
                                           std::to_string(profileNickname.size()) +
                                           " bytes of UTF-8; at most 64 are allowed");
  }
  return codec::decodeSetNicknameResponse(
      session_.exchange(codec::encodeSetNicknameRequest({iccid, profileNickname})));
}

EuiccMemoryResetResult Euicc::euiccMemoryReset(const EuiccMemoryResetOptions &options) {
  return codec::decodeEuiccMemoryResetResponse(
      session_.exchange(codec::encodeEuiccMemoryResetRequest(options)));
}

SetDefaultDpAddressResult Euicc::setDefaultDpAddress(const std::string &defaultDpAddress) {
  return codec::decodeSetDefaultDpAddressResponse(
      session_.exchange(codec::encodeSetDefaultDpAddressRequest(defaultDpAddress)));
}

std::vector<NotificationMetadata>
Euicc::listNotification(std::optional<NotificationEvent> profileManagementOperation) {
  codec::ListNotificationResponse response = codec::decodeListNotificationResponse(
      session_.exchange(codec::encodeListNotificationRequest(profileManagementOperation)));
  if (response.listNotificationsResultError) {
    throw Error(Errc::cardRefused, "ListNotification: eUICC answered undefinedError");
  }
  return std::move(response.notificationMetadataList);
}

std::vector<PendingNotification>
Euicc::retrieveNotificationsList(std::optional<std::int64_t> seqNumber) {
  codec::RetrieveNotificationsSearch search;
  if (seqNumber) search = *seqNumber;
  codec::RetrieveNotificationsListResponse response =
      codec::decodeRetrieveNotificationsListResponse(
          session_.exchange(codec::encodeRetrieveNotificationsListRequest(search)));
  if (response.notificationsListResultError) {
    if (*response.notificationsListResultError ==
        codec::NotificationsListResultError::noResultAvailable) {
      return {};
    }
    throw Error(Errc::cardRefused, "RetrieveNotificationsList: eUICC answered undefinedError");
  }
  return std::move(response.notificationList);
}

NotificationSentResult Euicc::removeNotificationFromList(std::int64_t seqNumber) {
  return codec::decodeNotificationSentResponse(
      session_.exchange(codec::encodeNotificationSentRequest(seqNumber)));
}

} // namespace esim
