#include "esim/notification_processing.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace esim {

namespace {

// deliverOne sends one notification and removes it from the eUICC only after
// the SM-DP+ accepted it.
NotificationDelivery deliverOne(Euicc &euicc, Es9pClient &es9p,
                                const NotificationMetadata &metadata,
                                const NotificationJournal &journal) {
  NotificationDelivery d;
  d.metadata = metadata;
  // Read by seqNumber: one notification at a time keeps the answer small
  // (each carries two certificates) whatever the number pending.
  std::vector<PendingNotification> found = euicc.retrieveNotificationsList(metadata.seqNumber);
  auto it = std::find_if(found.begin(), found.end(), [&](const PendingNotification &p) {
    return p.metadata.seqNumber == metadata.seqNumber;
  });
  if (it == found.end()) {
    d.errorCode = Errc::malformedResponse;
    d.errorMessage = "RetrieveNotificationsList: the eUICC listed notification #" +
                     std::to_string(metadata.seqNumber) + " but did not return it";
    d.errorHint = "retry; if it persists the eUICC's notification list is inconsistent";
    if (journal.answered) journal.answered(d);
    return d;
  }
  // The address comes from the signed notification itself, not the list.
  d.metadata = it->metadata;
  if (journal.sending) journal.sending(d.metadata);
  try {
    d.server = es9p.handleNotification(it->metadata.notificationAddress, it->raw);
    d.delivered = true;
  } catch (const Es9pError &e) {
    d.errorCode = e.code();
    d.errorMessage = e.what();
    d.errorHint = e.hint();
    d.httpStatus = e.httpStatus();
    d.functionExecutionStatus = e.functionExecutionStatus();
    if (journal.answered) journal.answered(d);
    return d;
  } catch (const Error &e) {
    if (e.code() != Errc::network && e.code() != Errc::tls && e.code() != Errc::serverError &&
        e.code() != Errc::invalidArgument) {
      throw;
    }
    d.errorCode = e.code();
    d.errorMessage = e.what();
    d.errorHint = e.hint();
    if (journal.answered) journal.answered(d);
    return d;
  }
  if (journal.answered) journal.answered(d);
  d.removeResult = euicc.removeNotificationFromList(it->metadata.seqNumber);
  d.removed = *d.removeResult == NotificationSentResult::ok;
  if (journal.removed) journal.removed(d);
  return d;
}

} // namespace

std::vector<NotificationDelivery> processNotifications(Euicc &euicc, Es9pClient &es9p,
                                                       const std::vector<std::int64_t> &seqNumbers,
                                                       const NotificationProgress &progress) {
  std::vector<NotificationMetadata> pending = euicc.listNotification();
  std::vector<NotificationMetadata> chosen;
  if (seqNumbers.empty()) {
    chosen = pending;
  } else {
    for (std::int64_t seq : seqNumbers) {
      auto it = std::find_if(pending.begin(), pending.end(),
                             [seq](const auto &m) { return m.seqNumber == seq; });
      if (it == pending.end()) {
        throw Error(Errc::notFound, "no pending notification #" + std::to_string(seq),
                    "see `esimctl notification list`");
      }
      chosen.push_back(*it);
    }
  }
  return deliverNotifications(euicc, es9p, std::move(chosen), progress);
}

std::vector<NotificationDelivery> deliverNotifications(Euicc &euicc, Es9pClient &es9p,
                                                       std::vector<NotificationMetadata> chosen,
                                                       const NotificationProgress &progress,
                                                       const NotificationJournal &journal) {
  std::sort(chosen.begin(), chosen.end(),
            [](const auto &a, const auto &b) { return a.seqNumber < b.seqNumber; });
  std::vector<NotificationDelivery> deliveries;
  // A host that could not be reached (after the HTTP layer's retries) or
  // failed TLS will not do better seconds later: do not make the user wait
  // for every one of its notifications to time out again.
  // address -> the delivery that failed first, whose cause the later ones
  // repeat (a certificate that expired, a host name that does not resolve).
  std::map<std::string, NotificationDelivery> unreachable;
  for (const auto &metadata : chosen) {
    if (journal.stopRequested && journal.stopRequested()) break;
    auto failed = unreachable.find(metadata.notificationAddress);
    if (failed != unreachable.end()) {
      NotificationDelivery skipped;
      skipped.metadata = metadata;
      skipped.errorCode = failed->second.errorCode;
      skipped.errorMessage = "not sent: the request for notification #" +
                             std::to_string(failed->second.metadata.seqNumber) +
                             " to the same SM-DP+ failed: " + failed->second.errorMessage;
      skipped.errorHint = failed->second.errorHint;
      if (journal.answered) journal.answered(skipped);
      deliveries.push_back(std::move(skipped));
    } else {
      deliveries.push_back(deliverOne(euicc, es9p, metadata, journal));
      const NotificationDelivery &d = deliveries.back();
      if (d.errorCode == Errc::network || d.errorCode == Errc::tls) {
        unreachable.emplace(d.metadata.notificationAddress, d);
      }
    }
    if (progress) progress(deliveries.back());
  }
  return deliveries;
}

} // namespace esim
