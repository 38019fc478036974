#include "stop_signals.hpp"

#include <atomic>

namespace esimctl {

namespace {

// The only state a signal handler may touch: lock-free atomics.
std::atomic<int> gStopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void onStopSignal(int sig) {
  int none = 0;
  if (!gStopSignal.compare_exchange_strong(none, sig)) {
    // Asked twice: give up the graceful stop and die of the signal.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

} // namespace

StopSignals::StopSignals() noexcept {
  gStopSignal.store(0);
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: the card exchange or HTTP request under way goes on; the
  // operation looks at requested() between its steps.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &oldInt_);
  sigaction(SIGTERM, &action, &oldTerm_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &oldInt_, nullptr);
  sigaction(SIGTERM, &oldTerm_, nullptr);
}

bool StopSignals::requested() noexcept {
  return gStopSignal.load() != 0;
}

const char *StopSignals::signalName() noexcept {
  switch (gStopSignal.load()) {
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  default: return "";
  }
}

} // namespace esimctl
