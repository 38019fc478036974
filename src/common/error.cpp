#include "esim/error.hpp"

#include <utility>

namespace esim {

std::string_view errcId(Errc code) noexcept {
  switch (code) {
  case Errc::pcscNoService: return "pcsc-no-service";
  case Errc::noReader: return "no-reader";
  case Errc::readerNotFound: return "reader-not-found";
  case Errc::noCard: return "no-card";
  case Errc::cardRemoved: return "card-removed";
  case Errc::readerBusy: return "reader-busy";
  case Errc::pcscFailure: return "pcsc-failure";
  case Errc::channelUnavailable: return "channel-unavailable";
  case Errc::isdrNotFound: return "isdr-not-found";
  case Errc::statusWord: return "status-word";
  case Errc::malformedResponse: return "malformed-response";
  case Errc::cardRefused: return "card-refused";
  case Errc::invalidArgument: return "invalid-argument";
  case Errc::notFound: return "not-found";
  case Errc::ambiguous: return "ambiguous";
  case Errc::aborted: return "aborted";
  case Errc::confirmationRequired: return "confirmation-required";
  case Errc::notAllowed: return "not-allowed";
  case Errc::ioError: return "io-error";
  case Errc::emulator: return "emulator";
  case Errc::network: return "network";
  case Errc::tls: return "tls";
  case Errc::serverError: return "server-error";
  case Errc::internal: return "internal";
  }
  return "internal";
}

Error::Error(Errc code, const std::string &message, std::string hint)
    : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

} // namespace esim
