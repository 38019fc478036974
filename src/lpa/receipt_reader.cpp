// readReceipts: the receipt folder as `esimctl receipts` shows it. The folder
// may hold anything (a FIFO, a link to /dev/zero, a hand-edited file): each
// entry is opened without following links and without blocking, checked to
// be a small regular file, and only then read.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "esim/error.hpp"
#include "esim/receipt.hpp"

#include <nlohmann/json.hpp>

namespace esim {

namespace {

class Fd {
public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const noexcept { return fd_; }

private:
  int fd_;
};

class Dir {
public:
  explicit Dir(DIR *d) noexcept : d_(d) {}
  ~Dir() {
    if (d_) ::closedir(d_);
  }
  Dir(const Dir &) = delete;
  Dir &operator=(const Dir &) = delete;
  DIR *get() const noexcept { return d_; }

private:
  DIR *d_;
};

std::string systemMessage(int err) {
  return std::generic_category().message(err);
}

// readSmallFile reads |name| in |dirFd| if it is a regular file of at most
// kMaxReceiptBytes; otherwise returns false with the reason.
bool readSmallFile(int dirFd, const std::string &name, std::string &out, std::string &reason) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  Fd fd(::openat(dirFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    reason = errno == ELOOP ? "a symbolic link" : "cannot open: " + systemMessage(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    reason = "cannot read: " + systemMessage(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    reason = "not a regular file";
    return false;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxReceiptBytes) {
    reason = "larger than " + std::to_string(kMaxReceiptBytes) + " bytes";
    return false;
  }
  out.assign(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd.get(), out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      reason = "cannot read: " + systemMessage(errno);
      return false;
    }
    if (n == 0) break; // shrank while we read: parse what is there
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  return true;
}

bool isReceiptName(const std::string &name) {
  const std::string ext = ".json";
  return name.size() > ext.size() && name[0] != '.' &&
         name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

// FolderFile is one "*.json" entry of the receipt folder: its text, or why
// it could not be read.
struct FolderFile {
  std::string name;
  bool read = false;
  std::string text;   // when read
  std::string reason; // when not
};

// readFolder reads every receipt-named file of |dir| as readSmallFile does,
// sorted by name: names start with the UTC time, so that is oldest first. A
// missing folder gives none.
std::vector<FolderFile> readFolder(const std::filesystem::path &dir) {
  std::vector<FolderFile> out;
  Dir d(::opendir(dir.c_str()));
  if (!d.get()) {
    if (errno == ENOENT) return out;
    throw Error(Errc::ioError,
                "cannot list receipt folder " + dir.string() + ": " + systemMessage(errno),
                "check the folder's permissions, or name another with --receipt-dir");
  }
  while (dirent *e = ::readdir(d.get())) {
    std::string name = e->d_name;
    if (!isReceiptName(name)) continue;
    FolderFile f;
    f.name = std::move(name);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const auto &x, const auto &y) { return x.name < y.name; });
  for (auto &f : out)
    f.read = readSmallFile(::dirfd(d.get()), f.name, f.text, f.reason);
  return out;
}

bool isInstallReceipt(const nlohmann::json &j) {
  return j.is_object() && j.value("kind", "") == "install";
}

} // namespace

std::vector<ReceiptFile> readReceipts(const std::filesystem::path &dir,
                                      std::vector<SkippedFile> *skipped) {
  std::vector<ReceiptFile> out;
  for (auto &f : readFolder(dir)) {
    if (f.read) {
      try {
        out.push_back({dir / f.name, receiptFromJson(f.text)});
        continue;
      } catch (const Error &e) {
        // An install receipt (profile_download) shares the folder; it is
        // not a removal receipt, nor a stray file worth a warning.
        if (isInstallReceipt(nlohmann::json::parse(f.text, nullptr, false))) continue;
        f.reason = std::string("not a receipt: ") + e.what();
      }
    }
    if (skipped) skipped->push_back({f.name, f.reason});
  }
  return out;
}

std::vector<InstallReceipt> readInstallReceipts(const std::filesystem::path &dir) {
  std::vector<InstallReceipt> out;
  for (const auto &f : readFolder(dir)) {
    if (!f.read) continue;
    const nlohmann::json j = nlohmann::json::parse(f.text, nullptr, false);
    if (!isInstallReceipt(j)) continue;
    const std::string &name = f.name;
    auto str = [&](const nlohmann::json &o, const char *key) {
      auto it = o.find(key);
      return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    InstallReceipt r;
    r.path = dir / name;
    r.time = str(j, "time");
    r.eid = str(j, "eid");
    r.iccid = str(j, "iccid");
    r.smdpAddress = str(j, "smdpAddress");
    if (auto it = j.find("offered"); it != j.end() && it->is_object()) {
      r.serviceProviderName = str(*it, "serviceProviderName");
      r.profileName = str(*it, "profileName");
    }
    if (auto it = j.find("load"); it != j.end() && it->is_object()) {
      r.loadStatus = str(*it, "status");
      r.errorReason = str(*it, "errorReason");
    }
    if (auto it = j.find("installed"); it != j.end() && it->is_boolean()) r.installed = *it;
    if (auto it = j.find("reported"); it != j.end() && it->is_boolean()) r.reported = *it;
    if (auto it = j.find("seqNumber"); it != j.end() && it->is_number_integer())
      r.seqNumber = it->get<std::int64_t>();
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace esim
