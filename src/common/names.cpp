// SGP.22 names of enum values, for messages and JSON output.
#include "esim/notification.hpp"
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

std::string_view resultName(EnableProfileResult r) noexcept {
  switch (r) {
  case EnableProfileResult::ok: return "ok";
  case EnableProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case EnableProfileResult::profileNotInDisabledState: return "profileNotInDisabledState";
  case EnableProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case EnableProfileResult::wrongProfileReenabling: return "wrongProfileReenabling";
  case EnableProfileResult::catBusy: return "catBusy";
  case EnableProfileResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(DisableProfileResult r) noexcept {
  switch (r) {
  case DisableProfileResult::ok: return "ok";
  case DisableProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case DisableProfileResult::profileNotInEnabledState: return "profileNotInEnabledState";
  case DisableProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case DisableProfileResult::catBusy: return "catBusy";
  case DisableProfileResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(DeleteProfileResult r) noexcept {
  switch (r) {
  case DeleteProfileResult::ok: return "ok";
  case DeleteProfileResult::iccidOrAidNotFound: return "iccidOrAidNotFound";
  case DeleteProfileResult::profileNotInDisabledState: return "profileNotInDisabledState";
  case DeleteProfileResult::disallowedByPolicy: return "disallowedByPolicy";
  case DeleteProfileResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(EuiccMemoryResetResult r) noexcept {
  switch (r) {
  case EuiccMemoryResetResult::ok: return "ok";
  case EuiccMemoryResetResult::nothingToDelete: return "nothingToDelete";
  case EuiccMemoryResetResult::catBusy: return "catBusy";
  case EuiccMemoryResetResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(SetNicknameResult r) noexcept {
  switch (r) {
  case SetNicknameResult::ok: return "ok";
  case SetNicknameResult::iccidNotFound: return "iccidNotFound";
  case SetNicknameResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(SetDefaultDpAddressResult r) noexcept {
  switch (r) {
  case SetDefaultDpAddressResult::ok: return "ok";
  case SetDefaultDpAddressResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

std::string_view resultName(NotificationSentResult r) noexcept {
  switch (r) {
  case NotificationSentResult::ok: return "ok";
  case NotificationSentResult::nothingToDelete: return "nothingToDelete";
  case NotificationSentResult::undefinedError: return "undefinedError";
  }
  return "unknown";
}

} // namespace esim
