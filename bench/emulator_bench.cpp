// emulator_bench: how many ES10 exchanges (STORE DATA + GET RESPONSE) the
// in-process emulator answers per second on one thread (Google Benchmark).
//
//   build/bench/bench/emulator_bench
//
// Target (issue 5): at least 20,000 ES10 STORE DATA exchanges a second on one
// core, so that tests and benchmarks measure the LPA, not the emulator.
// items_per_second is ES10 exchanges per second.
//
// BM_LoadBpp12K and BM_Download12K (issue 11): the emulator's load
// throughput and a whole in-process download of a ~12 KB profile
// (smdpp-emu's demo package with 8 filler elements): a card with a test PKI
// (euicc_emu::initBench, make-test-pki.sh into a temporary directory), the
// SM-DP+ as smdpp::DownloadService in-process (smdpp::LoopbackHttpClient:
// its real checks and BPP builder, no sockets). BM_LoadBpp12K times only
// Euicc::loadBoundProfilePackage (STORE DATA of the 18 ES10b commands, the
// card's unwrap, checks and commit, the BF37), after an untimed mutual
// authentication and PrepareDownload on a fresh card; bytes_per_second is
// BPP bytes per second. BM_Download12K times esim::downloadProfile, install
// notification included.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench_data.hpp"
#include "codec/es10_codec.hpp"
#include "esim/apdu.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/profile_download.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/state.hpp"

#include "catalog.hpp"
#include "cert_checks.hpp"
#include "demo_profile.hpp"
#include "download_service.hpp"
#include "loopback_http.hpp"

namespace {

using esim::Bytes;
namespace codec = esim::codec;

constexpr std::uint8_t kSw1MoreData = 0x61;
constexpr std::uint8_t kSw1Ok = 0x90;
constexpr std::uint16_t kFullLe = 256;

// cardState returns the demo state, or with |fullCard| the 16 large profiles
// of bench_data (no PKI: these benchmarks only read).
euicc_emu::EmulatorState cardState(bool fullCard) {
  euicc_emu::EmulatorState state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  if (fullCard) state.profiles = esim::bench::benchProfiles();
  return state;
}

// expectSw fails the benchmark loudly if the card answered something else:
// a fast wrong answer is not a result.
void expectSw(const Bytes &r, std::uint8_t sw1, const char *what) {
  if (r.size() < 2 || r[r.size() - 2] != sw1) {
    throw std::runtime_error(std::string(what) + ": unexpected answer " + esim::toHex(r));
  }
}

// BM_RawGetEid: Card::processApdu alone, one GetEID exchange per iteration
// (STORE DATA with the whole request, then GET RESPONSE for the 61xx).
void BM_RawGetEid(benchmark::State &state) {
  euicc_emu::Card card(cardState(false));
  const Bytes open = card.processApdu(esim::CommandApdu::manageChannelOpen().toBytes());
  expectSw(open, kSw1Ok, "MANAGE CHANNEL");
  const std::uint8_t channel = open[0];
  const Bytes aid = euicc_emu::defaultIsdrAid();
  card.processApdu(esim::CommandApdu::select(channel, aid).toBytes());
  const Bytes storeData =
      esim::CommandApdu::storeData(channel, true, 0, codec::encodeGetEidRequest()).toBytes();
  for (auto _ : state) {
    Bytes announce = card.processApdu(storeData);
    expectSw(announce, kSw1MoreData, "STORE DATA");
    Bytes answer = card.processApdu(
        esim::CommandApdu::getResponse(channel, announce.back() == 0 ? kFullLe : announce.back())
            .toBytes());
    expectSw(answer, kSw1Ok, "GET RESPONSE");
    benchmark::DoNotOptimize(answer);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawGetEid);

// BM_SessionExchange: IsdrSession::exchange over EmulatorTransport (APDU
// encoding and parsing on both sides, segmentation, GET RESPONSE chaining)
// plus decoding the answer, as the library does for each ES10 call.
template <bool FullCard> void sessionBench(benchmark::State &state, const Bytes &request) {
  euicc_emu::Card card(cardState(FullCard));
  euicc_emu::EmulatorTransport transport(card);
  esim::IsdrSession session(transport);
  std::size_t answerBytes = 0;
  for (auto _ : state) {
    Bytes answer = session.exchange(request);
    answerBytes = answer.size();
    benchmark::DoNotOptimize(answer);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["answer_bytes"] = static_cast<double>(answerBytes);
}

void BM_SessionGetEid(benchmark::State &state) {
  sessionBench<false>(state, codec::encodeGetEidRequest());
}
BENCHMARK(BM_SessionGetEid);

void BM_SessionGetProfilesInfoDemo(benchmark::State &state) {
  sessionBench<false>(state, codec::encodeProfileInfoListRequest({}));
}
BENCHMARK(BM_SessionGetProfilesInfoDemo);

void BM_SessionGetProfilesInfo16(benchmark::State &state) {
  sessionBench<true>(state, codec::encodeProfileInfoListRequest({}));
}
BENCHMARK(BM_SessionGetProfilesInfo16);

void BM_SessionGetEuiccInfo2(benchmark::State &state) {
  sessionBench<false>(state, codec::encodeGetEuiccInfo2Request());
}
BENCHMARK(BM_SessionGetEuiccInfo2);

// ---- Download (issue 11) ----

namespace fs = std::filesystem;

constexpr char kSmdpAddress[] = "smdp.travel.example";
constexpr char kBenchMatchingId[] = "BENCH-12K";
constexpr char kBenchIccid[] = "8944476500000000013";
constexpr std::size_t kBenchFillerElements = 8; // about 12 KB

// DownloadBench is the card state with its PKI and the in-process SM-DP+,
// made once per process (the PKI script takes about a second).
struct DownloadBench {
  fs::path dir;
  euicc_emu::EmulatorState state;
  smdpp::X509Ptr ci;
  std::unique_ptr<smdpp::DownloadService> service;
  std::size_t packageBytes = 0;

  DownloadBench() {
    std::string pattern = (fs::temp_directory_path() / "emulator-bench-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = buf.data();
    euicc_emu::BenchOptions options;
    options.statePath = dir / "card.json";
    state = euicc_emu::initBench(options);
    const fs::path pki = dir / "pki";
    state.pki->euiccKey = (pki / "euicc.key").string();
    state.pki->euiccCertificate = (pki / "euicc.pem").string();
    state.pki->eumCertificate = (pki / "eum.pem").string();
    state.pki->ciCertificates = {(pki / "ci.pem").string()};
    state.pki->baseDirectory.clear();
    const Bytes upp = smdpp::demoProfilePackage(kBenchIccid, kBenchFillerElements);
    packageBytes = upp.size();
    std::ofstream(dir / "bench-12k.der", std::ios::binary)
        .write(reinterpret_cast<const char *>(upp.data()),
               static_cast<std::streamsize>(upp.size()));
    const std::string catalog =
        std::string(R"({"profiles": [{"matchingId": ")") + kBenchMatchingId +
        R"(", "profilePackage": "bench-12k.der", "reusable": true, "metadata": {"iccid": ")" +
        kBenchIccid +
        R"(", "serviceProviderName": "esimctl Bench", "profileName": "Bench 12 KB"}}]})";
    ci = smdpp::loadCertificateFile((pki / "ci.pem").string(), "CI");
    service = std::make_unique<smdpp::DownloadService>(
        ci.get(),
        smdpp::DpCredential::load((pki / "dpauth.pem").string(), (pki / "dpauth.key").string(),
                                  "DPauth"),
        smdpp::DpCredential::load((pki / "dppb.pem").string(), (pki / "dppb.key").string(), "DPpb"),
        smdpp::Catalog::fromJson(catalog, dir.string(), kSmdpAddress, "bench catalog"),
        kSmdpAddress);
  }
  ~DownloadBench() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  DownloadBench(const DownloadBench &) = delete;
  DownloadBench &operator=(const DownloadBench &) = delete;
};

DownloadBench &downloadBench() {
  static DownloadBench bench;
  return bench;
}

// LpaStack is one fresh card reached as esimctl reaches it, and the ES9+
// client of the in-process SM-DP+.
struct LpaStack {
  explicit LpaStack(DownloadBench &b)
      : card(b.state), transport(card), session(transport), euicc(session), http(*b.service),
        es9p(http, {}) {}
  euicc_emu::Card card;
  euicc_emu::EmulatorTransport transport;
  esim::IsdrSession session;
  esim::Euicc euicc;
  smdpp::LoopbackHttpClient http;
  esim::Es9pClient es9p;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_LoadBpp12K(benchmark::State &state) {
  DownloadBench &b = downloadBench();
  std::size_t bppBytes = 0;
  for (auto _ : state) {
    LpaStack lpa(b);
    const Bytes bpp =
        smdpp::prepareBoundProfilePackage(lpa.euicc, lpa.es9p, kSmdpAddress, kBenchMatchingId);
    const auto start = std::chrono::steady_clock::now();
    const esim::LoadBoundProfilePackageResult result = lpa.euicc.loadBoundProfilePackage(bpp, {});
    state.SetIterationTime(secondsSince(start));
    if (!result.profileInstallationResult ||
        !result.profileInstallationResult->profileInstallationResultData.successResult) {
      throw std::runtime_error("LoadBoundProfilePackage did not install the profile");
    }
    bppBytes = bpp.size();
    state.counters["commands"] = static_cast<double>(result.commandsSent);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bppBytes));
  state.counters["bpp_bytes"] = static_cast<double>(bppBytes);
  state.counters["package_bytes"] = static_cast<double>(b.packageBytes);
}
BENCHMARK(BM_LoadBpp12K)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Download12K(benchmark::State &state) {
  DownloadBench &b = downloadBench();
  esim::DownloadOrder order;
  order.smdpAddress = kSmdpAddress;
  order.matchingId = esim::SecretString(kBenchMatchingId);
  order.deviceInfo = esim::deviceInfoFromImei("");
  for (auto _ : state) {
    LpaStack lpa(b);
    const auto start = std::chrono::steady_clock::now();
    const esim::DownloadOutcome out = esim::downloadProfile(lpa.euicc, lpa.es9p, order);
    state.SetIterationTime(secondsSince(start));
    if (out.iccid != kBenchIccid || !out.delivery || !out.delivery->delivered) {
      throw std::runtime_error("the download did not install and report the profile");
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Download12K)->UseManualTime()->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
