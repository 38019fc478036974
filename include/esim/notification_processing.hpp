// Delivering the eUICC's pending notifications to their SM-DP+ without ever
// losing one: each is read from the eUICC, sent over ES9+ handleNotification,
// and removed from the eUICC only after the SM-DP+ acknowledged it.
//
//   esim::Es9pClient es9p(http, {});
//   for (const auto &d : esim::processNotifications(euicc, es9p, {})) {
//     if (!d.delivered) std::cerr << d.metadata.seqNumber << ": " << d.errorMessage << "\n";
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/notification.hpp"

namespace esim {

// NotificationDelivery is what happened to one notification.
struct NotificationDelivery {
  NotificationMetadata metadata;
  // delivered: the SM-DP+ acknowledged the notification.
  bool delivered = false;
  // removed: the eUICC then dropped it (RemoveNotificationFromList ok). A
  // delivered notification that could not be removed is sent again next
  // time, which SM-DP+s must tolerate (SGP.22 clause 3.5).
  bool removed = false;
  std::optional<NotificationSentResult> removeResult;
  // server is the SM-DP+'s answer when it accepted the notification.
  std::optional<Es9pResult> server;
  // For a failure: the error's code, message and hint, and what the server
  // said if it answered.
  std::optional<Errc> errorCode;
  std::string errorMessage;
  std::string errorHint;
  std::optional<long> httpStatus;
  std::optional<FunctionExecutionStatus> functionExecutionStatus;
};

// NotificationProgress is called after each notification, for live output.
using NotificationProgress = std::function<void(const NotificationDelivery &)>;

// NotificationJournal lets a caller record each step before it happens, so a
// record on disk (a removal receipt) stays true whatever stops the run. A
// hook that throws stops the run at once: the step it announced is not
// taken, and nothing after it.
struct NotificationJournal {
  // sending is called before a notification goes to its SM-DP+.
  std::function<void(const NotificationMetadata &)> sending;
  // answered is called once the SM-DP+ acknowledged a notification, or it
  // failed, before RemoveNotificationFromList.
  std::function<void(const NotificationDelivery &)> answered;
  // removed is called after RemoveNotificationFromList answered.
  std::function<void(const NotificationDelivery &)> removed;
  // stopRequested is asked before each notification; true ends the run
  // there (the rest stay on the eUICC, not reported as failures).
  std::function<bool()> stopRequested;
};

// processNotifications delivers the pending notifications whose seqNumber is
// in |seqNumbers| (all pending ones when it is empty), oldest first. A
// failure to deliver one notification is recorded in its NotificationDelivery
// and the others are still tried, except those to an address that already
// failed with a network or TLS error in this call (recorded as not sent,
// with that first failure's message); an undelivered notification stays on
// the eUICC.
// Throws Error(Errc::notFound) if a requested seqNumber is not pending, and
// the card's errors (transport, malformed answers): then nothing after the
// failing step was removed.
std::vector<NotificationDelivery> processNotifications(Euicc &euicc, Es9pClient &es9p,
                                                       const std::vector<std::int64_t> &seqNumbers,
                                                       const NotificationProgress &progress = {});

// deliverNotifications delivers the notifications |chosen| describes, as
// processNotifications does, without asking the eUICC for its list first:
// for a caller that has just read the metadata (for example the new
// notifications after a DeleteProfile), which saves one ListNotification.
// A notification that is no longer pending is recorded as not delivered
// (RetrieveNotificationsList finds nothing). |journal| is told of each step
// (see NotificationJournal); deliveries not attempted because
// journal.stopRequested said so are left out of the result. Throws the
// card's errors and whatever a journal hook throws.
std::vector<NotificationDelivery> deliverNotifications(Euicc &euicc, Es9pClient &es9p,
                                                       std::vector<NotificationMetadata> chosen,
                                                       const NotificationProgress &progress = {},
                                                       const NotificationJournal &journal = {});

} // namespace esim
