// Receipts: a record, kept on disk, that a profile was deleted and whether
// its operator was told. One JSON file per removal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace esim {

// RemovalReceipt is the record of one `esimctl remove`.
struct RemovalReceipt {
  std::string time; // UTC, ISO 8601 ("2026-11-25T08:30:00Z")
  std::string eid;
  std::string iccid;
  std::optional<std::string> serviceProviderName;
  std::optional<std::string> profileName;
  // The deletion notification, if the eUICC produced one.
  std::optional<std::int64_t> seqNumber;
  std::string smdpAddress;
  // reported: the SM-DP+ acknowledged the deletion notification.
  bool reported = false;
  // removedFromEuicc: the notification was then dropped from the eUICC.
  bool removedFromEuicc = false;
  // The server's answer: HTTP status and, if any, its functionExecutionStatus
  // fields; or the error that stopped the report.
  std::optional<long> httpStatus;
  std::string serverStatus;
  std::string subjectCode;
  std::string reasonCode;
  std::string serverMessage;
  std::string error;
  bool operator==(const RemovalReceipt &) const = default;
};

// defaultReceiptDir returns $XDG_STATE_HOME/esimctl/receipts, or
// $HOME/.local/state/esimctl/receipts when XDG_STATE_HOME is unset or not
// absolute. Throws Error(Errc::ioError) if neither variable helps.
std::filesystem::path defaultReceiptDir();

// utcNow returns the current time as ISO 8601 UTC with seconds. Cannot fail.
std::string utcNow();

// writeReceipt stores |receipt| in |dir| (created with mode 0700 if missing)
// as "<time>-<iccid>.json", written atomically (temporary file, fsync,
// rename). Returns the path. Throws Error(Errc::ioError) naming the file and
// the system error.
std::filesystem::path writeReceipt(const std::filesystem::path &dir, const RemovalReceipt &receipt);

// receiptToJson returns |receipt| as pretty-printed JSON text. Cannot fail.
std::string receiptToJson(const RemovalReceipt &receipt);

// readReceipts returns the receipts in |dir|, oldest first; a missing
// directory gives none. A file that is not a receipt is skipped and its name
// added to |skipped| (if given), never a crash.
std::vector<RemovalReceipt> readReceipts(const std::filesystem::path &dir,
                                         std::vector<std::string> *skipped = nullptr);

} // namespace esim
