// SGP.22 result codes of the ES10 functions that change the card. These are
// outcomes the caller handles, not errors: the function ran and the eUICC
// answered with this code.
#pragma once

#include <cstdint>
#include <string_view>

namespace esim {

// EnableProfileResult is EnableProfileResponse.enableResult.
enum class EnableProfileResult : std::uint8_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInDisabledState = 2,
  disallowedByPolicy = 3,
  wrongProfileReenabling = 4,
  catBusy = 5,
  undefinedError = 127,
};

// DisableProfileResult is DisableProfileResponse.disableResult.
enum class DisableProfileResult : std::uint8_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInEnabledState = 2,
  disallowedByPolicy = 3,
  catBusy = 5,
  undefinedError = 127,
};

// DeleteProfileResult is DeleteProfileResponse.deleteResult.
enum class DeleteProfileResult : std::uint8_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInDisabledState = 2,
  disallowedByPolicy = 3,
  undefinedError = 127,
};

// EuiccMemoryResetResult is EuiccMemoryResetResponse.resetResult.
enum class EuiccMemoryResetResult : std::uint8_t {
  ok = 0,
  nothingToDelete = 1,
  catBusy = 5,
  undefinedError = 127,
};

// SetNicknameResult is SetNicknameResponse.setNicknameResult.
enum class SetNicknameResult : std::uint8_t { ok = 0, iccidNotFound = 1, undefinedError = 127 };

// SetDefaultDpAddressResult is SetDefaultDpAddressResponse's result.
enum class SetDefaultDpAddressResult : std::uint8_t { ok = 0, undefinedError = 127 };

// NotificationSentResult is NotificationSentResponse.deleteNotificationStatus
// (ES10b.RemoveNotificationFromList).
enum class NotificationSentResult : std::uint8_t {
  ok = 0,
  nothingToDelete = 1,
  undefinedError = 127
};

// resultName returns the SGP.22 name of a result code ("profileNotInDisabledState").
std::string_view resultName(EnableProfileResult r) noexcept;
std::string_view resultName(DisableProfileResult r) noexcept;
std::string_view resultName(DeleteProfileResult r) noexcept;
std::string_view resultName(EuiccMemoryResetResult r) noexcept;
std::string_view resultName(SetNicknameResult r) noexcept;
std::string_view resultName(SetDefaultDpAddressResult r) noexcept;
std::string_view resultName(NotificationSentResult r) noexcept;

} // namespace esim
