// Removing a profile for good, with its receipt kept as a journal: the
// traveller's "disable, delete, tell the operator, keep a record" in one
// call. The receipt is on disk before the first change to the eUICC and is
// updated before and after every step, so that a card error, a network
// failure, SIGINT or a kill at any moment leaves a record that tells what
// the eUICC and the SM-DP+ were told (a step whose answer never came is
// recorded as "sent").
//
//   esim::DeletionPlan plan = esim::planDeletion(euicc.getProfilesInfo(), "Travel", true);
//   esim::ReceiptJournal::prepareDirectory(dir);      // before touching the card
//   esim::RemovalOutcome out = esim::removeProfile(euicc, &es9p, plan, eid, dir);
//   if (out.failure) ... out.receipt says what is left (receiptLeftToDo)
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/notification_processing.hpp"
#include "esim/profile_deletion.hpp"
#include "esim/receipt.hpp"

namespace esim {

// RemovalOptions configures removeProfile and finishRemoval.
struct RemovalOptions {
  // report: send the new notifications to their SM-DP+ (false: --no-report,
  // they stay on the eUICC).
  bool report = true;
  // stopRequested is asked between steps (never inside one); true ends the
  // removal after the step under way, with the receipt saved and marked
  // interrupted. For SIGINT/SIGTERM.
  std::function<bool()> stopRequested;
};

// RemovalProgress receives each step once its answer is recorded, for live
// output. Any member may be empty.
struct RemovalProgress {
  std::function<void(DisableProfileResult)> disabled;
  std::function<void(DeleteProfileResult)> deleted;
  NotificationProgress delivered;
};

// RemovalOutcome is what removeProfile did and recorded.
struct RemovalOutcome {
  std::filesystem::path receiptPath;
  // receipt is the record as last written to receiptPath.
  RemovalReceipt receipt;
  std::optional<DisableProfileResult> disableResult;
  std::optional<DeleteProfileResult> deleteResult;
  std::vector<NotificationDelivery> deliveries;
  // failure is the error that stopped the removal after its receipt was
  // created (a card error, a receipt that could no longer be written);
  // receipt.error repeats its message.
  std::optional<Error> failure;

  // deleted reports whether the profile is known to be gone.
  bool deleted() const noexcept { return receipt.deletion == StepStatus::ok; }
};

// removeProfile carries out |plan| on |euicc| (whose EID is |eid|), keeping
// the receipt in |receiptDir| up to date at every step, and reports the new
// notifications through |es9p| (may be null when options.report is false).
// An SGP.22 refusal, a card error or a failed delivery after the receipt was
// created does not throw: it is recorded and returned (failure, the
// results). Throws Error(Errc::ioError) if the first version of the receipt
// cannot be written, and the card's errors from the first
// ListNotification: in both cases nothing was changed on the eUICC.
RemovalOutcome removeProfile(Euicc &euicc, Es9pClient *es9p, const DeletionPlan &plan,
                             const std::string &eid, const std::filesystem::path &receiptDir,
                             const RemovalOptions &options = {},
                             const RemovalProgress &progress = {});

// findUnfinishedReceipt returns the newest receipt in |receiptDir| for
// |iccid| that is not finished (receiptFinished), if any. Throws what
// readReceipts throws.
std::optional<ReceiptFile> findUnfinishedReceipt(const std::filesystem::path &receiptDir,
                                                 const std::string &iccid);

// finishRemoval completes the removal |unfinished| records, for a profile
// that is no longer on |euicc|: steps whose answer was not recorded are
// settled from what the eUICC now shows, and the removal's notifications
// still pending are reported (unless options.report is false) as
// removeProfile does, updating the same receipt file. Fails as removeProfile
// does after its receipt exists; throws Error(Errc::ioError) if the receipt
// cannot be rewritten before anything is sent.
RemovalOutcome finishRemoval(Euicc &euicc, Es9pClient *es9p, const ReceiptFile &unfinished,
                             const RemovalOptions &options = {},
                             const RemovalProgress &progress = {});

// recordDeliveries writes |deliveries| (made outside a removal, by
// `esimctl notification process`) into the unfinished receipts in
// |receiptDir| of the eUICC |eid| that list those notifications, so that a
// receipt says the operator was told however the notification got there.
// Returns how many receipts were updated. Throws what readReceipts throws,
// and Error(Errc::ioError) naming a receipt that cannot be rewritten.
int recordDeliveries(const std::filesystem::path &receiptDir, const std::string &eid,
                     const std::vector<NotificationDelivery> &deliveries);

} // namespace esim
