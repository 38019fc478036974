// The C view of notification deliveries (see delivery_view.hpp).
#include "capi/delivery_view.hpp"

#include "capi/capi_support.hpp"
#include "esim/result_code.hpp"
#include "esim/results.hpp"

namespace esim::capi {

esim_notification_metadata viewMetadata(const NotificationMetadata &m) noexcept {
  esim_notification_metadata out{};
  out.seqNumber = m.seqNumber;
  out.profileManagementOperation =
      static_cast<esim_notification_event>(m.profileManagementOperation);
  out.notificationAddress = m.notificationAddress.c_str();
  out.iccid = m.iccid ? m.iccid->c_str() : nullptr;
  return out;
}

StoredDelivery storeDelivery(NotificationDelivery d) {
  StoredDelivery s;
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

esim_notification_delivery viewDelivery(const StoredDelivery &s) noexcept {
  const NotificationDelivery &d = s.delivery;
  esim_notification_delivery out{};
  out.metadata = viewMetadata(d.metadata);
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

} // namespace esim::capi
