#include "download_output.hpp"

#include <unistd.h>

#include <iostream>

#include "esim/download_codes.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "table.hpp"

namespace esimctl {

namespace {

constexpr int kBarWidth = 30;
constexpr int kPercent = 100;

std::string eventsText(const esim::NotificationEvents &e) {
  std::string out;
  auto add = [&](bool on, const char *name) {
    if (on) out += (out.empty() ? "" : ", ") + std::string(name);
  };
  add(e.notificationInstall, "install");
  add(e.notificationEnable, "enable");
  add(e.notificationDisable, "disable");
  add(e.notificationDelete, "delete");
  return out.empty() ? "-" : out;
}

std::string pprText(const std::optional<esim::PprIds> &p) {
  if (!p) return "none";
  std::string out;
  if (p->ppr1) out += "PPR1 (may not be disabled)";
  if (p->ppr2) out += std::string(out.empty() ? "" : ", ") + "PPR2 (may not be deleted)";
  return out.empty() ? "none" : out;
}

} // namespace

nlohmann::json metadataJson(const esim::ProfileMetadata &m) {
  nlohmann::json j = {{"iccid", m.iccid},
                      {"serviceProviderName", m.serviceProviderName},
                      {"profileName", m.profileName},
                      {"profileClass", profileClassName(m.profileClass)}};
  if (m.icon) j["iconBytes"] = m.icon->size();
  nlohmann::json notify = nlohmann::json::array();
  for (const auto &n : m.notificationConfigurationInfo)
    notify.push_back({{"events", eventsText(n.profileManagementOperation)},
                      {"notificationAddress", n.notificationAddress}});
  j["notificationConfigurationInfo"] = notify;
  if (m.profilePolicyRules) {
    j["profilePolicyRules"] = {{"ppr1", m.profilePolicyRules->ppr1},
                               {"ppr2", m.profilePolicyRules->ppr2}};
  }
  return j;
}

DownloadPrinter::DownloadPrinter(bool json) : json_(json), bar_(!json && ::isatty(STDERR_FILENO)) {}

void DownloadPrinter::progress(esim::DownloadStage stage, std::size_t done, std::size_t total,
                               const std::string &smdpAddress) {
  if (json_) return;
  if (stage != esim::DownloadStage::loading) {
    finishLine();
    switch (stage) {
    case esim::DownloadStage::authenticating:
      std::cerr << "Contacting " << terminalSafe(smdpAddress) << " ...\n";
      break;
    case esim::DownloadStage::preparing: std::cerr << "Preparing the download ...\n"; break;
    case esim::DownloadStage::reporting:
      std::cerr << "Reporting the installation to the SM-DP+ ...\n";
      break;
    default: break;
    }
    return;
  }
  const int percent = total ? static_cast<int>(done * kPercent / total) : 0;
  if (bar_) {
    const int filled = percent * kBarWidth / kPercent;
    std::cerr << "\rLoading [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kBarWidth - filled), ' ') << "] " << percent
              << "% " << done << "/" << total << " bytes" << std::flush;
    barOpen_ = true;
  } else if (percent == 0 || percent == kPercent || percent / 25 != lastPercent_ / 25) {
    std::cerr << "Loading: " << done << " of " << total << " bytes (" << percent << "%)\n";
  }
  lastPercent_ = percent;
}

void DownloadPrinter::finishLine() {
  if (barOpen_) std::cerr << "\n";
  barOpen_ = false;
}

void DownloadPrinter::offer(const esim::DownloadOffer &offer) {
  const esim::ProfileMetadata &m = offer.profileMetadata;
  offerJson_ = metadataJson(m);
  if (json_) return;
  finishLine();
  std::cout << terminalSafe(offer.smdpAddress) << " offers this profile:\n"
            << "  ICCID     " << terminalSafe(m.iccid) << "\n"
            << "  Provider  " << terminalSafe(m.serviceProviderName) << "\n"
            << "  Name      " << terminalSafe(m.profileName) << "\n"
            << "  Class     " << profileClassName(m.profileClass) << "\n"
            << "  Icon      "
            << (m.icon ? std::to_string(m.icon->size()) + " bytes" : std::string("none")) << "\n"
            << "  Rules     " << pprText(m.profilePolicyRules) << "\n";
  for (const auto &n : m.notificationConfigurationInfo) {
    std::cout << "  Notifies  " << terminalSafe(n.notificationAddress) << " of "
              << eventsText(n.profileManagementOperation) << "\n";
  }
  if (offer.confirmationCodeRequired) std::cout << "A confirmation code is required.\n";
}

} // namespace esimctl
