// Child processes for tests: daemons the test keeps running (pcscd, the
// emulator, a test SM-DP+) and commands run to completion (esimctl).
//
//   ChildProcess pcscd({"/usr/sbin/pcscd", "-f", "-c", dir}, {}, dir + "/out", dir + "/err");
//   ...
//   pcscd.stop();  // SIGTERM, wait, SIGKILL if needed; also done by ~ChildProcess
//
//   CommandResult r = runCommand({ESIMCTL_PATH, "profile", "list"}, {}, std::chrono::seconds(10));
//   EXPECT_EQ(r.exitCode, 0) << r.stderrText;
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace esim::test {

// ChildProcess runs a program in the background. argv[0] is looked up in PATH
// if it has no slash. |env| entries ("NAME=value") are added to, or replace,
// the test's own environment. Standard input is /dev/null; standard output
// and error go to the given files (truncated; an empty path means /dev/null;
// the same path for both interleaves them in one file).
class ChildProcess {
public:
  // ChildProcess starts the program. Throws std::runtime_error naming the
  // program if it cannot be started (posix_spawn failed, e.g. not found).
  ChildProcess(const std::vector<std::string> &argv, const std::vector<std::string> &env,
               const std::string &stdoutPath, const std::string &stderrPath);
  // ~ChildProcess stops the process if it still runs; never throws.
  ~ChildProcess();
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  // pid returns the process id, or -1 once the process was reaped.
  pid_t pid() const noexcept { return pid_; }
  // running reports whether the process has not exited yet (reaping it if it
  // has).
  bool running();
  // wait waits up to |timeout| for the process to exit and returns its exit
  // status (128 + signal number if a signal killed it), or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // stop sends SIGTERM, waits up to |grace|, then sends SIGKILL and waits.
  // Returns the exit status; calling it again returns the same status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(3)) noexcept;
  // exitStatus returns the exit status once the process has been reaped.
  std::optional<int> exitStatus() const noexcept { return status_; }
  // program returns argv[0], for messages.
  const std::string &program() const noexcept { return program_; }

private:
  bool reap(bool block);

  std::string program_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// CommandResult is what runCommand observed.
struct CommandResult {
  int exitCode = -1;     // exit status, or 128 + signal number
  bool timedOut = false; // the command was killed when the timeout ran out
  std::string stdoutText;
  std::string stderrText;
};

// runCommand runs |argv| to completion with |env| added to the environment,
// feeding |input| to its standard input, and captures its output. A command
// still running after |timeout| is killed (SIGTERM, then SIGKILL) and
// timedOut is set. Throws std::runtime_error if the command cannot be started.
CommandResult runCommand(const std::vector<std::string> &argv, const std::vector<std::string> &env,
                         std::chrono::milliseconds timeout, const std::string &input = {});

} // namespace esim::test
