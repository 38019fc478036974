// Running a program on a pseudo-terminal, so that tests can answer prompts
// that are only shown to a person at a terminal.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace esim::test {

// PtyResult is what the program wrote to the terminal and how it ended.
struct PtyResult {
  int exitCode = -1;
  bool timedOut = false;
  std::string output; // stdout and stderr, as the terminal showed them
};

// runOnPty runs |argv| with a new pseudo-terminal as its stdin, stdout and
// stderr. When the output first contains |waitFor|, |answer| is typed. The
// program is killed after |timeout|. Throws std::runtime_error if forkpty
// fails.
PtyResult runOnPty(const std::vector<std::string> &argv, const std::string &waitFor,
                   const std::string &answer, std::chrono::milliseconds timeout);

} // namespace esim::test
