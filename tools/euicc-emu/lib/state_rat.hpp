// The "rat" key of the state file: the Rules Authorisation Table the card
// answers to ES10b.GetRAT. Internal to the emulator library.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "esim/rules_authorisation_table.hpp"
#include "json_reader.hpp"

namespace euicc_emu {

// parseRat reads the array at |path|. Throws (through |r|) on a wrong type, a
// missing required key, an unknown key inside a rule or operator (a typo
// such as "gidl" would otherwise drop a restriction without a word), an
// unknown rule or flag name, or bad hex.
esim::RulesAuthorisationTable parseRat(const JsonReader &r, const nlohmann::json &v,
                                       const std::string &path);

// ratJson returns |rat| as the state file writes it. Never throws except
// std::bad_alloc.
nlohmann::ordered_json ratJson(const esim::RulesAuthorisationTable &rat);

// checkRat throws esim::Error(Errc::emulator) "state file |source|:
// rat[i].allowedOperators[k].mccMnc: ..." for an mccMnc that is not 3 bytes
// of digits or 'E' wildcards (3GPP TS 24.008 coding, MNC digit 3 may be F).
void checkRat(const esim::RulesAuthorisationTable &rat, std::string_view source);

} // namespace euicc_emu
