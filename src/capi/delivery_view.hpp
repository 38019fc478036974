// The C view of an esim::NotificationDelivery, shared by notification
// processing and the download's install report.
#pragma once

#include <string>

#include "esim/esim.h"
#include "esim/notification_processing.hpp"

namespace esim::capi {

// StoredDelivery keeps a delivery and the texts its C view points into.
struct StoredDelivery {
  NotificationDelivery delivery;
  std::string functionExecutionStatus;
  bool hasFunctionExecutionStatus = false;
};

// storeDelivery fills in what the C view needs beyond the C++ delivery: a
// notification that was delivered but not removed has no errorCode in the
// C++ struct, yet for a C caller it did not fully succeed. Throws
// std::bad_alloc only.
StoredDelivery storeDelivery(NotificationDelivery d);

// viewDelivery returns the C view of |s|, pointing into it. Cannot fail.
esim_notification_delivery viewDelivery(const StoredDelivery &s) noexcept;

// viewMetadata returns the C view of |m|, pointing into it. Cannot fail.
esim_notification_metadata viewMetadata(const NotificationMetadata &m) noexcept;

} // namespace esim::capi
