// Reporting notifications to SM-DP+s from any command, with the same output.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "app_context.hpp"
#include "esim/notification_processing.hpp"

namespace esimctl {

// reportNotifications delivers the notifications with |seqNumbers| (all
// pending if empty), printing one line per notification unless --json.
// Returns what happened to each.
std::vector<esim::NotificationDelivery>
reportNotifications(AppContext &ctx, const std::vector<std::int64_t> &seqNumbers);

// reportNotifications delivers the notifications |fresh| describes, metadata
// the caller has just read from the eUICC (no second ListNotification).
std::vector<esim::NotificationDelivery>
reportNotifications(AppContext &ctx, const std::vector<esim::NotificationMetadata> &fresh);

// deliveryPrinter returns the progress callback that prints one line per
// delivered or failed notification (the text output of every command).
esim::NotificationProgress deliveryPrinter();

// deliveryJson describes one delivery for --json output.
nlohmann::json deliveryJson(const esim::NotificationDelivery &d);

// allDelivered reports whether every delivery reached its SM-DP+ and left
// the eUICC.
bool allDelivered(const std::vector<esim::NotificationDelivery> &deliveries);

} // namespace esimctl
