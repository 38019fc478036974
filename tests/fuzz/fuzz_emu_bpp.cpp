// fuzz_emu_bpp: a hostile or broken LPA/SM-DP+ feeding LoadBoundProfilePackage
// commands to the emulator after a valid download session setup. The card
// must answer every command with 9000 and no data, its signed BF37, or an
// error status word; never crash, never answer 6F00 (its "unforeseen
// failure"), and never install a profile from a BPP that is not the one
// the SM-DP+ bound.
//
// Per input: a fresh euicc_emu::Card with a test PKI (made once per process
// by tools/pki/make-test-pki.sh into a temporary directory, as
// `euicc-emu --init` does), reached as esimctl reaches it (esim::Euicc over
// IsdrSession over EmulatorTransport); smdpp-emu's DownloadService
// in-process (smdpp::LoopbackHttpClient, its built-in reusable demo order)
// runs the common mutual authentication and PrepareDownload with it and
// binds a real BPP (about 3.5 KB) to this session's one-time key. Then the
// input decides what is sent:
//
//   byte 0 (mode), bit 0 = 0 "edit": the real BPP split as an LPA splits it
//     (codec::splitBoundProfilePackage), changed by records of the form
//     [op, command index, offset hi, offset lo, bytes...]; op % 5:
//     0 xor the bytes in at offset, 1 truncate the command to offset,
//     2 drop the command, 3 send it twice, 4 insert the bytes as a new
//     command before it. No record: the valid load.
//   bit 0 = 1 "raw": the real first command (BF36 header + BF23, so the
//     card is loading), then each record as a command of its own.
//
// Checked after each command: an answer is empty or one BF37 that decodes
// (codec::decodeProfileInstallationResult); a failure is an esim::Error
// carrying a status word other than 6F00. After the input: if the card
// gained a profile, the commands it accepted (answered 9000 or its BF37)
// concatenate to exactly the bound BPP and the BF37 was a success; the
// state passes validateState. A command the card refused with an error
// status word is not part of the load: the card refuses a stray ES10
// command (a tag it does not know) in the middle of a load and goes on
// loading, which the first 60-second run found (crash-e7fab3f6: EB020000
// inserted before the 88) and is what the invariant now allows.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "catalog.hpp"
#include "cert_checks.hpp"
#include "codec/download_codec.hpp"
#include "download_service.hpp"
#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/state.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "loopback_http.hpp"

namespace {

namespace fs = std::filesystem;
namespace codec = esim::codec;
using esim::Bytes;
using esim::fuzz::fuzzCheck;

constexpr char kSmdpAddress[] = "smdp.travel.example";
constexpr std::uint16_t kInternalFailure = 0x6F00;
constexpr std::uint8_t kPirFirst = 0xBF;
constexpr std::uint8_t kPirSecond = 0x37;
constexpr std::size_t kMaxCommands = 64;
enum Op : std::uint8_t { opXor, opTruncate, opDrop, opDuplicate, opInsert, opCount };

// Bench is the card state with its PKI; the SM-DP+ is made per input
// (service()): its sessions of refused loads would pile up otherwise.
struct Bench {
  fs::path dir;
  euicc_emu::EmulatorState state;
  smdpp::X509Ptr ci;
  ~Bench() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
  std::unique_ptr<smdpp::DownloadService> service() const {
    const fs::path pki = dir / "pki";
    return std::make_unique<smdpp::DownloadService>(
        ci.get(),
        smdpp::DpCredential::load((pki / "dpauth.pem").string(), (pki / "dpauth.key").string(),
                                  "DPauth"),
        smdpp::DpCredential::load((pki / "dppb.pem").string(), (pki / "dppb.key").string(), "DPpb"),
        smdpp::Catalog::demo(kSmdpAddress), kSmdpAddress);
  }
};

std::unique_ptr<Bench> makeBench() {
  auto bench = std::make_unique<Bench>();
  std::string pattern = (fs::temp_directory_path() / "fuzz-emu-bpp-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  fuzzCheck(::mkdtemp(buf.data()) != nullptr, "mkdtemp failed");
  bench->dir = buf.data();
  euicc_emu::BenchOptions options;
  options.statePath = bench->dir / "card.json";
  bench->state = euicc_emu::initBench(options);
  const fs::path pki = bench->dir / "pki";
  bench->state.pki->euiccKey = (pki / "euicc.key").string();
  bench->state.pki->euiccCertificate = (pki / "euicc.pem").string();
  bench->state.pki->eumCertificate = (pki / "eum.pem").string();
  bench->state.pki->ciCertificates = {(pki / "ci.pem").string()};
  bench->state.pki->baseDirectory.clear();
  bench->ci = smdpp::loadCertificateFile((pki / "ci.pem").string(), "CI");
  return bench;
}

Bench &bench() {
  static const std::unique_ptr<Bench> b = makeBench();
  return *b;
}

// commandsFor returns the commands the input asks for (see the file comment).
std::vector<Bytes> commandsFor(esim::fuzz::FuzzInput &input, const Bytes &bpp) {
  std::vector<Bytes> commands;
  for (const codec::BppSegment &s : codec::splitBoundProfilePackage(bpp)) {
    commands.emplace_back(bpp.begin() + static_cast<std::ptrdiff_t>(s.offset),
                          bpp.begin() + static_cast<std::ptrdiff_t>(s.offset + s.length));
  }
  const std::uint8_t mode = input.byte();
  if ((mode & 1) != 0) {
    commands.resize(1);
    while (std::optional<Bytes> r = input.record()) {
      if (commands.size() >= kMaxCommands) break;
      commands.push_back(std::move(*r));
    }
    return commands;
  }
  while (std::optional<Bytes> r = input.record()) {
    if (r->size() < 4 || commands.empty()) continue;
    const auto op = static_cast<Op>((*r)[0] % opCount);
    const std::size_t index = (*r)[1] % commands.size();
    const std::size_t offset = (std::size_t{(*r)[2]} << 8) | (*r)[3];
    const esim::ByteView bytes = esim::ByteView(*r).subspan(4);
    Bytes &c = commands[index];
    switch (op) {
    case opXor:
      for (std::size_t i = 0; i < bytes.size() && !c.empty(); ++i)
        c[(offset + i) % c.size()] ^= bytes[i];
      break;
    case opTruncate:
      if (offset < c.size()) c.resize(offset);
      break;
    case opDrop: commands.erase(commands.begin() + static_cast<std::ptrdiff_t>(index)); break;
    case opDuplicate:
      if (commands.size() < kMaxCommands)
        commands.insert(commands.begin() + static_cast<std::ptrdiff_t>(index), c);
      break;
    case opInsert:
      if (commands.size() < kMaxCommands)
        commands.insert(commands.begin() + static_cast<std::ptrdiff_t>(index),
                        Bytes(bytes.begin(), bytes.end()));
      break;
    case opCount: break;
    }
  }
  return commands;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)bench(); // make the PKI before the first input is timed
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  Bench &b = bench();
  euicc_emu::Card card(b.state);
  std::string lastLog;
  card.setLog([&lastLog](const std::string &line) { lastLog = line; });
  euicc_emu::EmulatorTransport transport(card);
  esim::IsdrSession session(transport);
  esim::Euicc euicc(session);
  const std::unique_ptr<smdpp::DownloadService> service = b.service();
  smdpp::LoopbackHttpClient http(*service);
  esim::Es9pClient es9p(http, {});
  const Bytes bpp =
      smdpp::prepareBoundProfilePackage(euicc, es9p, kSmdpAddress, smdpp::kDemoMatchingId);
  const std::size_t profilesBefore = card.state().profiles.size();

  esim::fuzz::FuzzInput input(data, size);
  const std::vector<Bytes> commands = commandsFor(input, bpp);
  Bytes accepted; // the commands the card took (answered 9000 or its BF37)
  std::optional<esim::ProfileInstallationResult> lastResult;
  for (const Bytes &command : commands) {
    if (command.empty()) continue; // an empty ES10 request is not a command
    lastLog.clear();
    Bytes answer;
    try {
      answer = session.exchange(command);
    } catch (const esim::Error &e) {
      fuzzCheck(e.statusWord().has_value(),
                std::string("a failure without a status word: ") + e.what());
      fuzzCheck(*e.statusWord() != kInternalFailure, "internal failure (6F00) on a command of " +
                                                         std::to_string(command.size()) +
                                                         " bytes: " + lastLog);
      continue;
    }
    accepted.insert(accepted.end(), command.begin(), command.end());
    if (answer.empty()) continue;
    fuzzCheck(answer.size() >= 2 && answer[0] == kPirFirst && answer[1] == kPirSecond,
              "an answer that is neither empty nor a BF37: " + esim::toHex(answer));
    try {
      lastResult = codec::decodeProfileInstallationResult(answer);
    } catch (const esim::Error &e) {
      fuzzCheck(false, std::string("the card's BF37 does not decode: ") + e.what());
    }
  }

  const euicc_emu::EmulatorState after = card.state();
  if (after.profiles.size() != profilesBefore) {
    fuzzCheck(after.profiles.size() == profilesBefore + 1, "more than one profile installed");
    fuzzCheck(accepted == bpp,
              "a profile was installed from accepted commands that are not the bound BPP");
    fuzzCheck(lastResult && lastResult->profileInstallationResultData.successResult,
              "a profile was installed without a successful BF37");
  }
  try {
    euicc_emu::validateState(after, "after fuzz");
  } catch (const esim::Error &e) {
    fuzzCheck(false, std::string("the load left an invalid state: ") + e.what());
  }
  return 0;
}
