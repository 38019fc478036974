// Shared pieces of the emulator's unit tests that need a PKI: one bench per
// test binary run (the demo state and a PKI made by `--init`'s code path,
// with tools/pki/make-test-pki.sh), and a card reached the way an LPA reaches
// it (esim::Euicc over esim::IsdrSession over euicc_emu::EmulatorTransport).
//
// The bench is made lazily by the first test that asks for it; inline
// functions with static locals are one object per binary, whichever test
// file uses them. Its PKI comes from a cache next to the test binary, made
// once per build by the script (see pkiCache).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_emu/state_lock.hpp"

namespace emu_test {

namespace fs = std::filesystem;

inline constexpr const char *kTravelIccid = "8981100000000000002";
inline constexpr const char *kHomeIccid = "89490000000000000007";
inline constexpr const char *kTravelAid = "A0000005591010FFFFFFFF8900001000";
inline constexpr const char *kHomeAid = "A0000005591010FFFFFFFF8900001100";

// ScratchDir is a fresh directory below the system temp dir, removed with its
// content at the end.
class ScratchDir {
public:
  // ScratchDir makes the directory below |base| (default: the temp dir).
  explicit ScratchDir(const fs::path &base = fs::temp_directory_path()) {
    std::string pattern = (base / "emu-bench-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  const fs::path &path() const noexcept { return path_; }

private:
  fs::path path_;
};

// SharedBench is what `euicc-emu --state DIR/card.json --init` made.
struct SharedBench {
  ScratchDir dir;
  fs::path statePath;
  fs::path pki;
  euicc_emu::EmulatorState initState;
};

// pkiCache returns a PKI made by the script for the tests of this build:
// ctest runs every test in its own process, and making a PKI costs more than
// all the tests that use it. It lives next to the test binary, named after
// the script's modification time (emu-test-pki-<time>/, so an edited script
// makes a new one), and is published with one rename(2), which fails when a
// test running in parallel published first; its PKI is then used. Returns an
// empty path if there is no place for it (the caller then makes a PKI of its
// own).
inline fs::path pkiCache() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path script = euicc_emu::defaultPkiScript();
  struct stat st {};
  if (::stat(script.c_str(), &st) != 0) return {};
  const fs::path cache = exe.parent_path() / ("emu-test-pki-" + std::to_string(st.st_mtim.tv_sec) +
                                              "." + std::to_string(st.st_mtim.tv_nsec));
  // A published cache is complete: it appeared with one rename.
  if (fs::is_regular_file(cache / "smdp-tls.key", ec)) return cache;
  try {
    ScratchDir fresh(exe.parent_path());
    euicc_emu::makeTestPki(script, fresh.path() / "pki", "89049032123451234512345678901235",
                           euicc_emu::kDemoSmdpHosts);
    fs::rename(fresh.path() / "pki", cache, ec);
  } catch (const std::exception &) {
    return {};
  }
  return fs::is_regular_file(cache / "smdp-tls.key", ec) ? cache : fs::path();
}

// sharedBench returns the bench of this test binary run, made on first use
// by initBench, which reuses the cached PKI (or, without one, runs the
// script itself).
inline const SharedBench &sharedBench() {
  static const std::unique_ptr<SharedBench> bench = [] {
    auto b = std::make_unique<SharedBench>();
    b->statePath = b->dir.path() / "card.json";
    b->pki = b->dir.path() / "pki";
    if (const fs::path cache = pkiCache(); !cache.empty())
      fs::copy(cache, b->pki, fs::copy_options::recursive);
    euicc_emu::BenchOptions options;
    options.statePath = b->statePath;
    b->initState = euicc_emu::initBench(options);
    return b;
  }();
  return *bench;
}

// demoWithPki returns the --init state with absolute paths to the shared
// PKI, so that it can be saved anywhere and loaded back.
inline euicc_emu::EmulatorState demoWithPki() {
  const SharedBench &bench = sharedBench();
  euicc_emu::EmulatorState s = bench.initState;
  s.pki->euiccKey = (bench.pki / "euicc.key").string();
  s.pki->euiccCertificate = (bench.pki / "euicc.pem").string();
  s.pki->eumCertificate = (bench.pki / "eum.pem").string();
  s.pki->ciCertificates = {(bench.pki / "ci.pem").string()};
  s.pki->baseDirectory.clear();
  return s;
}

// ciPem returns the path of the shared bench's CI certificate.
inline std::string ciPem() {
  return (sharedBench().pki / "ci.pem").string();
}

inline std::string readText(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline esim::Bytes readBytes(const fs::path &p) {
  std::string text = readText(p);
  return esim::Bytes(text.begin(), text.end());
}

// Lpa is a card and an LPA's view of it: Euicc over a session over the
// in-process transport.
class Lpa {
public:
  explicit Lpa(euicc_emu::EmulatorState state, std::optional<fs::path> statePath = std::nullopt)
      : card_(std::move(state), std::move(statePath)), transport_(card_), session_(transport_),
        euicc_(session_) {
    card_.setLog([this](const std::string &line) { log_.push_back(line); });
  }
  esim::Euicc &euicc() noexcept { return euicc_; }
  esim::IsdrSession &session() noexcept { return session_; }
  euicc_emu::Card &card() noexcept { return card_; }
  const std::vector<std::string> &log() const noexcept { return log_; }

  // profile returns the card's profile with |iccid|, or nullopt.
  std::optional<esim::ProfileInfo> profile(const std::string &iccid) {
    for (const auto &p : card_.state().profiles) {
      if (p.iccid == iccid) return p;
    }
    return std::nullopt;
  }
  // stateOf returns the profileState of |iccid| (nullopt: no such profile).
  std::optional<esim::ProfileState> stateOf(const std::string &iccid) {
    auto p = profile(iccid);
    return p ? p->profileState : std::nullopt;
  }

private:
  std::vector<std::string> log_; // first: the card logs into it until it goes
  euicc_emu::Card card_;
  euicc_emu::EmulatorTransport transport_;
  esim::IsdrSession session_;
  esim::Euicc euicc_;
};

// FileLpa is an LPA's view of a card bound to a state file the way
// esimctl --emulator (wholeLifetime) or a serving euicc-emu (perCommand)
// binds it: the Card loads the file itself and locks it.
class FileLpa {
public:
  FileLpa(const fs::path &statePath, euicc_emu::StateFileLocking locking,
          std::chrono::milliseconds lockTimeout = euicc_emu::kStateLockTimeout)
      : card_(statePath, locking, lockTimeout), transport_(card_), session_(transport_),
        euicc_(session_) {
    card_.setLog([this](const std::string &line) { log_.push_back(line); });
  }
  esim::Euicc &euicc() noexcept { return euicc_; }
  euicc_emu::Card &card() noexcept { return card_; }
  const std::vector<std::string> &log() const noexcept { return log_; }

private:
  std::vector<std::string> log_;
  euicc_emu::Card card_;
  euicc_emu::EmulatorTransport transport_;
  esim::IsdrSession session_;
  esim::Euicc euicc_;
};

} // namespace emu_test
