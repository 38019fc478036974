// AtModemTransport: reaches the eUICC in a cellular modem through the modem's
// AT command port, for devices whose eUICC is not behind a PC/SC reader.
//
//   AtModemTransport modem("/dev/ttyUSB2");
//   esim::IsdrSession session(modem);   // AT+CCHO="<ISD-R AID>"
//   esim::Euicc euicc(session);
//   std::string eid = euicc.getEid();   // AT+CGLA=<session>,...
//   // ~IsdrSession sends AT+CCHC=<session>
//
// The commands are those of 3GPP TS 27.007: +CCHO opens a logical channel and
// selects an application, +CCHC closes it, +CGLA sends an APDU on it, +CSIM
// sends one on the basic channel. Copy this file into your device's code and
// adapt the details your modem differs in (see the comments marked MODEM).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "esim/transport.hpp"

namespace at_modem {

// AtModemOptions configures an AtModemTransport.
struct AtModemOptions {
  // timeout bounds the wait for one command's final result code. ES10
  // functions that write to the card (enable, delete) can take a few seconds
  // on a real eUICC.
  std::chrono::milliseconds timeout{10000};
};

// AtModemTransport is an esim::ApduTransport over a modem's AT port. Not
// thread-safe (one serial port, one command at a time), as the interface says.
class AtModemTransport : public esim::ApduTransport {
public:
  // AtModemTransport opens |device| (the modem's AT port, /dev/ttyUSB2 on
  // many USB modems), puts it in raw mode and turns command echo off. Throws
  // esim::Error(Errc::readerNotFound) if the device cannot be opened or
  // configured, and Errc::ioError if the modem does not answer AT.
  explicit AtModemTransport(const std::string &device, AtModemOptions options = {});
  // ~AtModemTransport closes the port; never throws. Sessions still open are
  // left to the modem (it closes them when the port closes or on reset).
  ~AtModemTransport() override;
  AtModemTransport(const AtModemTransport &) = delete;
  AtModemTransport &operator=(const AtModemTransport &) = delete;

  // openLogicalChannel sends AT+CCHO="<aid>". The modem answers a session id
  // that is not a channel number, so the channel returned is one this class
  // picks and maps to the session. Throws esim::Error(Errc::isdrNotFound)
  // on +CME ERROR: 22 (not found; the library then tries the next ISD-R
  // AID), Errc::channelUnavailable on any other error answer, Errc::ioError
  // on a timeout or an answer that is not a session id.
  esim::LogicalChannel openLogicalChannel(esim::ByteView aid) override;

  // closeLogicalChannel sends AT+CCHC=<session>. Never throws: errors are
  // ignored because the channel is unusable either way.
  void closeLogicalChannel(std::uint8_t channel) noexcept override;

protected:
  // transmitApdu sends |command| with AT+CGLA on the session its CLA's
  // channel maps to, or AT+CSIM for the basic channel. Throws
  // esim::Error(Errc::channelUnavailable) for a channel that is not open,
  // Errc::cardRemoved on +CME ERROR: 10 or 13 (SIM not inserted, SIM
  // failure), Errc::ioError on other error answers and timeouts,
  // Errc::malformedResponse on an answer whose length or hex is wrong.
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override;

private:
  // Reply is a command's information text and its final result code.
  struct Reply {
    std::vector<std::string> lines;
    std::string final; // "OK", "ERROR" or "+CME ERROR: <n>"
    bool ok() const { return final == "OK"; }
  };
  // run sends |command| and collects lines up to the final result code.
  Reply run(const std::string &command);
  // readLine returns the next non-empty line; throws on timeout.
  std::string readLine(const std::string &command, std::chrono::steady_clock::time_point deadline);
  void writeAll(const std::string &text);
  // exchangeApdu sends an APDU with CGLA or CSIM and parses the answer.
  esim::ResponseApdu exchangeApdu(const std::string &command, std::string_view prefix);

  // Fd closes the serial port's descriptor.
  class Fd {
  public:
    explicit Fd(int fd) noexcept : fd_(fd) {}
    ~Fd();
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const noexcept { return fd_; }

  private:
    int fd_;
  };

  std::string device_;
  AtModemOptions options_;
  Fd fd_;
  std::string received_; // bytes read after the last complete line
  // sessions_ maps the channel numbers we handed out to the modem's session ids.
  std::map<std::uint8_t, std::uint32_t> sessions_;
};

} // namespace at_modem
