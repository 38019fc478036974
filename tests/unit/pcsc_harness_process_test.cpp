// The child-process helpers the pcscd harness and the integration tests rely
// on: output capture, timeouts, and stopping by PID.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>

#include "support/process.hpp"

namespace {

using namespace std::chrono_literals;
using esim::test::ChildProcess;
using esim::test::runCommand;

TEST(RunCommand, CapturesOutputAndExitCode) {
  const auto r = runCommand({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, {}, 5s);
  EXPECT_EQ(r.exitCode, 3);
  EXPECT_FALSE(r.timedOut);
  EXPECT_EQ(r.stdoutText, "out\n");
  EXPECT_EQ(r.stderrText, "err\n");
}

TEST(RunCommand, FeedsInputAndAddsEnvironment) {
  const auto r = runCommand({"/bin/sh", "-c", "read line; echo \"$line/$ESIM_PROCESS_TEST\""},
                            {"ESIM_PROCESS_TEST=set"}, 5s, "typed\n");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.stdoutText, "typed/set\n");
}

TEST(RunCommand, InputNobodyReadsDoesNotKillTheTest) {
  const auto r = runCommand({"/bin/sh", "-c", "exit 0"}, {}, 5s, std::string(1 << 20, 'x'));
  EXPECT_EQ(r.exitCode, 0);
}

TEST(RunCommand, KillsACommandThatOutlivesTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = runCommand({"/bin/sh", "-c", "exec sleep 10"}, {}, 100ms);
  EXPECT_TRUE(r.timedOut);
  EXPECT_EQ(r.exitCode, 128 + SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(RunCommand, MissingProgramThrows) {
  EXPECT_THROW(runCommand({"/nonexistent/esimctl-no-such-program"}, {}, 1s), std::runtime_error);
}

TEST(ChildProcess, StopsWithSigterm) {
  ChildProcess child({"sleep", "30"}, {}, "", "");
  ASSERT_GT(child.pid(), 0);
  EXPECT_TRUE(child.running());
  EXPECT_EQ(child.stop(), 128 + SIGTERM);
  EXPECT_FALSE(child.running());
  EXPECT_EQ(child.pid(), -1);
  EXPECT_EQ(child.stop(), 128 + SIGTERM); // idempotent
}

TEST(ChildProcess, FallsBackToSigkillWhenSigtermIsIgnored) {
  ChildProcess child({"/bin/sh", "-c", "trap '' TERM; echo ready; while :; do :; done"}, {}, "",
                     "");
  // Give the shell time to install its trap, or SIGTERM would still work.
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(child.stop(100ms), 128 + SIGKILL);
}

TEST(ChildProcess, RedirectsOutputAndReportsExitStatus) {
  char path[] = "/tmp/esim-process-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    ChildProcess child({"/bin/sh", "-c", "echo to-out; echo to-err >&2; exit 7"}, {}, path, path);
    EXPECT_EQ(child.wait(5s), 7);
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "to-out\nto-err\n");
  std::remove(path);
}

TEST(ChildProcess, WaitTimesOutWhileRunning) {
  ChildProcess child({"sleep", "30"}, {}, "", "");
  EXPECT_FALSE(child.wait(20ms).has_value());
  // ~ChildProcess stops it.
}

} // namespace
