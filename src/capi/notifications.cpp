// Notifications through the C API: ListNotification, RemoveNotificationFromList
// and delivery to the SM-DP+ with esim::processNotifications.
#include <optional>
#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "capi/delivery_view.hpp"
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
  std::vector<esim::capi::StoredDelivery> stored;
  std::vector<esim_notification_delivery> entries;
};

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
      list->entries.push_back(esim::capi::viewMetadata(m));
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
    for (const esim::capi::StoredDelivery &s : list->stored)
      list->entries.push_back(esim::capi::viewDelivery(s));
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
