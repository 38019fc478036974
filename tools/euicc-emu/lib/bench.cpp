// initBench and makeTestPki: `euicc-emu --init` as a library function, so
// that tests make benches the way users do.
#include "euicc_emu/bench.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state_lock.hpp"
#include "euicc_signer.hpp"

extern char **environ;

#ifndef EUICC_EMU_PKI_SCRIPT
#define EUICC_EMU_PKI_SCRIPT "make-test-pki.sh"
#endif
// Where `cmake --install` puts the script, relative to the installed program
// (bin/../share/esim/make-test-pki.sh).
#ifndef EUICC_EMU_INSTALLED_PKI_SCRIPT
#define EUICC_EMU_INSTALLED_PKI_SCRIPT "../share/esim/make-test-pki.sh"
#endif

namespace euicc_emu {

namespace fs = std::filesystem;

namespace {

constexpr const char *kPkiScriptEnv = "ESIM_PKI_SCRIPT";

// SpawnActions owns posix_spawn's file actions.
class SpawnActions {
public:
  SpawnActions() { ok_ = ::posix_spawn_file_actions_init(&actions_) == 0; }
  ~SpawnActions() {
    if (ok_) ::posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnActions(const SpawnActions &) = delete;
  SpawnActions &operator=(const SpawnActions &) = delete;
  bool ok() const noexcept { return ok_; }
  posix_spawn_file_actions_t *get() noexcept { return &actions_; }

private:
  posix_spawn_file_actions_t actions_{};
  bool ok_ = false;
};

std::string commandLine(const std::vector<std::string> &argv) {
  std::string out;
  for (const auto &a : argv)
    out += (out.empty() ? "" : " ") + a;
  return out;
}

[[noreturn]] void scriptFailed(const std::vector<std::string> &argv, const std::string &why) {
  throw esim::Error(esim::Errc::emulator,
                    "making the test PKI failed: `" + commandLine(argv) + "` " + why,
                    "check the script's message above; choose another script with --pki-script "
                    "or ESIM_PKI_SCRIPT, or an existing PKI with --pki DIR");
}

std::vector<std::string> missingFiles(const fs::path &dir, const std::vector<std::string> &names) {
  std::vector<std::string> missing;
  for (const auto &name : names) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / name, ec)) missing.push_back(name);
  }
  return missing;
}

std::string joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (const auto &n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

void say(const BenchOptions &options, const std::string &line) {
  if (options.log) options.log(line);
}

// pkiReference returns how the state names |pkiDir|: relative to |stateDir|
// when it lies below it (the bench can be moved as a whole), else absolute.
fs::path pkiReference(const fs::path &stateDir, const fs::path &pkiDir) {
  const fs::path absState = fs::absolute(stateDir).lexically_normal();
  const fs::path absPki = fs::absolute(pkiDir).lexically_normal();
  const fs::path rel = absPki.lexically_relative(absState);
  if (!rel.empty() && *rel.begin() != "..") return rel;
  return absPki;
}

} // namespace

fs::path defaultPkiScript() {
  const char *fromEnv = std::getenv(kPkiScriptEnv);
  if (fromEnv && *fromEnv) return fromEnv;
  // An installed program finds the copy installed beside it, so that it works
  // from any prefix and after the source tree is gone; a program in the build
  // tree has none and uses the source tree's.
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed =
        (self.parent_path() / EUICC_EMU_INSTALLED_PKI_SCRIPT).lexically_normal();
    if (fs::is_regular_file(installed, ec)) return installed;
  }
  return EUICC_EMU_PKI_SCRIPT;
}

void makeTestPki(const fs::path &script, const fs::path &outDir, const std::string &eid,
                 const std::vector<std::string> &smdpHosts) {
  std::vector<std::string> argv = {script.string(), outDir.string(), "--eid", eid};
  for (const auto &host : smdpHosts) {
    argv.push_back("--smdp-host");
    argv.push_back(host);
  }
  std::vector<char *> args;
  for (auto &a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);

  SpawnActions actions;
  // The script's report goes to stderr, with the emulator's own log lines.
  if (!actions.ok() ||
      ::posix_spawn_file_actions_adddup2(actions.get(), STDERR_FILENO, STDOUT_FILENO) != 0) {
    scriptFailed(argv, "could not be prepared (posix_spawn_file_actions)");
  }
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], actions.get(), nullptr, args.data(), environ);
  if (rc != 0) scriptFailed(argv, std::string("could not be started: ") + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) scriptFailed(argv, std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFSIGNALED(status))
    scriptFailed(argv, "was killed by signal " + std::to_string(WTERMSIG(status)));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    scriptFailed(argv, "exited with status " + std::to_string(WEXITSTATUS(status)));
}

namespace {

// checkStatePath checks, before anything is made, that the state file can
// be written where |statePath| says: it is not a directory (with --force
// the PKI would otherwise be made and only the save would fail) and its
// directory exists (made if missing) and is writable. Returns the directory
// the state file's target lies in.
fs::path checkStatePath(const fs::path &statePath) {
  const fs::path target = stateFileTarget(statePath);
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    throw esim::Error(esim::Errc::invalidArgument,
                      "state file " + statePath.string() + " is a directory",
                      "give the path of the JSON file to write, for example " + statePath.string() +
                          "/card.json");
  }
  const fs::path dir = target.parent_path();
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) {
    throw esim::Error(esim::Errc::ioError,
                      "state file " + statePath.string() + ": its directory " + dir.string() +
                          " cannot be made" + (ec ? ": " + ec.message() : std::string()),
                      "choose a state file in a directory you can write");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    int err = errno;
    throw esim::Error(esim::Errc::ioError,
                      "state file " + statePath.string() + ": its directory " + dir.string() +
                          " is not writable: " + std::strerror(err),
                      "choose a state file in a directory you can write");
  }
  return dir;
}

} // namespace

EmulatorState initBench(const BenchOptions &options) {
  const fs::path &statePath = options.statePath;
  // The PKI goes beside the path given (a link's directory, which relative
  // "pki" paths are resolved against when the state is loaded).
  const fs::path stateDir = statePath.parent_path().empty() ? "." : statePath.parent_path();
  std::error_code ec;
  checkStatePath(statePath);
  if (!options.force && fs::exists(fs::symlink_status(statePath, ec))) {
    throw esim::Error(esim::Errc::invalidArgument,
                      statePath.string() + " exists; not overwriting it",
                      "add --force to replace it with the demo state");
  }
  // Held until the state is saved: no other process changes the file while
  // the bench is made, and one that waits loads the new bench. Making it
  // is also the last check that the directory can be written.
  const StateFileLock lock(statePath);
  EmulatorState state = parseState(demoStateJson(), "(demo)");
  const std::string eid = esim::toHex(state.eid);

  fs::path pkiDir;
  if (options.pkiDirectory) {
    pkiDir = *options.pkiDirectory;
    std::vector<std::string> missing = missingFiles(pkiDir, kPkiCardFiles);
    if (!missing.empty()) {
      throw esim::Error(esim::Errc::invalidArgument,
                        "--pki " + pkiDir.string() + ": missing " + joinNames(missing),
                        "make a PKI there with tools/pki/make-test-pki.sh " + pkiDir.string());
    }
    say(options, "using the PKI in " + pkiDir.string());
  } else {
    pkiDir = stateDir / "pki";
    std::vector<std::string> missing = missingFiles(pkiDir, kPkiBenchFiles);
    if (missing.empty()) {
      say(options, "reusing the PKI in " + pkiDir.string());
    } else if (missing.size() == kPkiBenchFiles.size()) {
      fs::path script = options.pkiScript.empty() ? defaultPkiScript() : options.pkiScript;
      say(options, "making a test PKI in " + pkiDir.string() + " with " + script.string());
      makeTestPki(script, pkiDir, eid, kDemoSmdpHosts);
    } else {
      throw esim::Error(esim::Errc::invalidArgument,
                        pkiDir.string() + " holds an incomplete PKI (missing " +
                            joinNames(missing) + ")",
                        "remove it to have a new one made, or name a complete one with --pki DIR");
    }
  }

  const fs::path ref = pkiReference(stateDir, pkiDir);
  PkiFiles pki;
  pki.euiccKey = (ref / "euicc.key").lexically_normal().string();
  pki.euiccCertificate = (ref / "euicc.pem").lexically_normal().string();
  pki.eumCertificate = (ref / "eum.pem").lexically_normal().string();
  // The card trusts the CI of its own PKI for downloads (an SM-DP+ of the
  // same PKI has DPauth/DPpb certificates issued by it).
  if (fs::exists(pkiDir / "ci.pem"))
    pki.ciCertificates = {(ref / "ci.pem").lexically_normal().string()};
  for (const fs::path &more : options.morePkiDirectories) {
    std::vector<std::string> missing = missingFiles(more, kPkiCardFiles);
    if (!missing.empty()) {
      throw esim::Error(esim::Errc::invalidArgument,
                        "--pki " + more.string() + ": missing " + joinNames(missing),
                        "make a PKI there with tools/pki/make-test-pki.sh " + more.string() +
                            " --eid " + eid + " --curve brainpoolP256r1");
    }
    const fs::path moreRef = pkiReference(stateDir, more);
    pki.additionalCredentials.push_back({(moreRef / "euicc.key").lexically_normal().string(),
                                         (moreRef / "euicc.pem").lexically_normal().string(),
                                         (moreRef / "eum.pem").lexically_normal().string()});
    if (fs::exists(more / "ci.pem"))
      pki.ciCertificates.push_back((moreRef / "ci.pem").lexically_normal().string());
    say(options, "adding the eUICC identity and CI of " + more.string());
  }
  pki.baseDirectory = stateDir;
  const std::vector<EuiccSigner> signers = EuiccSigner::loadAll(pki, statePath.string());
  state.pki = pki;
  // The card trusts the CIs that certified its own EUMs, so an SM-DP+ of
  // the same test PKI finds its CI in EUICCInfo.
  std::vector<esim::Bytes> ciIds;
  for (const EuiccSigner &signer : signers) {
    if (!signer.ciKeyIdentifier().empty()) ciIds.push_back(signer.ciKeyIdentifier());
  }
  if (!ciIds.empty()) {
    state.euiccInfo2.euiccCiPKIdListForVerification = ciIds;
    state.euiccInfo2.euiccCiPKIdListForSigning = ciIds;
    state.euiccInfo1 = euiccInfo1From(state.euiccInfo2);
  }
  saveState(state, statePath);
  say(options, "wrote the demo state (EID " + eid + ", " + std::to_string(state.profiles.size()) +
                   " profiles, PKI " + ref.string() + ") to " + statePath.string());
  return state;
}

} // namespace euicc_emu
