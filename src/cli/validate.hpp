// The command-line checks esimctl makes after CLI11 accepted the words and
// before the card is touched: every one throws UsageError (exit status 2)
// naming the option or argument, so that a bad command line never sends an
// APDU.
//
//   checkGlobalOptions(ctx.options);       // main, right after app.parse()
//   checkProfileQuery(o.profile, "profile"); // top of a command's action
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_context.hpp"

namespace esimctl {

// kMaxNicknameBytes is the size limit of SGP.22 profileNickname
// (UTF8String (SIZE(0..64))).
inline constexpr std::size_t kMaxNicknameBytes = 64;

// checkGlobalOptions checks what CLI11 cannot: --reader not empty and not
// with --emulator, --emulator not empty, --aid 5..16 bytes of hex, --timeout
// a finite number in 0.1..600, every --resolve entry HOST:PORT:ADDRESS as
// esim::parseResolveEntry has it. Throws UsageError naming the option.
void checkGlobalOptions(const GlobalOptions &options);

// checkProfileQuery checks a PROFILE argument (ICCID, ISD-P AID, nickname or
// provider name): it must not be empty or blank. |what| names the argument in
// the message ("profile"). Throws UsageError.
void checkProfileQuery(const std::string &query, const char *what);

// checkNickname checks a new profileNickname: well-formed UTF-8, no control
// character (C0, DEL, C1), at most kMaxNicknameBytes bytes; "" (remove the
// nickname) passes. Throws UsageError naming |what|.
void checkNickname(const std::string &nickname, const char *what);

// checkSmdpAddress checks an SM-DP+ address given on the command line: an
// FQDN, optionally with ":PORT", as esim::isValidSmdpAddress has it (no URL,
// path, space or control character). Throws UsageError naming |what|.
void checkSmdpAddress(const std::string &address, const char *what);

// parseSeqNumber parses a notification seqNumber: decimal digits only, 0 to
// INT64_MAX. Throws UsageError naming |what| (negative, not a number, out of
// range).
std::int64_t parseSeqNumber(const std::string &text, const char *what);

// parseSeqNumbers parses every seqNumber of |texts| with parseSeqNumber and
// refuses one given twice. Throws UsageError naming |what| and the value.
std::vector<std::int64_t> parseSeqNumbers(const std::vector<std::string> &texts, const char *what);

} // namespace esimctl
