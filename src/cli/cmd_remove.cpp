// esimctl remove: the traveller's flow in one command. Find the profile, show
// it, confirm, then disable, delete, report the notifications to the
// operator's SM-DP+, with the receipt on disk before the first change and
// updated after every step (esim::removeProfile). Run again for a profile
// whose removal was cut short, it finishes the job from the receipt.
//
// esimctl receipts: the receipts kept so far, and what is left to do.
#include <iostream>

#include "commands.hpp"
#include "esim/profile_lookup.hpp"
#include "esim/profile_removal.hpp"
#include "esim/receipt_journal.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "stop_signals.hpp"
#include "table.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

// shown makes card-supplied text safe for a terminal (Table cells are
// escaped by the table itself: those take orDash).
std::string shown(const std::string &text) {
  return terminalSafe(text);
}
std::string shown(const std::optional<std::string> &text) {
  return text && !text->empty() ? shown(*text) : "-";
}
std::string orDash(const std::string &text) {
  return text.empty() ? "-" : text;
}
std::string orDash(const std::optional<std::string> &text) {
  return text ? orDash(*text) : "-";
}

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

std::string deleteAddressOf(const esim::ProfileInfo &p) {
  for (const auto &n : p.notificationConfigurationInfo) {
    if (n.profileManagementOperation == esim::NotificationEvent::notificationDelete)
      return n.notificationAddress;
  }
  return {};
}

bool looksLikeIccid(const std::string &s) {
  return s.size() >= 18 && s.size() <= 20 &&
         s.find_first_not_of("0123456789Ff") == std::string::npos;
}

// Printer turns the removal's progress into numbered lines.
struct Printer {
  AppContext &ctx;
  int n = 1;
  void step(const std::string &text) {
    if (!ctx.options.json) std::cout << "[" << n++ << "] " << text << "\n" << std::flush;
  }
  esim::RemovalProgress progress() {
    esim::RemovalProgress p;
    p.disabled = [this](esim::DisableProfileResult r) {
      step(std::string("disable: ") + esim::codeLabel(r));
    };
    p.deleted = [this](esim::DeleteProfileResult r) {
      step(std::string("delete: ") + esim::codeLabel(r));
    };
    if (!ctx.options.json) p.delivered = deliveryPrinter();
    return p;
  }
};

// finish prints the outcome (text or JSON) and returns the exit code: 0 when
// nothing is left, 4 when the profile is (or may be) deleted and something
// is left, 1 when the removal stopped before the delete.
int finish(AppContext &ctx, Printer &printer, const std::string &eid, const esim::ProfileInfo *p,
           const esim::RemovalOutcome &out) {
  const esim::RemovalReceipt &r = out.receipt;
  printer.step("receipt: " + out.receiptPath.string());
  const bool mayBeDeleted =
      r.deletion == esim::StepStatus::ok || r.deletion == esim::StepStatus::sent;
  const bool finished = esim::receiptFinished(r);
  const std::vector<std::string> todo = esim::receiptLeftToDo(r);
  std::optional<esim::Error> failure = out.failure;
  if (!failure && r.interrupted) {
    failure = esim::Error(esim::Errc::aborted,
                          std::string("stopped by ") + StopSignals::signalName() + ": " + r.error,
                          "the receipt says what is left to do");
  }
  if (ctx.options.json) {
    nlohmann::json reports = nlohmann::json::array();
    for (const auto &d : out.deliveries)
      reports.push_back(deliveryJson(d));
    nlohmann::json data = {{"eid", eid},
                           {"deleted", r.deletion == esim::StepStatus::ok},
                           {"reports", reports},
                           {"reported", r.reported},
                           {"finished", finished},
                           {"leftToDo", todo},
                           {"receipt", out.receiptPath.string()}};
    if (p) data["profile"] = toJson(*p);
    data["iccid"] = r.iccid;
    if (out.disableResult) data["disableResult"] = esim::codeLabel(*out.disableResult);
    if (out.deleteResult) data["deleteResult"] = esim::codeLabel(*out.deleteResult);
    if (failure) {
      nlohmann::json err = {{"code", std::string(failure->id())}, {"message", failure->what()}};
      if (!failure->hint().empty()) err["hint"] = failure->hint();
      printJsonFailure(data, err);
    } else {
      printJsonSuccess(data);
    }
  } else {
    if (failure) {
      std::cerr << "esimctl: error: " << terminalSafeLines(failure->what()) << "\n";
      if (!failure->hint().empty())
        std::cerr << "hint: " << terminalSafeLines(failure->hint()) << "\n";
    }
    if (finished && r.reported) {
      std::cout << "Done: the profile is deleted and " << shown(r.smdpAddress) << " was told.\n";
    } else if (finished && r.deletion == esim::StepStatus::ok) {
      std::cout << "Done: the profile is deleted.\n";
    } else if (mayBeDeleted || !todo.empty()) {
      std::cout << (r.deletion == esim::StepStatus::ok
                        ? "The profile is deleted, but not all is done:\n"
                        : "Not all is done:\n");
      for (const auto &t : todo)
        std::cout << "  - " << shown(t) << "\n";
    }
  }
  if (finished && !failure) return kExitOk;
  // After the delete (or with its answer lost) something is left to do;
  // before it, the removal failed and the profile is still there.
  return mayBeDeleted ? kExitIncomplete : kExitError;
}

// explainMissing is called when no profile matches: a removal of this ICCID
// that was cut short is finished from its receipt; otherwise the error says
// where the profile went, if a receipt or a notification knows.
int explainMissing(AppContext &ctx, const RemoveOptions &o, const std::filesystem::path &dir,
                   const std::string &eid, const esim::Error &notFound) {
  if (!looksLikeIccid(o.profile)) throw notFound;
  esim::Euicc &euicc = ctx.card().euicc();
  std::optional<esim::ReceiptFile> unfinished = esim::findUnfinishedReceipt(dir, o.profile);
  if (unfinished) {
    if (!ctx.options.json) {
      std::cout << "Profile " << o.profile << " is no longer on eUICC " << eid
                << "; its removal of " << shown(unfinished->receipt.time)
                << " was not finished (receipt " << unfinished->path.string() << ").\n";
      for (const auto &t : esim::receiptLeftToDo(unfinished->receipt))
        std::cout << "  - " << shown(t) << "\n";
      std::cout << (o.noReport ? "Recording what the eUICC shows now (--no-report).\n"
                               : "Finishing it now.\n");
    }
    Printer printer{ctx};
    StopSignals signals;
    esim::RemovalOptions options;
    options.report = !o.noReport;
    options.stopRequested = StopSignals::requested;
    esim::RemovalOutcome out = esim::finishRemoval(euicc, o.noReport ? nullptr : &ctx.es9p(),
                                                   *unfinished, options, printer.progress());
    return finish(ctx, printer, eid, nullptr, out);
  }
  std::string where;
  for (const auto &n : euicc.listNotification()) {
    if (n.iccid == o.profile)
      where += "\n  notification #" + std::to_string(n.seqNumber) + " (" +
               esim::notificationEventName(n.profileManagementOperation) + ") for " +
               shown(n.notificationAddress) + " is still pending: `esimctl notification process " +
               std::to_string(n.seqNumber) + "` sends it";
  }
  if (where.empty()) throw notFound;
  throw esim::Error(esim::Errc::notFound,
                    "no profile with ICCID " + o.profile + " on this eUICC: it was deleted;" +
                        where,
                    "no unfinished receipt in " + dir.string() + " names it");
}

int removeProfile(AppContext &ctx, const RemoveOptions &o) {
  checkProfileQuery(o.profile, "profile");
  std::filesystem::path receiptDir = receiptDirOf(o.receiptDir);
  // The receipt must be writable before the card is touched: a removal
  // without its record is what this command exists to prevent.
  if (!o.dryRun) esim::ReceiptJournal::prepareDirectory(receiptDir);
  esim::Euicc &euicc = ctx.card().euicc();
  std::string eid = euicc.getEid();
  std::vector<esim::ProfileInfo> profiles = euicc.getProfilesInfo();
  std::optional<esim::DeletionPlan> found;
  try {
    found = esim::planDeletion(profiles, o.profile, true);
  } catch (const esim::Error &e) {
    if (e.code() != esim::Errc::notFound || o.dryRun) throw;
    return explainMissing(ctx, o, receiptDir, eid, e);
  }
  const esim::DeletionPlan &plan = *found;
  const esim::ProfileInfo &p = plan.profile;
  const std::string label = esim::profileLabel(p);
  const std::string operatorAddress = deleteAddressOf(p);

  if (!ctx.options.json) {
    std::cout << "Found on eUICC " << eid << ":\n"
              << "  ICCID     " << shown(p.iccid) << "\n"
              << "  Provider  " << shown(p.serviceProviderName) << "\n"
              << "  Name      " << shown(p.profileName) << "\n"
              << "  Nickname  " << shown(p.profileNickname) << "\n"
              << "  State     " << (p.profileState ? profileStateName(*p.profileState) : "-")
              << "\n"
              << "Plan: " << (plan.disableFirst ? "disable it, " : "") << "delete it"
              << (operatorAddress.empty() || o.noReport ? "" : ", tell " + shown(operatorAddress))
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

  // From here on a signal stops the removal between two steps, never inside
  // one, and the receipt records where.
  StopSignals signals;
  Printer printer{ctx};
  esim::RemovalOptions options;
  options.report = !o.noReport;
  options.stopRequested = StopSignals::requested;
  if (!o.noReport) ctx.es9p(); // a bad --resolve or --ca-file fails before the card changes
  esim::RemovalOutcome out = esim::removeProfile(euicc, o.noReport ? nullptr : &ctx.es9p(), plan,
                                                 eid, receiptDir, options, printer.progress());
  const esim::RemovalReceipt &r = out.receipt;
  if (!out.failure && !r.interrupted) {
    // A refusal is the eUICC's answer, not a broken step: the receipt
    // records it and the error names the SGP.22 result.
    if (r.disable == esim::StepStatus::refused || r.deletion == esim::StepStatus::refused) {
      printer.step("receipt: " + out.receiptPath.string());
      if (r.disable == esim::StepStatus::refused)
        throw refusal("DisableProfile", label, *out.disableResult);
      throw refusal("DeleteProfile", label, *out.deleteResult);
    }
    if (o.noReport && !r.notifications.empty()) {
      printer.step("report: skipped (--no-report); send later with `esimctl notification "
                   "process --all`");
    } else if (r.notifications.empty()) {
      printer.step("report: the eUICC queued no notification for this profile; nothing to send");
    }
  }
  return finish(ctx, printer, eid, &p, out);
}

int listReceipts(AppContext &ctx, const std::string &dirOption) {
  std::filesystem::path dir = receiptDirOf(dirOption);
  std::vector<esim::SkippedFile> skipped;
  std::vector<esim::ReceiptFile> receipts = esim::readReceipts(dir, &skipped);
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &f : receipts) {
      nlohmann::json j = nlohmann::json::parse(esim::receiptToJson(f.receipt));
      j["file"] = f.path.string();
      list.push_back(j);
    }
    nlohmann::json skippedJson = nlohmann::json::array();
    for (const auto &s : skipped)
      skippedJson.push_back({{"file", s.name}, {"reason", s.reason}});
    nlohmann::json downloads = nlohmann::json::array();
    for (const auto &i : esim::readInstallReceipts(dir)) {
      nlohmann::json j = {{"file", i.path.string()},
                          {"time", i.time},
                          {"eid", i.eid},
                          {"iccid", i.iccid},
                          {"serviceProviderName", i.serviceProviderName},
                          {"profileName", i.profileName},
                          {"smdpAddress", i.smdpAddress},
                          {"load", i.loadStatus},
                          {"installed", i.installed},
                          {"reported", i.reported}};
      if (!i.errorReason.empty()) j["errorReason"] = i.errorReason;
      if (i.seqNumber) j["seqNumber"] = *i.seqNumber;
      downloads.push_back(j);
    }
    printJsonSuccess({{"directory", dir.string()},
                      {"receipts", list},
                      {"downloads", downloads},
                      {"skipped", skippedJson}});
    return kExitOk;
  }
  const std::vector<esim::InstallReceipt> installs = esim::readInstallReceipts(dir);
  if (!installs.empty()) {
    Table table({"TIME", "ICCID", "PROVIDER", "SEQ", "SM-DP+", "REPORTED", "INSTALL"});
    for (const auto &i : installs) {
      std::string state = i.installed                 ? "installed"
                          : i.loadStatus == "refused" ? "refused: " + i.errorReason
                                                      : "UNFINISHED";
      table.addRow({i.time, i.iccid, orDash(i.serviceProviderName),
                    i.seqNumber ? std::to_string(*i.seqNumber) : "-", orDash(i.smdpAddress),
                    i.reported ? "yes" : "NO", state});
    }
    std::cout << "Downloads:\n";
    table.print(std::cout);
    if (!receipts.empty()) std::cout << "\nRemovals:\n";
  }
  if (receipts.empty()) {
    if (installs.empty()) std::cout << "No receipts in " << dir.string() << ".\n";
  } else {
    Table table({"TIME", "ICCID", "PROVIDER", "SEQ", "SM-DP+", "REPORTED", "STATE"});
    for (const auto &f : receipts) {
      const esim::RemovalReceipt &r = f.receipt;
      const bool done = esim::receiptFinished(r);
      std::string state =
          done ? (r.deletion == esim::StepStatus::ok ? "removed" : "refused") : "UNFINISHED";
      table.addRow({r.time, r.iccid, orDash(r.serviceProviderName),
                    r.seqNumber ? std::to_string(*r.seqNumber) : "-", orDash(r.smdpAddress),
                    r.reported ? "yes" : "NO", state});
    }
    table.print(std::cout);
    for (const auto &f : receipts) {
      std::vector<std::string> todo = esim::receiptLeftToDo(f.receipt);
      if (todo.empty()) continue;
      std::cout << "\n" << shown(f.receipt.iccid) << " (" << f.path.filename().string() << "):\n";
      for (const auto &t : todo)
        std::cout << "  - " << shown(t) << "\n";
    }
  }
  for (const auto &s : skipped)
    std::cerr << "esimctl: skipped " << shown(s.name) << ": " << shown(s.reason) << "\n";
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
  CLI::App *receipts =
      r.app.add_subcommand("receipts", "list the receipts of removed profiles and what is left");
  receipts->add_option("--receipt-dir", *dir,
                       "where receipts are (default: $XDG_STATE_HOME/esimctl/receipts)");
  r.on(receipts, [&ctx, dir] { return listReceipts(ctx, *dir); });
}

} // namespace esimctl
