// codec_bench: the ES10 codec on realistic inputs (Google Benchmark).
//
//   build/bench/bench/codec_bench [--benchmark_filter=ProfilesInfo]
//
// The figures are in docs/performance.md. Decoding is what the LPA does on
// every command; encoding is the emulator's side (and the LPA's for requests).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "bench_data.hpp"
#include "codec/es10_codec.hpp"

namespace {

using esim::Bytes;
namespace codec = esim::codec;

Bytes profilesAnswer() {
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = esim::bench::benchProfiles();
  return codec::encodeProfileInfoListResponse(response);
}

codec::RetrieveNotificationsListResponse notificationList(std::int64_t count) {
  codec::RetrieveNotificationsListResponse response;
  for (std::int64_t seq = 0; seq < count; ++seq) {
    response.notificationList.push_back(
        codec::decodePendingNotification(esim::bench::benchNotification(seq)));
  }
  return response;
}

// BM_DecodeProfilesInfo16: the LPA's side of `profile list` on a full card
// (16 profiles, every field, icons of 512..1024 bytes).
void BM_DecodeProfilesInfo16(benchmark::State &state) {
  const Bytes answer = profilesAnswer();
  for (auto _ : state) {
    auto decoded = codec::decodeProfileInfoListResponse(answer);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * answer.size()));
  state.counters["answer_bytes"] = static_cast<double>(answer.size());
}
BENCHMARK(BM_DecodeProfilesInfo16);

// BM_EncodeProfilesInfo16: the card's side of the same answer (emulator).
void BM_EncodeProfilesInfo16(benchmark::State &state) {
  codec::ProfileInfoListResponse response;
  response.profileInfoListOk = esim::bench::benchProfiles();
  for (auto _ : state) {
    Bytes der = codec::encodeProfileInfoListResponse(response);
    benchmark::DoNotOptimize(der);
  }
}
BENCHMARK(BM_EncodeProfilesInfo16);

// BM_EncodeSignedNotification: tbsOtherNotification plus the assembled
// OtherSignedNotification (the emulator's encoding work per notification,
// signing excluded).
void BM_EncodeSignedNotification(benchmark::State &state) {
  std::int64_t seq = 0;
  for (auto _ : state) {
    Bytes der = esim::bench::benchNotification(seq++);
    benchmark::DoNotOptimize(der);
  }
}
BENCHMARK(BM_EncodeSignedNotification);

// BM_DecodePendingNotification: one signed notification with certificates.
void BM_DecodePendingNotification(benchmark::State &state) {
  const Bytes der = esim::bench::benchNotification(7);
  for (auto _ : state) {
    auto decoded = codec::decodePendingNotification(der);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * der.size()));
}
BENCHMARK(BM_DecodePendingNotification);

// BM_DecodeNotificationsList: RetrieveNotificationsList answers of N entries.
void BM_DecodeNotificationsList(benchmark::State &state) {
  const Bytes answer =
      codec::encodeRetrieveNotificationsListResponse(notificationList(state.range(0)));
  for (auto _ : state) {
    auto decoded = codec::decodeRetrieveNotificationsListResponse(answer);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * answer.size()));
}
BENCHMARK(BM_DecodeNotificationsList)->Arg(1)->Arg(10)->Arg(100);

// BM_EncodeNotificationsList: the card splices stored DER into the list.
void BM_EncodeNotificationsList(benchmark::State &state) {
  const auto list = notificationList(state.range(0));
  for (auto _ : state) {
    Bytes der = codec::encodeRetrieveNotificationsListResponse(list);
    benchmark::DoNotOptimize(der);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeNotificationsList)->Arg(1)->Arg(10)->Arg(100);

// BM_DecodeListNotification: metadata of 100 pending notifications
// (`notification list`).
void BM_DecodeListNotification(benchmark::State &state) {
  codec::ListNotificationResponse response;
  for (std::int64_t seq = 0; seq < state.range(0); ++seq)
    response.notificationMetadataList.push_back(
        codec::decodePendingNotification(esim::bench::benchNotification(seq)).metadata);
  const Bytes answer = codec::encodeListNotificationResponse(response);
  for (auto _ : state) {
    auto decoded = codec::decodeListNotificationResponse(answer);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_DecodeListNotification)->Arg(100);

} // namespace

BENCHMARK_MAIN();
