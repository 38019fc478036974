// The AT modem transport example (docs/examples/at-modem-transport) against
// euicc-emu --at-pty: the program a device maker copies must list what the
// state file holds, and fail with a clear message when the modem does.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state.hpp"
#include "support/esim_env.hpp"
#include "support/process.hpp"

namespace esim::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

#ifdef AT_MODEM_EXAMPLE_PATH
constexpr const char *kExample = AT_MODEM_EXAMPLE_PATH;
#else
constexpr const char *kExample = nullptr;
#endif
constexpr auto kStartTimeout = 10s;
constexpr auto kRunTimeout = 30s;
constexpr int kExitFailure = 1;

// Modem is euicc-emu serving a state file as a modem on |dir|/modem.
class Modem {
public:
  Modem(const TempDir &dir, const std::string &statePath, std::vector<std::string> extra = {})
      : link_(dir.file("modem")), logPath_(dir.file("euicc-emu.log")) {
    std::vector<std::string> argv = {EUICC_EMU_PATH, "--state", statePath,
                                     "--at-pty",     link_,     "--trace"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<ChildProcess>(argv, std::vector<std::string>{}, logPath_, logPath_);
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!std::filesystem::is_symlink(link_)) {
      if (!process_->running() || std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("euicc-emu --at-pty did not make " + link_ + ":\n" + log());
      std::this_thread::sleep_for(10ms);
    }
  }
  const std::string &link() const noexcept { return link_; }
  std::string log() const { return readText(logPath_); }
  // stop stops the emulator by its PID and returns its exit status.
  int stop() { return process_->stop(); }

private:
  std::string link_;
  std::string logPath_;
  std::unique_ptr<ChildProcess> process_;
};

class AtModemTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (kExample == nullptr) GTEST_SKIP() << "the at-modem-transport example is not built";
    // The demo state without a PKI: listing signs nothing, and making a
    // PKI would cost a second per test.
    statePath = dir.file("card.json");
    euicc_emu::saveState(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo"), statePath);
  }
  CommandResult list(const std::string &device) {
    return runCommand({kExample, device}, {}, kRunTimeout);
  }

  TempDir dir;
  std::string statePath;
};

TEST_F(AtModemTest, ListsTheEidAndProfilesOfTheStateFile) {
  Modem modem(dir, statePath);
  CommandResult r = list(modem.link());
  ASSERT_EQ(r.exitCode, 0) << r.stderrText << "\n" << modem.log();

  const json state = json::parse(readText(statePath));
  const std::string eid = state.at("eid").get<std::string>();
  EXPECT_NE(r.stdoutText.find("EID " + eid + "\n"), std::string::npos) << r.stdoutText;
  ASSERT_FALSE(state.at("profiles").empty());
  for (const json &p : state.at("profiles")) {
    const std::string line =
        p.at("iccid").get<std::string>() + " " + p.at("profileState").get<std::string>() + " ";
    EXPECT_NE(r.stdoutText.find(line), std::string::npos) << line << " in\n" << r.stdoutText;
  }
  // It went through logical channels (a session id that is not the channel
  // number), and closed its channel at the end.
  const std::string log = modem.log();
  EXPECT_NE(log.find("> AT+CCHO=\""), std::string::npos) << log;
  EXPECT_NE(log.find("> AT+CGLA=42,"), std::string::npos) << log;
  EXPECT_NE(log.find("> AT+CCHC=42"), std::string::npos) << log;
  EXPECT_EQ(modem.stop(), 0) << modem.log();
}

TEST_F(AtModemTest, AStatusWordFaultIsAClearError) {
  // APDU 1 is MANAGE CHANNEL (AT+CCHO), 2 the SELECT, 3 the first STORE DATA.
  Modem modem(dir, statePath, {"--fault", "sw=6F00@3"});
  CommandResult r = list(modem.link());
  EXPECT_EQ(r.exitCode, kExitFailure) << r.stdoutText;
  EXPECT_NE(r.stderrText.find("error: "), std::string::npos) << r.stderrText;
  EXPECT_NE(r.stderrText.find("6F00"), std::string::npos) << r.stderrText;
  EXPECT_EQ(r.stdoutText, "");
}

TEST_F(AtModemTest, AGoneModemIsAClearError) {
  Modem modem(dir, statePath);
  const std::string link = modem.link();
  ASSERT_EQ(modem.stop(), 0) << modem.log();
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(link)))
      << "euicc-emu left its link behind";
  CommandResult r = list(link);
  EXPECT_EQ(r.exitCode, kExitFailure);
  EXPECT_NE(r.stderrText.find("cannot open modem port " + link), std::string::npos) << r.stderrText;
  EXPECT_NE(r.stderrText.find("hint: "), std::string::npos) << r.stderrText;
}

TEST_F(AtModemTest, NotATerminalIsAClearError) {
  CommandResult r = list(statePath);
  EXPECT_EQ(r.exitCode, kExitFailure);
  EXPECT_NE(r.stderrText.find("is not a serial port"), std::string::npos) << r.stderrText;
}

} // namespace
} // namespace esim::test
