// esimctl notification ...: the notifications the eUICC keeps for SM-DP+s.
#include <iostream>

#include "commands.hpp"
#include "esim/profile_removal.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "table.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

std::optional<esim::NotificationEvent> parseEvent(const std::string &name) {
  if (name.empty()) return std::nullopt;
  for (auto e :
       {esim::NotificationEvent::notificationInstall, esim::NotificationEvent::notificationEnable,
        esim::NotificationEvent::notificationDisable,
        esim::NotificationEvent::notificationDelete}) {
    if (name == esim::notificationEventName(e)) return e;
  }
  throw UsageError("--event '" + terminalSafe(name) + "' is not an event",
                   "use install, enable, disable or delete");
}

int notificationList(AppContext &ctx, const std::string &event) {
  const std::optional<esim::NotificationEvent> only = parseEvent(event);
  std::vector<esim::NotificationMetadata> list = ctx.card().euicc().listNotification(only);
  if (ctx.options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto &n : list)
      out.push_back(toJson(n));
    printJsonSuccess(out);
    return kExitOk;
  }
  if (list.empty()) {
    std::cout << "No pending notifications.\n";
    return kExitOk;
  }
  Table table({"SEQ", "EVENT", "ICCID", "SM-DP+"});
  for (const auto &n : list) {
    table.addRow({std::to_string(n.seqNumber),
                  esim::notificationEventName(n.profileManagementOperation),
                  n.iccid ? *n.iccid : "-", n.notificationAddress});
  }
  table.print(std::cout);
  return kExitOk;
}

struct RemoveOptions {
  std::string seqNumber;
  bool force = false;
};

int notificationRemove(AppContext &ctx, const RemoveOptions &o) {
  const std::int64_t seqNumber = parseSeqNumber(o.seqNumber, "seq");
  esim::Euicc &euicc = ctx.card().euicc();
  std::vector<esim::NotificationMetadata> list = euicc.listNotification();
  const esim::NotificationMetadata *found = nullptr;
  for (const auto &n : list) {
    if (n.seqNumber == seqNumber) found = &n;
  }
  if (!found) {
    throw esim::Error(esim::Errc::notFound, "no pending notification #" + std::to_string(seqNumber),
                      "see `esimctl notification list`");
  }
  // Everything still on the eUICC is undelivered: the LPA removes a
  // notification only after the SM-DP+ acknowledged it.
  std::string event = esim::notificationEventName(found->profileManagementOperation);
  std::string warning = "Notification #" + std::to_string(found->seqNumber) + " (" + event +
                        " of " + (found->iccid ? *found->iccid : std::string("?")) +
                        ") was never delivered to " + found->notificationAddress +
                        ". If you remove it, that SM-DP+ will never learn of the event";
  if (found->profileManagementOperation == esim::NotificationEvent::notificationDelete) {
    warning += " and may refuse to release the profile to another device";
  }
  warning += ".";
  if (!o.force) std::cerr << terminalSafe(warning) << '\n';
  confirm("Remove notification #" + std::to_string(found->seqNumber) + " without reporting it?",
          o.force, "--force");
  esim::NotificationSentResult r = euicc.removeNotificationFromList(found->seqNumber);
  if (r != esim::NotificationSentResult::ok) {
    throw refusal("RemoveNotificationFromList", "#" + std::to_string(found->seqNumber), r);
  }
  if (ctx.options.json) {
    printJsonSuccess(
        {{"removed", toJson(*found)}, {"deleteNotificationStatus", esim::codeLabel(r)}});
  } else {
    std::cout << "Removed notification #" << found->seqNumber << " without reporting it.\n";
  }
  return kExitOk;
}

// recordInReceipts tells the unfinished removal receipts of this eUICC of
// the notifications just delivered. A receipt folder that cannot be read or
// written is a warning: the notifications themselves were handled right.
void recordInReceipts(AppContext &ctx, const std::string &dirOption,
                      const std::vector<esim::NotificationDelivery> &deliveries) {
  if (deliveries.empty()) return;
  try {
    std::filesystem::path dir =
        dirOption.empty() ? esim::defaultReceiptDir() : std::filesystem::path(dirOption);
    // GetEID only when a receipt may need it: no extra APDU otherwise.
    bool unfinished = false;
    for (const auto &f : esim::readReceipts(dir))
      unfinished = unfinished || !esim::receiptFinished(f.receipt);
    if (!unfinished) return;
    esim::recordDeliveries(dir, ctx.card().euicc().getEid(), deliveries);
  } catch (const esim::Error &e) {
    if (e.code() != esim::Errc::ioError) throw;
    std::cerr << "esimctl: warning: the receipts were not updated: " << terminalSafe(e.what())
              << "\n";
  }
}

struct ProcessOptions {
  std::string receiptDir;
  std::vector<std::string> seqNumbers;
  bool all = false;
};

int notificationProcess(AppContext &ctx, const ProcessOptions &o) {
  if (o.seqNumbers.empty() && !o.all) {
    throw UsageError("notification process: which notifications?",
                     "give seqNumbers from `esimctl notification list`, or --all");
  }
  if (!o.seqNumbers.empty() && o.all) {
    throw UsageError("notification process: give seqNumbers or --all, not both");
  }
  const std::vector<std::int64_t> seqNumbers = parseSeqNumbers(o.seqNumbers, "seq");
  std::vector<esim::NotificationDelivery> deliveries = reportNotifications(ctx, seqNumbers);
  recordInReceipts(ctx, o.receiptDir, deliveries);
  bool complete = allDelivered(deliveries);
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &d : deliveries)
      list.push_back(deliveryJson(d));
    if (complete) {
      printJsonSuccess(list);
    } else {
      nlohmann::json out = {
          {"ok", false},
          {"data", list},
          {"error",
           {{"code", "not-delivered"},
            {"message", "some notifications could not be delivered; they stay on the eUICC"}}}};
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  } else if (deliveries.empty()) {
    std::cout << "No pending notifications.\n";
  }
  return complete ? kExitOk : kExitIncomplete;
}

} // namespace

void addNotificationCommands(const Registrar &r) {
  CLI::App *notification =
      r.app.add_subcommand("notification", "notifications pending for SM-DP+ servers");
  notification->require_subcommand(1);
  AppContext &ctx = r.ctx;

  auto event = std::make_shared<std::string>();
  CLI::App *list = notification->add_subcommand("list", "list pending notifications");
  list->add_option("--event", *event, "only this event: install, enable, disable or delete");
  r.on(list, [&ctx, event] { return notificationList(ctx, *event); });

  auto rm = std::make_shared<RemoveOptions>();
  CLI::App *remove = notification->add_subcommand(
      "remove", "drop a notification without reporting it (the SM-DP+ never learns of the event)");
  remove->add_option("seq", rm->seqNumber, "seqNumber from `notification list`")->required();
  remove->add_flag("--force", rm->force, "do not warn and ask");
  r.on(remove, [&ctx, rm] { return notificationRemove(ctx, *rm); });

  auto process = std::make_shared<ProcessOptions>();
  CLI::App *processCmd = notification->add_subcommand(
      "process",
      "send pending notifications to their SM-DP+; each leaves the eUICC only once acknowledged");
  processCmd->add_option("seq", process->seqNumbers, "seqNumbers to send");
  processCmd->add_flag("--all", process->all, "send every pending notification");
  processCmd->add_option("--receipt-dir", process->receiptDir,
                         "receipts of unfinished removals to update (default: "
                         "$XDG_STATE_HOME/esimctl/receipts)");
  r.on(processCmd, [&ctx, process] { return notificationProcess(ctx, *process); });
}

} // namespace esimctl
