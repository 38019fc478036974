// esimctl profile ...: the profiles on the eUICC.
#include <iostream>

#include "commands.hpp"
#include "esim/profile_deletion.hpp"
#include "esim/profile_lookup.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "table.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

// orDash returns |s| terminal-safe, or "-" if it is missing or empty.
std::string orDash(const std::optional<std::string> &s) {
  return s && !s->empty() ? terminalSafe(*s) : "-";
}

nlohmann::json notificationsJson(const std::vector<esim::NotificationMetadata> &list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &n : list)
    out.push_back(toJson(n));
  return out;
}

void printNewNotifications(const std::vector<esim::NotificationMetadata> &list) {
  for (const auto &n : list) {
    std::cout << "The eUICC queued notification #" << n.seqNumber << " ("
              << esim::notificationEventName(n.profileManagementOperation) << ") for "
              << terminalSafe(n.notificationAddress) << ".\n";
  }
}

// reportFresh sends the notifications a change produced, unless the user
// said --no-report. Returns the exit code: kExitIncomplete if one is left on
// the eUICC.
int reportFresh(AppContext &ctx, const std::vector<esim::NotificationMetadata> &fresh,
                bool noReport, nlohmann::json *jsonOut) {
  if (fresh.empty()) return kExitOk;
  if (noReport) {
    if (!ctx.options.json) {
      printNewNotifications(fresh);
      std::cout
          << "Not reported (--no-report); send later with `esimctl notification process --all`.\n";
    }
    return kExitOk;
  }
  std::vector<esim::NotificationDelivery> deliveries = reportNotifications(ctx, fresh);
  if (jsonOut) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &d : deliveries)
      list.push_back(deliveryJson(d));
    (*jsonOut)["reports"] = list;
  }
  return allDelivered(deliveries) ? kExitOk : kExitIncomplete;
}

int profileList(AppContext &ctx) {
  std::vector<esim::ProfileInfo> profiles = ctx.card().euicc().getProfilesInfo();
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &p : profiles)
      list.push_back(toJson(p));
    printJsonSuccess(list);
    return kExitOk;
  }
  if (profiles.empty()) {
    std::cout << "No profiles on this eUICC.\n";
    return kExitOk;
  }
  Table table({"ICCID", "STATE", "PROVIDER", "NAME", "NICKNAME", "CLASS"});
  for (const auto &p : profiles) {
    table.addRow({orDash(p.iccid), p.profileState ? profileStateName(*p.profileState) : "-",
                  orDash(p.serviceProviderName), orDash(p.profileName), orDash(p.profileNickname),
                  profileClassName(p.profileClass)});
  }
  table.print(std::cout);
  return kExitOk;
}

struct SwitchOptions {
  std::string profile;
  bool refresh = false;
  bool noReport = false;
};

// switchProfile enables or disables one profile and reports the notifications
// the eUICC queued for it.
int switchProfile(AppContext &ctx, const SwitchOptions &o, bool enable) {
  checkProfileQuery(o.profile, "profile");
  esim::Euicc &euicc = ctx.card().euicc();
  std::vector<esim::ProfileInfo> profiles = euicc.getProfilesInfo();
  const esim::ProfileInfo &profile = esim::findProfile(profiles, o.profile);
  const std::string label = esim::profileLabel(profile);
  esim::ProfileIdentifier id = esim::profileIdentifierOf(profile);
  std::vector<esim::NotificationMetadata> before = euicc.listNotification();
  std::string result;
  if (enable) {
    esim::EnableProfileResult r = euicc.enableProfile(id, o.refresh);
    if (r != esim::EnableProfileResult::ok) throw refusal("EnableProfile", label, r);
    result = esim::codeLabel(r);
  } else {
    esim::DisableProfileResult r = euicc.disableProfile(id, o.refresh);
    if (r != esim::DisableProfileResult::ok) throw refusal("DisableProfile", label, r);
    result = esim::codeLabel(r);
  }
  auto fresh = esim::newNotificationsSince(before, euicc.listNotification());
  if (!ctx.options.json)
    std::cout << (enable ? "Enabled " : "Disabled ") << terminalSafe(label) << ".\n";
  nlohmann::json data = {{"profile", toJson(profile)},
                         {enable ? "enableResult" : "disableResult", result},
                         {"notifications", notificationsJson(fresh)}};
  int rc = reportFresh(ctx, fresh, o.noReport, &data);
  if (ctx.options.json) printJsonSuccess(data);
  return rc;
}

struct DeleteOptions {
  std::string profile;
  bool yes = false;
  bool disableFirst = false;
  bool dryRun = false;
  bool noReport = false;
};

void describePlan(const esim::DeletionPlan &plan) {
  const esim::ProfileInfo &p = plan.profile;
  std::cout << "Profile to delete:\n"
            << "  ICCID     " << orDash(p.iccid) << "\n"
            << "  Provider  " << orDash(p.serviceProviderName) << "\n"
            << "  Name      " << orDash(p.profileName) << "\n"
            << "  Nickname  " << orDash(p.profileNickname) << "\n"
            << "  State     " << (p.profileState ? profileStateName(*p.profileState) : "-") << "\n";
  for (const auto &n : p.notificationConfigurationInfo) {
    if (n.profileManagementOperation == esim::NotificationEvent::notificationDelete)
      std::cout << "  Operator  " << terminalSafe(n.notificationAddress) << " will be notified\n";
  }
  if (plan.disableFirst) std::cout << "It is enabled and will be disabled first.\n";
  std::cout << "Deleting a profile cannot be undone: the eSIM is gone from this eUICC.\n";
}

int profileDelete(AppContext &ctx, const DeleteOptions &o) {
  checkProfileQuery(o.profile, "profile");
  esim::Euicc &euicc = ctx.card().euicc();
  esim::DeletionPlan plan = esim::planDeletion(euicc.getProfilesInfo(), o.profile, o.disableFirst);
  const std::string label = esim::profileLabel(plan.profile);
  if (o.dryRun) {
    if (ctx.options.json) {
      printJsonSuccess({{"dryRun", true},
                        {"profile", toJson(plan.profile)},
                        {"disableFirst", plan.disableFirst}});
    } else {
      describePlan(plan);
      std::cout << "Dry run: nothing was sent to the eUICC.\n";
    }
    return kExitOk;
  }
  if (!ctx.options.json) describePlan(plan);
  confirm("Delete " + label + "?", o.yes, "--yes");
  esim::DeletionOutcome out = esim::executeDeletion(euicc, plan);
  if (out.disableResult && *out.disableResult != esim::DisableProfileResult::ok &&
      *out.disableResult != esim::DisableProfileResult::profileNotInEnabledState) {
    throw refusal("DisableProfile", label, *out.disableResult);
  }
  if (!out.deleted()) throw refusal("DeleteProfile", label, *out.deleteResult);
  nlohmann::json data = {{"profile", toJson(plan.profile)},
                         {"deleteResult", esim::codeLabel(*out.deleteResult)},
                         {"notifications", notificationsJson(out.newNotifications)}};
  if (out.disableResult) data["disableResult"] = esim::codeLabel(*out.disableResult);
  if (!ctx.options.json) {
    if (out.disableResult) std::cout << "Disabled " << terminalSafe(label) << ".\n";
    std::cout << "Deleted " << terminalSafe(label) << ".\n";
  }
  int rc = reportFresh(ctx, out.newNotifications, o.noReport, &data);
  if (ctx.options.json) printJsonSuccess(data);
  return rc;
}

struct NicknameOptions {
  std::string profile;
  std::string nickname;
};

int profileNickname(AppContext &ctx, const NicknameOptions &o) {
  checkProfileQuery(o.profile, "profile");
  checkNickname(o.nickname, "nickname");
  esim::Euicc &euicc = ctx.card().euicc();
  std::vector<esim::ProfileInfo> profiles = euicc.getProfilesInfo();
  const esim::ProfileInfo &profile = esim::findProfile(profiles, o.profile);
  if (!profile.iccid) {
    throw esim::Error(esim::Errc::malformedResponse,
                      "the eUICC did not report this profile's ICCID; SetNickname needs it");
  }
  esim::SetNicknameResult r = euicc.setNickname(*profile.iccid, o.nickname);
  if (r != esim::SetNicknameResult::ok)
    throw refusal("SetNickname", esim::profileLabel(profile), r);
  if (ctx.options.json) {
    printJsonSuccess({{"iccid", *profile.iccid},
                      {"profileNickname", o.nickname},
                      {"setNicknameResult", esim::codeLabel(r)}});
  } else {
    std::cout << (o.nickname.empty() ? "Removed the nickname of " : "Set the nickname of ")
              << terminalSafe(*profile.iccid)
              << (o.nickname.empty() ? "" : " to '" + terminalSafe(o.nickname) + "'") << ".\n";
  }
  return kExitOk;
}

} // namespace

void addProfileCommands(const Registrar &r) {
  CLI::App *profile = r.app.add_subcommand("profile", "profiles on the eUICC");
  profile->require_subcommand(1);
  AppContext &ctx = r.ctx;
  const char *whichHelp = "the profile: ICCID, ISD-P AID, nickname or provider name";
  r.on(profile->add_subcommand("list", "list the profiles with their state and provider"),
       [&ctx] { return profileList(ctx); });

  for (bool enable : {true, false}) {
    auto o = std::make_shared<SwitchOptions>();
    CLI::App *sub = profile->add_subcommand(
        enable ? "enable" : "disable",
        enable ? "enable a profile (the enabled one, if any, is disabled by the eUICC)"
               : "disable a profile");
    sub->add_option("profile", o->profile, whichHelp)->required();
    sub->add_flag("--refresh", o->refresh,
                  "set refreshFlag: ask a phone's modem to REFRESH (no effect in a USB reader)");
    sub->add_flag("--no-report", o->noReport,
                  "leave the new notification on the eUICC instead of sending it to the SM-DP+");
    r.on(sub, [&ctx, o, enable] { return switchProfile(ctx, *o, enable); });
  }

  addDownloadCommand(profile, r);
  addDiscoveryCommand(profile, r);

  auto del = std::make_shared<DeleteOptions>();
  CLI::App *delCmd =
      profile->add_subcommand("delete", "delete a profile for good (shows it and asks first)");
  delCmd->add_option("profile", del->profile, whichHelp)->required();
  delCmd->add_flag("--yes,-y", del->yes, "do not ask for confirmation");
  delCmd->add_flag("--disable-first", del->disableFirst,
                   "disable the profile first if it is enabled");
  delCmd->add_flag("--dry-run", del->dryRun,
                   "show what would be deleted; only reads the profile list from the eUICC");
  delCmd->add_flag("--no-report", del->noReport,
                   "leave the deletion notification on the eUICC instead of sending it now");
  r.on(delCmd, [&ctx, del] { return profileDelete(ctx, *del); });

  auto nick = std::make_shared<NicknameOptions>();
  CLI::App *nickCmd =
      profile->add_subcommand("nickname", "set (or with \"\" remove) a profile's nickname");
  nickCmd->add_option("profile", nick->profile, whichHelp)->required();
  nickCmd->add_option("nickname", nick->nickname, "the new nickname, up to 64 bytes of UTF-8")
      ->required();
  r.on(nickCmd, [&ctx, nick] { return profileNickname(ctx, *nick); });
}

} // namespace esimctl
