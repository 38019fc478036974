// A complete test bench for integration tests: a private pcscd with a vpcd
// reader, the euicc-emu program connected to it as the card, and a helper to
// run esimctl against it as a user does.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/pcscd_harness.hpp"
#include "support/process.hpp"

namespace esim::test {

// TempDir is a directory removed with everything in it on destruction
// (kept when ESIM_KEEP_TEST_DIRS=1).
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::filesystem::path &path() const noexcept { return path_; }
  // file returns path() / name as a string.
  std::string file(const std::string &name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

// writeDemoState writes the emulator's demo state to |path| with
// `euicc-emu --init`. Throws std::runtime_error if that fails.
void writeDemoState(const std::string &path);

// writeDemoState with |pkiDirs| writes it on those existing PKIs
// (`euicc-emu --init --pki DIR...`). Throws std::runtime_error if that fails.
void writeDemoState(const std::string &path, const std::vector<std::string> &pkiDirs);

// EmulatorProcess runs `euicc-emu --state STATE --vpcd 127.0.0.1:PORT` and
// stops it by PID on destruction.
class EmulatorProcess {
public:
  EmulatorProcess(const std::string &statePath, std::uint16_t vpcdPort, const std::string &logDir,
                  std::vector<std::string> extraArgs = {});
  ChildProcess &process() noexcept { return *process_; }
  std::string log() const;

private:
  std::string logPath_;
  std::unique_ptr<ChildProcess> process_;
};

// EsimctlResult is one esimctl run, with its --json output parsed when it is
// JSON.
struct EsimctlResult {
  CommandResult command;
  nlohmann::json json; // null if stdout was not JSON
  // describe returns exit code, stdout and stderr for assertion messages.
  std::string describe() const;
};

// runEsimctl runs the esimctl binary with |args| (and |input| on stdin) with a
// 30 s limit.
EsimctlResult runEsimctl(const std::vector<std::string> &args, const std::string &input = {},
                         const std::vector<std::string> &env = {});

// readText returns the content of a file ("" if it cannot be read).
std::string readText(const std::filesystem::path &path);

} // namespace esim::test
