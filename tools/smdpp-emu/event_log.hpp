// EventLog: the JSON-lines log of accepted notifications. Each line is
// written with one write() and fsync'ed, so a reader (a test, a benchmark)
// sees whole lines only and nothing is lost when the emulator is killed.
#pragma once

#include <mutex>
#include <string>

namespace smdpp {

class EventLog {
public:
  // EventLog opens |path| for appending (created 0644 if missing). Throws
  // std::runtime_error naming the file if it cannot be opened.
  explicit EventLog(const std::string &path);
  // ~EventLog closes the file; never throws.
  ~EventLog();
  EventLog(const EventLog &) = delete;
  EventLog &operator=(const EventLog &) = delete;

  // append writes |line| and a newline, then fsyncs. Thread-safe. Throws
  // std::runtime_error if the write or fsync fails.
  void append(const std::string &line);

private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
};

} // namespace smdpp
