// Receipts: the record, kept on disk, of one profile removal. The receipt is
// a journal: it is written before the first change to the eUICC and updated
// after every step (disabled, deleted, each notification sent and removed),
// so that whatever stops the removal, the file says what was done and what is
// left to do. One JSON file per removal; see ReceiptJournal for the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "esim/notification.hpp"

namespace esim {

// StepStatus is how far one ES10 step of a removal got.
enum class StepStatus : std::uint8_t {
  notNeeded, // "not-needed": the plan has no such step (a disabled profile)
  pending,   // "pending": planned, nothing sent yet
  sent,      // "sent": the command went to the eUICC, its answer is not recorded
  ok,        // "ok": the eUICC answered ok
  refused,   // "refused": the eUICC answered an SGP.22 error code
};

// stepStatusName returns the identifier of |status| as the receipt stores it.
// Cannot fail.
const char *stepStatusName(StepStatus status) noexcept;

// DeliveryStatus is how far the report of one notification got.
enum class DeliveryStatus : std::uint8_t {
  pending,     // "pending": not sent yet
  sending,     // "sending": sent to the SM-DP+, its answer is not recorded
  delivered,   // "delivered": the SM-DP+ acknowledged it
  failed,      // "failed": not acknowledged (see the error); still on the eUICC
  notReported, // "not-reported": left on the eUICC on purpose (--no-report)
};

// deliveryStatusName returns the identifier of |status| as stored. Cannot fail.
const char *deliveryStatusName(DeliveryStatus status) noexcept;

// NotificationRecord is what a receipt knows of one notification that the
// removal produced (the disable and the delete notification).
struct NotificationRecord {
  std::int64_t seqNumber = 0;
  NotificationEvent profileManagementOperation = NotificationEvent::notificationDelete;
  std::string notificationAddress;
  DeliveryStatus delivery = DeliveryStatus::pending;
  // removal is RemoveNotificationFromList: pending until delivered, then
  // sent and ok (or refused).
  StepStatus removal = StepStatus::pending;
  // The SM-DP+'s answer: HTTP status and functionExecutionStatus fields.
  std::optional<long> httpStatus;
  std::string serverStatus;
  std::string subjectCode;
  std::string reasonCode;
  std::string serverMessage;
  // errorCode/error: why it was not delivered (an errcId and the message).
  std::string errorCode;
  std::string error;
  bool operator==(const NotificationRecord &) const = default;
};

// RemovalReceipt is the record of one `esimctl remove`.
struct RemovalReceipt {
  std::string time;    // when the removal started, UTC ISO 8601 ("2026-11-25T08:30:00Z")
  std::string updated; // when the receipt was last written (empty in old receipts)
  std::string eid;
  std::string iccid;
  std::string isdpAid; // hex, when the eUICC reported it
  std::optional<std::string> serviceProviderName;
  std::optional<std::string> profileName;
  // The plan: disable (notNeeded for a disabled profile), delete, report.
  StepStatus disable = StepStatus::notNeeded;
  StepStatus deletion = StepStatus::pending;
  std::string disableResult; // SGP.22 result name, once answered
  std::string deleteResult;
  bool report = true; // false: --no-report
  // notificationsListed: the notifications the eUICC queued for this
  // removal were read after the delete (notifications is then complete).
  bool notificationsListed = false;
  // The notifications the eUICC queued, oldest first.
  std::vector<NotificationRecord> notifications;
  // seqNumber of the deletion notification, if the eUICC produced one.
  std::optional<std::int64_t> seqNumber;
  // smdpAddress: where the deletion notification goes.
  std::string smdpAddress;
  // reported: the SM-DP+ acknowledged the deletion notification.
  bool reported = false;
  // removedFromEuicc: the deletion notification was then dropped from the eUICC.
  bool removedFromEuicc = false;
  // The SM-DP+'s answer to the deletion notification (as in its record).
  std::optional<long> httpStatus;
  std::string serverStatus;
  std::string subjectCode;
  std::string reasonCode;
  std::string serverMessage;
  // error: what stopped the removal or its report (empty when nothing did).
  std::string error;
  // interrupted: a signal (SIGINT, SIGTERM) stopped the removal.
  bool interrupted = false;
  // supersededBy: a later removal of the same profile (the file name of its
  // receipt) found the profile still on the eUICC and took over; nothing is
  // left to do for this one.
  std::string supersededBy;
  bool operator==(const RemovalReceipt &) const = default;
};

// receiptFinished reports whether nothing is left to do for |receipt|: the
// profile is deleted and every notification of the removal has left the
// eUICC (delivered and removed) or was left there on purpose (--no-report),
// or the eUICC refused a step (then nothing was deleted), or a later removal
// superseded it. Cannot fail.
bool receiptFinished(const RemovalReceipt &receipt);

// receiptLeftToDo lists, in words with the command to run, what is left to
// do for |receipt|: everything receiptFinished waits for, and the
// notifications left on the eUICC on purpose. Cannot fail.
std::vector<std::string> receiptLeftToDo(const RemovalReceipt &receipt);

// defaultReceiptDir returns $XDG_STATE_HOME/esimctl/receipts, or
// $HOME/.local/state/esimctl/receipts when XDG_STATE_HOME is unset or not
// absolute. Throws Error(Errc::ioError) if neither variable helps.
std::filesystem::path defaultReceiptDir();

// utcNow returns the current time as ISO 8601 UTC with seconds. Cannot fail.
std::string utcNow();

// receiptToJson returns |receipt| as pretty-printed JSON text. Cannot fail.
std::string receiptToJson(const RemovalReceipt &receipt);

// receiptFromJson parses a receipt file's text. Throws
// Error(Errc::invalidArgument) saying which field is missing or of the wrong
// type, or that the text is not JSON.
RemovalReceipt receiptFromJson(const std::string &text);

// writeReceipt stores |receipt| in |dir| as a new file (see
// ReceiptJournal::create) and returns its path. Throws Error(Errc::ioError)
// naming the file and the system error.
std::filesystem::path writeReceipt(const std::filesystem::path &dir, const RemovalReceipt &receipt);

// ReceiptFile is one receipt read from disk with the file it came from.
struct ReceiptFile {
  std::filesystem::path path;
  RemovalReceipt receipt;
};

// SkippedFile is a file in the receipt folder that is not a readable receipt.
struct SkippedFile {
  std::string name;   // file name within the folder
  std::string reason; // "not a regular file", "larger than 65536 bytes", ...
};

// kMaxReceiptBytes is the largest file readReceipts reads; receipts are a
// few kilobytes, anything larger is not one.
inline constexpr std::size_t kMaxReceiptBytes = 64 * 1024;

// readReceipts returns the receipts in |dir| ("*.json", not hidden), oldest
// first; a missing directory gives none. It opens only regular files (no
// FIFOs, devices or symbolic links) of at most kMaxReceiptBytes; any other
// file, or one that is not a receipt, is skipped and listed in |skipped| (if
// given) with the reason, never a crash or a hang. Throws
// Error(Errc::ioError) if |dir| exists but cannot be listed.
std::vector<ReceiptFile> readReceipts(const std::filesystem::path &dir,
                                      std::vector<SkippedFile> *skipped = nullptr);

// InstallReceipt is what `esimctl profile download` recorded of one
// download (kind "install" in the same folder; see profile_download.hpp).
struct InstallReceipt {
  std::filesystem::path path;
  std::string time;
  std::string eid;
  std::string iccid;
  std::string serviceProviderName;
  std::string profileName;
  std::string smdpAddress;
  // loadStatus: "sent" (the load's end was not recorded), "ok", "refused".
  std::string loadStatus;
  std::string errorReason; // for "refused": the eUICC's errorReason
  bool installed = false;
  bool reported = false; // the install notification reached the SM-DP+
  std::optional<std::int64_t> seqNumber;
};

// readInstallReceipts returns the install receipts in |dir|, oldest first,
// read as readReceipts reads files (regular, small, never through a link);
// files that are not install receipts are left to readReceipts. Throws
// Error(Errc::ioError) if |dir| exists but cannot be listed.
std::vector<InstallReceipt> readInstallReceipts(const std::filesystem::path &dir);

} // namespace esim
