// Activation code (SGP.22 4.1): the text of the QR code an operator sends,
// which names the SM-DP+ to download a profile from and the order there.
//
//   LPA:1$smdp.example.com$K2-1AB2C-3DEF4$2.999.10$1
//   |    | |                |             |        `- CC required flag
//   |    | |                |             `- SM-DP+ OID (optional)
//   |    | |                `- MatchingID (AC_Token, may be empty)
//   |    | `- SM-DP+ address
//   |    `- AC_Format (only 1 is defined)
//   `- optional prefix, any case
//
//   esim::ActivationCode ac = esim::parseActivationCode(text); // throws on nonsense
//   es9p.initiateAuthentication(ac.smdpAddress, challenge, info1);
#pragma once

#include <string>
#include <string_view>

#include "esim/secret_string.hpp"

namespace esim {

// ActivationCode is a parsed activation code; the fields carry the names of
// SGP.22 4.1.
struct ActivationCode {
  // smdpAddress is the SM-DP+ address: an FQDN (or IPv4 literal), optionally
  // with ":PORT", as isValidSmdpAddress accepts it.
  std::string smdpAddress;
  // matchingId identifies the order at the SM-DP+ (AC_Token); empty is
  // allowed. It works like a one-time password, hence a SecretString.
  SecretString matchingId;
  // smdpOid is the SM-DP+ OID in dotted decimal ("2.999.10"), or empty.
  std::string smdpOid;
  // confirmationCodeRequired is the CC required flag: the user will have to
  // give a confirmation code. A hint for the user interface only: the
  // ccRequiredFlag the SM-DP+ signs (smdpSigned2) is what counts.
  bool confirmationCodeRequired = false;

  // operator== compares every field. Never fails.
  friend bool operator==(const ActivationCode &, const ActivationCode &) = default;
};

// parseActivationCode parses |text| as SGP.22 4.1 has it:
// "[LPA:]1$SM-DP+ address$MatchingID[$SM-DP+ OID[$CC required flag]]".
// Surrounding ASCII white space is ignored and the "LPA:" prefix is matched
// in any case. Fields may be empty where SGP.22 allows it
// ("LPA:1$host$token$$1": no OID, a confirmation code is required); the
// fields 6 and 7 of SGP.22 v3 are accepted and ignored. The CC flag is "1"
// (required), or "" or "0" (not required).
// Throws Error(Errc::invalidArgument) whose message names the field and its
// 1-based character position in |text| when: there is no "$" at all (the
// hint then explains that an unquoted shell argument loses its "$..." parts),
// AC_Format is not "1", the SM-DP+ address is missing or not a host name
// with an optional port, the MatchingID has a character other than A-Z,
// a-z, 0-9 and "-", the OID is not dotted decimal, the CC flag is something
// else, or there are more than 7 fields. The message never quotes the
// MatchingID.
ActivationCode parseActivationCode(std::string_view text);

// toString returns |code| as an activation code with the "LPA:" prefix, the
// shortest form that parseActivationCode reads back to the same value
// ("LPA:1$host$id", "LPA:1$host$id$$1"). The result holds the MatchingID:
// wipe() it when done. Throws Error(Errc::invalidArgument), as
// parseActivationCode would, if a field could not be parsed back.
std::string toString(const ActivationCode &code);

} // namespace esim
