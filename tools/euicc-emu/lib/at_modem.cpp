// The emulated modem's UICC commands, on top of the card's APDU interface.
#include "euicc_emu/at_modem.hpp"

#include <thread>

#include "esim/apdu.hpp"
#include "euicc_emu/at_command.hpp"

namespace euicc_emu {
namespace {

constexpr std::string_view kCrLf = "\r\n";
std::string line(std::string_view text) {
  std::string out(kCrLf);
  out += text;
  out += kCrLf;
  return out;
}

std::string ok() {
  return line("OK");
}
std::string error() {
  return line("ERROR");
}
std::string cmeError(AtCmeError code) {
  return line("+CME ERROR: " + std::to_string(static_cast<unsigned>(code)));
}

} // namespace

std::string AtModem::handleLine(std::string_view text) {
  std::string out;
  if (echo_) {
    out += text;
    out += '\r';
  }
  try {
    return out + answer(parseAtCommand(text));
  } catch (const std::exception &) {
    // A card answer too short for a status word during +CCHO, or a channel
    // number the CLA cannot code: the modem gives up on the card.
    return out + cardVanished();
  }
}

std::string AtModem::answer(const AtCommand &command) {
  switch (command.kind) {
  case AtCommandKind::attention: return ok();
  case AtCommandKind::echoOff: echo_ = false; return ok();
  case AtCommandKind::echoOn: echo_ = true; return ok();
  case AtCommandKind::openChannel: return openChannel(command.data);
  case AtCommandKind::closeChannel: return closeChannel(command.session);
  case AtCommandKind::cgla: {
    auto session = sessions_.find(command.session);
    if (session == sessions_.end()) return cmeError(AtCmeError::invalidIndex);
    return transmit(command.data, session->second, "+CGLA");
  }
  case AtCommandKind::csim: return transmit(command.data, 0, "+CSIM");
  case AtCommandKind::badParameter: return cmeError(AtCmeError::incorrectParameters);
  case AtCommandKind::syntaxError: break;
  }
  return error();
}

AtModem::Exchange AtModem::exchange(const esim::Bytes &capdu) {
  FaultedAnswer answer = faults_.exchange(capdu);
  if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
  if (!answer.answer) return {true, {}};
  return {false, std::move(*answer.answer)};
}

std::string AtModem::cardVanished() {
  // A modem reports a card that stopped answering as a SIM failure and
  // powers it up again; every session is gone with the card's channels.
  sessions_.clear();
  faults_.reset();
  return cmeError(AtCmeError::simFailure);
}

std::string AtModem::openChannel(const esim::Bytes &aid) {
  Exchange opened = exchange(esim::CommandApdu::manageChannelOpen().toBytes());
  if (opened.vanished) return cardVanished();
  esim::ResponseApdu answer = esim::ResponseApdu::parse(opened.answer);
  if (!answer.ok() || answer.data.size() != 1) return cmeError(AtCmeError::operationNotAllowed);
  const std::uint8_t channel = answer.data[0];

  Exchange selected = exchange(esim::CommandApdu::select(channel, aid).toBytes());
  if (selected.vanished) return cardVanished();
  esim::ResponseApdu selectAnswer = esim::ResponseApdu::parse(selected.answer);
  if (!selectAnswer.ok() && selectAnswer.sw1 != esim::sw::kMoreDataSw1) {
    Exchange closed = exchange(esim::CommandApdu::manageChannelClose(channel).toBytes());
    if (closed.vanished) return cardVanished();
    return cmeError(selectAnswer.sw() == esim::sw::kFileNotFound ? AtCmeError::notFound
                                                                 : AtCmeError::operationNotAllowed);
  }
  // The FCI (or its 61xx announcement) is not passed on: +CCHO answers the
  // session id only, as TS 27.007 defines it.
  const std::uint32_t session = nextSession_++;
  sessions_[session] = channel;
  return line(std::to_string(session)) + ok();
}

std::string AtModem::closeChannel(std::uint32_t session) {
  auto found = sessions_.find(session);
  if (found == sessions_.end()) return cmeError(AtCmeError::invalidIndex);
  const std::uint8_t channel = found->second;
  sessions_.erase(found);
  Exchange closed = exchange(esim::CommandApdu::manageChannelClose(channel).toBytes());
  if (closed.vanished) return cardVanished();
  return ok();
}

std::string AtModem::transmit(const esim::Bytes &capdu, std::uint8_t channel,
                              std::string_view name) {
  esim::Bytes command = capdu;
  // +CGLA: the modem owns the channel numbers, so it puts the session's
  // channel into the CLA whatever the host wrote there. +CSIM passes the
  // APDU as it is.
  if (channel != 0) command[0] = esim::claForChannel(command[0], channel);
  Exchange answer = exchange(command);
  if (answer.vanished) return cardVanished();
  const std::string hex = esim::toHex(answer.answer);
  return line(std::string(name) + ": " + std::to_string(hex.size()) + ",\"" + hex + "\"") + ok();
}

} // namespace euicc_emu
