// CallbackTransport: an esim::ApduTransport over the C caller's
// esim_transport_callbacks (for example a modem's AT+CGLA).
#pragma once

#include <cstdint>

#include "esim/esim.h"
#include "esim/transport.hpp"

namespace esim::capi {

// CallbackTransport forwards every APDU to the caller's callbacks and turns
// a callback's failure status into esim::Error naming the callback. Optional
// callbacks left NULL fall back to ApduTransport's defaults.
class CallbackTransport final : public ApduTransport {
public:
  // CallbackTransport copies |callbacks|; |context| must outlive it. Throws
  // Error(Errc::invalidArgument) if transmit is NULL.
  CallbackTransport(const esim_transport_callbacks &callbacks, void *context);

  // openLogicalChannel calls open_logical_channel, or the default. Throws
  // Error with the callback's status, naming it, when it fails.
  LogicalChannel openLogicalChannel(ByteView aid) override;
  // closeLogicalChannel calls close_logical_channel, or the default; a
  // failure is ignored (the card may be gone).
  void closeLogicalChannel(std::uint8_t channel) noexcept override;
  // beginTransaction calls begin_transaction if set. Throws Error with its
  // status when it fails.
  void beginTransaction() override;
  // endTransaction calls end_transaction if set.
  void endTransaction() noexcept override;

protected:
  // transmitApdu calls transmit. Throws Error with the callback's status
  // when it fails, Error(Errc::malformedResponse) when it reports fewer than
  // two bytes (no status word) or more than the buffer holds.
  ResponseApdu transmitApdu(const CommandApdu &command) override;

private:
  esim_transport_callbacks callbacks_;
  void *context_;
  Bytes response_;
};

} // namespace esim::capi
