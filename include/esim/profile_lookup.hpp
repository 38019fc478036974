// Finding the profile a user means: by ICCID, ISD-P AID, or a name they can
// read in `profile list` (nickname, service provider name, profile name).
#pragma once

#include <string_view>
#include <vector>

#include "esim/profile.hpp"

namespace esim {

// findProfile returns the one profile of |profiles| that |query| names:
//  - 18..20 digits (optional trailing F): the ICCID, exactly;
//  - 10..32 hex digits: the ISD-P AID, exactly;
//  - otherwise a name: an exact (case-insensitive for ASCII) match of the
//    nickname, service provider name or profile name; if none matches
//    exactly, a unique substring match of one of them.
// Throws Error(Errc::notFound) listing what is on the card, or
// Error(Errc::ambiguous) listing the candidates with their ICCIDs.
const ProfileInfo &findProfile(const std::vector<ProfileInfo> &profiles, std::string_view query);

// profileIdentifierOf returns how ES10c commands should name |profile|: by
// ICCID when known, else by ISD-P AID. Throws Error(Errc::malformedResponse)
// if the card reported neither.
ProfileIdentifier profileIdentifierOf(const ProfileInfo &profile);

// profileLabel returns a short human description: "8981... (provider, name)".
// Cannot fail.
std::string profileLabel(const ProfileInfo &profile);

} // namespace esim
