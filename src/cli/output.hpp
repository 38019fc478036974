// How esimctl answers: human text on stdout by default, or with --json one
// object: {"ok":true,"data":...} / {"ok":false,"error":{"code","message","hint"}}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "esim/error.hpp"

namespace esimctl {

// Exit codes of esimctl.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;   // the command failed (see message)
inline constexpr int kExitUsage = 2;   // bad command line
inline constexpr int kExitAborted = 3; // the user declined a confirmation
inline constexpr int kExitIncomplete =
    4; // done, but something is left to do (e.g. unreported notification)

// UsageError is a bad command line found by esimctl's own checks (after the
// parser accepted it, before the card is touched): code invalid-argument,
// exit status 2. The message names the option or argument.
class UsageError : public esim::Error {
public:
  explicit UsageError(const std::string &message, std::string hint = "see esimctl --help")
      : esim::Error(esim::Errc::invalidArgument, message, std::move(hint)) {}
};

// printJsonSuccess writes {"ok":true,"data":data} to stdout.
void printJsonSuccess(const nlohmann::json &data);
// printJsonFailure writes {"ok":false,"data":data,"error":error} to stdout:
// a command that did part of its work and says what stopped it.
void printJsonFailure(const nlohmann::json &data, const nlohmann::json &error);
// printError reports |error| on stderr (text, made terminal-safe) or stdout
// (JSON) and returns the exit code for it: kExitUsage for a UsageError,
// kExitAborted when the user declined, else kExitError.
int printError(const esim::Error &error, bool json);

// terminalSafe returns |text| (from the card, a state file or a server) fit
// to print on a terminal: every control character (C0 including \n and \t,
// DEL, and C1 U+0080..U+009F) becomes a visible escape (\x1b, \x7f, \u009b),
// as does every byte that is not well-formed UTF-8 (\xff). Valid printable
// UTF-8 (トラベルSIM) is kept as it is. JSON output needs none of this: it
// carries the exact text, escaped by the JSON writer.
std::string terminalSafe(std::string_view text);
// terminalSafeLines is terminalSafe keeping '\n', for messages of several
// lines that esimctl itself composed.
std::string terminalSafeLines(std::string_view text);

} // namespace esimctl
