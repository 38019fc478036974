// SmdppProcess runs the test SM-DP+ (smdpp-emu) over TLS on 127.0.0.1 for
// integration tests, and reads its log of accepted notifications.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace esim::test {

class SmdppProcess {
public:
  // SmdppProcess starts smdpp-emu with the TLS certificate and CI of the PKI
  // in |pkiDir| (make-test-pki.sh layout), listening on 127.0.0.1:|port| (0:
  // any free port), with extra |args| (fault options). Throws
  // std::runtime_error if it does not come up.
  SmdppProcess(const std::string &pkiDir, const std::string &workDir, int port,
               std::vector<std::string> args = {});
  ~SmdppProcess();
  SmdppProcess(const SmdppProcess &) = delete;
  SmdppProcess &operator=(const SmdppProcess &) = delete;

  int port() const noexcept { return port_; }
  // logPath is the JSON-lines log of the notifications it accepted.
  const std::string &logPath() const noexcept { return log_; }
  // accepted returns the JSON lines of the notifications it accepted.
  std::vector<nlohmann::json> accepted() const;
  std::string stderrText() const;
  ChildProcess &process() noexcept { return *process_; }

private:
  std::string log_;
  std::string out_;
  std::string err_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

} // namespace esim::test
