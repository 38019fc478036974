// SGP.22 result codes of the ES10 functions that change the card. These are
// outcomes the caller handles, not errors: the function ran and the eUICC
// answered with this code. Each enum holds any number 0..kMaxResultCode a
// card sends, named or not (result_code.hpp prints them).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "esim/result_code.hpp"

namespace esim {

// EnableProfileResult is EnableProfileResponse.enableResult.
enum class EnableProfileResult : std::int32_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInDisabledState = 2,
  disallowedByPolicy = 3,
  wrongProfileReenabling = 4,
  catBusy = 5,
  undefinedError = 127,
};

// DisableProfileResult is DisableProfileResponse.disableResult.
enum class DisableProfileResult : std::int32_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInEnabledState = 2,
  disallowedByPolicy = 3,
  catBusy = 5,
  undefinedError = 127,
};

// DeleteProfileResult is DeleteProfileResponse.deleteResult.
enum class DeleteProfileResult : std::int32_t {
  ok = 0,
  iccidOrAidNotFound = 1,
  profileNotInDisabledState = 2,
  disallowedByPolicy = 3,
  undefinedError = 127,
};

// EuiccMemoryResetResult is EuiccMemoryResetResponse.resetResult.
enum class EuiccMemoryResetResult : std::int32_t {
  ok = 0,
  nothingToDelete = 1,
  catBusy = 5,
  undefinedError = 127,
};

// SetNicknameResult is SetNicknameResponse.setNicknameResult.
enum class SetNicknameResult : std::int32_t { ok = 0, iccidNotFound = 1, undefinedError = 127 };

// SetDefaultDpAddressResult is SetDefaultDpAddressResponse's result.
enum class SetDefaultDpAddressResult : std::int32_t { ok = 0, undefinedError = 127 };

// NotificationSentResult is NotificationSentResponse.deleteNotificationStatus
// (ES10b.RemoveNotificationFromList).
enum class NotificationSentResult : std::int32_t {
  ok = 0,
  nothingToDelete = 1,
  undefinedError = 127
};

// codeName returns the SGP.22 name of a result code ("profileNotInDisabledState"),
// or std::nullopt for a number SGP.22 does not name. Never fails.
std::optional<std::string_view> codeName(EnableProfileResult r) noexcept;
std::optional<std::string_view> codeName(DisableProfileResult r) noexcept;
std::optional<std::string_view> codeName(DeleteProfileResult r) noexcept;
std::optional<std::string_view> codeName(EuiccMemoryResetResult r) noexcept;
std::optional<std::string_view> codeName(SetNicknameResult r) noexcept;
std::optional<std::string_view> codeName(SetDefaultDpAddressResult r) noexcept;
std::optional<std::string_view> codeName(NotificationSentResult r) noexcept;

} // namespace esim
