// The ES10 functions the emulated ISD-R implements, one per SGP.22 function.
// Each takes the complete DER request and returns the DER answer; it throws
// esim::Error(Errc::malformedResponse) for a request it cannot decode (the
// codec's decode* errors pass through), an esim::Error carrying a status word
// (statusWord()) for a request the card refuses at the APDU level (6985: a
// notification is needed but the state has no "pki"), and whatever
// StateStore::commit throws for a change that could not be saved. Internal;
// see es10_handlers.hpp.
#pragma once

#include <cstddef>
#include <optional>

#include "esim/bytes.hpp"
#include "esim/profile.hpp"
#include "state_store.hpp"

namespace euicc_emu::es10 {

// ---- es10_info.cpp: what the eUICC says about itself ----
esim::Bytes getEid(StateStore &store, esim::ByteView request);                      // BF3E
esim::Bytes getEuiccInfo1(StateStore &store, esim::ByteView request);               // BF20
esim::Bytes getEuiccInfo2(StateStore &store, esim::ByteView request);               // BF22
esim::Bytes getEuiccConfiguredAddresses(StateStore &store, esim::ByteView request); // BF3C
esim::Bytes getRat(StateStore &store, esim::ByteView request);                      // BF43

// ---- es10_profiles.cpp: profiles ----
esim::Bytes getProfilesInfo(StateStore &store, esim::ByteView request); // BF2D

// ---- es10_profile_commands.cpp: profile state changes (sign notifications) ----
esim::Bytes enableProfile(StateStore &store, esim::ByteView request);  // BF31
esim::Bytes disableProfile(StateStore &store, esim::ByteView request); // BF32
esim::Bytes deleteProfile(StateStore &store, esim::ByteView request);  // BF33

// findProfile returns the index in |state|.profiles of the profile |id|
// names (by ISD-P AID or ICCID), or nullopt.
std::optional<std::size_t> findProfile(const EmulatorState &state,
                                       const esim::ProfileIdentifier &id);

// ---- es10_card_management.cpp: changes without notifications ----
esim::Bytes setNickname(StateStore &store, esim::ByteView request);         // BF29
esim::Bytes setDefaultDpAddress(StateStore &store, esim::ByteView request); // BF3F
esim::Bytes euiccMemoryReset(StateStore &store, esim::ByteView request);    // BF34

// ---- es10_notifications.cpp: pending notifications ----
esim::Bytes listNotification(StateStore &store, esim::ByteView request);           // BF28
esim::Bytes retrieveNotificationsList(StateStore &store, esim::ByteView request);  // BF2B
esim::Bytes removeNotificationFromList(StateStore &store, esim::ByteView request); // BF30

// checkEmptyRequest checks that |request| is one well-formed element with
// |tag| (the requests of GetEuiccInfo1/2 and GetEuiccConfiguredAddresses
// carry no fields; unknown extension fields inside are ignored). Throws
// esim::Error(Errc::malformedResponse) naming |function| otherwise.
void checkEmptyRequest(esim::ByteView request, std::uint32_t tag, const char *function);

} // namespace euicc_emu::es10
