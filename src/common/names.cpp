// SGP.22 names of enum values, for messages and JSON output.
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/results.hpp"

namespace esim {

const char *notificationEventName(NotificationEvent event) noexcept {
  switch (event) {
  case NotificationEvent::notificationInstall: return "install";
  case NotificationEvent::notificationEnable: return "enable";
  case NotificationEvent::notificationDisable: return "disable";
  case NotificationEvent::notificationDelete: return "delete";
  }
  return "unknown";
}

std::optional<std::string_view> codeName(EnableProfileResult r) noexcept {
  switch (r) {
  case EnableProfileResult::ok: return "ok";
  case EnableProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case EnableProfileResult::profileNotInDisabledState: return "profileNotInDisabledState";
  case EnableProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case EnableProfileResult::wrongProfileReenabling: return "wrongProfileReenabling";
  case EnableProfileResult::catBusy: return "catBusy";
  case EnableProfileResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(DisableProfileResult r) noexcept {
  switch (r) {
  case DisableProfileResult::ok: return "ok";
  case DisableProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case DisableProfileResult::profileNotInEnabledState: return "profileNotInEnabledState";
  case DisableProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case DisableProfileResult::catBusy: return "catBusy";
  case DisableProfileResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(DeleteProfileResult r) noexcept {
  switch (r) {
  case DeleteProfileResult::ok: return "ok";
  case DeleteProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case DeleteProfileResult::profileNotInDisabledState: return "profileNotInDisabledState";
  case DeleteProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case DeleteProfileResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(EuiccMemoryResetResult r) noexcept {
  switch (r) {
  case EuiccMemoryResetResult::ok: return "ok";
  case EuiccMemoryResetResult::nothingToDelete: return "nothingToDelete";
  case EuiccMemoryResetResult::catBusy: return "catBusy";
  case EuiccMemoryResetResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(SetNicknameResult r) noexcept {
  switch (r) {
  case SetNicknameResult::ok: return "ok";
  case SetNicknameResult::iccidNotFound: return "iccidNotFound";
  case SetNicknameResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(SetDefaultDpAddressResult r) noexcept {
  switch (r) {
  case SetDefaultDpAddressResult::ok: return "ok";
  case SetDefaultDpAddressResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(NotificationSentResult r) noexcept {
  switch (r) {
  case NotificationSentResult::ok: return "ok";
  case NotificationSentResult::nothingToDelete: return "nothingToDelete";
  case NotificationSentResult::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(ProfileInfoListError code) noexcept {
  switch (code) {
  case ProfileInfoListError::incorrectInputValues: return "incorrectInputValues";
  case ProfileInfoListError::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

std::optional<std::string_view> codeName(ListNotificationsResultError code) noexcept {
  if (code == ListNotificationsResultError::undefinedError) return "undefinedError";
  return std::nullopt;
}

std::optional<std::string_view> codeName(NotificationsListResultError code) noexcept {
  switch (code) {
  case NotificationsListResultError::noResultAvailable: return "noResultAvailable";
  case NotificationsListResultError::undefinedError: return "undefinedError";
  }
  return std::nullopt;
}

} // namespace esim
