#include "capi/callback_transport.hpp"

#include <algorithm>
#include <new>
#include <string>

#include "capi/capi_support.hpp"
#include "esim/bytes.hpp"

namespace esim::capi {

namespace {

// kStatusWordLength is SW1 SW2, the least an R-APDU can be.
constexpr std::size_t kStatusWordLength = 2;

// callbackFailed is the error for a callback that returned |status|.
[[noreturn]] void callbackFailed(const char *callback, esim_status status,
                                 const std::string &detail) {
  if (status == ESIM_OUT_OF_MEMORY) throw std::bad_alloc();
  throw Error(toErrc(status),
              std::string("transport callback ") + callback + " failed with " +
                  esim_status_name(status) + " (" + std::to_string(static_cast<int>(status)) + ")" +
                  detail,
              "check the device's transport (modem, reader) that implements the callback");
}

} // namespace

CallbackTransport::CallbackTransport(const esim_transport_callbacks &callbacks, void *context)
    : callbacks_(callbacks), context_(context), response_(ESIM_MAX_RESPONSE_APDU) {
  if (callbacks_.transmit == nullptr) {
    throw Error(Errc::invalidArgument, "esim_euicc_open_callbacks: callbacks->transmit is NULL",
                "transmit is the one callback every transport must provide");
  }
}

ResponseApdu CallbackTransport::transmitApdu(const CommandApdu &command) {
  const Bytes raw = command.toBytes();
  // A length the callback did not write would otherwise pass for a valid
  // answer; larger than any buffer, it is caught below.
  std::size_t length = response_.size() + 1;
  const esim_status status = callbacks_.transmit(context_, raw.data(), raw.size(), response_.data(),
                                                 response_.size(), &length);
  if (status != ESIM_OK) {
    callbackFailed("transmit", status,
                   " sending C-APDU " +
                       toHex(ByteView(raw.data(), std::min<std::size_t>(raw.size(), 4))) + "...");
  }
  if (length > response_.size()) {
    throw Error(Errc::malformedResponse,
                "transport callback transmit reported a response of " + std::to_string(length) +
                    " bytes for a buffer of " + std::to_string(response_.size()),
                "the callback must set *response_len to the bytes it wrote");
  }
  if (length < kStatusWordLength) {
    throw Error(Errc::malformedResponse,
                "transport callback transmit returned " + std::to_string(length) +
                    " byte(s); an R-APDU ends with the 2-byte status word SW1 SW2",
                "the callback must return the card's data followed by SW1 SW2");
  }
  return ResponseApdu::parse(ByteView(response_.data(), length));
}

LogicalChannel CallbackTransport::openLogicalChannel(ByteView aid) {
  if (callbacks_.open_logical_channel == nullptr) return ApduTransport::openLogicalChannel(aid);
  LogicalChannel channel;
  const esim_status status =
      callbacks_.open_logical_channel(context_, aid.data(), aid.size(), &channel.number);
  if (status != ESIM_OK) {
    callbackFailed("open_logical_channel", status, " for AID " + toHex(aid));
  }
  return channel;
}

void CallbackTransport::closeLogicalChannel(std::uint8_t channel) noexcept {
  if (callbacks_.close_logical_channel == nullptr) {
    ApduTransport::closeLogicalChannel(channel);
    return;
  }
  // Ignored on purpose: there is nothing left to do for a channel that
  // cannot be closed, and this runs from destructors.
  (void)callbacks_.close_logical_channel(context_, channel);
}

void CallbackTransport::beginTransaction() {
  if (callbacks_.begin_transaction == nullptr) return;
  const esim_status status = callbacks_.begin_transaction(context_);
  if (status != ESIM_OK) callbackFailed("begin_transaction", status, {});
}

void CallbackTransport::endTransaction() noexcept {
  if (callbacks_.end_transaction != nullptr) callbacks_.end_transaction(context_);
}

} // namespace esim::capi
