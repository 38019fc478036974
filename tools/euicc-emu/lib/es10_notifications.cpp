// ListNotification (SGP.22 clause 5.7.9), RetrieveNotificationsList (5.7.10)
// and RemoveNotificationFromList (5.7.11): the pending notifications, in the
// order they were made.
#include <algorithm>
#include <variant>

#include "codec/es10_codec.hpp"
#include "es10_functions.hpp"
#include "esim/error.hpp"

namespace euicc_emu::es10 {

namespace {

namespace codec = esim::codec;

bool matches(const StoredNotification &n, const codec::RetrieveNotificationsSearch &search) {
  if (const auto *seq = std::get_if<std::int64_t>(&search)) return n.metadata.seqNumber == *seq;
  if (const auto *event = std::get_if<esim::NotificationEvent>(&search))
    return n.metadata.profileManagementOperation == *event;
  return true;
}

} // namespace

esim::Bytes listNotification(StateStore &store, esim::ByteView request) {
  const std::optional<esim::NotificationEvent> filter =
      codec::decodeListNotificationRequest(request);
  codec::ListNotificationResponse response;
  for (const StoredNotification &n : store.state().notifications) {
    if (filter && n.metadata.profileManagementOperation != *filter) continue;
    response.notificationMetadataList.push_back(n.metadata);
  }
  return codec::encodeListNotificationResponse(response);
}

esim::Bytes retrieveNotificationsList(StateStore &store, esim::ByteView request) {
  const codec::RetrieveNotificationsSearch search =
      codec::decodeRetrieveNotificationsListRequest(request);
  codec::RetrieveNotificationsListResponse response;
  for (const StoredNotification &n : store.state().notifications) {
    if (!matches(n, search)) continue;
    esim::PendingNotification pending;
    pending.raw = n.der; // sent exactly as signed and stored
    response.notificationList.push_back(std::move(pending));
  }
  // A search that finds nothing is noResultAvailable; without search
  // criteria an empty card answers an empty list.
  if (response.notificationList.empty() && !std::holds_alternative<std::monostate>(search))
    response.notificationsListResultError = esim::NotificationsListResultError::noResultAvailable;
  try {
    return codec::encodeRetrieveNotificationsListResponse(response);
  } catch (const esim::Error &e) {
    if (e.code() != esim::Errc::invalidArgument) throw;
    // Only a hand-edited state gets here: its "der" is not a
    // PendingNotification. That is the card's fault, not the request's.
    throw esim::Error(esim::Errc::emulator,
                      std::string("a stored notification is not a PendingNotification: ") +
                          e.what(),
                      "fix the \"der\" of the notifications in the state file");
  }
}

esim::Bytes removeNotificationFromList(StateStore &store, esim::ByteView request) {
  const std::int64_t seqNumber = codec::decodeNotificationSentRequest(request);
  EmulatorState next = store.state();
  const auto removed = std::erase_if(next.notifications, [&](const StoredNotification &n) {
    return n.metadata.seqNumber == seqNumber;
  });
  if (removed == 0)
    return codec::encodeNotificationSentResponse(esim::NotificationSentResult::nothingToDelete);
  // nextSeqNumber stays: a removed number is never handed out again.
  store.commit(std::move(next));
  return codec::encodeNotificationSentResponse(esim::NotificationSentResult::ok);
}

} // namespace euicc_emu::es10
