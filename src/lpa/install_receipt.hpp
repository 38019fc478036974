// InstallReceiptWriter: the journal of one profile download, kept with the
// removal receipts (kind "install"): what was offered, whether the load
// went through, what was installed, whether the SM-DP+ was told. Written
// before LoadBoundProfilePackage and after it. Internal to the LPA flows.
#pragma once

#include <filesystem>
#include <string>

#include "esim/download.hpp"
#include "esim/notification_processing.hpp"
#include "esim/receipt_journal.hpp"

namespace esim {

class InstallReceiptWriter {
public:
  // begin writes the first version ("load": "sent") in |dir|. Throws
  // Error(Errc::ioError) naming the file; nothing is then loaded.
  static InstallReceiptWriter begin(const std::filesystem::path &dir, const std::string &eid,
                                    const std::string &smdpAddress,
                                    const std::string &transactionId,
                                    const ProfileMetadata &offered);

  // loaded records the eUICC's ProfileInstallationResult. Never throws: a
  // receipt that cannot be updated keeps its previous, true, version.
  void loaded(const ProfileInstallationResultData &pir) noexcept;
  // loadFailed records why the load stopped without a result. Never throws.
  void loadFailed(const std::string &why) noexcept;
  // reported records the install notification's delivery. Never throws.
  void reported(const NotificationDelivery &delivery) noexcept;

  const std::filesystem::path &path() const noexcept { return journal_.path(); }

private:
  InstallReceiptWriter(ReceiptJournal journal, std::string json)
      : journal_(std::move(journal)), json_(std::move(json)) {}
  void save() noexcept;

  ReceiptJournal journal_;
  std::string json_; // the current content, as nlohmann text
};

} // namespace esim
