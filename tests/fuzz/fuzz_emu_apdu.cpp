// fuzz_emu_apdu: a hostile LPA sending C-APDUs to the emulator
// (euicc_emu::Card::processApdu). A tester's emulator must answer anything
// with a status word and never crash or corrupt its state.
//
// Input: C-APDUs as records (2-byte length + bytes, see fuzz_input.hpp),
// sent in order to a fresh card with the demo state; an empty record is a
// warm reset of the card.
//
// By default the card has no PKI, so the functions that sign a notification
// (Enable, Disable, Delete) answer 6985 (conditions not satisfied) after
// decoding the request: building a Card with a PKI loads and checks three
// PEM files, which under ASan makes every input ~15x slower (~60 instead of
// ~1000 inputs/s), and what is signed comes from the card's own state, not
// from the LPA's bytes (the request parsing before it is fuzzed either way).
// ESIM_FUZZ_EMU_PKI=1 makes a test PKI once per process
// (tools/pki/make-test-pki.sh into a temporary directory, as
// `euicc-emu --init` does) so those functions really sign; use it for long
// runs that should reach the notification code.
//
// Checked: every answer is 2..258 bytes and ends with a status word whose
// SW1 is 61..6F or 90..9F; the card never answers 6F00, which it keeps for
// failures it did not foresee (its handlers catch every exception and answer
// 6F00, which would hide a bug from the fuzzer); after the session the state
// passes validateState and, if it changed, survives stateToJson + parseState
// unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "esim/error.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

namespace fs = std::filesystem;
using esim::fuzz::fuzzCheck;

constexpr std::size_t kMaxResponseApdu = 258; // 256 data bytes + SW1 SW2
constexpr std::uint16_t kInternalFailure = 0x6F00;

// Bench is the state every input starts from, and the temporary directory
// of its PKI (removed at exit).
struct Bench {
  fs::path dir;
  euicc_emu::EmulatorState state;
  ~Bench() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

std::unique_ptr<Bench> makeBench() {
  auto bench = std::make_unique<Bench>();
  const char *withPki = std::getenv("ESIM_FUZZ_EMU_PKI");
  if (!withPki || std::string(withPki) != "1") {
    bench->state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo state");
    return bench;
  }
  std::string pattern = (fs::temp_directory_path() / "fuzz-emu-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  fuzzCheck(::mkdtemp(buf.data()) != nullptr, "mkdtemp failed");
  bench->dir = buf.data();
  euicc_emu::BenchOptions options;
  options.statePath = bench->dir / "card.json";
  bench->state = euicc_emu::initBench(options);
  // Absolute paths: the Card then needs no state path to find them.
  const fs::path pki = bench->dir / "pki";
  bench->state.pki->euiccKey = (pki / "euicc.key").string();
  bench->state.pki->euiccCertificate = (pki / "euicc.pem").string();
  bench->state.pki->eumCertificate = (pki / "eum.pem").string();
  bench->state.pki->baseDirectory.clear();
  return bench;
}

const euicc_emu::EmulatorState &startState() {
  static const std::unique_ptr<Bench> bench = makeBench();
  return bench->state;
}

bool validSw1(std::uint8_t sw1) {
  return (sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)startState(); // make the PKI before the first input is timed
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  esim::fuzz::FuzzInput input(data, size);
  euicc_emu::Card card(startState());
  std::string lastLog;
  card.setLog([&lastLog](const std::string &line) { lastLog = line; });
  while (std::optional<esim::Bytes> capdu = input.record()) {
    if (capdu->empty()) {
      card.reset();
      continue;
    }
    lastLog.clear();
    const esim::Bytes answer = card.processApdu(*capdu);
    fuzzCheck(answer.size() >= 2 && answer.size() <= kMaxResponseApdu,
              "answer of " + std::to_string(answer.size()) + " bytes to " + esim::toHex(*capdu));
    const std::uint8_t sw1 = answer[answer.size() - 2];
    const std::uint16_t sw = static_cast<std::uint16_t>((sw1 << 8) | answer[answer.size() - 1]);
    fuzzCheck(validSw1(sw1), "answer without a status word to " + esim::toHex(*capdu));
    fuzzCheck(sw != kInternalFailure,
              "internal failure (6F00) on " + esim::toHex(*capdu) + ": " + lastLog);
  }
  const euicc_emu::EmulatorState after = card.state();
  if (after == startState()) {
    return 0; // most inputs change nothing; the JSON round trip is the slow part
  }
  try {
    euicc_emu::validateState(after, "after fuzz");
    fuzzCheck(euicc_emu::parseState(euicc_emu::stateToJson(after), "after fuzz") == after,
              "state changed in stateToJson + parseState");
  } catch (const esim::Error &e) {
    fuzzCheck(false, std::string("hostile APDUs left an invalid state: ") + e.what());
  }
  return 0;
}
