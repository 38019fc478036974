// emulator_bench: how many ES10 exchanges (STORE DATA + GET RESPONSE) the
// in-process emulator answers per second on one thread (Google Benchmark).
//
//   build/bench/bench/emulator_bench
//
// Target (issue 5): at least 20,000 ES10 STORE DATA exchanges a second on one
// core, so that tests and benchmarks measure the LPA, not the emulator.
// items_per_second is ES10 exchanges per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "bench_data.hpp"
#include "codec/es10_codec.hpp"
#include "esim/apdu.hpp"
#include "esim/isdr_session.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/state.hpp"

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

} // namespace

BENCHMARK_MAIN();
