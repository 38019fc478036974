// Unknown keys of the state file: found when it is parsed, written back when
// it is saved, so that a key this version does not know (one a later
// version added, a tester's note) survives the emulator's saves. Internal.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "euicc_emu/state.hpp"

namespace euicc_emu {

// collectUnknownKeys returns the members of |doc|'s objects (top level,
// euiccInfo2, euiccInfo1, configuredAddresses, pki, each profile and
// notification) that parseState does not read. |state| is what parseState
// made of |doc| (it gives each profile's ICCID and each notification's
// seqNumber). Never throws except std::bad_alloc.
UnknownKeys collectUnknownKeys(const nlohmann::ordered_json &doc, const EmulatorState &state);

// addUnknownKeys appends |state|.unknownKeys to the objects of |doc| (as
// stateToJson built it), after their known keys; a key that |doc| already
// has is left as it is. Never throws except std::bad_alloc.
void addUnknownKeys(nlohmann::ordered_json &doc, const EmulatorState &state);

} // namespace euicc_emu
