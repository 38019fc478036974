// euicc-emu: an emulated eUICC for testing LPAs without a card.
//
//   euicc-emu --state card.json --init                 write the demo state and its PKI
//   euicc-emu --state card.json --print-state          show the normalized state
//   euicc-emu --state card.json --vpcd 127.0.0.1:35963 serve it in a vpcd reader
//   euicc-emu --state card.json --vpcd ... --atr t1    with an ATR offering T=0 and T=1
//   euicc-emu --state card.json --init --pki DIR       the demo state, an existing PKI
//   euicc-emu --state card.json --vpcd ... --fault sw=6F00@5 --fault latency=20
//                                                      misbehave on purpose (faults.hpp)
//   euicc-emu --state card.json --at-pty /tmp/modem    serve it as a modem's AT port
//                                                      (AT+CCHO/CCHC/CGLA/CSIM) on a pty
//
// Exit status: 0 success (also after SIGINT/SIGTERM), 1 a runtime failure
// (the state file could not be written, the PKI could not be made), 2 a
// usage error, a missing or invalid state file (its PKI files included), an
// existing state file without --force or an incomplete PKI directory.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>

#include "esim/error.hpp"
#include "euicc_emu/at_modem.hpp"
#include "euicc_emu/at_pty.hpp"
#include "euicc_emu/atr.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/faults.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_emu/state_lock.hpp"
#include "euicc_emu/vpcd.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The link the signal handler stops; stop() is async-signal-safe.
std::atomic<euicc_emu::VpcdLink *> gLink{nullptr};
// The pseudo-terminal server the signal handler stops (--at-pty).
std::atomic<euicc_emu::AtPtyServer *> gPty{nullptr};
volatile std::sig_atomic_t gStopRequested = 0;

extern "C" void onStopSignal(int) {
  gStopRequested = 1;
  if (euicc_emu::VpcdLink *link = gLink.load()) link->stop();
  if (euicc_emu::AtPtyServer *pty = gPty.load()) pty->stop();
}

void installSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void logLine(const std::string &line) {
  std::string text = "euicc-emu: " + line + "\n";
  std::fputs(text.c_str(), stderr);
}

int reportError(const esim::Error &e, int exitCode) {
  logLine(std::string("error: ") + e.what());
  if (!e.hint().empty()) logLine("hint: " + e.hint());
  return exitCode;
}

int initState(const std::filesystem::path &path, bool force,
              const std::vector<std::string> &pkiDirs, const std::string &pkiScript) {
  euicc_emu::BenchOptions options;
  options.statePath = path;
  options.force = force;
  for (const std::string &dir : pkiDirs) {
    if (!options.pkiDirectory)
      options.pkiDirectory = dir;
    else
      options.morePkiDirectories.emplace_back(dir);
  }
  options.pkiScript = pkiScript;
  options.log = logLine;
  try {
    euicc_emu::initBench(options);
  } catch (const esim::Error &e) {
    return reportError(e, e.code() == esim::Errc::invalidArgument ? kExitUsage : kExitFailure);
  }
  return kExitOk;
}

// openServedCard opens the card a long-running euicc-emu serves: it locks
// the state file for each ES10 function only, so that esimctl --emulator and
// other euicc-emu on the same file can take turns without losing changes.
std::unique_ptr<euicc_emu::Card> openServedCard(const std::filesystem::path &path) {
  auto card = std::make_unique<euicc_emu::Card>(path, euicc_emu::StateFileLocking::perCommand);
  card->setLog(logLine);
  return card;
}

// printState prints the normalized state; locked, so that it never shows a
// state in the middle of another process's change.
int printState(const std::filesystem::path &path) {
  try {
    euicc_emu::StateFileLock lock(path);
    std::cout << euicc_emu::stateToJson(euicc_emu::loadState(path));
  } catch (const esim::Error &e) {
    return reportError(e, kExitUsage);
  }
  return kExitOk;
}

int serve(const std::filesystem::path &path, const std::string &address, bool trace,
          const std::vector<std::string> &faultSpecs, const std::string &atrChoice) {
  euicc_emu::VpcdOptions options;
  esim::Bytes atrWithoutState;
  try {
    atrWithoutState = euicc_emu::atrFromOption(atrChoice);
    std::tie(options.host, options.port) = euicc_emu::parseVpcdAddress(address);
    for (const std::string &spec : faultSpecs)
      euicc_emu::addFaultSpec(options.faults, spec);
  } catch (const esim::Error &e) {
    return reportError(e, kExitUsage);
  }
  options.traceApdus = trace;
  options.log = logLine;

  std::unique_ptr<euicc_emu::Card> card;
  try {
    card = openServedCard(path);
  } catch (const esim::Error &e) {
    return reportError(e, kExitUsage);
  }
  card->setDefaultAtr(std::move(atrWithoutState));
  const euicc_emu::EmulatorState state = card->state();
  const std::string eid = esim::toHex(state.eid);
  const std::size_t profiles = state.profiles.size();
  euicc_emu::VpcdLink link(*card, options);
  gLink.store(&link);
  if (gStopRequested) link.stop(); // a signal that came before gLink was set
  logLine("serving EID " + eid + " (" + std::to_string(profiles) + " profiles) from " +
          path.string() + " to vpcd at " + address + ", ATR " + esim::toHex(card->atr()) +
          (state.atr ? " (the state's)" : ""));
  int rc = kExitOk;
  try {
    link.run();
  } catch (const esim::Error &e) {
    rc = reportError(e, kExitUsage);
  }
  gLink.store(nullptr);
  if (rc == kExitOk) logLine("stopped");
  return rc;
}

int serveAtPty(const std::filesystem::path &path, const std::string &link, bool trace,
               const std::vector<std::string> &faultSpecs) {
  euicc_emu::FaultPlan plan;
  std::unique_ptr<euicc_emu::Card> card;
  try {
    for (const std::string &spec : faultSpecs)
      euicc_emu::addFaultSpec(plan, spec);
    card = openServedCard(path);
  } catch (const esim::Error &e) {
    return reportError(e, kExitUsage);
  }
  const euicc_emu::EmulatorState state = card->state();
  const std::string eid = esim::toHex(state.eid);
  const std::size_t profiles = state.profiles.size();
  euicc_emu::FaultInjector faults(*card, std::move(plan), logLine);
  euicc_emu::AtModem modem(faults);
  euicc_emu::AtPtyOptions options;
  options.link = link;
  options.traceLines = trace;
  options.log = logLine;
  try {
    euicc_emu::AtPtyServer server(modem, options);
    gPty.store(&server);
    // Declared after the server, so the handler forgets it before it goes,
    // also when run() throws.
    struct ForgetServer {
      ~ForgetServer() { gPty.store(nullptr); }
    } forget;
    if (gStopRequested) server.stop(); // a signal that came before gPty was set
    logLine("serving EID " + eid + " (" + std::to_string(profiles) + " profiles) from " +
            path.string() + " as a modem on " + link + " -> " + server.slaveName());
    server.run();
  } catch (const esim::Error &e) {
    return reportError(e, kExitFailure);
  }
  logLine("stopped");
  return kExitOk;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"An emulated eUICC (GSMA SGP.22 ISD-R) for testing LPAs.", "euicc-emu"};
  std::string statePath;
  std::string vpcdAddress;
  bool init = false;
  bool force = false;
  bool print = false;
  bool trace = false;
  std::vector<std::string> faultSpecs;
  std::vector<std::string> pkiDirs;
  std::string pkiScript;
  app.add_option("--state", statePath, "state file (JSON, see docs/emulator.md)")->required();
  auto *vpcdOpt = app.add_option("--vpcd", vpcdAddress,
                                 "serve the card to vpcd at HOST:PORT (e.g. 127.0.0.1:35963) "
                                 "until SIGINT/SIGTERM");
  std::string ptyLink;
  auto *ptyOpt = app.add_option("--at-pty", ptyLink,
                                "serve the card as a modem's AT command port (AT+CCHO, AT+CCHC, "
                                "AT+CGLA, AT+CSIM) on a pseudo-terminal; LINK becomes a symbolic "
                                "link to it; until SIGINT/SIGTERM");
  vpcdOpt->excludes(ptyOpt);
  std::string atrChoice = "t0";
  app.add_option("--atr", atrChoice,
                 "with --vpcd: the ATR when the state file has no \"atr\": t0 (the default, "
                 "T=0 only), t1 (T=0 and T=1; pcscd then runs the card in T=1) or an ATR in hex")
      ->needs(vpcdOpt);
  auto *initOpt = app.add_flag("--init", init,
                               "write the demo state and a test PKI (<dir of FILE>/pki) and exit");
  app.add_flag("--force", force, "with --init: overwrite an existing state file");
  auto *pkiOpt = app.add_option("--pki", pkiDirs,
                                "with --init: use this existing PKI directory (euicc.key, "
                                "euicc.pem, eum.pem) instead of <dir of FILE>/pki; repeat for "
                                "a card that trusts several CIs (e.g. a NIST P-256 and a "
                                "brainpoolP256r1 PKI with the same EID): one eUICC identity each");
  auto *scriptOpt = app.add_option("--pki-script", pkiScript,
                                   "with --init: the script that makes the PKI (default: "
                                   "$ESIM_PKI_SCRIPT, else " +
                                       euicc_emu::defaultPkiScript().string() + ")");
  pkiOpt->needs(initOpt);
  scriptOpt->needs(initOpt);
  pkiOpt->excludes(scriptOpt);
  auto *printOpt =
      app.add_flag("--print-state", print, "print the state file in normalized form and exit");
  app.add_flag("--trace", trace,
               "with --vpcd: log every APDU to stderr, numbered; with --at-pty: every AT "
               "command line and answer");
  auto *faultOpt = app.add_option(
      "--fault", faultSpecs,
      "with --vpcd or --at-pty: inject a fault (repeatable): latency=MS, sw=XXXX@N, remove@N[:MS], "
      "truncate@N, max-block=N, tear=FUNCTION:before|after[:MS], answer=FUNCTION:HEX; N counts "
      "APDUs from 1 as --trace shows");
  initOpt->excludes(vpcdOpt);
  initOpt->excludes(ptyOpt);
  initOpt->excludes(printOpt);
  initOpt->excludes(faultOpt);
  printOpt->excludes(vpcdOpt);
  printOpt->excludes(ptyOpt);
  printOpt->excludes(faultOpt);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  try {
    installSignalHandlers();
    if (init) return initState(statePath, force, pkiDirs, pkiScript);
    if (print) return printState(statePath);
    if (!vpcdAddress.empty()) return serve(statePath, vpcdAddress, trace, faultSpecs, atrChoice);
    if (!ptyLink.empty()) return serveAtPty(statePath, ptyLink, trace, faultSpecs);
    logLine("error: nothing to do");
    logLine("hint: give --vpcd HOST:PORT, --at-pty LINK, --init or --print-state (see --help)");
    return kExitUsage;
  } catch (const esim::Error &e) {
    return reportError(e, kExitFailure);
  } catch (const std::exception &e) {
    logLine(std::string("error: ") + e.what());
    return kExitFailure;
  }
}
