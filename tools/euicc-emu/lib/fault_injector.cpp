// FaultInjector: applies a FaultPlan between a transport and the Card. It
// looks at APDUs only as far as a fault needs (which ES10 function a STORE
// DATA sequence carries, for tears); everything else is the Card's job.
#include <algorithm>

#include "codec/es10_codec.hpp"
#include "es10_handlers.hpp"
#include "esim/apdu.hpp"
#include "euicc_emu/faults.hpp"

namespace euicc_emu {

namespace {

constexpr std::size_t kHeaderBytes = 4;
constexpr std::size_t kShortLcOffset = 4;
constexpr std::size_t kDataOffset = 5;
constexpr std::uint8_t kClaProprietaryBit = 0x80;
constexpr std::uint8_t kP1LastBlockBit = 0x80;
constexpr std::size_t kSwBytes = 2;

std::string header(esim::ByteView capdu) {
  return esim::toHex(capdu.first(std::min(capdu.size(), kHeaderBytes)));
}

std::string swText(std::uint16_t sw) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (int shift = 12; shift >= 0; shift -= 4)
    out += kDigits[(sw >> shift) & 0xF];
  return out;
}

// truncate drops the second half of the data of |answer| and keeps the
// status word; an answer with only a status word loses SW2.
esim::Bytes truncate(esim::Bytes answer) {
  if (answer.size() <= kSwBytes) {
    answer.resize(std::min<std::size_t>(answer.size(), 1));
    return answer;
  }
  const std::size_t data = answer.size() - kSwBytes;
  esim::Bytes out(answer.begin(), answer.begin() + static_cast<std::ptrdiff_t>(data / 2));
  out.insert(out.end(), answer.end() - kSwBytes, answer.end());
  return out;
}

template <typename Fault> auto takeFault(std::vector<Fault> &faults, unsigned apdu) {
  auto it =
      std::find_if(faults.begin(), faults.end(), [&](const Fault &f) { return f.apdu == apdu; });
  std::optional<Fault> out;
  if (it != faults.end()) {
    out = *it;
    faults.erase(it); // each fault fires once
  }
  return out;
}

} // namespace

FaultInjector::FaultInjector(Card &card, FaultPlan plan, LogFn log)
    : card_(card), plan_(std::move(plan)), log_(std::move(log)),
      storeDataFunction_(kMaxLogicalChannels), loadingBpp_(kMaxLogicalChannels, false) {}

void FaultInjector::log(const std::string &line) noexcept {
  if (!log_) return;
  try {
    log_(line);
  } catch (...) {
    // Logging must never change what the card does.
  }
}

void FaultInjector::logChannelChanges(std::uint32_t before, const std::string &why) noexcept {
  const std::uint32_t after = card_.openChannelMask();
  if (after == before) return;
  try {
    for (unsigned n = 0; n < kMaxLogicalChannels; ++n) {
      const std::uint32_t bit = std::uint32_t{1} << n;
      if ((before & bit) == (after & bit)) continue;
      log("channel " + std::to_string(n) + ((after & bit) ? " opened " : " closed ") + why);
    }
  } catch (...) {
    // Out of memory while logging: the card itself is fine.
  }
}

void FaultInjector::powerOff() noexcept {
  std::fill(loadingBpp_.begin(), loadingBpp_.end(), false);
  const std::uint32_t before = card_.openChannelMask();
  card_.powerOff();
  logChannelChanges(before, "by power off");
}

void FaultInjector::powerOn() noexcept {
  std::fill(loadingBpp_.begin(), loadingBpp_.end(), false);
  const std::uint32_t before = card_.openChannelMask();
  card_.powerOn();
  logChannelChanges(before, "by power on");
}

void FaultInjector::reset() noexcept {
  std::fill(loadingBpp_.begin(), loadingBpp_.end(), false);
  const std::uint32_t before = card_.openChannelMask();
  card_.reset();
  logChannelChanges(before, "by reset");
}

FaultedAnswer FaultInjector::vanish(FaultedAnswer a, std::chrono::milliseconds absence,
                                    const std::string &what) {
  log("fault: " + what + " at APDU #" + std::to_string(a.apdu));
  powerOff();
  a.answer.reset();
  a.absence = absence;
  return a;
}

FaultedAnswer FaultInjector::exchange(esim::ByteView capdu) noexcept {
  FaultedAnswer a;
  try {
    a.apdu = ++count_;
    a.delay = plan_.latency;
    const std::string number = "APDU #" + std::to_string(a.apdu);

    if (auto f = takeFault(plan_.removals, a.apdu)) {
      return vanish(a, f->absence, "card removed before answering " + header(capdu));
    }
    if (auto f = takeFault(plan_.statusWords, a.apdu)) {
      log("fault: status word " + swText(f->sw) + " instead of processing " + header(capdu) +
          " at " + number);
      a.answer = esim::Bytes{static_cast<std::uint8_t>(f->sw >> 8),
                             static_cast<std::uint8_t>(f->sw & 0xFF)};
      return a;
    }

    // Which ES10 function this STORE DATA belongs to: block 0 starts with
    // the request's tag; the last block (P1 bit 8) makes the card run it.
    std::string tornFunction;
    std::optional<FaultPlan::TearFault> tear;
    std::optional<FaultPlan::AnswerFault> forced;
    const bool storeData = capdu.size() > kDataOffset && capdu[1] == esim::ins::kStoreData &&
                           (capdu[0] & kClaProprietaryBit) != 0;
    if (storeData && plan_.maxStoreDataBlock != 0 &&
        capdu[kShortLcOffset] > plan_.maxStoreDataBlock) {
      log("fault: " + header(capdu) + " with " + std::to_string(capdu[kShortLcOffset]) +
          " bytes refused (max-block=" + std::to_string(plan_.maxStoreDataBlock) + ") at " +
          number);
      a.answer = esim::Bytes{static_cast<std::uint8_t>(esim::sw::kWrongLength >> 8),
                             static_cast<std::uint8_t>(esim::sw::kWrongLength & 0xFF)};
      return a;
    }
    if (storeData) {
      const unsigned channel = esim::channelFromCla(capdu[0]);
      if (channel < storeDataFunction_.size()) {
        if (capdu[3] == 0) {
          const std::size_t lc = capdu[kShortLcOffset];
          esim::ByteView data =
              capdu.subspan(kDataOffset, std::min(lc, capdu.size() - kDataOffset));
          const esim::codec::Es10Function known = esim::codec::identifyRequest(data);
          const char *download = downloadFunctionName(data, loadingBpp_[channel]);
          storeDataFunction_[channel] = known == esim::codec::Es10Function::unknown && download
                                            ? download
                                            : esim::codec::functionName(known);
          loadingBpp_[channel] = storeDataFunction_[channel] == "LoadBoundProfilePackage";
        }
        if ((capdu[2] & kP1LastBlockBit) != 0) {
          const std::string &function = storeDataFunction_[channel];
          auto run = std::find_if(runs_.begin(), runs_.end(),
                                  [&](const auto &r) { return r.first == function; });
          if (run == runs_.end()) run = runs_.insert(runs_.end(), {function, 0u});
          const unsigned occurrence = ++run->second;
          auto it = std::find_if(plan_.tears.begin(), plan_.tears.end(), [&](const auto &t) {
            return t.function == function && t.occurrence == occurrence;
          });
          if (it != plan_.tears.end()) {
            tear = *it;
            plan_.tears.erase(it);
          }
          auto answer =
              std::find_if(plan_.answers.begin(), plan_.answers.end(), [&](const auto &f) {
                return f.function == function && f.occurrence == occurrence;
              });
          if (answer != plan_.answers.end()) {
            forced = std::move(*answer);
            plan_.answers.erase(answer);
          }
        }
      }
    }
    if (tear && tear->point == TearPoint::before) {
      return vanish(a, tear->absence, "power lost before " + tear->function + " ran");
    }
    if (forced) {
      log("fault: " + forced->function + " answered " + esim::toHex(forced->data) +
          " without running at " + number);
      forced->data.push_back(esim::sw::kOk >> 8);
      forced->data.push_back(esim::sw::kOk & 0xFF);
      a.answer = std::move(forced->data);
      return a;
    }

    const std::uint32_t channelsBefore = card_.openChannelMask();
    esim::Bytes answer = card_.processApdu(capdu);
    logChannelChanges(channelsBefore, "at " + number);

    if (tear) {
      return vanish(a, tear->absence, "power lost after " + tear->function + " committed");
    }
    if (takeFault(plan_.truncations, a.apdu)) {
      log("fault: answer to " + header(capdu) + " truncated from " + std::to_string(answer.size()) +
          " bytes at " + number);
      answer = truncate(std::move(answer));
    }
    a.answer = std::move(answer);
    return a;
  } catch (...) {
    // Only allocation can fail here; answer as the card does then.
    a.answer =
        esim::Bytes{esim::sw::kNoPreciseDiagnosis >> 8, esim::sw::kNoPreciseDiagnosis & 0xFF};
    return a;
  }
}

} // namespace euicc_emu
