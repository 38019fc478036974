// The one table from PC/SC return codes to esim::Errc.
#include "transport/pcsc_error.hpp"

#include <cstdio>
#include <string>

#include <winscard.h>

namespace esim::pcsc {

static_assert(kSuccess == SCARD_S_SUCCESS);

namespace {

std::string codeText(long rc) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(rc) & 0xFFFFFFFFUL);
  // pcsc-lite's texts end with a full stop, which reads oddly in parentheses.
  std::string text = pcsc_stringify_error(static_cast<LONG>(rc));
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text + ", " + hex;
}

struct Mapping {
  Errc code;
  const char *what;
  const char *hint;
};

Mapping mapping(long rc, Stage stage) {
  const bool connected = stage == Stage::connected;
  switch (rc) {
  case SCARD_E_NO_SERVICE:
  case SCARD_E_SERVICE_STOPPED:
    return {Errc::pcscNoService, "pcscd is not running",
            "start it: pcscd, or systemctl start pcscd.socket"};
  case SCARD_E_NO_READERS_AVAILABLE:
    return {Errc::noReader, "no smart card reader is connected",
            "plug in a reader; for the emulator, check that vpcd is configured in "
            "/etc/reader.conf.d and pcscd was restarted"};
  case SCARD_E_UNKNOWN_READER:
    return {Errc::readerNotFound, "the reader does not exist (any more)",
            "list the readers and choose one by name or index"};
  case SCARD_E_READER_UNAVAILABLE:
    if (connected) {
      return {Errc::cardRemoved, "the reader went away",
              "reconnect the reader and the card, then retry"};
    }
    return {Errc::readerNotFound, "the reader is not available",
            "reconnect the reader, then retry"};
  case SCARD_E_NO_SMARTCARD:
  case SCARD_W_REMOVED_CARD:
    if (connected) {
      return {Errc::cardRemoved, "the card was removed",
              "reinsert the card and retry; an interrupted operation may need to be repeated"};
    }
    return {Errc::noCard, "there is no card in the reader", "insert the eUICC and retry"};
  case SCARD_E_SHARING_VIOLATION:
    return {Errc::readerBusy, "another program holds the card exclusively",
            "close the other program (for example a modem manager or another LPA) and retry"};
  case SCARD_W_RESET_CARD:
    return {Errc::pcscFailure, "the card was reset by another program",
            "retry; if it keeps happening, stop the other program using the card"};
  case SCARD_W_UNRESPONSIVE_CARD:
  case SCARD_W_UNPOWERED_CARD:
  case SCARD_W_UNSUPPORTED_CARD:
    return {Errc::pcscFailure, "the card does not answer",
            "reinsert the card; check that it sits the right way round"};
  default:
    return {Errc::pcscFailure, "failed", "check pcscd's log (journalctl -u pcscd) and retry"};
  }
}

} // namespace

Error pcscError(long rc, std::string_view call, Stage stage) {
  const Mapping m = mapping(rc, stage);
  return Error(m.code, std::string(call) + ": " + m.what + " (" + codeText(rc) + ")", m.hint);
}

} // namespace esim::pcsc
