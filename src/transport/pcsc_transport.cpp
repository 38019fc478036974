// PcscTransport: one card connection through pcsc-lite, and the choice of the
// reader to connect to.
#include "esim/pcsc_transport.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <variant>

#include "esim/error.hpp"
#include "esim/isdr_session.hpp"
#include "transport/pcsc_error.hpp"
#include "transport/pcsc_handles.hpp"

namespace esim {

namespace {

// The reply buffer: short APDUs need 256 + 2 bytes, but a reader that answers
// more must not turn into SCARD_E_INSUFFICIENT_BUFFER; the extended size
// costs only memory.
constexpr std::size_t kReplyBufferSize = MAX_BUFFER_SIZE_EXTENDED;

constexpr DWORD kStatusWordBytes = 2;
// pcscd polls card presence about every 400 ms; a reply without a status
// word waits that long (and a little more) to learn whether the card left.
constexpr auto kRemovalNoticeTime = std::chrono::milliseconds(1000);
constexpr auto kRemovalPoll = std::chrono::milliseconds(50);

std::string quoted(const std::string &text) {
  return "\"" + text + "\"";
}

std::string spacedHex(ByteView bytes) {
  std::string hex = toHex(bytes);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i != 0) out += ' ';
    out.append(hex, i, 2);
  }
  return out;
}

std::string readerList(const std::vector<ReaderInfo> &readers) {
  std::string out;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    out += (i == 0 ? "" : ", ") + std::to_string(i) + ": " + quoted(readers[i].name);
  }
  return out;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// ProbedChannel is what the default selection's probe left on the card it
// chose: a channel with the ISD-R selected on |aid|, and the AIDs tried before
// that answered 6A82.
struct ProbedChannel {
  Bytes aid;
  LogicalChannel channel;
  std::vector<Bytes> notFound;
};

bool sameBytes(const Bytes &a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace

struct PcscTransport::Impl {
  explicit Impl(const std::string &reader) : card(context, reader), buffer(kReplyBufferSize) {
    readAtr();
  }

  pcsc::Context context;
  pcsc::Card card;
  Bytes atr;
  int transactionDepth = 0;
  std::vector<BYTE> buffer;
  // probed is the channel open() left for the session; gone once handed
  // over, and after a reset (which closes every logical channel).
  std::optional<ProbedChannel> probed;

  void readAtr() {
    BYTE raw[MAX_ATR_SIZE];
    DWORD atrLength = sizeof raw;
    DWORD state = 0;
    DWORD protocol = 0;
    DWORD nameLength = 0;
    // pcsc-lite fills the lengths even without a name buffer.
    pcsc::check(SCardStatus(card.get(), nullptr, &nameLength, &state, &protocol, raw, &atrLength),
                "SCardStatus(" + quoted(card.reader()) + ")", pcsc::Stage::connected);
    atr.assign(raw, raw + std::min<std::size_t>(atrLength, sizeof raw));
  }

  // afterReset runs |call|; if another program reset the card meanwhile
  // (SCARD_W_RESET_CARD), it reconnects once, takes the PC/SC transaction
  // again if one was held, and repeats |call|. Logical channels do not survive
  // a reset, so the repeated command may still fail at the card; that is
  // reported as its status word by the caller.
  template <typename Call> LONG afterReset(Call call) {
    LONG rc = call();
    if (rc != SCARD_W_RESET_CARD) {
      return rc;
    }
    card.reconnect();
    probed.reset();
    if (transactionDepth > 0) {
      rc = SCardBeginTransaction(card.get());
      if (rc != SCARD_S_SUCCESS) {
        return rc;
      }
    }
    return call();
  }

  // checkCardStillThere throws Error(Errc::cardRemoved) naming |call| if the
  // card left the reader (PC/SC may notice only at its next presence poll,
  // so it asks for up to kRemovalNoticeTime); returns if the card stays.
  void checkCardStillThere(const std::string &call) {
    const auto deadline = std::chrono::steady_clock::now() + kRemovalNoticeTime;
    while (true) {
      DWORD state = 0;
      DWORD protocol = 0;
      DWORD nameLength = 0;
      DWORD atrLength = 0;
      const LONG rc =
          SCardStatus(card.get(), nullptr, &nameLength, &state, &protocol, nullptr, &atrLength);
      if (rc == SCARD_W_REMOVED_CARD || rc == SCARD_E_NO_SMARTCARD ||
          rc == SCARD_E_READER_UNAVAILABLE || (rc == SCARD_S_SUCCESS && !(state & SCARD_PRESENT))) {
        throw pcsc::pcscError(rc == SCARD_S_SUCCESS ? SCARD_W_REMOVED_CARD : rc, call,
                              pcsc::Stage::connected);
      }
      if (rc != SCARD_S_SUCCESS || std::chrono::steady_clock::now() >= deadline) return;
      std::this_thread::sleep_for(kRemovalPoll);
    }
  }

  const SCARD_IO_REQUEST *sendPci() const {
    switch (card.protocol()) {
    case SCARD_PROTOCOL_T0: return SCARD_PCI_T0;
    case SCARD_PROTOCOL_T1: return SCARD_PCI_T1;
    default: return SCARD_PCI_RAW;
    }
  }
};

PcscTransport::PcscTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PcscTransport::~PcscTransport() {
  if (impl_ && impl_->probed) {
    // Nobody took the probe's channel; leaving it open would cost the card
    // one of its few channels until its next reset.
    ApduTransport::closeLogicalChannel(impl_->probed->channel.number);
  }
  // A transaction left open (only possible if a caller forgot endTransaction)
  // would block other programs until we disconnect; end it first.
  if (impl_ && impl_->transactionDepth > 0) {
    SCardEndTransaction(impl_->card.get(), SCARD_LEAVE_CARD);
  }
}

const std::string &PcscTransport::readerName() const noexcept {
  return impl_->card.reader();
}

const Bytes &PcscTransport::atr() const noexcept {
  return impl_->atr;
}

void PcscTransport::beginTransaction() {
  if (impl_->transactionDepth == 0) {
    const LONG rc = impl_->afterReset([&] { return SCardBeginTransaction(impl_->card.get()); });
    pcsc::check(rc, "SCardBeginTransaction(" + quoted(readerName()) + ")", pcsc::Stage::connected);
  }
  ++impl_->transactionDepth;
}

void PcscTransport::endTransaction() noexcept {
  if (impl_->transactionDepth == 0) {
    return;
  }
  if (--impl_->transactionDepth == 0) {
    // Nothing useful can be done if this fails: the card is gone, which the
    // next command reports.
    SCardEndTransaction(impl_->card.get(), SCARD_LEAVE_CARD);
  }
}

LogicalChannel PcscTransport::openLogicalChannel(ByteView aid) {
  // A caller holding a transaction (IsdrSession does) has already learned in
  // beginTransaction whether the card was reset since the probe, which
  // forgets the probe's channel.
  if (std::optional<ProbedChannel> &probed = impl_->probed) {
    if (sameBytes(probed->aid, aid)) {
      LogicalChannel channel = std::move(probed->channel);
      probed.reset();
      return channel;
    }
    for (const Bytes &missing : probed->notFound) {
      if (sameBytes(missing, aid)) {
        throw Error(Errc::isdrNotFound,
                    "SELECT " + toHex(aid) + ": card answered " +
                        statusWordText(sw::kFileNotFound) + " when the reader was chosen",
                    "this card has no ISD-R with that AID; is it an eUICC? try --aid with the "
                    "card's ISD-R AID")
            .withStatusWord(sw::kFileNotFound);
      }
    }
  }
  return ApduTransport::openLogicalChannel(aid);
}

ResponseApdu PcscTransport::transmitApdu(const CommandApdu &command) {
  const Bytes raw = command.toBytes();
  DWORD received = 0;
  const LONG rc = impl_->afterReset([&] {
    received = static_cast<DWORD>(impl_->buffer.size());
    return SCardTransmit(impl_->card.get(), impl_->sendPci(), raw.data(),
                         static_cast<DWORD>(raw.size()), nullptr, impl_->buffer.data(), &received);
  });
  if (rc != SCARD_S_SUCCESS) {
    const std::size_t header = std::min<std::size_t>(raw.size(), 4);
    throw pcsc::pcscError(rc,
                          "SCardTransmit(" + quoted(readerName()) + ", " +
                              spacedHex(ByteView(raw.data(), header)) + ")",
                          pcsc::Stage::connected);
  }
  if (received < kStatusWordBytes) {
    // vpcd (and some readers) answer a card that vanished mid-command with
    // an empty reply instead of an error: ask PC/SC whether it is still
    // there before calling the answer malformed.
    impl_->checkCardStillThere(
        "SCardTransmit(" + quoted(readerName()) + ", " +
        spacedHex(ByteView(raw.data(), std::min<std::size_t>(raw.size(), 4))) + ")");
  }
  return ResponseApdu::parse(ByteView(impl_->buffer.data(), received));
}

namespace {

using Connect = std::function<std::unique_ptr<PcscTransport>(const std::string &reader)>;

// probeIsdr opens a channel on |transport| and selects the first of |aids|
// that answers. Returns that channel, still open, or the error that explains
// why no ISD-R answered (every channel it opened is closed again then).
std::variant<ProbedChannel, Error> probeIsdr(PcscTransport &transport,
                                             const std::vector<Bytes> &aids) {
  try {
    Transaction transaction(transport);
    std::vector<Bytes> notFound;
    for (const Bytes &aid : aids) {
      std::optional<LogicalChannel> channel;
      try {
        channel = transport.openLogicalChannel(aid);
      } catch (const Error &e) {
        if (e.code() != Errc::isdrNotFound) {
          throw;
        }
        notFound.push_back(aid);
        continue;
      }
      try {
        return ProbedChannel{aid, std::move(*channel), std::move(notFound)};
      } catch (...) {
        transport.closeLogicalChannel(channel->number); // out of memory: leave no channel behind
        throw;
      }
    }
    return Error(Errc::isdrNotFound, "SELECT ISD-R answered 6A82 for every AID");
  } catch (const Error &e) {
    return e;
  }
}

// Chosen is the reader the default selection chose, with the channel its
// probe left open.
struct Chosen {
  std::unique_ptr<PcscTransport> transport;
  ProbedChannel channel;
};

// byName returns the reader called |wanted|, or else the only one whose name
// contains it (ignoring case).
const std::string &byName(const std::vector<ReaderInfo> &readers, const std::string &wanted) {
  for (const ReaderInfo &reader : readers) {
    if (reader.name == wanted) {
      return reader.name;
    }
  }
  std::vector<const ReaderInfo *> matches;
  for (const ReaderInfo &reader : readers) {
    if (lower(reader.name).find(lower(wanted)) != std::string::npos) {
      matches.push_back(&reader);
    }
  }
  if (matches.size() == 1) {
    return matches.front()->name;
  }
  if (matches.empty()) {
    throw Error(Errc::readerNotFound,
                "PC/SC: no reader is named or contains " + quoted(wanted) +
                    " (readers: " + readerList(readers) + ")",
                "choose one of the readers listed, by name or index");
  }
  std::string names;
  for (const ReaderInfo *match : matches) {
    names += (names.empty() ? "" : ", ") + quoted(match->name);
  }
  throw Error(Errc::ambiguous,
              "PC/SC: " + quoted(wanted) + " matches " + std::to_string(matches.size()) +
                  " readers: " + names,
              "give more of the reader's name, or choose it by index");
}

// byDefault connects to the first reader whose card has an ISD-R.
Chosen byDefault(const std::vector<ReaderInfo> &readers, const std::vector<Bytes> &aids,
                 const Connect &connect) {
  std::string tried;
  bool anyCard = false;
  bool allBusy = true;
  // With one card there is nothing to choose between: its own failure
  // (channel unavailable, status word, card removed...) says more than
  // "no ISD-R".
  std::optional<Error> lastFailure;
  std::size_t cardsTried = 0;
  for (const ReaderInfo &reader : readers) {
    if (!reader.cardPresent) {
      continue;
    }
    anyCard = true;
    std::optional<Error> failure;
    try {
      std::unique_ptr<PcscTransport> transport = connect(reader.name);
      std::variant<ProbedChannel, Error> probe = probeIsdr(*transport, aids);
      if (ProbedChannel *channel = std::get_if<ProbedChannel>(&probe)) {
        return Chosen{std::move(transport), std::move(*channel)};
      }
      failure = std::get<Error>(std::move(probe));
    } catch (const Error &e) {
      if (e.code() == Errc::pcscNoService) {
        throw; // pcscd went away: nothing else will work either
      }
      failure = e;
    }
    allBusy = allBusy && failure->code() == Errc::readerBusy;
    ++cardsTried;
    lastFailure = failure;
    tried += (tried.empty() ? "" : "; ") + quoted(reader.name) + ": " + failure->what();
  }
  if (!anyCard) {
    throw Error(Errc::noCard,
                "PC/SC: no reader holds a card (readers: " + readerList(readers) + ")",
                "insert the eUICC; for the emulator, start euicc-emu so that it connects to vpcd");
  }
  if (allBusy) {
    throw Error(Errc::readerBusy,
                "PC/SC: every reader with a card is in exclusive use (" + tried + ")",
                "close the other program using the card, then retry");
  }
  if (cardsTried == 1 && lastFailure->code() != Errc::isdrNotFound) {
    throw *lastFailure;
  }
  throw Error(Errc::isdrNotFound, "PC/SC: no card answered SELECT ISD-R (" + tried + ")",
              "choose the reader by name or index, or give the ISD-R AID with --aid");
}

} // namespace

std::unique_ptr<PcscTransport> PcscTransport::open(const ReaderSelector &selector,
                                                   const std::vector<Bytes> &isdrAids,
                                                   const TraceFn &trace) {
  // Only open() may build a PcscTransport (the constructor is private); the
  // reader-choice helpers get this function instead of friendship.
  const Connect connect = [&trace](const std::string &reader) {
    std::unique_ptr<PcscTransport> transport(new PcscTransport(std::make_unique<Impl>(reader)));
    transport->setTrace(trace);
    return transport;
  };
  if (selector.name && selector.index) {
    throw Error(Errc::invalidArgument, "PC/SC: a reader was chosen both by name and by index",
                "choose the reader by name or by index, not both");
  }
  const std::vector<ReaderInfo> readers = listReaders();
  if (selector.name) {
    return connect(byName(readers, *selector.name));
  }
  if (selector.index) {
    if (*selector.index >= readers.size()) {
      throw Error(Errc::readerNotFound,
                  "PC/SC: there is no reader " + std::to_string(*selector.index) +
                      " (readers: " + readerList(readers) + ")",
                  "choose one of the readers listed, by name or index");
    }
    return connect(readers[*selector.index].name);
  }
  Chosen chosen = byDefault(readers, isdrAids.empty() ? kKnownIsdrAids : isdrAids, connect);
  // Nothing can throw between the probe and here: the channel is either
  // handed over or closed by the transport's destructor.
  chosen.transport->impl_->probed = std::move(chosen.channel);
  return std::move(chosen.transport);
}

} // namespace esim
