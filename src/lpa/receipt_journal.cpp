#include "esim/receipt_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>
#include <vector>

#include "esim/error.hpp"

namespace esim {

namespace {

constexpr mode_t kFolderMode = 0700;
constexpr mode_t kFileMode = 0600;
constexpr mode_t kOthersMask = 077;
constexpr int kMaxNameAttempts = 1000;

Error ioError(const std::string &what, const std::filesystem::path &path, int err) {
  // std::strerror may share one buffer between threads (POSIX allows it);
  // the error category's message is a string of its own.
  return Error(Errc::ioError,
               what + " " + path.string() + ": " + std::generic_category().message(err),
               "free space or fix the folder's permissions, or choose another with --receipt-dir");
}

// Fd closes its descriptor; destructors never throw.
class Fd {
public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const noexcept { return fd_; }
  // close reports a failed close: NFS reports write errors only there.
  int close() noexcept { return ::close(std::exchange(fd_, -1)); }

private:
  int fd_;
};

// TempFile is a uniquely named, exclusively created file beside the target;
// it is unlinked unless published.
class TempFile {
public:
  TempFile(const std::filesystem::path &dir, const std::string &stem)
      : name_(toChars((dir / ("." + stem + ".XXXXXX")).string())),
        fd_(::mkostemp(name_.data(), O_CLOEXEC | O_NOFOLLOW)) {
    if (fd_.get() < 0) throw ioError("cannot create a file in", dir, errno);
  }
  ~TempFile() {
    if (!published_) ::unlink(name_.data());
  }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  const char *name() const noexcept { return name_.data(); }

  // fill writes |text|, sets the mode and flushes it; |target| names the
  // file in errors.
  void fill(const std::string &text, const std::filesystem::path &target) {
    if (::fchmod(fd_.get(), kFileMode) != 0) throw ioError("cannot set the mode of", target, errno);
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd_.get(), text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw ioError("cannot write", target, errno);
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_.get()) != 0) throw ioError("cannot flush", target, errno);
    if (fd_.close() != 0) throw ioError("cannot close", target, errno);
  }
  void published() noexcept { published_ = true; }

private:
  static std::vector<char> toChars(const std::string &s) {
    std::vector<char> out(s.begin(), s.end());
    out.push_back('\0');
    return out;
  }
  std::vector<char> name_;
  Fd fd_;
  bool published_ = false;
};

// syncFolder makes a rename or link in |dir| durable.
void syncFolder(const std::filesystem::path &dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw ioError("cannot open", dir, errno);
  // Some file systems cannot fsync a folder (EINVAL): nothing more to do there.
  if (::fsync(fd.get()) != 0 && errno != EINVAL) throw ioError("cannot flush", dir, errno);
}

std::filesystem::path folderOf(const std::filesystem::path &file) {
  return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

} // namespace

void ReceiptJournal::prepareDirectory(const std::filesystem::path &dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) throw ioError("cannot use receipt folder", dir, errno);
    std::error_code ec;
    if (!dir.parent_path().empty()) std::filesystem::create_directories(dir.parent_path(), ec);
    if (ec) throw ioError("cannot create", dir.parent_path(), ec.value());
    if (::mkdir(dir.c_str(), kFolderMode) != 0 && errno != EEXIST)
      throw ioError("cannot create", dir, errno);
    if (::stat(dir.c_str(), &st) != 0) throw ioError("cannot use receipt folder", dir, errno);
  }
  if (!S_ISDIR(st.st_mode)) throw ioError("cannot use receipt folder", dir, ENOTDIR);
  if ((st.st_mode & kOthersMask) != 0) {
    if (st.st_uid == ::geteuid()) {
      // Receipts name the EID, ICCIDs and when a traveller used them.
      if (::chmod(dir.c_str(), kFolderMode) != 0)
        throw ioError("cannot make private (mode 0700)", dir, errno);
    } else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      throw Error(Errc::ioError,
                  "receipt folder " + dir.string() +
                      " belongs to another user and others can write it",
                  "choose a folder of your own with --receipt-dir");
    }
  }
  // Prove that a record can be written before the card is touched: this
  // catches a read-only folder, a full disk and a file system out of inodes.
  TempFile probe(dir, "probe");
  probe.fill("esimctl receipt folder check\n", dir / "(check file)");
}

ReceiptJournal ReceiptJournal::create(const std::filesystem::path &dir, const std::string &stem,
                                      const std::string &text) {
  TempFile temp(dir, stem);
  std::filesystem::path target = dir / (stem + ".json");
  temp.fill(text, target);
  // link(2) publishes the complete file under a name nobody else holds: it
  // fails with EEXIST instead of replacing a receipt written the same second.
  for (int n = 2; ::link(temp.name(), target.c_str()) != 0; ++n) {
    if (errno != EEXIST || n > kMaxNameAttempts) throw ioError("cannot create", target, errno);
    target = dir / (stem + "-" + std::to_string(n) + ".json");
  }
  // The temporary name goes away when |temp| does (a hard link of the same file).
  syncFolder(dir);
  return ReceiptJournal(std::move(target));
}

void ReceiptJournal::update(const std::string &text) {
  const std::filesystem::path dir = folderOf(path_);
  TempFile temp(dir, path_.stem().string());
  temp.fill(text, path_);
  // rename(2) replaces the directory entry itself: a symbolic link planted
  // at path_ would be replaced, not followed.
  if (::rename(temp.name(), path_.c_str()) != 0) throw ioError("cannot replace", path_, errno);
  temp.published();
  syncFolder(dir);
}

} // namespace esim
