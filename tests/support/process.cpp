#include "support/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace esim::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

// Environment is the merged environment for a child: the test's own, with
// entries of the same name replaced by |extra|.
class Environment {
public:
  explicit Environment(const std::vector<std::string> &extra) {
    for (char **e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      if (!overridden(entry, extra)) {
        entries_.push_back(entry);
      }
    }
    entries_.insert(entries_.end(), extra.begin(), extra.end());
    for (std::string &entry : entries_) {
      pointers_.push_back(entry.data());
    }
    pointers_.push_back(nullptr);
  }
  char **get() { return pointers_.data(); }

private:
  static bool overridden(const std::string &entry, const std::vector<std::string> &extra) {
    const std::string name = entry.substr(0, entry.find('='));
    for (const std::string &e : extra) {
      if (e.substr(0, e.find('=')) == name) {
        return true;
      }
    }
    return false;
  }
  std::vector<std::string> entries_;
  std::vector<char *> pointers_;
};

class Argv {
public:
  explicit Argv(std::vector<std::string> args) : args_(std::move(args)) {
    if (args_.empty()) {
      throw std::invalid_argument("ChildProcess: empty argv");
    }
    for (std::string &arg : args_) {
      pointers_.push_back(arg.data());
    }
    pointers_.push_back(nullptr);
  }
  char **get() { return pointers_.data(); }

private:
  std::vector<std::string> args_;
  std::vector<char *> pointers_;
};

// SpawnSetup owns posix_spawn's attribute and file-action objects.
class SpawnSetup {
public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    // The child starts with no blocked signals and default handling of the
    // ones tests use to stop it, whatever the test runner set up.
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup &) = delete;
  SpawnSetup &operator=(const SpawnSetup &) = delete;

  pid_t spawn(const std::vector<std::string> &argv, const std::vector<std::string> &env) {
    Argv args(argv);
    Environment environment(env);
    pid_t pid = -1;
    const int rc =
        posix_spawnp(&pid, argv[0].c_str(), &actions, &attributes, args.get(), environment.get());
    if (rc != 0) {
      throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    return pid;
  }

  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attributes{};
};

int decodeStatus(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

// Fd closes a file descriptor on destruction.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = -1;
  }

private:
  int fd_ = -1;
};

struct Pipe {
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    read = std::make_unique<Fd>(fds[0]);
    write = std::make_unique<Fd>(fds[1]);
  }
  std::unique_ptr<Fd> read;
  std::unique_ptr<Fd> write;
};

// NoSigpipe blocks SIGPIPE in this thread while feeding a child that may have
// exited, and discards a SIGPIPE raised meanwhile, so that the write fails
// with EPIPE instead of killing the test.
class NoSigpipe {
public:
  NoSigpipe() {
    sigset_t pipeSet;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSet, &old_);
  }
  ~NoSigpipe() {
    sigset_t pipeSet;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&pipeSet, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  NoSigpipe(const NoSigpipe &) = delete;
  NoSigpipe &operator=(const NoSigpipe &) = delete;

private:
  sigset_t old_{};
};

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string> &argv,
                           const std::vector<std::string> &env, const std::string &stdoutPath,
                           const std::string &stderrPath)
    : program_(argv.empty() ? std::string() : argv[0]) {
  SpawnSetup setup;
  constexpr int kOutFlags = O_WRONLY | O_CREAT | O_TRUNC;
  posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions, STDOUT_FILENO,
                                   stdoutPath.empty() ? "/dev/null" : stdoutPath.c_str(), kOutFlags,
                                   0644);
  if (!stderrPath.empty() && stderrPath == stdoutPath) {
    posix_spawn_file_actions_adddup2(&setup.actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&setup.actions, STDERR_FILENO,
                                     stderrPath.empty() ? "/dev/null" : stderrPath.c_str(),
                                     kOutFlags, 0644);
  }
  pid_ = setup.spawn(argv, env);
}

ChildProcess::~ChildProcess() {
  stop();
}

bool ChildProcess::reap(bool block) {
  if (pid_ < 0) {
    return true;
  }
  int status = 0;
  pid_t rc;
  do {
    rc = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (rc < 0 && errno == EINTR);
  if (rc == pid_) {
    status_ = decodeStatus(status);
    pid_ = -1;
    return true;
  }
  if (rc < 0) {
    // ECHILD: someone else reaped it; there is nothing left to wait for.
    pid_ = -1;
    return true;
  }
  return false;
}

bool ChildProcess::running() {
  return !reap(false);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!reap(false)) {
    if (Clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return status_;
}

int ChildProcess::stop(std::chrono::milliseconds grace) noexcept {
  if (pid_ >= 0 && !reap(false)) {
    ::kill(pid_, SIGTERM);
    try {
      if (!wait(grace)) {
        ::kill(pid_, SIGKILL);
        reap(true);
      }
    } catch (...) {
      // wait() only throws if the clock does; make sure nothing is left.
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  return status_.value_or(-1);
}

CommandResult runCommand(const std::vector<std::string> &argv, const std::vector<std::string> &env,
                         std::chrono::milliseconds timeout, const std::string &input) {
  Pipe in;
  Pipe out;
  Pipe err;
  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, in.read->get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, out.write->get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, err.write->get(), STDERR_FILENO);
  const pid_t pid = setup.spawn(argv, env);
  in.read->reset();
  out.write->reset();
  err.write->reset();
  fcntl(in.write->get(), F_SETFL, O_NONBLOCK);

  CommandResult result;
  std::size_t written = 0;
  if (input.empty()) {
    in.write->reset();
  }
  const auto deadline = Clock::now() + timeout;
  NoSigpipe noSigpipe;
  while (out.read->get() >= 0 || err.read->get() >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timedOut = true;
      break;
    }
    pollfd fds[3] = {
        {out.read->get(), POLLIN, 0}, {err.read->get(), POLLIN, 0}, {in.write->get(), POLLOUT, 0}};
    if (::poll(fds, 3, static_cast<int>(left)) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? result.stdoutText : result.stderrText)
            .append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        (i == 0 ? out : err).read->reset();
      }
    }
    if (fds[2].fd >= 0 && fds[2].revents != 0) {
      const ssize_t n = ::write(fds[2].fd, input.data() + written, input.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      if (written == input.size() || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        in.write->reset();
      }
    }
  }
  in.write->reset();

  // Reap the child. One that outlived the deadline (or keeps running after
  // closing its output) gets SIGTERM, then SIGKILL.
  const auto reapBy = [pid, &result](Clock::time_point until) {
    for (;;) {
      int status = 0;
      const pid_t rc = ::waitpid(pid, &status, WNOHANG);
      if (rc == pid) {
        result.exitCode = decodeStatus(status);
        return true;
      }
      if ((rc < 0 && errno != EINTR) || Clock::now() >= until) {
        return rc < 0 && errno != EINTR;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  };
  if (!result.timedOut && reapBy(deadline)) {
    return result;
  }
  result.timedOut = true;
  ::kill(pid, SIGTERM);
  if (!reapBy(Clock::now() + std::chrono::seconds(2))) {
    ::kill(pid, SIGKILL);
    int status = 0;
    if (::waitpid(pid, &status, 0) == pid) {
      result.exitCode = decodeStatus(status);
    }
  }
  return result;
}

} // namespace esim::test
