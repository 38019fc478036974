// Card: APDU handling of the emulated eUICC (ISO/IEC 7816-4 clauses 5.4.1,
// 7.6.1, 11.1.1, 11.1.2; GlobalPlatform Card Specification STORE DATA;
// SGP.22 clause 5.7.2). The checks run in the order a real card makes them:
// length of the header, class, instruction, channel, then the command's own
// parameters.
#include "euicc_emu/card.hpp"

#include <array>
#include <mutex>

#include "codec/der_reader.hpp"
#include "download_session.hpp"
#include "es10_handlers.hpp"
#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "euicc_emu/atr.hpp"
#include "state_store.hpp"

namespace euicc_emu {

namespace {

using esim::Bytes;
using esim::ByteView;
using esim::ResponseApdu;

// Status words beyond those esim::sw names (ISO/IEC 7816-4 clause 5.6).
constexpr std::uint16_t kFunctionNotSupported = 0x6A81;
constexpr std::uint16_t kNotEnoughMemory = 0x6A84;
constexpr std::uint16_t kSecureMessagingNotSupported = 0x6882;
constexpr std::uint16_t kChainingNotSupported = 0x6884;

// CLA bits (ISO/IEC 7816-4 clause 5.4.1).
constexpr std::uint8_t kClaInvalid = 0xFF;
constexpr std::uint8_t kClaProprietaryBit = 0x80;
constexpr std::uint8_t kClaFormMask = 0x60;     // bits 7-6 select the form
constexpr std::uint8_t kClaFirstForm = 0x00;    // 000x xxxx: channels 0-3
constexpr std::uint8_t kClaReservedForm = 0x20; // 001x xxxx: reserved
constexpr std::uint8_t kClaChainingBit = 0x10;
constexpr std::uint8_t kClaFirstSmBits = 0x0C;  // first form: secure messaging
constexpr std::uint8_t kClaFurtherSmBit = 0x20; // further form: secure messaging

// MANAGE CHANNEL (ISO/IEC 7816-4 clause 11.1.2).
constexpr std::uint8_t kP1Open = 0x00;
constexpr std::uint8_t kP1Close = 0x80;
constexpr std::uint8_t kMaxChannelNumber = 19;

// SELECT (ISO/IEC 7816-4 clause 11.1.1).
constexpr std::uint8_t kP1SelectByDfName = 0x04;
constexpr std::uint8_t kP1SelectByPathLimit = 0x09; // P1 00..09: by file id or path
constexpr std::uint8_t kP2OccurrenceMask = 0x03;
constexpr std::uint8_t kP2FirstOccurrence = 0x00;
constexpr std::uint8_t kP2NextOccurrence = 0x02;
constexpr std::uint8_t kP2ResponseMask = 0x0C;
constexpr std::uint8_t kP2NoResponseData = 0x0C;
constexpr std::uint8_t kP2ReservedMask = 0xF0;
constexpr std::size_t kMinPartialAid = 5; // the RID

// FCI of the ISD-R: 6F { 84 AID, A5 { 9F65 max command data }, E0 { 82 version } }.
constexpr esim::codec::TagValue kTagFci = 0x6F;
constexpr esim::codec::TagValue kTagDfName = 0x84;
constexpr esim::codec::TagValue kTagFciProprietary = 0xA5;
constexpr esim::codec::TagValue kTagMaxCommandData = 0x9F65;
constexpr esim::codec::TagValue kTagIsdrProprietary = 0xE0;
constexpr esim::codec::TagValue kTagIsdrVersion = 0x82;
constexpr std::uint8_t kMaxCommandData = 0xFF;

// STORE DATA (GlobalPlatform Card Specification clause 11.11; SGP.22 5.7.2).
constexpr std::uint8_t kP1StoreDataMore = 0x11;
constexpr std::uint8_t kP1StoreDataLast = 0x91;
// Largest reassembled ES10 request; a bound profile package segment is far
// smaller, and a hostile LPA must not grow the emulator without limit.
constexpr std::size_t kMaxStoreDataRequest = 32 * 1024;

constexpr std::size_t kMaxResponseChunk = 256;

// ClaInfo is what a CLA byte says.
struct ClaInfo {
  bool valid = false;
  bool proprietary = false;
  bool secureMessaging = false;
  bool chaining = false;
  std::uint8_t channel = 0;
};

ClaInfo decodeCla(std::uint8_t cla) noexcept {
  ClaInfo info;
  if (cla == kClaInvalid || (cla & kClaFormMask) == kClaReservedForm) return info;
  info.valid = true;
  info.proprietary = (cla & kClaProprietaryBit) != 0;
  info.chaining = (cla & kClaChainingBit) != 0;
  if ((cla & kClaFormMask) == kClaFirstForm) {
    info.secureMessaging = (cla & kClaFirstSmBits) != 0;
  } else {
    info.secureMessaging = (cla & kClaFurtherSmBit) != 0;
  }
  info.channel = esim::channelFromCla(cla);
  return info;
}

// ClassRule says which class an instruction is defined in.
enum class ClassRule { interindustry, proprietary, either };

struct InsEntry {
  std::uint8_t ins;
  ClassRule rule;
};

constexpr InsEntry kInstructions[] = {
    {esim::ins::kManageChannel, ClassRule::interindustry},
    {esim::ins::kSelect, ClassRule::interindustry},
    // ISO defines GET RESPONSE as interindustry; lpac sends it with CLA 8n.
    {esim::ins::kGetResponse, ClassRule::either},
    {esim::ins::kStoreData, ClassRule::proprietary},
    {esim::ins::kTerminalCapability, ClassRule::proprietary},
};

Bytes sw(std::uint16_t value) {
  return {static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)};
}

Bytes withSw(Bytes data, std::uint16_t value) {
  data.push_back(static_cast<std::uint8_t>(value >> 8));
  data.push_back(static_cast<std::uint8_t>(value & 0xFF));
  return data;
}

// moreData returns 61xx announcing |remaining| bytes (xx = 00 means 256 or more).
Bytes moreData(std::size_t remaining) {
  std::size_t chunk = std::min(remaining, kMaxResponseChunk);
  return {esim::sw::kMoreDataSw1, static_cast<std::uint8_t>(chunk & 0xFF)};
}

Bytes wrongLe(std::size_t exact) {
  return {esim::sw::kWrongLeSw1, static_cast<std::uint8_t>(exact & 0xFF)};
}

// ChannelState is what one logical channel remembers between commands.
struct ChannelState {
  bool open = false;
  bool isdrSelected = false;
  // STORE DATA reassembly: the blocks received so far and the next number.
  bool storeDataActive = false;
  unsigned nextBlock = 0;
  Bytes request;
  // Response waiting for GET RESPONSE.
  Bytes pending;
  std::size_t pendingOffset = 0;
  // The profile download under way on this channel (RAM only: a reset or
  // closing the channel ends it; other APDUs and channels leave it alone).
  DownloadSession download;

  void dropTransfer() {
    storeDataActive = false;
    nextBlock = 0;
    request.clear();
    request.shrink_to_fit();
    pending.clear();
    pending.shrink_to_fit();
    pendingOffset = 0;
  }
  void close() {
    dropTransfer();
    download.end();
    download.lastDiagnostic.clear();
    open = false;
    isdrSelected = false;
  }
};

} // namespace

struct Card::Impl {
  Impl(EmulatorState state, std::optional<std::filesystem::path> path)
      : store(std::move(state), std::move(path)) {
    resetChannels();
  }
  Impl(const std::filesystem::path &path, StateFileLocking locking,
       std::chrono::milliseconds lockTimeout)
      : store(path, locking, lockTimeout) {
    resetChannels();
  }

  mutable std::mutex mutex;
  StateStore store;
  std::array<ChannelState, kMaxLogicalChannels> channels;
  LogFn log;
  esim::Bytes atrWithoutState = defaultAtr();

  void resetChannels() noexcept {
    for (ChannelState &c : channels)
      c.close();
    channels[0].open = true; // the basic channel is always open
  }

  void diagnose(const std::string &line) noexcept {
    if (!log) return;
    try {
      log(line);
    } catch (...) {
      // A failing log sink must not change the card's answer.
    }
  }

  Bytes process(ByteView raw);
  Bytes manageChannel(const esim::CommandApdu &c, std::uint8_t channel);
  Bytes select(const esim::CommandApdu &c, ChannelState &ch);
  Bytes getResponse(const esim::CommandApdu &c, ChannelState &ch);
  Bytes storeData(const esim::CommandApdu &c, ChannelState &ch);
  Bytes startResponse(ChannelState &ch, Bytes data);
  Bytes fci() const;
};

Bytes Card::Impl::process(ByteView raw) {
  if (raw.size() < 4) return sw(esim::sw::kWrongLength);
  const std::uint8_t claByte = raw[0];
  const std::uint8_t insByte = raw[1];
  ClaInfo cla = decodeCla(claByte);
  if (!cla.valid) return sw(esim::sw::kClaNotSupported);
  const InsEntry *entry = nullptr;
  for (const InsEntry &e : kInstructions) {
    if (e.ins == insByte) entry = &e;
  }
  if (!entry) return sw(esim::sw::kInsNotSupported);
  if ((entry->rule == ClassRule::interindustry && cla.proprietary) ||
      (entry->rule == ClassRule::proprietary && !cla.proprietary)) {
    return sw(esim::sw::kClaNotSupported);
  }
  if (cla.secureMessaging) return sw(kSecureMessagingNotSupported);
  if (cla.chaining) return sw(kChainingNotSupported);
  if (cla.channel >= channels.size() || !channels[cla.channel].open) {
    return sw(esim::sw::kChannelNotSupported);
  }
  esim::CommandApdu c;
  try {
    c = esim::CommandApdu::parse(raw);
  } catch (const esim::Error &) {
    return sw(esim::sw::kWrongLength); // Lc does not match, or extended length
  }
  ChannelState &ch = channels[cla.channel];
  // Response data not fetched right away is lost, as on a T=0 card.
  if (insByte != esim::ins::kGetResponse) {
    ch.pending.clear();
    ch.pendingOffset = 0;
  }
  switch (insByte) {
  case esim::ins::kManageChannel: return manageChannel(c, cla.channel);
  case esim::ins::kSelect: return select(c, ch);
  case esim::ins::kGetResponse: return getResponse(c, ch);
  case esim::ins::kStoreData: return storeData(c, ch);
  case esim::ins::kTerminalCapability:
    // The LPA announces what the device supports; the card only acknowledges.
    if (c.p1 != 0 || c.p2 != 0) return sw(esim::sw::kIncorrectP1P2);
    return sw(esim::sw::kOk);
  default: return sw(esim::sw::kInsNotSupported);
  }
}

Bytes Card::Impl::manageChannel(const esim::CommandApdu &c, std::uint8_t channel) {
  if (!c.data.empty()) return sw(esim::sw::kWrongLength);
  if (c.p1 == kP1Open) {
    std::size_t target = c.p2;
    if (target == 0) {
      // The card assigns the lowest free number.
      target = 1;
      while (target < channels.size() && channels[target].open)
        ++target;
      if (target == channels.size()) return sw(kFunctionNotSupported);
    } else if (target > kMaxChannelNumber) {
      return sw(esim::sw::kIncorrectP1P2);
    } else if (target >= channels.size()) {
      return sw(esim::sw::kChannelNotSupported);
    } else if (channels[target].open) {
      return sw(esim::sw::kConditionsNotSatisfied);
    }
    ChannelState &fresh = channels[target];
    fresh.close();
    fresh.open = true;
    // Opened from a non-basic channel, the new one inherits its selection.
    fresh.isdrSelected = channel != 0 && channels[channel].isdrSelected;
    if (c.p2 != 0) return sw(esim::sw::kOk);
    return withSw(Bytes{static_cast<std::uint8_t>(target)}, esim::sw::kOk);
  }
  if (c.p1 == kP1Close) {
    std::size_t target = c.p2 != 0 ? c.p2 : channel;
    if (target == 0) return sw(kFunctionNotSupported); // the basic channel stays open
    if (target > kMaxChannelNumber) return sw(esim::sw::kIncorrectP1P2);
    if (target >= channels.size() || !channels[target].open) {
      return sw(esim::sw::kChannelNotSupported);
    }
    channels[target].close();
    return sw(esim::sw::kOk);
  }
  return sw(esim::sw::kIncorrectP1P2);
}

Bytes Card::Impl::fci() const {
  namespace der = esim::codec::der;
  const EmulatorState &s = store.state();
  Bytes proprietary;
  der::appendTlv(proprietary, kTagMaxCommandData, Bytes{kMaxCommandData});
  Bytes isdrData;
  der::appendTlv(isdrData, kTagIsdrVersion, s.euiccInfo2.svn);
  Bytes body;
  der::appendTlv(body, kTagDfName, s.isdrAid);
  der::appendTlv(body, kTagFciProprietary, proprietary);
  der::appendTlv(body, kTagIsdrProprietary, isdrData);
  Bytes out;
  der::appendTlv(out, kTagFci, body);
  return out;
}

Bytes Card::Impl::select(const esim::CommandApdu &c, ChannelState &ch) {
  if (c.p1 <= kP1SelectByPathLimit && c.p1 != kP1SelectByDfName) {
    // Selection by file identifier or path: this card has no files.
    return sw(esim::sw::kFileNotFound);
  }
  if (c.p1 != kP1SelectByDfName || (c.p2 & kP2ReservedMask) != 0) {
    return sw(esim::sw::kIncorrectP1P2);
  }
  const std::uint8_t occurrence = c.p2 & kP2OccurrenceMask;
  if (occurrence == kP2NextOccurrence) return sw(esim::sw::kFileNotFound); // only one ISD-R
  if (occurrence != kP2FirstOccurrence) return sw(esim::sw::kIncorrectP1P2);
  if (c.data.empty()) return sw(esim::sw::kWrongLength);

  const Bytes &aid = store.state().isdrAid;
  // A right-truncated AID selects too (ISO/IEC 7816-4 clause 12.2.3).
  bool found = c.data.size() <= aid.size() && c.data.size() >= kMinPartialAid &&
               std::equal(c.data.begin(), c.data.end(), aid.begin());
  if (!found) return sw(esim::sw::kFileNotFound); // the old selection stays
  ch.dropTransfer();
  ch.isdrSelected = true;
  if ((c.p2 & kP2ResponseMask) == kP2NoResponseData) return sw(esim::sw::kOk);
  Bytes data = fci();
  if (c.le) {
    if (*c.le < data.size()) return wrongLe(data.size());
    return withSw(std::move(data), esim::sw::kOk);
  }
  return startResponse(ch, std::move(data));
}

Bytes Card::Impl::startResponse(ChannelState &ch, Bytes data) {
  if (data.empty()) return sw(esim::sw::kOk);
  ch.pending = std::move(data);
  ch.pendingOffset = 0;
  return moreData(ch.pending.size());
}

Bytes Card::Impl::getResponse(const esim::CommandApdu &c, ChannelState &ch) {
  if (c.p1 != 0 || c.p2 != 0) return sw(esim::sw::kIncorrectP1P2);
  if (!c.data.empty()) return sw(esim::sw::kWrongLength);
  const std::size_t remaining = ch.pending.size() - ch.pendingOffset;
  if (remaining == 0) return sw(esim::sw::kConditionsNotSatisfied);
  const std::size_t available = std::min(remaining, kMaxResponseChunk);
  // Le above what is waiting (or no Le): 6Cxx tells the exact length and the
  // data stays for the retry. Le below: that many bytes, the rest stays.
  if (!c.le || *c.le > available) return wrongLe(available);
  const std::size_t n = *c.le;
  auto first = ch.pending.begin() + static_cast<std::ptrdiff_t>(ch.pendingOffset);
  Bytes out(first, first + static_cast<std::ptrdiff_t>(n));
  ch.pendingOffset += n;
  const std::size_t left = ch.pending.size() - ch.pendingOffset;
  if (left == 0) {
    ch.pending.clear();
    ch.pending.shrink_to_fit();
    ch.pendingOffset = 0;
    return withSw(std::move(out), esim::sw::kOk);
  }
  Bytes status = moreData(left);
  out.insert(out.end(), status.begin(), status.end());
  return out;
}

Bytes Card::Impl::storeData(const esim::CommandApdu &c, ChannelState &ch) {
  if (!ch.isdrSelected) return sw(esim::sw::kConditionsNotSatisfied);
  if (c.p1 != kP1StoreDataMore && c.p1 != kP1StoreDataLast) {
    ch.dropTransfer();
    return sw(esim::sw::kIncorrectP1P2);
  }
  if (c.data.empty()) {
    ch.dropTransfer();
    return sw(esim::sw::kWrongLength);
  }
  if (c.p2 == 0) {
    ch.dropTransfer(); // block 0 starts a new request, abandoning any partial one
  } else if (!ch.storeDataActive || c.p2 != ch.nextBlock) {
    diagnose("STORE DATA block " + std::to_string(c.p2) + " out of order (expected " +
             std::to_string(ch.storeDataActive ? ch.nextBlock : 0) + "); request dropped");
    ch.dropTransfer();
    return sw(esim::sw::kIncorrectP1P2);
  }
  if (ch.request.size() + c.data.size() > kMaxStoreDataRequest) {
    diagnose("STORE DATA request exceeds " + std::to_string(kMaxStoreDataRequest) +
             " bytes; dropped");
    ch.dropTransfer();
    return sw(kNotEnoughMemory);
  }
  ch.request.insert(ch.request.end(), c.data.begin(), c.data.end());
  if (c.p1 == kP1StoreDataMore) {
    ch.storeDataActive = true;
    ch.nextBlock = c.p2 + 1u;
    return sw(esim::sw::kOk);
  }
  Bytes request = std::move(ch.request);
  ch.dropTransfer();
  store.takeFileError(); // an error of an earlier function is no longer news
  try {
    store.beginCommand();
  } catch (const esim::Error &e) {
    diagnose(std::string("state file not reloaded: ") + e.what());
    return sw(esim::sw::kMemoryFailure); // as for a failed save: nothing was done
  }
  // The lock of a perCommand store is held until the function has answered.
  struct EndCommand {
    StateStore &store;
    ~EndCommand() { store.endCommand(); }
  } endCommand{store};
  Es10Answer answer = handleEs10(store, ch.download, request);
  if (answer.sw != esim::sw::kOk) {
    diagnose(answer.diagnostic);
    return sw(answer.sw);
  }
  if (!answer.diagnostic.empty()) diagnose(answer.diagnostic);
  return startResponse(ch, std::move(answer.response));
}

Card::Card(EmulatorState state, std::optional<std::filesystem::path> statePath)
    : impl_(std::make_unique<Impl>(std::move(state), std::move(statePath))) {}

Card::Card(const std::filesystem::path &statePath, StateFileLocking locking,
           std::chrono::milliseconds lockTimeout)
    : impl_(std::make_unique<Impl>(statePath, locking, lockTimeout)) {}

Card::~Card() = default;

esim::Bytes Card::atr() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->store.state().atr.value_or(impl_->atrWithoutState);
}

void Card::setDefaultAtr(esim::Bytes atr) {
  std::lock_guard lock(impl_->mutex);
  impl_->atrWithoutState = std::move(atr);
}

esim::Bytes Card::processApdu(esim::ByteView capdu) noexcept {
  std::lock_guard lock(impl_->mutex);
  try {
    return impl_->process(capdu);
  } catch (const std::bad_alloc &) {
    impl_->resetChannels(); // free what a hostile request may have piled up
    return sw(kNotEnoughMemory);
  } catch (...) {
    return sw(esim::sw::kNoPreciseDiagnosis);
  }
}

void Card::powerOff() noexcept {
  std::lock_guard lock(impl_->mutex);
  impl_->resetChannels();
}

void Card::powerOn() noexcept {
  std::lock_guard lock(impl_->mutex);
  impl_->resetChannels();
}

void Card::reset() noexcept {
  std::lock_guard lock(impl_->mutex);
  impl_->resetChannels();
}

std::uint32_t Card::openChannelMask() const noexcept {
  std::lock_guard lock(impl_->mutex);
  std::uint32_t mask = 0;
  for (std::size_t i = 0; i < impl_->channels.size(); ++i) {
    if (impl_->channels[i].open) mask |= std::uint32_t{1} << i;
  }
  return mask;
}

EmulatorState Card::state() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->store.state();
}

std::optional<esim::Error> Card::takeFileError() {
  std::lock_guard lock(impl_->mutex);
  return impl_->store.takeFileError();
}

void Card::setLog(LogFn log) {
  std::lock_guard lock(impl_->mutex);
  impl_->log = std::move(log);
}

} // namespace euicc_emu
