// esimctl remove: the traveller's flow in one command. Find the profile, show
// it, confirm, disable it if enabled, delete it, report the deletion
// notification to the operator's SM-DP+, and keep a receipt.
//
// esimctl receipts: the receipts kept so far.
#include <iostream>

#include "commands.hpp"
#include "esim/profile_deletion.hpp"
#include "esim/profile_lookup.hpp"
#include "esim/receipt.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "table.hpp"

namespace esimctl {

namespace {

struct RemoveOptions {
  std::string profile;
  bool yes = false;
  bool dryRun = false;
  bool noReport = false;
  std::string receiptDir;
};

std::filesystem::path receiptDirOf(const std::string &option) {
  return option.empty() ? esim::defaultReceiptDir() : std::filesystem::path(option);
}

void step(AppContext &ctx, int n, const std::string &text) {
  if (!ctx.options.json) std::cout << "[" << n << "] " << text << "\n";
}

std::string deleteAddressOf(const esim::ProfileInfo &p) {
  for (const auto &n : p.notificationConfigurationInfo) {
    if (n.profileManagementOperation == esim::NotificationEvent::notificationDelete)
      return n.notificationAddress;
  }
  return {};
}

int removeProfile(AppContext &ctx, const RemoveOptions &o) {
  esim::Euicc &euicc = ctx.card().euicc();
  std::filesystem::path receiptDir = receiptDirOf(o.receiptDir);
  std::string eid = euicc.getEid();
  esim::DeletionPlan plan = esim::planDeletion(euicc.getProfilesInfo(), o.profile, true);
  const esim::ProfileInfo &p = plan.profile;
  const std::string label = esim::profileLabel(p);
  std::string operatorAddress = deleteAddressOf(p);

  if (!ctx.options.json) {
    std::cout << "Found on eUICC " << eid << ":\n"
              << "  ICCID     " << p.iccid.value_or("-") << "\n"
              << "  Provider  " << p.serviceProviderName.value_or("-") << "\n"
              << "  Name      " << p.profileName.value_or("-") << "\n"
              << "  State     " << (p.profileState ? profileStateName(*p.profileState) : "-")
              << "\n"
              << "Plan: " << (plan.disableFirst ? "disable it, " : "") << "delete it"
              << (operatorAddress.empty() ? "" : ", tell " + operatorAddress)
              << ", and keep a receipt in " << receiptDir.string() << ".\n"
              << "Deleting a profile cannot be undone.\n";
  }
  if (o.dryRun) {
    if (ctx.options.json) {
      printJsonSuccess({{"dryRun", true},
                        {"eid", eid},
                        {"profile", toJson(p)},
                        {"disableFirst", plan.disableFirst},
                        {"receiptDir", receiptDir.string()}});
    } else {
      std::cout << "Dry run: nothing was changed.\n";
    }
    return kExitOk;
  }
  confirm("Remove " + label + " for good?", o.yes, "--yes");

  esim::DeletionOutcome out = esim::executeDeletion(euicc, plan);
  int n = 1;
  if (out.disableResult) {
    bool ok = *out.disableResult == esim::DisableProfileResult::ok ||
              *out.disableResult == esim::DisableProfileResult::profileNotInEnabledState;
    step(ctx, n++, std::string("disable: ") + std::string(esim::resultName(*out.disableResult)));
    if (!ok) throw refusal("DisableProfile", label, *out.disableResult);
  }
  step(ctx, n++, std::string("delete: ") + std::string(esim::resultName(*out.deleteResult)));
  if (!out.deleted()) throw refusal("DeleteProfile", label, *out.deleteResult);

  esim::RemovalReceipt receipt;
  receipt.time = esim::utcNow();
  receipt.eid = eid;
  receipt.iccid = p.iccid.value_or("");
  receipt.serviceProviderName = p.serviceProviderName;
  receipt.profileName = p.profileName;
  receipt.smdpAddress = operatorAddress;
  const esim::NotificationMetadata *deletion = nullptr;
  for (const auto &m : out.newNotifications) {
    if (m.profileManagementOperation == esim::NotificationEvent::notificationDelete) deletion = &m;
  }
  if (deletion) {
    receipt.seqNumber = deletion->seqNumber;
    receipt.smdpAddress = deletion->notificationAddress;
  }

  std::vector<esim::NotificationDelivery> deliveries;
  if (out.newNotifications.empty()) {
    step(ctx, n++, "report: the eUICC queued no notification for this profile; nothing to send");
  } else if (o.noReport) {
    step(ctx, n++,
         "report: skipped (--no-report); send later with `esimctl notification process --all`");
    receipt.error = "not reported: --no-report";
  } else {
    step(ctx, n++, "report to " + receipt.smdpAddress + ":");
    deliveries = reportNotifications(ctx, out.newNotifications);
    for (const auto &d : deliveries) {
      if (!deletion || d.metadata.seqNumber != deletion->seqNumber) continue;
      receipt.reported = d.delivered;
      receipt.removedFromEuicc = d.removed;
      if (d.server) receipt.httpStatus = d.server->httpStatus;
      if (d.httpStatus) receipt.httpStatus = *d.httpStatus;
      const auto &fes = d.server && d.server->functionExecutionStatus
                            ? d.server->functionExecutionStatus
                            : d.functionExecutionStatus;
      if (fes) {
        receipt.serverStatus = fes->status;
        receipt.subjectCode = fes->subjectCode;
        receipt.reasonCode = fes->reasonCode;
        receipt.serverMessage = fes->message;
      }
      receipt.error = d.errorMessage;
    }
  }
  std::filesystem::path written = esim::writeReceipt(receiptDir, receipt);
  step(ctx, n, "receipt: " + written.string());

  bool complete = o.noReport ? true : allDelivered(deliveries);
  if (ctx.options.json) {
    nlohmann::json reports = nlohmann::json::array();
    for (const auto &d : deliveries)
      reports.push_back(deliveryJson(d));
    nlohmann::json data = {{"eid", eid},
                           {"profile", toJson(p)},
                           {"deleteResult", esim::resultName(*out.deleteResult)},
                           {"reports", reports},
                           {"reported", receipt.reported},
                           {"receipt", written.string()}};
    if (out.disableResult) data["disableResult"] = esim::resultName(*out.disableResult);
    printJsonSuccess(data);
  } else if (complete && receipt.reported) {
    std::cout << "Done: the profile is deleted and " << receipt.smdpAddress << " was told.\n";
  } else if (!complete) {
    std::cout << "The profile is deleted, but its operator has not been told yet: the notification "
                 "stays on the eUICC until `esimctl notification process --all` succeeds.\n";
  }
  return complete ? kExitOk : kExitIncomplete;
}

int listReceipts(AppContext &ctx, const std::string &dirOption) {
  std::filesystem::path dir = receiptDirOf(dirOption);
  std::vector<std::string> skipped;
  std::vector<esim::RemovalReceipt> receipts = esim::readReceipts(dir, &skipped);
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &r : receipts)
      list.push_back(nlohmann::json::parse(esim::receiptToJson(r)));
    printJsonSuccess({{"directory", dir.string()}, {"receipts", list}, {"skipped", skipped}});
    return kExitOk;
  }
  if (receipts.empty()) {
    std::cout << "No receipts in " << dir.string() << ".\n";
  } else {
    Table table({"TIME", "ICCID", "PROVIDER", "SEQ", "SM-DP+", "REPORTED"});
    for (const auto &r : receipts) {
      table.addRow({r.time, r.iccid, r.serviceProviderName.value_or("-"),
                    r.seqNumber ? std::to_string(*r.seqNumber) : "-",
                    r.smdpAddress.empty() ? "-" : r.smdpAddress, r.reported ? "yes" : "NO"});
    }
    table.print(std::cout);
  }
  for (const auto &s : skipped)
    std::cerr << "esimctl: skipped " << s << ": not a receipt\n";
  return kExitOk;
}

} // namespace

void addRemoveCommands(const Registrar &r) {
  AppContext &ctx = r.ctx;
  auto o = std::make_shared<RemoveOptions>();
  CLI::App *remove = r.app.add_subcommand(
      "remove", "remove a profile for good: disable, delete, tell the operator, keep a receipt");
  remove->add_option("profile", o->profile, "the profile: ICCID, nickname or provider name")
      ->required();
  remove->add_flag("--yes,-y", o->yes, "do not ask for confirmation");
  remove->add_flag("--dry-run", o->dryRun, "show the plan; change nothing");
  remove->add_flag("--no-report", o->noReport, "do not send the deletion notification now");
  remove->add_option("--receipt-dir", o->receiptDir,
                     "where receipts go (default: $XDG_STATE_HOME/esimctl/receipts)");
  r.on(remove, [&ctx, o] { return removeProfile(ctx, *o); });

  auto dir = std::make_shared<std::string>();
  CLI::App *receipts = r.app.add_subcommand("receipts", "list the receipts of removed profiles");
  receipts->add_option("--receipt-dir", *dir,
                       "where receipts are (default: $XDG_STATE_HOME/esimctl/receipts)");
  r.on(receipts, [&ctx, dir] { return listReceipts(ctx, *dir); });
}

} // namespace esimctl
