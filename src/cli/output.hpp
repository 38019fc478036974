// How esimctl answers: human text on stdout by default, or with --json one
// object: {"ok":true,"data":...} / {"ok":false,"error":{"code","message","hint"}}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "esim/error.hpp"

namespace esimctl {

// Exit codes of esimctl.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;   // the command failed (see message)
inline constexpr int kExitUsage = 2;   // bad command line
inline constexpr int kExitAborted = 3; // the user declined a confirmation
inline constexpr int kExitIncomplete =
    4; // done, but something is left to do (e.g. unreported notification)

// printJsonSuccess writes {"ok":true,"data":data} to stdout.
void printJsonSuccess(const nlohmann::json &data);
// printJsonFailure writes {"ok":false,"data":data,"error":error} to stdout:
// a command that did part of its work and says what stopped it.
void printJsonFailure(const nlohmann::json &data, const nlohmann::json &error);
// printError reports |error| on stderr (text) or stdout (JSON) and returns the
// exit code for it.
int printError(const esim::Error &error, bool json);

} // namespace esimctl
