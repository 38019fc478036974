// PC/SC context and card handles, reader listing and card-presence waits.
#include "transport/pcsc_handles.hpp"

#include <algorithm>

#include "transport/pcsc_error.hpp"

namespace esim::pcsc {

namespace {

// T=0 first: eUICCs in USB readers are T=0 cards, and pcscd keeps a card in
// the protocol its first connection chose until it powers the card down. Had
// we chosen T=1 for a card that offers both, a program that connects T=0
// only (lpac does) would fail with SCARD_E_PROTO_MISMATCH right after us.
constexpr DWORD kPreferredProtocol = SCARD_PROTOCOL_T0;
// Either protocol, for a card that offers no T=0 or that another program
// already holds in T=1 (both answer kPreferredProtocol with a mismatch).
constexpr DWORD kAnyProtocol = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;

// A reader list can change between the size query and the fetch; retry a few
// times before giving up.
constexpr int kListAttempts = 5;

std::string quoted(const std::string &reader) {
  return "\"" + reader + "\"";
}

// cardUsable reports whether |state| (dwEventState) shows a card that
// answered its ATR.
bool cardUsable(DWORD state) {
  return (state & SCARD_STATE_PRESENT) != 0 && (state & SCARD_STATE_MUTE) == 0;
}

} // namespace

Context::Context() {
  check(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context_),
        "SCardEstablishContext", Stage::setup);
}

Context::~Context() {
  SCardReleaseContext(context_);
}

std::vector<std::string> Context::readerNames() const {
  std::vector<char> buffer;
  for (int attempt = 0;; ++attempt) {
    DWORD size = 0;
    LONG rc = SCardListReaders(context_, nullptr, nullptr, &size);
    if (rc == SCARD_S_SUCCESS) {
      buffer.assign(size, '\0');
      rc = SCardListReaders(context_, nullptr, buffer.data(), &size);
    }
    if (rc == SCARD_E_INSUFFICIENT_BUFFER && attempt + 1 < kListAttempts) {
      continue; // a reader appeared between the two calls
    }
    check(rc, "SCardListReaders", Stage::setup);
    buffer.resize(size);
    break;
  }
  // A multi-string: names separated by NUL, ended by an empty name.
  std::vector<std::string> names;
  for (auto it = buffer.begin(); it != buffer.end() && *it != '\0';) {
    auto end = std::find(it, buffer.end(), '\0');
    names.emplace_back(it, end);
    it = end == buffer.end() ? end : end + 1;
  }
  if (names.empty()) {
    throw pcscError(SCARD_E_NO_READERS_AVAILABLE, "SCardListReaders", Stage::setup);
  }
  return names;
}

std::vector<ReaderInfo> Context::readers() const {
  const std::vector<std::string> names = readerNames();
  std::vector<SCARD_READERSTATE> states(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    states[i] = {};
    states[i].szReader = names[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  // With every current state UNAWARE the call returns at once with the
  // present states.
  const LONG rc =
      SCardGetStatusChange(context_, 0, states.data(), static_cast<DWORD>(states.size()));
  if (rc != SCARD_E_TIMEOUT) {
    check(rc, "SCardGetStatusChange", Stage::setup);
  }
  std::vector<ReaderInfo> infos;
  for (std::size_t i = 0; i < names.size(); ++i) {
    ReaderInfo info;
    info.name = names[i];
    info.cardPresent = (states[i].dwEventState & SCARD_STATE_PRESENT) != 0;
    if (info.cardPresent) {
      const auto atrLength = std::min<std::size_t>(states[i].cbAtr, sizeof states[i].rgbAtr);
      info.atr.assign(states[i].rgbAtr, states[i].rgbAtr + atrLength);
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

bool Context::waitForCard(const std::string &reader, std::chrono::milliseconds timeout) const {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  SCARD_READERSTATE state = {};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  DWORD wait = 0; // first call: just read the present state
  for (;;) {
    const LONG rc = SCardGetStatusChange(context_, wait, &state, 1);
    if (rc == SCARD_E_TIMEOUT) {
      return false;
    }
    check(rc, "SCardGetStatusChange(" + quoted(reader) + ")", Stage::setup);
    if ((state.dwEventState & SCARD_STATE_UNKNOWN) != 0) {
      throw pcscError(SCARD_E_UNKNOWN_READER, "SCardGetStatusChange(" + quoted(reader) + ")",
                      Stage::setup);
    }
    if (cardUsable(state.dwEventState)) {
      return true;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      return false;
    }
    state.dwCurrentState = state.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    wait = static_cast<DWORD>(left);
  }
}

Card::Card(const Context &context, const std::string &reader) : reader_(reader) {
  const auto connect = [&](DWORD protocols) {
    return SCardConnect(context.get(), reader.c_str(), SCARD_SHARE_SHARED, protocols, &handle_,
                        &protocol_);
  };
  LONG rc = connect(kPreferredProtocol);
  if (rc == SCARD_E_PROTO_MISMATCH) {
    rc = connect(kAnyProtocol);
  }
  check(rc, "SCardConnect(" + quoted(reader) + ")", Stage::setup);
}

Card::~Card() {
  SCardDisconnect(handle_, SCARD_LEAVE_CARD);
}

void Card::reconnect() {
  const auto reconnectWith = [&](DWORD protocols) {
    return SCardReconnect(handle_, SCARD_SHARE_SHARED, protocols, SCARD_LEAVE_CARD, &protocol_);
  };
  LONG rc = reconnectWith(kPreferredProtocol);
  if (rc == SCARD_E_PROTO_MISMATCH) {
    rc = reconnectWith(kAnyProtocol);
  }
  check(rc, "SCardReconnect(" + quoted(reader_) + ")", Stage::connected);
}

} // namespace esim::pcsc
