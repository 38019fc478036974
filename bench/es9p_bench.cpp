// es9p_bench: ES9+ delivery of a batch of signed notifications to the test
// SM-DP+ over real TLS on 127.0.0.1 (Google Benchmark), through the library
// (Es9pClient over CurlHttpClient), one reused connection versus a new TLS
// connection per notification.
//
//   build/bench/bench/es9p_bench --benchmark_repetitions=3
//
// Target (issue 5): 100 notifications processed at least 3x faster with
// connection reuse. `esimctl notification process --all` (bench/timings.sh)
// also pays the emulator's state save per RemoveNotificationFromList; this
// measures the delivery alone. Once per process it makes a test PKI, 100 real
// signed notifications on an in-process emulated card, and starts smdpp-emu
// (stopped by its PID at exit). Counters: notifications/s, and the TCP/TLS
// connections the SM-DP+ accepted per batch (from its /stats).
#include <benchmark/benchmark.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/http.hpp"
#include "esim/isdr_session.hpp"
#include "esim/notification.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/emulator_transport.hpp"

#ifndef SMDPP_EMU_PATH
#error "SMDPP_EMU_PATH must name the smdpp-emu program (set by bench/CMakeLists.txt)"
#endif

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNotifications = 100;
// The demo state's travel profile reports enable and disable to its SM-DP+.
constexpr const char *kTravelIccid = "8981100000000000002";
constexpr const char *kListeningPrefix = "listening on 127.0.0.1:";
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(5);
constexpr auto kStopPoll = std::chrono::milliseconds(10);
constexpr const char *kStatsPath = "/stats";

// TempDir is a fresh directory below the system temp dir, removed with its
// content at the end.
class TempDir {
public:
  // TempDir makes the directory; throws std::runtime_error if it cannot.
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "es9p-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("es9p_bench: mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const fs::path &path() const noexcept { return path_; }

private:
  fs::path path_;
};

// SmdppEmu runs smdpp-emu on 127.0.0.1 on a free port with the PKI in a
// directory and stops it (SIGTERM, then SIGKILL) by its PID when destroyed.
// The child also gets SIGTERM if this process dies without unwinding.
class SmdppEmu {
public:
  // SmdppEmu starts the server and waits for its "listening on" line; throws
  // std::runtime_error if it cannot be started or does not come up in time.
  explicit SmdppEmu(const fs::path &pki) {
    const std::vector<std::string> args = {SMDPP_EMU_PATH,
                                           "--listen",
                                           "127.0.0.1:0",
                                           "--cert",
                                           (pki / "smdp-tls.pem").string(),
                                           "--key",
                                           (pki / "smdp-tls.key").string(),
                                           "--ci",
                                           (pki / "ci.pem").string()};
    std::vector<char *> argv;
    for (const std::string &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("es9p_bench: pipe failed");
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      throw std::runtime_error("es9p_bench: fork failed");
    }
    if (pid_ == 0) {
      // Only async-signal-safe calls until exec.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(1);
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
    try {
      port_ = readPort();
    } catch (...) {
      stop();
      throw;
    }
  }
  ~SmdppEmu() { stop(); }
  SmdppEmu(const SmdppEmu &) = delete;
  SmdppEmu &operator=(const SmdppEmu &) = delete;

  int port() const noexcept { return port_; }

private:
  // readPort reads the first stdout line and returns the port it names.
  int readPort() {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{out_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
        throw std::runtime_error("es9p_bench: smdpp-emu did not say 'listening on' in time");
      char buf[256];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("es9p_bench: smdpp-emu exited at start: " + line);
      line.append(buf, static_cast<std::size_t>(n));
    }
    const std::size_t at = line.find(kListeningPrefix);
    if (at == std::string::npos)
      throw std::runtime_error("es9p_bench: unexpected smdpp-emu output: " + line);
    return std::stoi(line.substr(at + std::string(kListeningPrefix).size()));
  }

  void stop() noexcept {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
      int status = 0;
      while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
          ::kill(pid_, SIGKILL);
          ::waitpid(pid_, &status, 0);
          break;
        }
        ::usleep(static_cast<useconds_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(kStopPoll).count()));
      }
      pid_ = -1;
    }
    if (out_ >= 0) ::close(out_);
    out_ = -1;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

// makeNotifications disables and enables the travel profile on an emulated
// card signing with |pki| until it holds |count| pending notifications, and
// returns them as an LPA reads them (RetrieveNotificationsList).
std::vector<esim::PendingNotification> makeNotifications(const fs::path &stateDir,
                                                         std::size_t count) {
  euicc_emu::BenchOptions options;
  options.statePath = stateDir / "card.json";
  euicc_emu::EmulatorState state = euicc_emu::initBench(options);
  if (state.pki) state.pki->baseDirectory = stateDir;
  euicc_emu::Card card(std::move(state));
  euicc_emu::EmulatorTransport transport(card);
  esim::IsdrSession session(transport);
  esim::Euicc euicc(session);
  bool disable = true;
  for (std::size_t have = euicc.listNotification().size(); have < count; ++have) {
    const esim::Iccid travel{kTravelIccid};
    if (disable)
      euicc.disableProfile(travel, false);
    else
      euicc.enableProfile(travel, false);
    disable = !disable;
  }
  // One by one, as esimctl does: the whole list of 100 exceeds the largest
  // answer the session accepts (64 KiB).
  std::vector<esim::PendingNotification> all;
  for (const esim::NotificationMetadata &m : euicc.listNotification()) {
    std::vector<esim::PendingNotification> one = euicc.retrieveNotificationsList(m.seqNumber);
    all.insert(all.end(), one.begin(), one.end());
  }
  if (all.size() != count)
    throw std::runtime_error("es9p_bench: the card holds " + std::to_string(all.size()) +
                             " notifications, wanted " + std::to_string(count));
  return all;
}

// Bench is what every benchmark uses: the PKI, the notifications and the
// running SM-DP+.
struct Bench {
  TempDir dir;
  std::vector<esim::PendingNotification> notifications =
      makeNotifications(dir.path(), kNotifications);
  SmdppEmu smdpp{dir.path() / "pki"};

  // curlOptions trusts the bench's CI and pins the demo SM-DP+ host names
  // to the server.
  esim::CurlHttpClientOptions curlOptions(bool reuse) const {
    esim::CurlHttpClientOptions o;
    o.caFile = (dir.path() / "pki" / "ci.pem").string();
    for (const std::string &host : euicc_emu::kDemoSmdpHosts)
      o.resolve.push_back(host + ":" + std::to_string(smdpp.port()) + ":127.0.0.1");
    o.reuseConnections = reuse;
    return o;
  }

  // connections returns the connections the SM-DP+ has accepted, this
  // query's own included (a new client: one new connection).
  long connections() const {
    esim::CurlHttpClient http(curlOptions(false));
    const esim::HttpResponse r = http.post({"https://" + euicc_emu::kDemoSmdpHosts.front() + ":" +
                                                std::to_string(smdpp.port()) + kStatsPath,
                                            {},
                                            {}});
    const std::string key = "\"connections\":";
    const std::size_t at = r.body.find(key);
    if (r.status != 200 || at == std::string::npos)
      throw std::runtime_error("es9p_bench: unexpected /stats answer: " + r.body);
    return std::stol(r.body.substr(at + key.size()));
  }
};

Bench *gBench = nullptr;
// gFailed makes the exit status 1 when a benchmark was skipped with an
// error, so that run-all.sh (set -e) stops instead of printing no figure.
bool gFailed = false;

// fail skips the running benchmark with |message|.
void fail(benchmark::State &state, const std::string &message) {
  gFailed = true;
  state.SkipWithError(message.c_str());
}

// deliverAll delivers every notification through |http|; returns an error
// message, or an empty string when the SM-DP+ accepted all of them.
std::string deliverAll(esim::HttpClient &http, std::uint16_t port) {
  esim::Es9pClientOptions options;
  options.port = port;
  esim::Es9pClient es9p(http, options);
  for (const esim::PendingNotification &n : gBench->notifications) {
    try {
      const esim::Es9pResult r = es9p.handleNotification(n.metadata.notificationAddress, n.raw);
      benchmark::DoNotOptimize(r);
    } catch (const std::exception &e) {
      return "notification " + std::to_string(n.metadata.seqNumber) + ": " + e.what();
    }
  }
  return {};
}

// BM_DeliverNotifications: one iteration delivers the whole batch over one
// CurlHttpClient, made inside the timed loop as esimctl makes one per run
// (so the first TLS handshake is part of every batch).
void BM_DeliverNotifications(benchmark::State &state, bool reuse) {
  const auto port = static_cast<std::uint16_t>(gBench->smdpp.port());
  long connections = 0;
  try {
    const long before = gBench->connections();
    for (auto _ : state) {
      esim::CurlHttpClient http(gBench->curlOptions(reuse));
      if (const std::string error = deliverAll(http, port); !error.empty()) {
        fail(state, error);
        return;
      }
    }
    // The second /stats query's own connection is not the batches'.
    connections = gBench->connections() - before - 1;
  } catch (const std::exception &e) {
    fail(state, e.what());
    return;
  }
  const auto batches = static_cast<double>(state.iterations());
  state.counters["notifications/s"] = benchmark::Counter(
      batches * static_cast<double>(gBench->notifications.size()), benchmark::Counter::kIsRate);
  state.counters["connections/batch"] = static_cast<double>(connections) / batches;
}
BENCHMARK_CAPTURE(BM_DeliverNotifications, reuse, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_DeliverNotifications, new_connection_each, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    Bench bench; // the SM-DP+ stops when it goes out of scope
    gBench = &bench;
    std::fprintf(stderr, "es9p_bench: %zu signed notifications, smdpp-emu on 127.0.0.1:%d\n",
                 bench.notifications.size(), bench.smdpp.port());
    benchmark::RunSpecifiedBenchmarks();
    gBench = nullptr;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "es9p_bench: %s\n", e.what());
    return 1;
  }
  benchmark::Shutdown();
  return gFailed ? 1 : 0;
}
