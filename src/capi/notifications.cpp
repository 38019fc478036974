// Notifications through the C API: ListNotification, RemoveNotificationFromList
// and delivery to the SM-DP+ with esim::processNotifications.
#include <optional>
#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "capi/es9p_handle.hpp"
#include "esim/notification_processing.hpp"
#include "esim/results.hpp"

// esim_notification_list owns what its entries point into; |stored| is
// complete before |entries| takes pointers.
struct esim_notification_list {
  std::vector<esim::NotificationMetadata> stored;
  std::vector<esim_notification_metadata> entries;
};

// esim_delivery_list: the C view of each NotificationDelivery, with the
// texts it points to kept in |stored|.
struct esim_delivery_list {
  struct Stored {
    esim::NotificationDelivery delivery;
    std::string functionExecutionStatus;
    bool hasFunctionExecutionStatus = false;
  };
  std::vector<Stored> stored;
  std::vector<esim_notification_delivery> entries;
};

namespace esim::capi {
namespace {

esim_notification_metadata view(const NotificationMetadata &m) noexcept {
  esim_notification_metadata out{};
  out.seqNumber = m.seqNumber;
  out.profileManagementOperation =
      static_cast<esim_notification_event>(m.profileManagementOperation);
  out.notificationAddress = m.notificationAddress.c_str();
  out.iccid = m.iccid ? m.iccid->c_str() : nullptr;
  return out;
}

// storeDelivery fills in what the C view needs beyond the C++ delivery: a
// notification that was delivered but not removed has no errorCode in the
// C++ struct, yet for a C caller it did not fully succeed.
esim_delivery_list::Stored storeDelivery(NotificationDelivery d) {
  esim_delivery_list::Stored s;
  if (d.functionExecutionStatus) {
    s.functionExecutionStatus = d.functionExecutionStatus->status;
    s.hasFunctionExecutionStatus = true;
  } else if (d.server && d.server->functionExecutionStatus) {
    s.functionExecutionStatus = d.server->functionExecutionStatus->status;
    s.hasFunctionExecutionStatus = true;
  }
  if (!d.httpStatus && d.server) d.httpStatus = d.server->httpStatus;
  if (!d.errorCode && d.delivered && !d.removed) {
    d.errorCode = Errc::cardRefused;
    d.errorMessage = "RemoveNotificationFromList answered " +
                     (d.removeResult ? describeCode(*d.removeResult) : std::string("nothing"));
    d.errorHint = "the notification stays on the eUICC and is sent again next time";
  }
  s.delivery = std::move(d);
  return s;
}

esim_notification_delivery view(const esim_delivery_list::Stored &s) noexcept {
  const NotificationDelivery &d = s.delivery;
  esim_notification_delivery out{};
  out.metadata = view(d.metadata);
  out.delivered = d.delivered ? 1 : 0;
  out.removed = d.removed ? 1 : 0;
  out.httpStatus = d.httpStatus.value_or(0);
  out.errorStatus = d.errorCode ? toStatus(*d.errorCode) : ESIM_OK;
  out.errorMessage = d.errorMessage.c_str();
  out.errorHint = d.errorHint.c_str();
  out.functionExecutionStatus =
      s.hasFunctionExecutionStatus ? s.functionExecutionStatus.c_str() : nullptr;
  return out;
}

} // namespace
} // namespace esim::capi

using esim::capi::guard;

extern "C" {

esim_status esim_euicc_list_notifications(esim_euicc *euicc, esim_notification_list **out) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (out == nullptr) {
    return esim::capi::nullArgument(euicc->error, "esim_euicc_list_notifications", "out");
  }
  *out = nullptr;
  return guard(euicc->error, [&] {
    auto list = std::make_unique<esim_notification_list>();
    list->stored = euicc->euicc->listNotification();
    list->entries.reserve(list->stored.size());
    for (const esim::NotificationMetadata &m : list->stored)
      list->entries.push_back(esim::capi::view(m));
    *out = list.release();
  });
}

size_t esim_notification_list_count(const esim_notification_list *list) {
  return list == nullptr ? 0 : list->entries.size();
}

const esim_notification_metadata *esim_notification_list_at(const esim_notification_list *list,
                                                            size_t index) {
  if (list == nullptr || index >= list->entries.size()) return nullptr;
  return &list->entries[index];
}

void esim_notification_list_free(esim_notification_list *list) {
  delete list;
}

esim_status esim_euicc_remove_notification(esim_euicc *euicc, int64_t seq_number,
                                           esim_notification_sent_result *result) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (result == nullptr) {
    return esim::capi::nullArgument(euicc->error, "esim_euicc_remove_notification", "result");
  }
  return guard(euicc->error, [&] {
    *result = static_cast<esim_notification_sent_result>(
        euicc->euicc->removeNotificationFromList(seq_number));
  });
}

esim_status esim_euicc_process_notifications(esim_euicc *euicc, esim_es9p *es9p,
                                             const int64_t *seq_numbers, size_t count,
                                             esim_delivery_list **out) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  constexpr const char *kFunction = "esim_euicc_process_notifications";
  if (es9p == nullptr) return esim::capi::nullArgument(euicc->error, kFunction, "es9p");
  if (out == nullptr) return esim::capi::nullArgument(euicc->error, kFunction, "out");
  *out = nullptr;
  return guard(euicc->error, [&] {
    std::vector<std::int64_t> chosen;
    if (seq_numbers != nullptr) chosen.assign(seq_numbers, seq_numbers + count);
    auto deliveries = esim::processNotifications(*euicc->euicc, es9p->client(), chosen);
    auto list = std::make_unique<esim_delivery_list>();
    list->stored.reserve(deliveries.size());
    for (esim::NotificationDelivery &d : deliveries)
      list->stored.push_back(esim::capi::storeDelivery(std::move(d)));
    list->entries.reserve(list->stored.size());
    for (const esim_delivery_list::Stored &s : list->stored)
      list->entries.push_back(esim::capi::view(s));
    *out = list.release();
  });
}

size_t esim_delivery_list_count(const esim_delivery_list *list) {
  return list == nullptr ? 0 : list->entries.size();
}

const esim_notification_delivery *esim_delivery_list_at(const esim_delivery_list *list,
                                                        size_t index) {
  if (list == nullptr || index >= list->entries.size()) return nullptr;
  return &list->entries[index];
}

void esim_delivery_list_free(esim_delivery_list *list) {
  delete list;
}

} // extern "C"
