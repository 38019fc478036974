// Whether the Rules Authorisation Table lets a profile owner set the profile
// policy rules a profile comes with (SGP.22 clause 2.9.2): the check the
// eUICC's Profile Policy Enabler makes when a profile is installed. The RAT
// does not apply to disabling or deleting: those follow the rules the
// installed profile carries (lib/es10_profile_commands.cpp).
#pragma once

#include <optional>
#include <string>

#include "esim/profile.hpp"
#include "esim/rules_authorisation_table.hpp"

namespace euicc_emu {

// operatorAllowed reports whether the allowedOperators entry |allowed|
// covers the profile owner |owner|: each mccMnc nibble equal or 'E' in
// |allowed|; a gid1 (gid2) absent from |allowed| only matches an owner
// without one, a present but empty one matches any, a non-empty one must be
// equal. Never throws.
bool operatorAllowed(const esim::OperatorId &allowed, const esim::OperatorId &owner) noexcept;

// pprRefusal returns why |rat| does not allow the PPR1/PPR2 of |rules| to
// |owner| ("PPR2 is not allowed to profile owner 262-01 by the Rules
// Authorisation Table"), or nullopt when each set rule has an entry whose
// pprIds holds it and whose allowedOperators cover |owner|. A rule set
// without a profile owner is refused (no entry can name it).
// pprUpdateControl is not checked: it concerns updates over ES6, not
// installation. Never throws except std::bad_alloc.
std::optional<std::string> pprRefusal(const esim::PprIds &rules,
                                      const std::optional<esim::OperatorId> &owner,
                                      const esim::RulesAuthorisationTable &rat);

} // namespace euicc_emu
