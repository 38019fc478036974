// smdpp-emu: a test SM-DP+ for esimctl. Serves the ES9+ profile download
// (initiateAuthentication, authenticateClient, getBoundProfilePackage,
// cancelSession) from a catalog, and handleNotification over HTTPS,
// verifies each notification against a CI, logs accepted ones as JSON
// lines, and misbehaves on request for tests. With --smds-address it also
// plays an SM-DS (ES11 event discovery) in the same process.
//
//   smdpp-emu --listen 127.0.0.1:0 --cert smdp-tls.pem --key smdp-tls.key
//             --ci ci.pem --log notifications.jsonl --pki pki/ [--catalog FILE]
//             [--smds-address smds.travel.example [--smds-paths both|es11|es9plus]]
//
// The first line on stdout is "listening on HOST:PORT" once the port is
// bound (flushed). SIGTERM or SIGINT stop it with exit status 0; a start-up
// failure exits 1 with a message on stderr.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>
#include <pthread.h>

#include "discovery_service.hpp"
#include "event_log.hpp"
#include "server.hpp"
#include "verifier.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr auto kStopRetry = std::chrono::milliseconds(10);

struct Options {
  std::string listen = "127.0.0.1:0";
  std::string certPath;
  std::string keyPath;
  std::string ciPath;
  std::string logPath;
  std::string pkiDir;
  std::string dpauthCert, dpauthKey, dppbCert, dppbKey;
  std::string dsauthCert, dsauthKey;
  std::string smdsAddress;
  smdpp::SmdsPaths smdsPaths = smdpp::SmdsPaths::both;
  std::string catalogPath;
  std::string address = "smdp.travel.example";
  smdpp::FaultOptions faults;
};

// splitListen parses "HOST:PORT".
bool splitListen(const std::string &listen, std::string &host, int &port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return false;
  }
  host = listen.substr(0, colon);
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception &) {
    return false;
  }
}

// SignalWatcher waits for SIGTERM/SIGINT on its own thread (the signals are
// blocked everywhere else) and stops the server. Stopping is retried until
// the server has left run(): a signal may arrive before run() started.
class SignalWatcher {
public:
  SignalWatcher(smdpp::SmdppServer &server, const sigset_t &signals)
      : thread_([this, &server, signals] { watch(server, signals); }) {}
  ~SignalWatcher() {
    runReturned_ = true;
    if (!signalled_) {
      pthread_kill(thread_.native_handle(), SIGUSR1); // wake sigwait
    }
    thread_.join();
  }
  SignalWatcher(const SignalWatcher &) = delete;
  SignalWatcher &operator=(const SignalWatcher &) = delete;
  bool signalled() const noexcept { return signalled_; }

private:
  void watch(smdpp::SmdppServer &server, sigset_t signals) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal == SIGUSR1) {
      return;
    }
    signalled_ = true;
    while (!runReturned_) {
      server.stop();
      std::this_thread::sleep_for(kStopRetry);
    }
  }

  std::atomic<bool> signalled_{false};
  std::atomic<bool> runReturned_{false};
  std::thread thread_;
};

} // namespace

int main(int argc, char **argv) {
  Options opt;
  CLI::App app{"smdpp-emu: a test SM-DP+ serving ES9+ download and handleNotification over HTTPS"};
  app.add_option("--listen", opt.listen, "HOST:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  app.add_option("--cert", opt.certPath, "TLS server certificate (PEM)")->required();
  app.add_option("--key", opt.keyPath, "TLS private key (PEM)")->required();
  app.add_option("--ci", opt.ciPath, "CI certificate that eUICC chains must lead to")->required();
  app.add_option("--pki", opt.pkiDir,
                 "a make-test-pki.sh folder: DPauth/DPpb from dpauth.pem/.key, dppb.pem/.key");
  app.add_option("--dpauth-cert", opt.dpauthCert, "CERT.DPauth.ECDSA (PEM or DER)");
  app.add_option("--dpauth-key", opt.dpauthKey, "its private key (PEM)");
  app.add_option("--dppb-cert", opt.dppbCert, "CERT.DPpb.ECDSA (PEM or DER)");
  app.add_option("--dppb-key", opt.dppbKey, "its private key (PEM)");
  app.add_option("--catalog", opt.catalogPath,
                 "JSON catalog of download orders (default: the built-in demo entry)");
  app.add_option("--address", opt.address, "this SM-DP+'s address (FQDN) for ES9+ download")
      ->capture_default_str();
  app.add_option("--smds-address", opt.smdsAddress,
                 "also play an SM-DS (ES11 event discovery) at this address (FQDN)");
  app.add_option("--dsauth-cert", opt.dsauthCert,
                 "CERT.DSauth.ECDSA (PEM or DER) for --smds-address (default: DIR/dsauth.pem "
                 "of --pki)");
  app.add_option("--dsauth-key", opt.dsauthKey, "its private key (PEM)");
  app.add_option("--smds-paths", opt.smdsPaths,
                 "where the SM-DS answers ES11: both (default), es11 (/gsma/rsp2/es11/ only: "
                 "the ES9+ paths answer it 404) or es9plus (no /gsma/rsp2/es11/ paths)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, smdpp::SmdsPaths>{{"both", smdpp::SmdsPaths::both},
                                                  {"es11", smdpp::SmdsPaths::es11},
                                                  {"es9plus", smdpp::SmdsPaths::es9plus}}));
  app.add_option("--log", opt.logPath, "append accepted notifications to FILE as JSON lines");
  app.add_option("--fail-status", opt.faults.failStatus, "answer with this HTTP status")
      ->check(CLI::Range(100, 599));
  app.add_flag("--fail-function", opt.faults.failFunction,
               "answer 200 with functionExecutionStatus Failed");
  app.add_option("--delay-ms", opt.faults.delayMs, "wait this long before answering")
      ->check(CLI::Range(0, 600000));
  app.add_flag("--drop", opt.faults.drop, "close the connection without answering");
  app.add_option("--fail-first", opt.faults.failFirst,
                 "apply the faults to the first N requests only (alone: answer 503)")
      ->check(CLI::Range(0L, 1000000000L));
  app.add_option("--fail-after", opt.faults.failAfter,
                 "answer the first N requests normally, fault the ones after them (with "
                 "--fail-first M: only the M after them; alone: answer 503)")
      ->check(CLI::Range(0L, 1000000000L));
  CLI11_PARSE(app, argc, argv);

  std::string host;
  int port = 0;
  if (!splitListen(opt.listen, host, port)) {
    std::cerr << "smdpp-emu: --listen must be HOST:PORT, got \"" << opt.listen << "\"\n";
    return kExitFailure;
  }

  // Block the stop signals before any thread starts, so that only the
  // watcher receives them; ignore SIGPIPE from writes to vanished clients.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    const smdpp::NotificationVerifier verifier(opt.ciPath);
    std::optional<smdpp::EventLog> log;
    if (!opt.logPath.empty()) {
      log.emplace(opt.logPath);
    }
    // The download functions run when DPauth and DPpb are given.
    if (!opt.pkiDir.empty()) {
      const auto fill = [&](std::string &path, const char *name) {
        if (path.empty()) path = opt.pkiDir + "/" + name;
      };
      fill(opt.dpauthCert, "dpauth.pem");
      fill(opt.dpauthKey, "dpauth.key");
      fill(opt.dppbCert, "dppb.pem");
      fill(opt.dppbKey, "dppb.key");
      if (!opt.smdsAddress.empty()) {
        fill(opt.dsauthCert, "dsauth.pem");
        fill(opt.dsauthKey, "dsauth.key");
      }
    }
    std::optional<smdpp::DownloadService> download;
    const int given = !opt.dpauthCert.empty() + !opt.dpauthKey.empty() + !opt.dppbCert.empty() +
                      !opt.dppbKey.empty();
    if (given != 0 && given != 4) {
      std::cerr << "smdpp-emu: --dpauth-cert, --dpauth-key, --dppb-cert and --dppb-key go "
                   "together (or --pki DIR)\n";
      return kExitFailure;
    }
    if (given == 0 && !opt.catalogPath.empty()) {
      std::cerr << "smdpp-emu: --catalog needs the DPauth/DPpb certificates (--pki DIR)\n";
      return kExitFailure;
    }
    if (given == 4) {
      download.emplace(
          verifier.ci(), smdpp::DpCredential::load(opt.dpauthCert, opt.dpauthKey, "DPauth"),
          smdpp::DpCredential::load(opt.dppbCert, opt.dppbKey, "DPpb"),
          opt.catalogPath.empty() ? smdpp::Catalog::demo(opt.address)
                                  : smdpp::Catalog::fromFile(opt.catalogPath, opt.address),
          opt.address);
    }
    // The SM-DS role lists the events the SM-DP+ role holds (the catalog's).
    std::optional<smdpp::DiscoveryService> discovery;
    if (!opt.smdsAddress.empty()) {
      if (!download) {
        std::cerr << "smdpp-emu: --smds-address needs the SM-DP+ role (--pki DIR or the "
                     "DPauth/DPpb options)\n";
        return kExitFailure;
      }
      if (opt.dsauthCert.empty() || opt.dsauthKey.empty()) {
        std::cerr << "smdpp-emu: --smds-address needs CERT.DSauth: --dsauth-cert FILE "
                     "--dsauth-key FILE, or --pki DIR with dsauth.pem/dsauth.key\n";
        return kExitFailure;
      }
      if (smdpp::isServerAddress(opt.smdsAddress, opt.address)) {
        std::cerr << "smdpp-emu: --smds-address must differ from --address (" << opt.address
                  << ")\n";
        return kExitFailure;
      }
      discovery.emplace(verifier.ci(),
                        smdpp::DpCredential::load(opt.dsauthCert, opt.dsauthKey, "DSauth"),
                        download->events(), opt.smdsAddress);
    } else if (!opt.dsauthCert.empty() || !opt.dsauthKey.empty()) {
      std::cerr << "smdpp-emu: --dsauth-cert/--dsauth-key need --smds-address\n";
      return kExitFailure;
    }
    smdpp::ServerOptions serverOptions;
    serverOptions.download = download ? &*download : nullptr;
    serverOptions.discovery = discovery ? &*discovery : nullptr;
    serverOptions.smdsPaths = opt.smdsPaths;
    serverOptions.certPath = opt.certPath;
    serverOptions.keyPath = opt.keyPath;
    serverOptions.faults = opt.faults;
    smdpp::SmdppServer server(serverOptions, verifier, log ? &*log : nullptr);
    const int bound = server.bind(host, port);
    std::printf("listening on %s:%d\n", host.c_str(), bound);
    std::fflush(stdout);

    bool ok = false;
    bool signalled = false;
    {
      SignalWatcher watcher(server, signals);
      ok = server.run();
      signalled = watcher.signalled();
    }
    if (signalled) {
      return 0;
    }
    std::cerr << "smdpp-emu: serving stopped unexpectedly\n";
    return ok ? 0 : kExitFailure;
  } catch (const std::exception &e) {
    std::cerr << "smdpp-emu: " << e.what() << "\n";
    return kExitFailure;
  }
}
