// initBench: a complete emulator bench in one step, what `euicc-emu --state
// FILE --init` does: the demo state plus a test PKI (CI -> EUM -> eUICC and
// an SM-DP+ TLS certificate) whose eUICC key signs the card's notifications.
//
//   euicc_emu::BenchOptions o;
//   o.statePath = "bench/card.json";
//   euicc_emu::initBench(o); // bench/card.json + bench/pki/{ci,eum,euicc,smdp-tls}.*
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "euicc_emu/state.hpp"

namespace euicc_emu {

// kDemoSmdpHosts are the SM-DP+ host names of the demo state's notification
// addresses; the bench's TLS certificate is made for them.
inline const std::vector<std::string> kDemoSmdpHosts = {"smdp.travel.example", "smdp.home.example"};

// kPkiCardFiles are the files of a PKI directory the card itself uses.
inline const std::vector<std::string> kPkiCardFiles = {"euicc.key", "euicc.pem", "eum.pem"};
// kPkiBenchFiles are the files a complete bench has (the card's and those a
// test SM-DP+ and an LPA need: the CI to trust, the TLS key and certificate).
inline const std::vector<std::string> kPkiBenchFiles = {
    "euicc.key", "euicc.pem", "eum.pem", "ci.pem", "smdp-tls.pem", "smdp-tls.key"};

// BenchOptions configures initBench.
struct BenchOptions {
  // statePath is the state file to write.
  std::filesystem::path statePath;
  // pkiDirectory, if set, is an existing PKI directory in the layout of
  // tools/pki/make-test-pki.sh (at least euicc.key, euicc.pem, eum.pem) that
  // the state refers to; nothing is generated. Unset: <dir of statePath>/pki,
  // reused if it holds a complete bench PKI, made with pkiScript if absent.
  std::optional<std::filesystem::path> pkiDirectory;
  // morePkiDirectories are further existing PKI directories (same layout,
  // same EID; another CI, typically on the other curve: make-test-pki.sh
  // --curve brainpoolP256r1). The card holds each one's eUICC identity as
  // pki.additionalCredentials, trusts each one's ci.pem, and lists every
  // CI in EUICCInfo, so it can download from an SM-DP+ of any of them.
  std::vector<std::filesystem::path> morePkiDirectories;
  // pkiScript makes the PKI; empty: defaultPkiScript().
  std::filesystem::path pkiScript;
  // force replaces an existing state file (never an existing PKI).
  bool force = false;
  // log receives progress lines (may be empty).
  std::function<void(const std::string &line)> log;
};

// defaultPkiScript returns $ESIM_PKI_SCRIPT when set and not empty, else the
// installed share/esim/make-test-pki.sh beside the running program when it
// exists (cmake --install), else the path of tools/pki/make-test-pki.sh in the
// source tree this was built from. Never fails: a missing script is reported
// when makeTestPki runs it.
std::filesystem::path defaultPkiScript();

// makeTestPki runs |script| OUTDIR --eid |eid| --smdp-host HOST... with the
// script's output going to stderr. Throws esim::Error(Errc::emulator) naming
// the command if it cannot be started or exits with a failure.
void makeTestPki(const std::filesystem::path &script, const std::filesystem::path &outDir,
                 const std::string &eid, const std::vector<std::string> &smdpHosts);

// initBench writes the demo state to options.statePath with a "pki" that
// names the eUICC key and certificates (relative to the state's directory
// when the PKI lies below it), the CI key identifier lists of EUICCInfo set
// to the CI that issued the EUM (of each PKI directory, in order), and
// returns that state. Throws
// esim::Error(Errc::invalidArgument) if the state file exists and force is
// not set, or a PKI directory is incomplete; Errc::emulator if the script
// fails or the PKI is unusable (checkPki); Errc::ioError if saving fails.
EmulatorState initBench(const BenchOptions &options);

} // namespace euicc_emu
