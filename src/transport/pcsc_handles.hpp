// RAII owners of PC/SC handles and the reader queries built on them.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <winscard.h>

#include "esim/pcsc_transport.hpp"

namespace esim::pcsc {

// Context owns an SCARDCONTEXT (SCardEstablishContext, system scope) and
// releases it on destruction.
class Context {
public:
  // Context connects to pcscd. Throws Error(Errc::pcscNoService) when pcscd is
  // not running, Error(Errc::pcscFailure) otherwise.
  Context();
  ~Context();
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  // get returns the raw context for PC/SC calls.
  SCARDCONTEXT get() const noexcept { return context_; }

  // readerNames returns the names SCardListReaders reports. Throws
  // Error(Errc::noReader) when there is none, and the other mapped errors.
  std::vector<std::string> readerNames() const;

  // readers returns readerNames() with each reader's card presence and ATR
  // (SCardGetStatusChange without waiting). Throws like readerNames().
  std::vector<ReaderInfo> readers() const;

  // waitForCard waits until |reader| holds a card that answered its ATR, or
  // until |timeout| passed. Returns whether a card is present. Throws
  // Error(Errc::readerNotFound) for an unknown reader and the other mapped
  // errors.
  bool waitForCard(const std::string &reader, std::chrono::milliseconds timeout) const;

private:
  SCARDCONTEXT context_ = 0;
};

// Card owns an SCARDHANDLE (SCardConnect in shared mode) and disconnects with
// SCARD_LEAVE_CARD on destruction. It asks for T=0 and takes T=1 only when
// the card cannot be used in T=0 (SCARD_E_PROTO_MISMATCH): a card offering
// both stays in T=0 for other programs after us.
class Card {
public:
  // Card connects to the card in |reader|. Throws Error(Errc::noCard),
  // Error(Errc::readerBusy), Error(Errc::readerNotFound) and the other mapped
  // errors.
  Card(const Context &context, const std::string &reader);
  ~Card();
  Card(const Card &) = delete;
  Card &operator=(const Card &) = delete;

  // get returns the raw card handle for PC/SC calls.
  SCARDHANDLE get() const noexcept { return handle_; }
  // protocol returns the active protocol (SCARD_PROTOCOL_T0 or _T1).
  DWORD protocol() const noexcept { return protocol_; }
  // reader returns the name of the reader this card sits in.
  const std::string &reader() const noexcept { return reader_; }

  // reconnect re-establishes the connection after another program reset the
  // card (SCardReconnect, SCARD_LEAVE_CARD), T=0 first as the constructor.
  // Throws the mapped error.
  void reconnect();

private:
  SCARDHANDLE handle_ = 0;
  DWORD protocol_ = 0;
  std::string reader_;
};

} // namespace esim::pcsc
