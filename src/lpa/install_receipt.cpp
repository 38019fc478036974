#include "install_receipt.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "esim/download_codes.hpp"
#include "esim/error.hpp"
#include "esim/receipt.hpp"

namespace esim {

namespace {

using nlohmann::json;

constexpr int kFormatVersion = 2;

json metadataJson(const ProfileMetadata &m) {
  json j = {{"iccid", m.iccid},
            {"serviceProviderName", m.serviceProviderName},
            {"profileName", m.profileName},
            {"profileClass", m.profileClass == ProfileClass::test           ? "test"
                             : m.profileClass == ProfileClass::provisioning ? "provisioning"
                                                                            : "operational"}};
  json notify = json::array();
  for (const auto &n : m.notificationConfigurationInfo) {
    json events = json::array();
    if (n.profileManagementOperation.notificationInstall) events.push_back("install");
    if (n.profileManagementOperation.notificationEnable) events.push_back("enable");
    if (n.profileManagementOperation.notificationDisable) events.push_back("disable");
    if (n.profileManagementOperation.notificationDelete) events.push_back("delete");
    notify.push_back({{"events", events}, {"notificationAddress", n.notificationAddress}});
  }
  j["notificationConfigurationInfo"] = notify;
  return j;
}

} // namespace

InstallReceiptWriter InstallReceiptWriter::begin(const std::filesystem::path &dir,
                                                 const std::string &eid,
                                                 const std::string &smdpAddress,
                                                 const std::string &transactionId,
                                                 const ProfileMetadata &offered) {
  ReceiptJournal::prepareDirectory(dir);
  const std::string time = utcNow();
  json j = {{"formatVersion", kFormatVersion},
            {"kind", "install"},
            {"time", time},
            {"updated", time},
            {"eid", eid},
            {"iccid", offered.iccid},
            {"smdpAddress", smdpAddress},
            {"transactionId", transactionId},
            {"offered", metadataJson(offered)},
            {"load", {{"status", "sent"}}},
            {"installed", false},
            {"reported", false}};
  std::string stamp = time;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::string text = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  ReceiptJournal journal = ReceiptJournal::create(dir, stamp + "-install-" + offered.iccid, text);
  return InstallReceiptWriter(std::move(journal), text);
}

void InstallReceiptWriter::save() noexcept {
  try {
    json j = json::parse(json_);
    j["updated"] = utcNow();
    json_ = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    journal_.update(json_);
  } catch (const std::exception &) {
    // See the header: the file keeps its previous version.
  }
}

void InstallReceiptWriter::loaded(const ProfileInstallationResultData &pir) noexcept {
  try {
    json j = json::parse(json_);
    j["seqNumber"] = pir.notificationMetadata.seqNumber;
    if (pir.successResult) {
      j["load"] = {{"status", "ok"}};
      j["installed"] = true;
      j["isdpAid"] = toHex(pir.successResult->aid);
    } else if (pir.errorResult) {
      j["load"] = {{"status", "refused"},
                   {"bppCommandId", codeLabel(pir.errorResult->bppCommandId)},
                   {"errorReason", codeLabel(pir.errorResult->errorReason)}};
    }
    json_ = j.dump();
  } catch (const std::exception &) {
    return;
  }
  save();
}

void InstallReceiptWriter::loadFailed(const std::string &why) noexcept {
  try {
    json j = json::parse(json_);
    j["load"] = {{"status", "sent"}, {"error", why}};
    json_ = j.dump();
  } catch (const std::exception &) {
    return;
  }
  save();
}

void InstallReceiptWriter::reported(const NotificationDelivery &d) noexcept {
  try {
    json j = json::parse(json_);
    j["reported"] = d.delivered;
    j["removedFromEuicc"] = d.removed;
    if (!d.delivered) j["reportError"] = d.errorMessage;
    json_ = j.dump();
  } catch (const std::exception &) {
    return;
  }
  save();
}

} // namespace esim
