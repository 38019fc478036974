// PcscTransport: an eUICC in a PC/SC reader (pcsc-lite on Linux).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "esim/transport.hpp"

namespace esim {

// ReaderInfo describes one PC/SC reader.
struct ReaderInfo {
  std::string name;
  bool cardPresent = false;
  Bytes atr; // empty when no card
};

// listReaders returns the readers pcscd knows. Throws
// Error(Errc::pcscNoService) when pcscd is not running, Error(Errc::noReader)
// when there is none, Error(Errc::pcscFailure) otherwise.
std::vector<ReaderInfo> listReaders();

// ReaderSelector says which reader PcscTransport::open uses.
struct ReaderSelector {
  // name selects the reader with exactly this name, or, if none is exactly
  // equal, the only reader whose name contains it.
  std::optional<std::string> name;
  // index selects the n-th reader of listReaders() (0-based).
  std::optional<std::size_t> index;
  // Neither set: the first reader holding a card that has an ISD-R.
};

// PcscTransport is a connection to the card in one reader (shared mode; T=0
// when the card offers it, else T=1). Each beginTransaction() is an
// SCardBeginTransaction.
class PcscTransport final : public ApduTransport {
public:
  // open connects to the reader chosen by |selector|. |trace|, if set, is
  // installed (setTrace) before the first APDU, so it also sees the ISD-R
  // probe of the default selection. Throws Error(Errc::pcscNoService),
  // Error(Errc::noReader), Error(Errc::readerNotFound) (the message lists the
  // readers there are), Error(Errc::ambiguous) (a name part matching several
  // readers), Error(Errc::noCard), Error(Errc::readerBusy) or
  // Error(Errc::isdrNotFound) (default selection and no card answered with an
  // ISD-R).
  //
  // The default selection probes each card with MANAGE CHANNEL and SELECT of
  // |isdrAids| (default kKnownIsdrAids). The chosen card's channel stays open
  // with the ISD-R selected, for the first openLogicalChannel() of that AID
  // (an IsdrSession with the same AIDs) to take over without APDUs; if nobody
  // takes it, the destructor closes it.
  static std::unique_ptr<PcscTransport> open(const ReaderSelector &selector,
                                             const std::vector<Bytes> &isdrAids = {},
                                             const TraceFn &trace = {});
  // ~PcscTransport closes the channel open() left for a session if none took
  // it, ends an open transaction, disconnects leaving the card powered, and
  // releases the PC/SC context; never throws.
  ~PcscTransport() override;
  PcscTransport(const PcscTransport &) = delete;
  PcscTransport &operator=(const PcscTransport &) = delete;

  // readerName returns the name of the connected reader.
  const std::string &readerName() const noexcept;
  // atr returns the card's ATR.
  const Bytes &atr() const noexcept;

  // beginTransaction is SCardBeginTransaction; it waits while another process
  // holds a transaction. Throws Error(Errc::cardRemoved) if the card went
  // away, Error(Errc::pcscFailure) otherwise. Transactions nest: only the
  // outermost one reaches PC/SC.
  void beginTransaction() override;
  // endTransaction is SCardEndTransaction(SCARD_LEAVE_CARD); never throws.
  void endTransaction() noexcept override;

  // openLogicalChannel hands over the channel open() left selected on |aid|
  // without sending anything, and throws Error(Errc::isdrNotFound) without
  // sending anything for an AID that answered 6A82 in that probe (until the
  // channel is handed over). Otherwise, and after the card was reset, it
  // opens a channel as ApduTransport::openLogicalChannel does, with its
  // errors.
  LogicalChannel openLogicalChannel(ByteView aid) override;

protected:
  // transmitApdu is SCardTransmit. Throws Error(Errc::cardRemoved) when the
  // card is gone (also when pcscd answers with an empty reply),
  // Error(Errc::pcscFailure) otherwise.
  ResponseApdu transmitApdu(const CommandApdu &command) override;

private:
  struct Impl;
  explicit PcscTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace esim
