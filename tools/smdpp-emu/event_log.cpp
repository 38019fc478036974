#include "event_log.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace smdpp {

namespace {
constexpr mode_t kLogMode = 0644;
}

EventLog::EventLog(const std::string &path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, kLogMode);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open the log " + path + ": " + std::strerror(errno));
  }
}

EventLog::~EventLog() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void EventLog::append(const std::string &line) {
  const std::string record = line + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  // O_APPEND and one write per record: concurrent readers never see a torn
  // line. A short write (disk full) is finished, but reported if it fails.
  std::size_t done = 0;
  while (done < record.size()) {
    const ssize_t n = ::write(fd_, record.data() + done, record.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw std::runtime_error("cannot write the log " + path_ + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) {
    throw std::runtime_error("cannot fsync the log " + path_ + ": " + std::strerror(errno));
  }
}

} // namespace smdpp
