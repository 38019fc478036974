#include "esim/transport.hpp"

#include "esim/error.hpp"

namespace esim {

ResponseApdu ApduTransport::transmit(const CommandApdu &command) {
  if (trace_) {
    Bytes raw = command.toBytes();
    trace_(true, raw);
  }
  ResponseApdu response = transmitApdu(command);
  if (trace_) {
    Bytes raw = response.toBytes();
    trace_(false, raw);
  }
  return response;
}

namespace {
// fetchAll collects the data announced by 61xx answers (ISO/IEC 7816-4 7.6.1).
ResponseApdu collectSelectResponse(ApduTransport &t, std::uint8_t channel, ResponseApdu r) {
  Bytes data = std::move(r.data);
  for (int round = 0; r.sw1 == sw::kMoreDataSw1 && round < 64; ++round) {
    std::uint16_t le = r.sw2 == 0 ? 256 : r.sw2;
    r = t.transmit(CommandApdu::getResponse(channel, le));
    data.insert(data.end(), r.data.begin(), r.data.end());
  }
  r.data = std::move(data);
  return r;
}
} // namespace

LogicalChannel ApduTransport::openLogicalChannel(ByteView aid) {
  ResponseApdu opened = transmit(CommandApdu::manageChannelOpen());
  if (!opened.ok() || opened.data.size() != 1) {
    throw Error(Errc::channelUnavailable,
                "MANAGE CHANNEL open: card answered " + statusWordText(opened.sw()) +
                    (opened.ok() ? " without a channel number" : ""),
                "close other programs that use the card, or remove and re-insert it")
        .withStatusWord(opened.sw());
  }
  LogicalChannel channel;
  channel.number = opened.data[0];
  if (channel.number == 0 || channel.number > 19) {
    throw Error(Errc::channelUnavailable, "MANAGE CHANNEL open: card assigned invalid channel " +
                                              std::to_string(channel.number));
  }
  ResponseApdu selected;
  try {
    selected = collectSelectResponse(*this, channel.number,
                                     transmit(CommandApdu::select(channel.number, aid)));
  } catch (...) {
    closeLogicalChannel(channel.number);
    throw;
  }
  if (!selected.ok()) {
    closeLogicalChannel(channel.number);
    if (selected.sw() == sw::kFileNotFound) {
      throw Error(Errc::isdrNotFound,
                  "SELECT " + toHex(aid) + ": card answered " + statusWordText(selected.sw()),
                  "this card has no ISD-R with that AID; is it an eUICC? try --aid with the "
                  "card's ISD-R AID")
          .withStatusWord(selected.sw());
    }
    throw Error(Errc::statusWord,
                "SELECT " + toHex(aid) + ": card answered " + statusWordText(selected.sw()))
        .withStatusWord(selected.sw());
  }
  channel.selectResponse = std::move(selected.data);
  return channel;
}

void ApduTransport::closeLogicalChannel(std::uint8_t channel) noexcept {
  try {
    (void)transmit(CommandApdu::manageChannelClose(channel));
  } catch (...) {
    // The card or reader is gone; so is the channel.
  }
}

} // namespace esim
