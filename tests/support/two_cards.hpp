// Two cards driven from two threads at once: the check that the library has
// no global state that mixes up two readers. Used by the in-process unit test
// (two Cards behind EmulatorTransports) and the integration test (two vpcd
// readers of one pcscd, each with its own PcscTransport).
//
//   euicc_emu::EmulatorState b = otherCard(a);  // other EID and ICCIDs
//   std::barrier<> sync(2);
//   // in each thread, with its own transport:
//   std::string problem = exerciseCard(transport, expectationFor(a), kRounds, sync);
#pragma once

#include <barrier>
#include <string>

#include "esim/transport.hpp"
#include "euicc_emu/state.hpp"

namespace esim::test {

// CardExpectation is what one card must answer: its EID and the ICCIDs of
// its enabled and its disabled profile at the start.
struct CardExpectation {
  std::string eid;
  std::string enabledIccid;
  std::string disabledIccid;
};

// expectationFor reads the expectation from a state with exactly one enabled
// and at least one disabled profile. Throws std::runtime_error otherwise.
CardExpectation expectationFor(const euicc_emu::EmulatorState &state);

// otherCard returns |state| with another EID, other ICCIDs and other
// notification ICCIDs, so that no answer of one card can pass for the other's.
euicc_emu::EmulatorState otherCard(euicc_emu::EmulatorState state);

// exerciseCard opens an ISD-R session on |transport| and runs |rounds|
// rounds of GetEID, GetProfilesInfo, enable of the disabled profile, check,
// enable of the first one again, check, waiting at |sync| before each round
// so that the two threads really run together. Returns "" or the first wrong
// answer ("round 3: EID ... instead of ..."); an exception counts as a wrong
// answer. Drops out of |sync| when it returns.
std::string exerciseCard(ApduTransport &transport, const CardExpectation &expected, int rounds,
                         std::barrier<> &sync);

} // namespace esim::test
