// The Rules Authorisation Table (RAT) as ES10b.GetRAT returns it (SGP.22
// clause 2.9.2, ASN.1 RulesAuthorisationTable): which profile owners may set
// which profile policy rules (PPR1 "disabling not allowed", PPR2 "deletion
// not allowed"), and whether the end user must consent. The eUICC makers or
// device makers fill it at manufacturing; an empty table forbids every PPR.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/profile.hpp"

namespace esim {

// PprFlags is the pprFlags BIT STRING of a ProfilePolicyAuthorisationRule.
struct PprFlags {
  bool consentRequired = false; // the end user must agree to the rule at download
  bool operator==(const PprFlags &) const = default;
};

// ProfilePolicyAuthorisationRule (a "PPAR") allows the rules in pprIds to
// the profile owners in allowedOperators. Each OperatorId is kept as the
// card sent it: a nibble 'E' of mccMnc is a wildcard for that digit
// (mccMnc EE EE EE allows every operator), see decodeMccMnc.
struct ProfilePolicyAuthorisationRule {
  PprIds pprIds;
  std::vector<OperatorId> allowedOperators;
  PprFlags pprFlags;
  bool operator==(const ProfilePolicyAuthorisationRule &) const = default;
};

// RulesAuthorisationTable is the whole table, in the card's order (the first
// rule that matches a profile owner decides about consent).
using RulesAuthorisationTable = std::vector<ProfilePolicyAuthorisationRule>;

// MccMnc is an mccMnc (3GPP TS 24.008 clause 10.5.1.13) as digits: mcc has 3,
// mnc 2 or 3 characters, each a decimal digit or 'E' (the RAT's wildcard).
struct MccMnc {
  std::string mcc;
  std::string mnc;
  bool operator==(const MccMnc &) const = default;
};

// decodeMccMnc reads the 3 bytes of an mccMnc (MCC digit 2|1, MNC digit
// 3|MCC digit 3, MNC digit 2|1; MNC digit 3 'F' for a two-digit MNC).
// Returns nullopt, never throws, when |mccMnc| is not 3 bytes or a nibble is
// neither a decimal digit nor 'E' (nor 'F' in the place of MNC digit 3).
std::optional<MccMnc> decodeMccMnc(ByteView mccMnc);

// mccMncText returns "MCC-MNC" ("310-410", "EEE-EEE"), or the hex of the
// bytes when decodeMccMnc cannot read them. Never throws except
// std::bad_alloc.
std::string mccMncText(ByteView mccMnc);

} // namespace esim
