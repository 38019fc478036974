// The built-in demo state: a realistic eUICC with two profiles, for
// `euicc-emu --init` and for tests.
#pragma once

#include <string>

namespace euicc_emu {

// demoStateJson returns the demo state as state-file JSON: the SGP.23 test
// EID 89049032123451234512345678901235, SGP.22 2.2.2 EUICCInfo2 values, and
// two profiles: an enabled Japanese travel eSIM (ICCID 8981100000000000002,
// Japanese service provider name, a 48x32 PNG icon, notifications for every
// event to smdp.travel.example) and a disabled home-operator profile (ICCID
// 89490000000000000007). Its GetProfilesInfo answer exceeds 256 bytes, so
// GET RESPONSE chaining is exercised. Never throws except std::bad_alloc.
std::string demoStateJson();

} // namespace euicc_emu
