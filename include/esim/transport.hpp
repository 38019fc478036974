// The transport interface: how the library reaches an eUICC.
//
// Implementations: PcscTransport (a PC/SC reader), the emulator's in-process
// transport, a scripted transport for tests, or a device maker's own modem
// transport (for example AT+CSIM / AT+CCHO / AT+CGLA). Implement
// transmitApdu(); the logical channel and transaction hooks have defaults that
// fit a card that is reached by plain APDUs. transmit() is not virtual so that
// tracing (esimctl --trace) sees every APDU of every implementation.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "esim/apdu.hpp"
#include "esim/bytes.hpp"

namespace esim {

// LogicalChannel is the result of opening a logical channel and selecting an
// application on it.
struct LogicalChannel {
  std::uint8_t number = 0;
  // selectResponse is the data of the SELECT answer (FCI), possibly empty.
  Bytes selectResponse;
};

// ApduTransport sends APDUs to one card. Instances are not thread-safe; use one
// per thread or lock around them. Different instances may be used from
// different threads at the same time.
class ApduTransport {
public:
  virtual ~ApduTransport() = default;

  // transmit sends |command| through transmitApdu() and returns the card's
  // answer exactly as received (no 61xx/6Cxx handling: that is the session's
  // job), passing both to the trace callback if one is set. Throws
  // esim::Error on transport failure (card removed, reader gone, ...).
  ResponseApdu transmit(const CommandApdu &command);

  // TraceFn receives each C-APDU (outgoing = true) and R-APDU as raw bytes.
  using TraceFn = std::function<void(bool outgoing, ByteView apdu)>;
  // setTrace installs |trace| (an empty function turns tracing off). Cannot
  // fail; an exception thrown by |trace| propagates out of transmit().
  void setTrace(TraceFn trace) { trace_ = std::move(trace); }

  // openLogicalChannel opens a logical channel and selects |aid| on it. The
  // default sends MANAGE CHANNEL open and SELECT (fetching FCI with GET
  // RESPONSE on 61xx). Throws Error(Errc::channelUnavailable) when no channel
  // can be opened, Error(Errc::isdrNotFound) when SELECT answers 6A82 (the
  // channel is closed again first), Error(Errc::statusWord) otherwise.
  virtual LogicalChannel openLogicalChannel(ByteView aid);

  // closeLogicalChannel closes |channel| (MANAGE CHANNEL close by default).
  // Never throws: a card that is gone has no channel left to close.
  virtual void closeLogicalChannel(std::uint8_t channel) noexcept;

  // beginTransaction asks for exclusive access to the card until
  // endTransaction, so that the APDUs of one ES10 exchange are not
  // interleaved with another program's. Default: nothing. Throws esim::Error
  // if exclusive access cannot be obtained.
  virtual void beginTransaction() {}

  // endTransaction releases exclusive access. Never throws.
  virtual void endTransaction() noexcept {}

protected:
  ApduTransport() = default;
  ApduTransport(const ApduTransport &) = default;
  ApduTransport &operator=(const ApduTransport &) = default;

  // transmitApdu is what an implementation provides: send one C-APDU and
  // return the R-APDU. Throws esim::Error on failure.
  virtual ResponseApdu transmitApdu(const CommandApdu &command) = 0;

private:
  TraceFn trace_;
};

// Transaction holds exclusive access to a transport for its lifetime.
class Transaction {
public:
  // Transaction calls transport.beginTransaction(); throws what it throws.
  explicit Transaction(ApduTransport &transport) : transport_(transport) {
    transport_.beginTransaction();
  }
  ~Transaction() { transport_.endTransaction(); }
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;

private:
  ApduTransport &transport_;
};

} // namespace esim
