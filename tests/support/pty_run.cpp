#include "support/pty_run.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace esim::test {

PtyResult runOnPty(const std::vector<std::string> &argv, const std::string &waitFor,
                   const std::string &answer, std::chrono::milliseconds timeout) {
  std::vector<char *> args;
  for (const auto &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    execv(args[0], args.data());
    _exit(127);
  }
  PtyResult result;
  bool answered = false;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timedOut = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd pfd{master, POLLIN, 0};
    int rc = poll(&pfd, 1, static_cast<int>(std::min<long>(left.count(), 100)));
    if (rc < 0 && errno != EINTR) break;
    if (rc > 0) {
      char buf[4096];
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) break; // EIO: the child closed the terminal
      result.output.append(buf, static_cast<std::size_t>(n));
      if (!answered && !waitFor.empty() && result.output.find(waitFor) != std::string::npos) {
        answered = true;
        (void)!write(master, answer.data(), answer.size());
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

} // namespace esim::test
