// The ES10 functions the emulated ISD-R implements, one per SGP.22 function.
// Each takes the complete DER request and returns the DER answer; it throws
// esim::Error(Errc::malformedResponse) for a request it cannot decode (the
// codec's decode* errors pass through) and whatever StateStore::commit throws
// for a change that could not be saved. Internal; see es10_handlers.hpp.
#pragma once

#include "esim/bytes.hpp"
#include "state_store.hpp"

namespace euicc_emu::es10 {

// ---- es10_info.cpp: what the eUICC says about itself ----
esim::Bytes getEid(StateStore &store, esim::ByteView request);                      // BF3E
esim::Bytes getEuiccInfo1(StateStore &store, esim::ByteView request);               // BF20
esim::Bytes getEuiccInfo2(StateStore &store, esim::ByteView request);               // BF22
esim::Bytes getEuiccConfiguredAddresses(StateStore &store, esim::ByteView request); // BF3C

// ---- es10_profiles.cpp: profiles ----
esim::Bytes getProfilesInfo(StateStore &store, esim::ByteView request); // BF2D

// checkEmptyRequest checks that |request| is one well-formed element with
// |tag| (the requests of GetEuiccInfo1/2 and GetEuiccConfiguredAddresses
// carry no fields; unknown extension fields inside are ignored). Throws
// esim::Error(Errc::malformedResponse) naming |function| otherwise.
void checkEmptyRequest(esim::ByteView request, std::uint32_t tag, const char *function);

} // namespace euicc_emu::es10
