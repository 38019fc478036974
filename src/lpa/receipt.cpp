#include "esim/receipt.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "esim/error.hpp"

namespace esim {

namespace {

using nlohmann::json;

Error ioError(const std::string &what, const std::filesystem::path &path, int err) {
  // std::strerror may share one buffer between threads (POSIX allows it);
  // the error category's message is a string of its own.
  return Error(Errc::ioError,
               what + " " + path.string() + ": " + std::generic_category().message(err),
               "check the folder's permissions, or choose another with --receipt-dir");
}

// FileDescriptor closes its descriptor; the receipt writer's only handle.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

private:
  int fd_;
};

void writeAll(int fd, const std::string &text, const std::filesystem::path &path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ioError("cannot write", path, errno);
    done += static_cast<std::size_t>(n);
  }
}

std::string optionalText(const json &j, const char *key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

std::filesystem::path defaultReceiptDir() {
  const char *state = std::getenv("XDG_STATE_HOME");
  if (state && state[0] == '/') return std::filesystem::path(state) / "esimctl" / "receipts";
  const char *home = std::getenv("HOME");
  if (home && home[0] == '/') {
    return std::filesystem::path(home) / ".local" / "state" / "esimctl" / "receipts";
  }
  throw Error(Errc::ioError,
              "cannot find a place for receipts: neither XDG_STATE_HOME nor HOME is set",
              "pass --receipt-dir");
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string receiptToJson(const RemovalReceipt &r) {
  json j = {{"time", r.time},         {"eid", r.eid},
            {"iccid", r.iccid},       {"smdpAddress", r.smdpAddress},
            {"reported", r.reported}, {"removedFromEuicc", r.removedFromEuicc}};
  if (r.serviceProviderName) j["serviceProviderName"] = *r.serviceProviderName;
  if (r.profileName) j["profileName"] = *r.profileName;
  j["seqNumber"] = r.seqNumber ? json(*r.seqNumber) : json(nullptr);
  json server = json::object();
  if (r.httpStatus) server["httpStatus"] = *r.httpStatus;
  if (!r.serverStatus.empty()) server["status"] = r.serverStatus;
  if (!r.subjectCode.empty()) server["subjectCode"] = r.subjectCode;
  if (!r.reasonCode.empty()) server["reasonCode"] = r.reasonCode;
  if (!r.serverMessage.empty()) server["message"] = r.serverMessage;
  j["serverAnswer"] = server;
  if (!r.error.empty()) j["error"] = r.error;
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::filesystem::path writeReceipt(const std::filesystem::path &dir,
                                   const RemovalReceipt &receipt) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ioError("cannot create", dir, ec.value());
  std::string stamp = receipt.time;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::string base = stamp + "-" + (receipt.iccid.empty() ? "profile" : receipt.iccid);
  std::filesystem::path path = dir / (base + ".json");
  for (int n = 2; std::filesystem::exists(path); ++n) {
    path = dir / (base + "-" + std::to_string(n) + ".json");
  }
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  FileDescriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw ioError("cannot create", tmp, errno);
  try {
    writeAll(fd.get(), receiptToJson(receipt), tmp);
    if (::fsync(fd.get()) != 0) throw ioError("cannot flush", tmp, errno);
    if (::close(fd.release()) != 0) throw ioError("cannot close", tmp, errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) throw ioError("cannot rename to", path, errno);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  FileDescriptor dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dirFd.get() >= 0) ::fsync(dirFd.get());
  return path;
}

std::vector<RemovalReceipt> readReceipts(const std::filesystem::path &dir,
                                         std::vector<std::string> *skipped) {
  std::vector<RemovalReceipt> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto &file : files) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("iccid") || !j.contains("time")) {
      if (skipped) skipped->push_back(file.filename().string());
      continue;
    }
    RemovalReceipt r;
    try {
      r.time = optionalText(j, "time");
      r.eid = optionalText(j, "eid");
      r.iccid = optionalText(j, "iccid");
      if (j.contains("serviceProviderName"))
        r.serviceProviderName = optionalText(j, "serviceProviderName");
      if (j.contains("profileName")) r.profileName = optionalText(j, "profileName");
      if (j.contains("seqNumber") && j["seqNumber"].is_number_integer())
        r.seqNumber = j["seqNumber"].get<std::int64_t>();
      r.smdpAddress = optionalText(j, "smdpAddress");
      r.reported = j.value("reported", false);
      r.removedFromEuicc = j.value("removedFromEuicc", false);
      if (j.contains("serverAnswer") && j["serverAnswer"].is_object()) {
        const json &s = j["serverAnswer"];
        if (s.contains("httpStatus") && s["httpStatus"].is_number_integer())
          r.httpStatus = s["httpStatus"].get<long>();
        r.serverStatus = optionalText(s, "status");
        r.subjectCode = optionalText(s, "subjectCode");
        r.reasonCode = optionalText(s, "reasonCode");
        r.serverMessage = optionalText(s, "message");
      }
      r.error = optionalText(j, "error");
    } catch (const json::exception &) {
      // A hand-edited file with a wrong type is not a receipt we can show.
      if (skipped) skipped->push_back(file.filename().string());
      continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace esim
