// StopSignals: SIGINT and SIGTERM during an operation that must not be cut
// in the middle of a step (a removal): the first signal asks the operation
// to stop after the step under way, with its record saved; a second one of
// the same kind ends the process at once, as the user insists.
#pragma once

#include <csignal>

namespace esimctl {

// StopSignals installs the handlers for its lifetime and restores the
// previous ones when it goes. Only one may exist at a time (signal
// dispositions are per process).
class StopSignals {
public:
  // StopSignals installs the handlers. Cannot fail (a failed sigaction
  // leaves the default disposition, which only loses the graceful stop).
  StopSignals() noexcept;
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;

  // requested reports whether a stop signal arrived. Cannot fail.
  static bool requested() noexcept;
  // signalName returns "SIGINT" or "SIGTERM" for the signal that arrived
  // first, or "" when none did. Cannot fail.
  static const char *signalName() noexcept;

private:
  struct sigaction oldInt_ {};
  struct sigaction oldTerm_ {};
};

} // namespace esimctl
