// Error type of the esim library.
//
// Outcomes the specification defines (an SGP.22 result code such as
// DeleteProfileResult::profileNotInDisabledState) are returned as values.
// Everything else that stops a command (no PC/SC service, a removed card, a
// status word the command does not allow, malformed DER) is thrown as
// esim::Error, whose message names the command and what went wrong and whose
// hint says what the user can do next.
//
// Every function's comment in include/esim/ says how it fails. "Cannot fail"
// means that it throws nothing but std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace esim {

// Errc classifies an Error. Each value has a stable identifier (errcId) that
// scripts can rely on; the JSON output of esimctl uses it as "code".
enum class Errc {
  pcscNoService,        // "pcsc-no-service": pcscd is not running
  noReader,             // "no-reader": PC/SC knows no reader
  readerNotFound,       // "reader-not-found": the named reader does not exist
  noCard,               // "no-card": the reader holds no card
  cardRemoved,          // "card-removed": the card went away mid-command
  readerBusy,           // "reader-busy": another program holds the card exclusively
  pcscFailure,          // "pcsc-failure": any other PC/SC error
  channelUnavailable,   // "channel-unavailable": no logical channel could be opened
  isdrNotFound,         // "isdr-not-found": SELECT of the ISD-R answered 6A82
  statusWord,           // "status-word": a command answered an unexpected status word
  malformedResponse,    // "malformed-response": the card's answer is not valid
  cardRefused,          // "card-refused": an ES10 function answered an error code
  invalidArgument,      // "invalid-argument": bad input from the caller or user
  notFound,             // "not-found": no profile/notification matches
  ambiguous,            // "ambiguous": several profiles match a name
  aborted,              // "aborted": the user declined a confirmation
  confirmationRequired, // "confirmation-required": no terminal to ask on and no --yes
  notAllowed,           // "not-allowed": the profile's state or policy rules forbid it
  ioError,              // "io-error": a file could not be read or written
  emulator,             // "emulator": the emulator's state is unusable
  network,              // "network": an SM-DP+ could not be reached
  tls,                  // "tls": TLS handshake or certificate verification failed
  serverError,          // "server-error": an SM-DP+ answered with an error
  internal,             // "internal": a bug; please report it
};

// errcId returns the stable, kebab-case identifier of |code|.
std::string_view errcId(Errc code) noexcept;

// Error is the exception thrown by every layer of the library for failures
// that are not SGP.22 result codes.
class Error : public std::runtime_error {
public:
  // Error builds an error of kind |code|; |message| says what failed (name the
  // command), |hint| what the user can do about it (may be empty).
  Error(Errc code, const std::string &message, std::string hint = {});

  // code returns the kind of this error.
  Errc code() const noexcept { return code_; }
  // id returns the stable identifier of code().
  std::string_view id() const noexcept { return errcId(code_); }
  // hint returns advice for the user, or an empty string.
  const std::string &hint() const noexcept { return hint_; }
  // statusWord returns the ISO 7816 status word that caused the error, if any.
  std::optional<std::uint16_t> statusWord() const noexcept { return sw_; }
  // withStatusWord records |sw| on this error and returns it, for chaining.
  Error &withStatusWord(std::uint16_t sw) noexcept {
    sw_ = sw;
    return *this;
  }
  // resultCode returns the SGP.22 result or error code the eUICC answered
  // (an Errc::cardRefused for a code that is not ok), named by SGP.22 or
  // not, if the error comes from one.
  std::optional<std::int64_t> resultCode() const noexcept { return resultCode_; }
  // resultName returns the SGP.22 name of resultCode(), or "" when SGP.22
  // does not name the number (or there is no code).
  const std::string &resultName() const noexcept { return resultName_; }
  // withResultCode records |code| and its SGP.22 |name| ("" for none) on
  // this error and returns it, for chaining. Never fails.
  Error &withResultCode(std::int64_t code, std::string name) noexcept {
    resultCode_ = code;
    resultName_ = std::move(name);
    return *this;
  }

private:
  Errc code_;
  std::string hint_;
  std::optional<std::uint16_t> sw_;
  std::optional<std::int64_t> resultCode_;
  std::string resultName_;
};

} // namespace esim
