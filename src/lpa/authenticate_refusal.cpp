#include "authenticate_refusal.hpp"

#include <string>

#include "esim/result_code.hpp"

namespace esim::lpa {

Error authenticateServerRefused(AuthenticateErrorCode code, const char *server) {
  const std::string name(server);
  std::string hint;
  switch (code) {
  case AuthenticateErrorCode::ciPKUnknown:
  case AuthenticateErrorCode::invalidCertificate:
    hint = "the eUICC does not trust this " + name + "'s certificate (another CI, or a test " +
           name + " for a production card)";
    break;
  case AuthenticateErrorCode::euiccChallengeMismatch:
  case AuthenticateErrorCode::noSessionContext:
    hint = "the session was disturbed (another LPA on the card?); try again";
    break;
  default:
    hint = "the " + name + " and this eUICC cannot authenticate each other; ask the operator";
  }
  Error error(Errc::cardRefused, "AuthenticateServer: the eUICC answered " + describeCode(code),
              hint);
  return withCode(error, code);
}

} // namespace esim::lpa
