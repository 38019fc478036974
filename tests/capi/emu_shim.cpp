// The C shim around euicc_emu::Card for the C API tests.
#include "emu_shim.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <stdlib.h>
#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "euicc_emu/bench.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/faults.hpp"
#include "euicc_emu/state.hpp"

namespace {

// ISO/IEC 7816-4 bytes the optional channel callbacks send themselves.
constexpr std::uint8_t kClaBasic = 0x00;
constexpr std::uint8_t kInsManageChannel = 0x70;
constexpr std::uint8_t kP2CloseChannel = 0x80;
constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kP1SelectByName = 0x04;
constexpr std::uint8_t kSw1Ok = 0x90;
constexpr std::uint8_t kSw1MoreData = 0x61;
constexpr std::uint16_t kSwFileNotFound = 0x6A82;
constexpr std::size_t kSwLength = 2;

std::uint16_t statusWord(const esim::Bytes &r) {
  return r.size() < kSwLength
             ? 0
             : static_cast<std::uint16_t>((r[r.size() - 2] << 8) | r[r.size() - 1]);
}

bool accepted(const esim::Bytes &r) {
  return r.size() >= kSwLength && (r[r.size() - 2] == kSw1Ok || r[r.size() - 2] == kSw1MoreData);
}

} // namespace

struct capi_emu_bench {
  std::filesystem::path dir;
  std::filesystem::path statePath;
};

struct capi_emu {
  std::unique_ptr<euicc_emu::Card> card;
  std::unique_ptr<euicc_emu::FaultInjector> injector; // capi_emu_set_fault_spec
  capi_emu_fault fault = CAPI_EMU_FAULT_NONE;
  esim_status faultStatus = ESIM_OK;
  unsigned opens = 0, closes = 0, begins = 0, ends = 0;
};

namespace {

esim_status transmit(void *context, const std::uint8_t *command, std::size_t commandLength,
                     std::uint8_t *response, std::size_t capacity, std::size_t *responseLength) {
  auto *emu = static_cast<capi_emu *>(context);
  switch (emu->fault) {
  case CAPI_EMU_FAULT_FAIL: return emu->faultStatus;
  case CAPI_EMU_FAULT_ONE_BYTE:
    response[0] = kSw1Ok;
    *responseLength = 1;
    return ESIM_OK;
  case CAPI_EMU_FAULT_OVERSIZED: *responseLength = capacity + 1; return ESIM_OK;
  case CAPI_EMU_FAULT_LENGTH_UNSET: return ESIM_OK;
  case CAPI_EMU_FAULT_NONE: break;
  }
  esim::Bytes r;
  if (emu->injector) {
    euicc_emu::FaultedAnswer a = emu->injector->exchange(esim::ByteView(command, commandLength));
    if (!a.answer) return ESIM_CARD_REMOVED;
    r = std::move(*a.answer);
  } else {
    r = emu->card->processApdu(esim::ByteView(command, commandLength));
  }
  if (r.size() > capacity) return ESIM_MALFORMED_RESPONSE;
  std::memcpy(response, r.data(), r.size());
  *responseLength = r.size();
  return ESIM_OK;
}

esim_status openChannel(void *context, const std::uint8_t *aid, std::size_t aidLength,
                        std::uint8_t *channel) {
  auto *emu = static_cast<capi_emu *>(context);
  ++emu->opens;
  const std::uint8_t open[] = {kClaBasic, kInsManageChannel, 0, 0, 1};
  const esim::Bytes opened = emu->card->processApdu(open);
  if (opened.size() != 3 || !accepted(opened)) return ESIM_CHANNEL_UNAVAILABLE;
  const std::uint8_t number = opened[0];
  esim::Bytes select = {number, kInsSelect, kP1SelectByName, 0,
                        static_cast<std::uint8_t>(aidLength)};
  select.insert(select.end(), aid, aid + aidLength);
  select.push_back(0);
  const esim::Bytes selected = emu->card->processApdu(select);
  if (!accepted(selected)) {
    const std::uint8_t close[] = {kClaBasic, kInsManageChannel, kP2CloseChannel, number};
    (void)emu->card->processApdu(close);
    return statusWord(selected) == kSwFileNotFound ? ESIM_ISDR_NOT_FOUND : ESIM_STATUS_WORD;
  }
  *channel = number;
  return ESIM_OK;
}

esim_status closeChannel(void *context, std::uint8_t channel) {
  auto *emu = static_cast<capi_emu *>(context);
  ++emu->closes;
  const std::uint8_t close[] = {kClaBasic, kInsManageChannel, kP2CloseChannel, channel};
  return accepted(emu->card->processApdu(close)) ? ESIM_OK : ESIM_STATUS_WORD;
}

esim_status beginTransaction(void *context) {
  ++static_cast<capi_emu *>(context)->begins;
  return ESIM_OK;
}

void endTransaction(void *context) {
  ++static_cast<capi_emu *>(context)->ends;
}

capi_emu *make(euicc_emu::EmulatorState state, std::optional<std::filesystem::path> path) {
  try {
    auto emu = std::make_unique<capi_emu>();
    emu->card = std::make_unique<euicc_emu::Card>(std::move(state), std::move(path));
    return emu.release();
  } catch (const std::exception &e) {
    std::fprintf(stderr, "capi_emu: %s\n", e.what());
    return nullptr;
  }
}

} // namespace

extern "C" {

capi_emu_bench *capi_emu_bench_new(void) {
  try {
    std::string pattern = (std::filesystem::temp_directory_path() / "capi-emu-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    auto bench = std::make_unique<capi_emu_bench>();
    bench->dir = buffer.data();
    bench->statePath = bench->dir / "card.json";
    euicc_emu::BenchOptions options;
    options.statePath = bench->statePath;
    (void)euicc_emu::initBench(options);
    return bench.release();
  } catch (const std::exception &e) {
    std::fprintf(stderr, "capi_emu_bench: %s\n", e.what());
    return nullptr;
  }
}

void capi_emu_bench_free(capi_emu_bench *bench) {
  if (bench == nullptr) return;
  std::error_code ignored;
  std::filesystem::remove_all(bench->dir, ignored);
  delete bench;
}

capi_emu *capi_emu_new_demo(const capi_emu_bench *bench) {
  try {
    return make(euicc_emu::loadState(bench->statePath), std::nullopt);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "capi_emu: %s\n", e.what());
    return nullptr;
  }
}

capi_emu *capi_emu_new_from_state_file(const char *path) {
  try {
    return make(euicc_emu::loadState(path), std::filesystem::path(path));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "capi_emu: %s\n", e.what());
    return nullptr;
  }
}

void capi_emu_free(capi_emu *emu) {
  delete emu;
}

void capi_emu_set_fault(capi_emu *emu, capi_emu_fault fault, esim_status status) {
  emu->fault = fault;
  emu->faultStatus = status;
}

esim_transport_callbacks capi_emu_callbacks(void) {
  esim_transport_callbacks callbacks{};
  callbacks.transmit = transmit;
  return callbacks;
}

esim_transport_callbacks capi_emu_full_callbacks(void) {
  esim_transport_callbacks callbacks = capi_emu_callbacks();
  callbacks.open_logical_channel = openChannel;
  callbacks.close_logical_channel = closeChannel;
  callbacks.begin_transaction = beginTransaction;
  callbacks.end_transaction = endTransaction;
  return callbacks;
}

uint32_t capi_emu_open_channels(const capi_emu *emu) {
  return emu->card->openChannelMask();
}

void capi_emu_counts(const capi_emu *emu, unsigned *opens, unsigned *closes, unsigned *begins,
                     unsigned *ends) {
  *opens = emu->opens;
  *closes = emu->closes;
  *begins = emu->begins;
  *ends = emu->ends;
}

} // extern "C"

int capi_emu_set_fault_spec(capi_emu *emu, const char *spec) {
  try {
    euicc_emu::FaultPlan plan;
    euicc_emu::addFaultSpec(plan, spec);
    emu->injector = std::make_unique<euicc_emu::FaultInjector>(*emu->card, std::move(plan));
    return 0;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "capi_emu_set_fault_spec: %s\n", e.what());
    return -1;
  }
}
