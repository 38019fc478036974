// esimctl profile ...: the profiles on the eUICC.
#include <iostream>

#include "commands.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "table.hpp"

namespace esimctl {

namespace {

std::string orDash(const std::optional<std::string> &s) {
  return s && !s->empty() ? *s : "-";
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

} // namespace

void addProfileCommands(const Registrar &r) {
  CLI::App *profile = r.app.add_subcommand("profile", "profiles on the eUICC");
  profile->require_subcommand(1);
  AppContext &ctx = r.ctx;
  r.on(profile->add_subcommand("list", "list the profiles with their state and provider"),
       [&ctx] { return profileList(ctx); });
}

} // namespace esimctl
