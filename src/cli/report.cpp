#include "report.hpp"

#include <iostream>

#include "json_model.hpp"
#include "output.hpp"

namespace esimctl {

namespace {

void printDelivery(const esim::NotificationDelivery &d) {
  const auto &m = d.metadata;
  std::string what = "notification #" + std::to_string(m.seqNumber) + " (" +
                     esim::notificationEventName(m.profileManagementOperation) +
                     (m.iccid ? " of " + terminalSafe(*m.iccid) : std::string()) + ")";
  const std::string address = terminalSafe(m.notificationAddress);
  if (d.delivered) {
    std::cout << "Reported " << what << " to " << address << ": accepted";
    if (d.server) std::cout << " (HTTP " << d.server->httpStatus << ")";
    if (d.removed) {
      std::cout << "; removed from the eUICC.\n";
    } else {
      std::cout << "; but the eUICC did not drop it ("
                << (d.removeResult ? esim::describeCode(*d.removeResult) : "?")
                << "): it will be sent again next time.\n";
    }
    return;
  }
  std::cout << "Could not report " << what << " to " << address << ": "
            << terminalSafeLines(d.errorMessage) << "\n";
  if (!d.errorHint.empty()) std::cout << "  hint: " << terminalSafeLines(d.errorHint) << "\n";
  std::cout << "  It stays on the eUICC; send it later with `esimctl notification process "
            << m.seqNumber << "`.\n";
}

} // namespace

esim::NotificationProgress deliveryPrinter() {
  return printDelivery;
}

nlohmann::json deliveryJson(const esim::NotificationDelivery &d) {
  nlohmann::json j = toJson(d.metadata);
  j["delivered"] = d.delivered;
  j["removedFromEuicc"] = d.removed;
  if (d.server) j["httpStatus"] = d.server->httpStatus;
  if (d.httpStatus) j["httpStatus"] = *d.httpStatus;
  const auto &fes = d.server && d.server->functionExecutionStatus
                        ? d.server->functionExecutionStatus
                        : d.functionExecutionStatus;
  if (fes) {
    j["functionExecutionStatus"] = {{"status", fes->status},
                                    {"subjectCode", fes->subjectCode},
                                    {"reasonCode", fes->reasonCode},
                                    {"message", fes->message}};
  }
  if (d.errorCode) {
    j["error"] = {{"code", std::string(esim::errcId(*d.errorCode))}, {"message", d.errorMessage}};
    if (!d.errorHint.empty()) j["error"]["hint"] = d.errorHint;
  }
  return j;
}

bool allDelivered(const std::vector<esim::NotificationDelivery> &deliveries) {
  for (const auto &d : deliveries) {
    if (!d.delivered) return false;
  }
  return true;
}

std::vector<esim::NotificationDelivery>
reportNotifications(AppContext &ctx, const std::vector<std::int64_t> &seqNumbers) {
  esim::NotificationProgress progress;
  if (!ctx.options.json) progress = printDelivery;
  return esim::processNotifications(ctx.card().euicc(), ctx.es9p(), seqNumbers, progress);
}

std::vector<esim::NotificationDelivery>
reportNotifications(AppContext &ctx, const std::vector<esim::NotificationMetadata> &fresh) {
  esim::NotificationProgress progress;
  if (!ctx.options.json) progress = printDelivery;
  return esim::deliverNotifications(ctx.card().euicc(), ctx.es9p(), fresh, progress);
}

} // namespace esimctl
