// ReceiptJournal: one record file that a multi-step operation (a profile
// removal, later an installation) keeps true on disk while it runs. The file
// is created before the first irreversible step and replaced atomically
// after each step, so a kill, a power cut or a full disk at any moment
// leaves either the previous or the next complete version, never a torn one.
//
//   ReceiptJournal::prepareDirectory(dir);                 // before the card
//   ReceiptJournal j = ReceiptJournal::create(dir, "2026-...-8981...", text);
//   ... step ... j.update(text2); ... step ... j.update(text3);
//
// Files: the folder is made (or tightened to) mode 0700 and every file is
// 0600; temporary files get unique mkstemp names beside the target and are
// opened with O_EXCL | O_NOFOLLOW, so nothing planted in the folder is
// followed or overwritten; a new record is published with link(2), which
// never replaces an existing file (two records in the same second get
// "-2", "-3", ...).
#pragma once

#include <filesystem>
#include <string>

namespace esim {

// ReceiptJournal owns the path of one record file.
class ReceiptJournal {
public:
  // prepareDirectory creates |dir| (mode 0700) if missing, tightens a folder
  // of ours that others can read to 0700, and proves that a file can be
  // created, written and flushed there. Throws Error(Errc::ioError) naming
  // the folder and the system error (not a folder, read-only, no space, no
  // inodes, writable by another user).
  static void prepareDirectory(const std::filesystem::path &dir);

  // create writes |text| as a new file "<stem>.json" in |dir| (or
  // "<stem>-N.json" if that name is taken), flushed to disk with its folder
  // entry. Throws Error(Errc::ioError) naming the file and the system error;
  // nothing is left behind then.
  static ReceiptJournal create(const std::filesystem::path &dir, const std::string &stem,
                               const std::string &text);

  // existing returns the journal of a record file created earlier (to
  // finish an interrupted operation). Cannot fail; update reports a file
  // that is gone.
  static ReceiptJournal existing(std::filesystem::path path) {
    return ReceiptJournal(std::move(path));
  }

  // update replaces the file's content with |text| atomically and durably.
  // Throws Error(Errc::ioError) naming the file; the file then still holds
  // the previous version.
  void update(const std::string &text);

  // path returns the record file.
  const std::filesystem::path &path() const noexcept { return path_; }

private:
  explicit ReceiptJournal(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

} // namespace esim
