// Notifications the eUICC keeps for the SM-DP+ (SGP.22 clauses 3.5, 5.7.9,
// 5.7.10, 5.7.11; ASN.1 NotificationMetadata, PendingNotification).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/result_code.hpp"

namespace esim {

// NotificationEvent is the single bit set in a NotificationEvent BIT STRING.
enum class NotificationEvent : std::uint8_t {
  notificationInstall = 0,
  notificationEnable = 1,
  notificationDisable = 2,
  notificationDelete = 3,
};

// notificationEventName returns "install", "enable", "disable" or "delete".
const char *notificationEventName(NotificationEvent event) noexcept;

// ListNotificationsResultError is ListNotificationResponse's error
// alternative, listNotificationsResultError (any number 0..kMaxResultCode).
enum class ListNotificationsResultError : std::int32_t { undefinedError = 127 };

// NotificationsListResultError is RetrieveNotificationsListResponse's error
// alternative, notificationsListResultError (any number 0..kMaxResultCode).
enum class NotificationsListResultError : std::int32_t {
  noResultAvailable = 1,
  undefinedError = 127,
};

// codeName returns the SGP.22 name of |code| ("noResultAvailable"), or
// std::nullopt for a number SGP.22 does not name. Never fails.
std::optional<std::string_view> codeName(ListNotificationsResultError code) noexcept;
std::optional<std::string_view> codeName(NotificationsListResultError code) noexcept;

// NotificationMetadata describes one pending notification.
struct NotificationMetadata {
  std::int64_t seqNumber = 0;
  NotificationEvent profileManagementOperation = NotificationEvent::notificationInstall;
  std::string notificationAddress;  // FQDN of the SM-DP+
  std::optional<std::string> iccid; // decimal digits
  bool operator==(const NotificationMetadata &) const = default;
};

// PendingNotificationKind tells which CHOICE alternative a
// PendingNotification is.
enum class PendingNotificationKind : std::uint8_t {
  profileInstallationResult, // BF37
  otherSignedNotification,   // 30
};

// PendingNotification is one notification as RetrieveNotificationsList
// returns it. |raw| holds the exact DER received from the card: that is what
// is sent to the SM-DP+, never a re-encoding, so the signature stays valid.
struct PendingNotification {
  PendingNotificationKind kind = PendingNotificationKind::otherSignedNotification;
  // metadata is tbsOtherNotification, or the notificationMetadata inside a
  // ProfileInstallationResult.
  NotificationMetadata metadata;
  Bytes raw;
  // For otherSignedNotification: the DER of tbsOtherNotification as signed,
  // the raw r||s signature and the certificates (DER). Empty otherwise.
  Bytes tbsOtherNotification;
  Bytes euiccNotificationSignature;
  Bytes euiccCertificate;
  Bytes eumCertificate;
  bool operator==(const PendingNotification &) const = default;
};

} // namespace esim
