#include "support/esim_env.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace esim::test {

namespace {
std::string binaryPath(const char *envName, const char *fallback) {
  const char *v = std::getenv(envName);
  return v && *v ? v : fallback;
}

#ifndef ESIMCTL_PATH
#define ESIMCTL_PATH "esimctl"
#endif
#ifndef EUICC_EMU_PATH
#define EUICC_EMU_PATH "euicc-emu"
#endif
} // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "esimctl-test.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  const char *keep = std::getenv("ESIM_KEEP_TEST_DIRS");
  if (keep && std::string(keep) == "1") return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string readText(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeDemoState(const std::string &path) {
  writeDemoState(path, {});
}

void writeDemoState(const std::string &path, const std::vector<std::string> &pkiDirs) {
  std::vector<std::string> argv = {binaryPath("EUICC_EMU", EUICC_EMU_PATH), "--state", path,
                                   "--init"};
  for (const std::string &dir : pkiDirs)
    argv.insert(argv.end(), {"--pki", dir});
  CommandResult r = runCommand(argv, {}, std::chrono::seconds(10));
  if (r.exitCode != 0) {
    throw std::runtime_error("euicc-emu --init failed (" + std::to_string(r.exitCode) +
                             "): " + r.stderrText);
  }
}

EmulatorProcess::EmulatorProcess(const std::string &statePath, std::uint16_t vpcdPort,
                                 const std::string &logDir, std::vector<std::string> extraArgs)
    : logPath_(logDir + "/euicc-emu.log") {
  std::vector<std::string> argv = {binaryPath("EUICC_EMU", EUICC_EMU_PATH), "--state", statePath,
                                   "--vpcd", "127.0.0.1:" + std::to_string(vpcdPort)};
  argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
  process_ = std::make_unique<ChildProcess>(argv, std::vector<std::string>{}, "", logPath_);
}

std::string EmulatorProcess::log() const {
  return readText(logPath_);
}

std::string EsimctlResult::describe() const {
  return "exit " + std::to_string(command.exitCode) + (command.timedOut ? " (timed out)" : "") +
         "\n--- stdout ---\n" + command.stdoutText + "\n--- stderr ---\n" + command.stderrText;
}

EsimctlResult runEsimctl(const std::vector<std::string> &args, const std::string &input,
                         const std::vector<std::string> &env) {
  std::vector<std::string> argv = {binaryPath("ESIMCTL", ESIMCTL_PATH)};
  argv.insert(argv.end(), args.begin(), args.end());
  EsimctlResult result;
  result.command = runCommand(argv, env, std::chrono::seconds(30), input);
  result.json = nlohmann::json::parse(result.command.stdoutText, nullptr, false);
  if (result.json.is_discarded()) result.json = nullptr;
  return result;
}

} // namespace esim::test
